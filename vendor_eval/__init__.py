"""vendor-eval: choose annotation and human-in-the-loop QA vendors on measured evidence."""

from __future__ import annotations

__version__ = "0.1.0"
