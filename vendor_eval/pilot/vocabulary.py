"""The pilot's vocabularies, in one light module: the analysis, the app and the CLI's options
all name tasks, levels of measurement and tests with these (and importing them loads no
statistics library, so `vendor-eval --help` stays fast)."""

from __future__ import annotations

from enum import StrEnum


class Task(StrEnum):
    """What a pilot labelled: classes of items, or boxes on images (COCO)."""

    CLASSIFICATION = "classification"
    DETECTION = "detection"


class Level(StrEnum):
    """Level of measurement of a label: which agreement coefficients and distances apply."""

    NOMINAL = "nominal"
    ORDINAL = "ordinal"
    INTERVAL = "interval"


class TestMethod(StrEnum):
    """The test that says whether one vendor's pilot accuracy beats another's."""

    __test__ = False  # not a pytest test class, whatever its name

    FISHER = "fisher"
    ZTEST = "ztest"
