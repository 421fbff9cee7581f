"""Detection metrics on a tiny hand-made COCO set whose answers can be counted by eye.

Gold: image 1 has a car [10, 10, 50, 50] and a person [100, 100, 20, 40]; image 2 has a car
[30, 30, 40, 40]. Three boxes in all.
"""

from __future__ import annotations

import copy

import pytest

from vendor_eval.errors import InputError
from vendor_eval.pilot.analysis import analyze_detection, to_measured_values
from vendor_eval.pilot.detection import (
    detection_metrics,
    validate_coco_gold,
    validate_coco_results,
)

GOLD = {
    "images": [{"id": 1, "width": 200, "height": 200}, {"id": 2, "width": 200, "height": 200}],
    "categories": [{"id": 1, "name": "car"}, {"id": 2, "name": "person"}],
    "annotations": [
        {"id": 0, "image_id": 1, "category_id": 1, "bbox": [10, 10, 50, 50]},
        {"id": 7, "image_id": 1, "category_id": 2, "bbox": [100, 100, 20, 40]},
        {"id": 9, "image_id": 2, "category_id": 1, "bbox": [30, 30, 40, 40]},
    ],
}


def boxes(*changes: tuple[int, list[float] | None]) -> list[dict]:
    """The gold boxes as a vendor's results, with some moved (a new bbox) or dropped (None)."""
    results = [{"image_id": a["image_id"], "category_id": a["category_id"],
                "bbox": list(a["bbox"])} for a in GOLD["annotations"]]
    for index, bbox in changes:
        results[index]["bbox"] = bbox
    return [r for r in results if r["bbox"] is not None]


def scored(results: list[dict]):
    gold = validate_coco_gold(GOLD)
    return detection_metrics(gold, validate_coco_results(results, gold))


def test_perfect_boxes_give_precision_recall_and_map_of_one():
    metrics = scored(boxes())
    assert (metrics.precision, metrics.recall, metrics.f1) == (1.0, 1.0, 1.0)
    assert metrics.map_50_95 == pytest.approx(1.0) and metrics.map_50 == pytest.approx(1.0)
    assert (metrics.true_positives, metrics.false_positives, metrics.false_negatives) == (3, 0, 0)


def test_a_missed_box_lowers_recall_only():
    metrics = scored(boxes((1, None)))
    assert (metrics.true_positives, metrics.false_positives, metrics.false_negatives) == (2, 0, 1)
    assert metrics.precision == 1.0 and metrics.recall == pytest.approx(2 / 3)
    assert metrics.f1 == pytest.approx(0.8)
    assert metrics.map_50_95 < 1.0


def test_a_box_shifted_below_iou_half_is_a_false_positive_and_a_miss():
    # The image-2 car moved by 30 px: overlap 10 x 10 = 100 of union 3100, IoU 0.03.
    metrics = scored(boxes((2, [60, 60, 40, 40])))
    assert (metrics.true_positives, metrics.false_positives, metrics.false_negatives) == (2, 1, 1)
    assert metrics.precision == pytest.approx(2 / 3) and metrics.recall == pytest.approx(2 / 3)


def test_a_box_shifted_but_above_iou_half_still_counts_at_half_but_lowers_map():
    # Moved by 5 px: overlap 45 x 45 = 2025 of union 2975, IoU 0.68 (>= .5, < .75).
    metrics = scored(boxes((0, [15, 15, 50, 50])))
    assert metrics.true_positives == 3 and metrics.precision == 1.0
    assert metrics.map_50 == pytest.approx(1.0) and metrics.map_50_95 < 1.0


def test_an_extra_box_is_a_false_positive():
    results = boxes() + [{"image_id": 2, "category_id": 2, "bbox": [150, 150, 20, 20]}]
    metrics = scored(results)
    assert (metrics.true_positives, metrics.false_positives) == (3, 1)
    assert metrics.precision == pytest.approx(0.75) and metrics.recall == 1.0


def test_pycocotools_prints_nothing(capsys):
    scored(boxes((1, None)))
    assert capsys.readouterr().out == ""


def test_the_gold_set_is_not_modified():
    before = copy.deepcopy(GOLD)
    scored(boxes())
    assert GOLD == before


def test_a_coco_dataset_with_annotations_is_accepted_as_results():
    gold = validate_coco_gold(GOLD)
    assert validate_coco_results({"annotations": boxes()}, gold) == validate_coco_results(
        boxes(), gold)


@pytest.mark.parametrize(
    ("results", "column", "message"),
    [
        ([{"image_id": 3, "category_id": 1, "bbox": [0, 0, 5, 5]}], "annotations[0].image_id",
         "no image in common with the golden set"),
        (boxes() + [{"image_id": 9, "category_id": 1, "bbox": [0, 0, 5, 5]}],
         "annotations[3].image_id", "image 9 is not in the golden set"),
        ([{"image_id": 1, "category_id": 5, "bbox": [0, 0, 5, 5]}], "annotations[0].category_id",
         "category 5"),
        ([{"image_id": 1, "category_id": 1, "bbox": [0, 0, 5]}], "annotations[0].bbox",
         "four numbers"),
        ([{"image_id": 1, "category_id": 1, "bbox": [0, 0, 0, 5]}], "annotations[0].bbox",
         "must be positive"),
        ([{"image_id": 1, "category_id": 1, "bbox": [0, 0, 5, 5], "score": "high"}],
         "annotations[0].score", "not a number"),
        ([], "annotations", "has no annotations"),
    ],
)
def test_bad_vendor_boxes_name_the_annotation_and_field(results, column, message):
    with pytest.raises(InputError) as error:
        validate_coco_results(results, validate_coco_gold(GOLD), file="acme.json")
    assert error.value.file == "acme.json" and error.value.column == column
    assert message in error.value.message


def test_a_gold_set_without_categories_is_refused():
    gold = {k: v for k, v in GOLD.items() if k != "categories"}
    with pytest.raises(InputError) as error:
        validate_coco_gold(gold, file="gold.json")
    assert error.value.column == "categories"


def test_detection_analysis_maps_f1_to_pilot_accuracy():
    gold = validate_coco_gold(GOLD)
    analysis = analyze_detection(gold, {
        "acme": validate_coco_results(boxes(), gold),
        "brio": validate_coco_results(boxes((1, None)), gold)})
    assert [v.vendor for v in analysis.vendors] == ["acme", "brio"]
    values = {(m.vendor, m.criterion_id): m.value for m in to_measured_values(analysis)}
    assert values == {("acme", "pilot_accuracy"): 1.0,
                      ("brio", "pilot_accuracy"): pytest.approx(0.8)}
