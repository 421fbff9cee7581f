"""Detection pilots: vendors' COCO boxes against a COCO golden set, scored with pycocotools."""

from __future__ import annotations

import contextlib
import copy
import io
import math
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval
from pydantic import BaseModel, ConfigDict

from vendor_eval.errors import InputError

IOU_THRESHOLD = 0.5
DEFAULT_MAX_DETECTIONS = 100


class DetectionMetrics(BaseModel):
    """Box-level precision, recall and F1 at IoU 0.5, and COCO mAP@[.5:.95] and mAP@.5.

    The counts follow COCO's matching (Lin et al. 2014; pycocotools `COCOeval`): greedy by
    score, one gold box per delivered box, crowd regions ignored.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    precision: float
    recall: float
    f1: float
    true_positives: int
    false_positives: int
    false_negatives: int
    map_50_95: float | None
    map_50: float | None
    images: int
    gold_boxes: int
    boxes: int


def validate_coco_gold(data: object, file: str = "golden set") -> dict:
    """A COCO dataset with images, categories and box annotations; returns a clean copy whose
    annotation ids are 1..n (COCOeval marks matches with the gold id, so 0 would vanish)."""
    if not isinstance(data, Mapping):
        raise InputError("expected a COCO object with images, annotations and categories",
                         file=file)
    for key in ("images", "annotations", "categories"):
        if not isinstance(data.get(key), list) or not data[key]:
            raise InputError(f"'{key}' is missing or empty", file=file, column=key)
    images = _unique_ids(data["images"], "images", file)
    categories = _unique_ids(data["categories"], "categories", file)
    annotations = []
    for index, ann in enumerate(data["annotations"]):
        box = _checked_box(ann, index, images, categories, file)
        crowd = ann.get("iscrowd", 0)
        if crowd not in (0, 1, True, False):
            raise InputError(f"iscrowd '{crowd}' must be 0 or 1", file=file,
                             column=f"annotations[{index}].iscrowd")
        annotations.append({"id": index + 1, "image_id": ann["image_id"],
                            "category_id": ann["category_id"], "bbox": box,
                            "area": float(ann.get("area") or box[2] * box[3]),
                            "iscrowd": int(crowd)})
    return {"images": [{"id": i} for i in images],
            "categories": [{"id": c, "name": str(c)} for c in categories],
            "annotations": annotations}


def validate_coco_results(data: object, gold: Mapping, file: str = "vendor boxes") -> list[dict]:
    """A vendor's boxes: a COCO results list, or a COCO dataset whose `annotations` are used.

    Missing scores become 1.0 (annotators do not score their boxes). Images or categories the
    golden set does not know are refused, naming the annotation.
    """
    annotations = data.get("annotations") if isinstance(data, Mapping) else data
    if not isinstance(annotations, list):
        raise InputError("expected a list of COCO results or a COCO object with 'annotations'",
                         file=file)
    if not annotations:
        raise InputError("has no annotations", file=file, column="annotations")
    images = {image["id"] for image in gold["images"]}
    categories = {category["id"] for category in gold["categories"]}
    known = [isinstance(a, Mapping) and a.get("image_id") in images for a in annotations]
    if not any(known):
        raise InputError("no image in common with the golden set; check that both files use "
                         "the same image ids", file=file, column="annotations[0].image_id")
    results = []
    for index, ann in enumerate(annotations):
        box = _checked_box(ann, index, images, categories, file)
        score = ann.get("score", 1.0)
        number = isinstance(score, (int, float)) and not isinstance(score, bool)
        if not number or not math.isfinite(score):
            raise InputError(f"score '{score}' is not a number", file=file,
                             column=f"annotations[{index}].score")
        results.append({"image_id": ann["image_id"], "category_id": ann["category_id"],
                        "bbox": box, "score": float(score)})
    return results


def detection_metrics(gold: Mapping, results: Sequence[Mapping]) -> DetectionMetrics:
    """Score validated boxes against a validated golden set, with pycocotools kept quiet."""
    per_image = Counter(r["image_id"] for r in results)
    with contextlib.redirect_stdout(io.StringIO()):
        coco_gold = COCO()
        coco_gold.dataset = copy.deepcopy(dict(gold))
        coco_gold.createIndex()
        coco_boxes = coco_gold.loadRes([dict(r) for r in results])
        evaluation = COCOeval(coco_gold, coco_boxes, "bbox")
        evaluation.params.maxDets = [1, 10, max(DEFAULT_MAX_DETECTIONS, max(per_image.values()))]
        evaluation.evaluate()
        evaluation.accumulate()
        evaluation.summarize()
    threshold = int(np.flatnonzero(np.isclose(evaluation.params.iouThrs, IOU_THRESHOLD))[0])
    all_areas = evaluation.params.areaRng[0]
    tp = fp = gold_boxes = 0
    for image in evaluation.evalImgs:
        if image is None or list(image["aRng"]) != list(all_areas):
            continue
        counted = ~np.asarray(image["dtIgnore"][threshold], dtype=bool)
        matched = np.asarray(image["dtMatches"][threshold]) > 0
        tp += int((matched & counted).sum())
        fp += int((~matched & counted).sum())
        gold_boxes += int((~np.asarray(image["gtIgnore"], dtype=bool)).sum())
    fn = gold_boxes - tp
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / gold_boxes if gold_boxes else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return DetectionMetrics(
        precision=precision, recall=recall, f1=f1, true_positives=tp, false_positives=fp,
        false_negatives=fn, map_50_95=_stat(evaluation.stats[0]),
        map_50=_stat(evaluation.stats[1]), images=len(gold["images"]),
        gold_boxes=len(gold["annotations"]), boxes=len(results))


def _unique_ids(entries: list, key: str, file: str) -> list:
    ids = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping) or "id" not in entry:
            raise InputError("has no 'id'", file=file, column=f"{key}[{index}].id")
        ids.append(entry["id"])
    seen: set = set()
    for index, value in enumerate(ids):
        if value in seen:
            raise InputError(f"id {value!r} appears twice", file=file,
                             column=f"{key}[{index}].id")
        seen.add(value)
    return ids


def _checked_box(ann: object, index: int, images, categories, file: str) -> list[float]:
    where = f"annotations[{index}]"
    if not isinstance(ann, Mapping):
        raise InputError("is not an object", file=file, column=where)
    if ann.get("image_id") not in images:
        raise InputError(f"image {ann.get('image_id')!r} is not in the golden set", file=file,
                         column=f"{where}.image_id")
    if ann.get("category_id") not in categories:
        raise InputError(f"category {ann.get('category_id')!r} is not one of the golden "
                         f"set's categories", file=file, column=f"{where}.category_id")
    box = ann.get("bbox")
    if (not isinstance(box, list) or len(box) != 4
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                       and math.isfinite(v) for v in box)):
        raise InputError("bbox must be [x, y, width, height] (four numbers)", file=file,
                         column=f"{where}.bbox")
    if box[2] <= 0 or box[3] <= 0:
        raise InputError("bbox width and height must be positive", file=file,
                         column=f"{where}.bbox")
    return [float(v) for v in box]


def _stat(value: float) -> float | None:
    """COCOeval reports -1 when a figure is undefined (no gold box in any category)."""
    return None if value < 0 else float(value)
