"""Time and peak memory of a large classification pilot: 10 vendors x 100,000 gold items.

Each vendor delivers 100,000 label rows (1,000,000 in all): 10,000 items carry three
annotators' labels (10% of the gold set) and 70,000 items one label, with timestamps, escalation
and rework flags. Data are seeded. Two measurements, each in a fresh process so the peak
resident memory (getrusage ru_maxrss) belongs to that phase alone:
- analysis: validation + every metric + pairwise verdicts from frames already in memory;
- end to end: `analyze_pilot_files` reading the CSVs, as `vendor-eval pilot analyze` does.
Targets (issue 9): under 3 s and under 1.5 GB.
"""

from __future__ import annotations

import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

VENDORS, ITEMS, CLASSES, SEED = 10, 100_000, 5, 20260
OVERLAP_ITEMS, SINGLE_ITEMS, ANNOTATORS = 10_000, 70_000, 25


def synthetic_pilot(folder: Path) -> tuple[Path, Path, Path]:
    rng = np.random.default_rng(SEED)
    items = np.char.add("item-", np.arange(ITEMS).astype(str))
    classes = np.array([f"class_{c}" for c in range(CLASSES)])
    truth = rng.integers(0, CLASSES, ITEMS)
    pd.DataFrame({"item_id": items, "label": classes[truth]}).to_csv(folder / "gold.csv",
                                                                      index=False)
    frames = []
    for v in range(VENDORS):
        order = rng.permutation(ITEMS)
        overlap, single = order[:OVERLAP_ITEMS], order[OVERLAP_ITEMS:OVERLAP_ITEMS + SINGLE_ITEMS]
        item_index = np.concatenate([np.repeat(overlap, 3), single])
        annotators = rng.integers(0, ANNOTATORS, len(item_index))
        # Three distinct annotators on each overlap item.
        annotators[:3 * OVERLAP_ITEMS] = (np.tile([0, 1, 2], OVERLAP_ITEMS)
                                          + 3 * rng.integers(0, ANNOTATORS // 3,
                                                             OVERLAP_ITEMS).repeat(3))
        correct = rng.random(len(item_index)) < 0.90 + 0.008 * v
        given = np.where(correct, truth[item_index], rng.integers(0, CLASSES, len(item_index)))
        start = np.datetime64("2025-03-03T08:00:00") + rng.integers(
            0, 5 * 24 * 3600, len(item_index)).astype("timedelta64[s]")
        done = start + rng.gamma(2.0, 3600 * 6, len(item_index)).astype("timedelta64[s]")
        frames.append(pd.DataFrame({
            "vendor": f"Vendor {v:02d}", "item_id": items[item_index],
            "annotator_id": np.char.add(f"v{v}-a", annotators.astype(str)),
            "label": classes[given],
            "started_at": np.char.add(start.astype(str), "Z"),
            "submitted_at": np.char.add(done.astype(str), "Z"),
            "escalated": np.where(rng.random(len(item_index)) < 0.02, "yes", "no"),
            "reworked": np.where(rng.random(len(item_index)) < 0.04, "yes", "no"),
        }))
    pd.concat(frames).to_csv(folder / "labels.csv", index=False)
    prices = pd.DataFrame({"vendor": [f"Vendor {v:02d}" for v in range(VENDORS)],
                           "model": "per_unit", "unit_price": 0.05 + 0.01 * np.arange(VENDORS),
                           "ramp_up_weeks": 1 + np.arange(VENDORS) % 4})
    prices.to_csv(folder / "prices.csv", index=False)
    return folder / "gold.csv", folder / "labels.csv", folder / "prices.csv"


def measure(phase: str, folder: str, queue) -> None:
    from vendor_eval.files.pilot import read_csv_frame, read_price_file
    from vendor_eval.pilot.analysis import PilotOptions, analyze_classification
    from vendor_eval.pilot.labels import validate_gold, validate_labels
    from vendor_eval.services.evidence.pilot import analyze_pilot_files

    gold_path, labels_path, prices_path = (Path(folder) / n for n in
                                           ("gold.csv", "labels.csv", "prices.csv"))
    options = PilotOptions(volume=1_000_000, target_items_per_day=20_000)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if phase == "analysis":
        gold_raw, labels_raw = read_csv_frame(gold_path), read_csv_frame(labels_path)
        quotes, ramp_up = read_price_file(prices_path)
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        gold = validate_gold(gold_raw)
        result = analyze_classification(gold, validate_labels(labels_raw, gold), quotes=quotes,
                                        ramp_up_weeks=ramp_up, options=options)
    else:
        start = time.perf_counter()
        result = analyze_pilot_files(gold_path, labels_path, price_file=prices_path,
                                     options=options)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put({"seconds": seconds, "peak_mb": peak / 1024, "before_mb": baseline / 1024,
               "vendors": len(result.vendors), "labels": sum(v.labels for v in result.vendors),
               "json_kb": len(result.model_dump_json()) / 1024,
               "best": max(result.vendors,
                           key=lambda v: v.classification.accuracy.value).vendor})


def run_phase(phase: str, folder: Path) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=measure, args=(phase, str(folder), queue))
    process.start()
    outcome = queue.get()
    process.join()
    return outcome


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        start = time.perf_counter()
        _, labels_path, _ = synthetic_pilot(folder)
        print(f"synthetic pilot: {VENDORS} vendors x {ITEMS:,} gold items, "
              f"{VENDORS * (3 * OVERLAP_ITEMS + SINGLE_ITEMS):,} label rows "
              f"({labels_path.stat().st_size / 2**20:.0f} MiB CSV), "
              f"generated in {time.perf_counter() - start:.1f} s")
        for phase, label in (("analysis", "analysis from frames in memory"),
                             ("end-to-end", "end to end from CSV files")):
            r = run_phase(phase, folder)
            print(f"{label:32s} wall {r['seconds']:6.2f} s   peak RSS {r['peak_mb']:7.0f} MB "
                  f"(before: {r['before_mb']:.0f} MB)   {r['labels']:,} labels, "
                  f"{r['vendors']} vendors, JSON {r['json_kb']:.0f} KB, best {r['best']}")
        print("targets (issue 9): wall under 3 s, peak under 1.5 GB (1536 MB)")


if __name__ == "__main__":
    sys.exit(main())
