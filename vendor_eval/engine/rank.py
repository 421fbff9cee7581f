"""Ranking with ties: equal scores share a rank, and qualified vendors always come first."""

from __future__ import annotations

import numpy as np
import pandas as pd

SCORE_DECIMALS = 9  # scores equal to this many decimals are ties, not float noise


def competition_ranks(scores: np.ndarray, qualified: np.ndarray | None = None) -> np.ndarray:
    """Standard competition ranking (1, 2, 2, 4), best score first.

    Disqualified vendors are ranked after every qualified one, whatever their score.
    """
    scores = np.round(np.asarray(scores, dtype=float), SCORE_DECIMALS)
    if qualified is None:
        qualified = np.ones(scores.shape, dtype=bool)
    qualified = np.asarray(qualified, dtype=bool)
    ranks = np.zeros(scores.shape, dtype=int)
    offset = 0
    for group in (qualified, ~qualified):
        if group.any():
            ranks[group] = pd.Series(scores[group]).rank(method="min", ascending=False).to_numpy(
                dtype=int
            ) + offset
            offset += int(group.sum())
    return ranks
