"""`rank-matrix`: any decision matrix from files, ranked without a project or a database."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from vendor_eval.domain.enums import RankMethod
from vendor_eval.engine.matrix import DecisionMatrix, rank_weighted_sum
from vendor_eval.engine.normalize import Normalization
from vendor_eval.errors import InputError
from vendor_eval.files.matrix import read_matrix_csv, read_weights

DEFAULT_NORMALIZATION = {RankMethod.WSM: Normalization.MINMAX,
                         RankMethod.TOPSIS: Normalization.VECTOR}


def rank_matrix_files(matrix: Path, weights: Path, method: RankMethod = RankMethod.WSM,
                      normalization: Normalization | None = None) -> pd.DataFrame:
    """Alternatives with score and competition rank, best first.

    Min-max normalisation for a weighted sum and vector normalisation for TOPSIS unless told
    otherwise (each method's textbook default). A weight naming a criterion the matrix lacks
    is refused in the weights file, where it has to be fixed.
    """
    frame = read_matrix_csv(matrix)
    weight_values, directions = read_weights(weights)
    try:
        decision = DecisionMatrix.from_frame(frame, weight_values, directions)
    except InputError as error:
        raise InputError(error.message, file=str(weights), column=error.column) from None
    normalization = normalization or DEFAULT_NORMALIZATION[method]
    if method is RankMethod.TOPSIS:
        from vendor_eval.engine.topsis import rank_topsis

        return rank_topsis(decision, normalization)
    return rank_weighted_sum(decision, normalization)
