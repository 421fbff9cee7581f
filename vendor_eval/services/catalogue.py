"""The shipped criteria catalogue, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

from vendor_eval.domain.criteria import Catalogue, load_catalogue


@lru_cache(maxsize=1)
def get_catalogue() -> Catalogue:
    return load_catalogue()
