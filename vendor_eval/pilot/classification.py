"""Per-vendor quality of classification labels against the golden set: accuracy, F1, confusion.

Accuracy counts every label row: each annotator's label on a gold item is one trial. That is
the chance that one label from the vendor is right, which is what single-pass production
delivers; a majority vote over the pilot's overlap items would flatter vendors that double-label
in the pilot but not in production. Rows on the same item are not fully independent, so with
heavy overlap the Wilson interval is somewhat narrower than it should be.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from vendor_eval.pilot.intervals import wilson_interval


class Proportion(BaseModel):
    """A measured share with its Wilson interval; `n` is the number of trials counted."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float
    low: float
    high: float
    successes: int
    n: int
    confidence: float


class ClassMetrics(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    precision: float
    recall: float
    f1: float
    support: int


class ClassificationMetrics(BaseModel):
    """One vendor's labels against gold; `confusion[i][j]` counts gold `labels[i]` labelled
    `labels[j]` (rows are the truth, as in scikit-learn)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    accuracy: Proportion
    macro_f1: float
    per_class: tuple[ClassMetrics, ...]
    labels: tuple[str, ...]
    confusion: tuple[tuple[int, ...], ...]


def proportion(successes: int, n: int, confidence: float = 0.95) -> Proportion:
    estimate = wilson_interval(int(successes), int(n), confidence)
    # statsmodels can leave rounding dust such as 3e-17 at the bounds of [0, 1].
    return Proportion(value=estimate.value, low=max(0.0, estimate.low),
                      high=min(1.0, estimate.high),
                      successes=int(successes), n=int(n), confidence=confidence)


def confusion_matrices(labels: pd.DataFrame, gold: pd.DataFrame) -> np.ndarray:
    """Vendors x gold classes x given classes, counted in one pass over all label rows.

    `labels` comes from `validate_labels`: its item and label codes index the golden set and
    the sorted gold label set, so no join is needed.
    """
    classes = labels["label"].cat.categories
    gold_codes = pd.Categorical(gold["label"], categories=classes).codes
    truth = gold_codes[labels["item_id"].cat.codes.to_numpy()].astype(np.int64)
    given = labels["label"].cat.codes.to_numpy().astype(np.int64)
    vendor = labels["vendor"].cat.codes.to_numpy().astype(np.int64)
    k, v = len(classes), len(labels["vendor"].cat.categories)
    cells = np.bincount((vendor * k + truth) * k + given, minlength=v * k * k)
    return cells.reshape(v, k, k)


def classification_metrics(confusion: np.ndarray, classes: list[str],
                           confidence: float = 0.95) -> ClassificationMetrics:
    """Accuracy (Wilson interval), macro-F1 and per-class precision/recall from a confusion
    matrix; scikit-learn computes them from the matrix's cells weighted by their counts, which
    gives exactly its results on the raw labels at a fraction of the cost."""
    from sklearn.metrics import precision_recall_fscore_support  # slow to import: when used

    k = len(classes)
    truth, given = np.divmod(np.arange(k * k), k)
    weights = confusion.ravel()
    used = weights > 0
    precision, recall, f1, _ = precision_recall_fscore_support(
        truth[used], given[used], sample_weight=weights[used], labels=np.arange(k),
        zero_division=0.0)
    support = confusion.sum(axis=1)
    present = support > 0
    per_class = tuple(
        ClassMetrics(label=str(c), precision=float(p), recall=float(r), f1=float(f),
                     support=int(s))
        for c, p, r, f, s in zip(classes, precision, recall, f1, support, strict=True)
    )
    return ClassificationMetrics(
        accuracy=proportion(int(np.trace(confusion)), int(confusion.sum()), confidence),
        # Classes absent from both gold and labels would add a meaningless zero to the mean.
        macro_f1=float(f1[present | (confusion.sum(axis=0) > 0)].mean()),
        per_class=per_class,
        labels=tuple(str(c) for c in classes),
        confusion=tuple(tuple(int(x) for x in row) for row in confusion),
    )
