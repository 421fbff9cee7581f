"""Validation of golden-set, pilot-label and rating frames, naming the file, row and column to fix.

Row numbers are CSV lines: the frame's index counts data rows from 0 as read (blank lines
included), and the header is line 1, so a row's line is its index label + 2. Every check is
vectorised, mostly on categorical codes; only the first offending row is reported, because one
precise message is easier to act on than a thousand.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from vendor_eval.errors import InputError
from vendor_eval.pilot.vocabulary import Level

GOLD_COLUMNS = ("item_id", "label")
LABEL_COLUMNS = ("vendor", "item_id", "annotator_id", "label")
TIMESTAMP_COLUMNS = ("started_at", "submitted_at")
FLAG_COLUMNS = ("escalated", "reworked")
RATING_COLUMNS = ("item_id", "rater_id", "label")
HEADER_LINES = 1


_FLAG_VALUES = {**dict.fromkeys(("true", "yes", "y", "1", "t"), True),
                **dict.fromkeys(("false", "no", "n", "0", "f", ""), False)}


def csv_line(frame: pd.DataFrame, position: int) -> int:
    """The CSV line of the row at `position` (header on line 1)."""
    return int(frame.index[position]) + HEADER_LINES + 1


def validate_gold(frame: pd.DataFrame, file: str = "golden set") -> pd.DataFrame:
    """The golden set as `item_id, label` text with one row per item; refuses anything else."""
    frame = _text_columns(frame, GOLD_COLUMNS, (), file)
    duplicated = frame["item_id"].duplicated(keep="first").to_numpy()
    if duplicated.any():
        position = int(np.flatnonzero(duplicated)[0])
        item = frame["item_id"].iloc[position]
        first = int(np.flatnonzero((frame["item_id"] == item).to_numpy())[0])
        raise InputError(f"item '{item}' appears twice in the golden set (first on row "
                         f"{csv_line(frame, first)}); keep one gold label per item",
                         file=file, row=csv_line(frame, position), column="item_id")
    return frame.astype(str)


def validate_labels(frame: pd.DataFrame, gold: pd.DataFrame, file: str = "pilot labels",
                    gold_file: str = "golden set") -> pd.DataFrame:
    """Pilot labels checked against a validated golden set, typed for the statistics.

    Returns `vendor, item_id, annotator_id, label` as categoricals (item_id's categories are the
    gold items, label's the sorted gold label set, so their codes index the golden set directly),
    the timestamps as UTC datetimes and the flags as booleans, keeping the CSV's row index.
    """
    present = [c for c in (*TIMESTAMP_COLUMNS, *FLAG_COLUMNS) if c in frame.columns]
    frame = _text_columns(frame, LABEL_COLUMNS, present, file, raw=TIMESTAMP_COLUMNS)
    vendor = _used_categories(frame["vendor"], sort=True)
    annotator = _used_categories(frame["annotator_id"])
    items = frame["item_id"].cat.codes.to_numpy().astype(np.int64)

    key = (vendor.cat.codes.to_numpy().astype(np.int64) * len(frame["item_id"].cat.categories)
           + items) * len(annotator.cat.categories) + annotator.cat.codes.to_numpy()
    duplicated = pd.Series(key).duplicated(keep="first").to_numpy()
    if duplicated.any():
        position = int(np.flatnonzero(duplicated)[0])
        raise InputError(f"annotator '{annotator.iloc[position]}' of vendor "
                         f"'{vendor.iloc[position]}' labelled item "
                         f"'{frame['item_id'].iloc[position]}' twice; keep one label per vendor,"
                         f" item and annotator",
                         file=file, row=csv_line(frame, position), column="annotator_id")

    item_codes = pd.Index(gold["item_id"]).get_indexer(frame["item_id"].cat.categories)[items]
    in_gold = item_codes >= 0
    overlap = np.bincount(vendor.cat.codes.to_numpy(), weights=in_gold,
                          minlength=len(vendor.cat.categories))
    if (overlap == 0).any():
        name = vendor.cat.categories[int(np.flatnonzero(overlap == 0)[0])]
        position = int(np.flatnonzero((vendor == name).to_numpy())[0])
        raise InputError(f"vendor '{name}' has no item in common with the golden set "
                         f"({gold_file}); check that both files use the same item ids",
                         file=file, row=csv_line(frame, position), column="item_id")
    if not in_gold.all():
        position = int(np.flatnonzero(~in_gold)[0])
        raise InputError(f"item '{frame['item_id'].iloc[position]}' is not in the golden set "
                         f"({gold_file}); only gold items can be scored",
                         file=file, row=csv_line(frame, position), column="item_id")

    classes = sorted(gold["label"].unique())
    label = frame["label"]
    label_codes = pd.Index(classes).get_indexer(label.cat.categories)[label.cat.codes.to_numpy()]
    if (label_codes < 0).any():
        position = int(np.flatnonzero(label_codes < 0)[0])
        raise InputError(f"label '{label.iloc[position]}' is not one of the golden set's "
                         f"labels ({_listing(classes)})",
                         file=file, row=csv_line(frame, position), column="label")

    typed = pd.DataFrame({
        "vendor": vendor,
        "item_id": pd.Categorical.from_codes(item_codes, categories=gold["item_id"]),
        "annotator_id": annotator,
        "label": pd.Categorical.from_codes(label_codes, categories=classes),
    }, index=frame.index)
    for column in present:
        typed[column] = (_timestamps(frame, column, file) if column in TIMESTAMP_COLUMNS
                         else _flags(frame, column, file))
    if all(c in typed.columns for c in TIMESTAMP_COLUMNS):
        backwards = (typed["submitted_at"] < typed["started_at"]).to_numpy()
        if backwards.any():
            position = int(np.flatnonzero(backwards)[0])
            raise InputError("submitted_at is earlier than started_at",
                             file=file, row=csv_line(frame, position), column="submitted_at")
    return typed


def combine_labels(frames: Sequence[tuple[str, pd.DataFrame]]) -> pd.DataFrame:
    """Validated label frames from several files as one, refusing a label delivered twice."""
    if len(frames) == 1:
        return frames[0][1]
    combined = pd.concat([f for _, f in frames], keys=[name for name, _ in frames])
    for column in LABEL_COLUMNS:
        categories = frames[0][1][column].cat.categories
        if column in ("vendor", "annotator_id"):
            categories = sorted(set().union(*(f[column].cat.categories for _, f in frames)))
        combined[column] = pd.Categorical(combined[column].astype(object), categories=categories)
    duplicated = combined.duplicated(subset=list(LABEL_COLUMNS[:3]), keep="first").to_numpy()
    if duplicated.any():
        position = int(np.flatnonzero(duplicated)[0])
        file, index = combined.index[position]
        vendor, item, annotator = (combined[c].iloc[position] for c in LABEL_COLUMNS[:3])
        raise InputError(f"annotator '{annotator}' of vendor '{vendor}' labelled item '{item}' "
                         f"in two files; keep one label per vendor, item and annotator",
                         file=file, row=int(index) + HEADER_LINES + 1, column="annotator_id")
    return combined.reset_index(drop=True)


def validate_ratings(frame: pd.DataFrame, level: Level = "nominal",
                     file: str = "ratings") -> pd.DataFrame:
    """Long ratings `item_id, rater_id, label` for an agreement study; a blank label is a
    missing rating and is dropped. Ordinal and interval levels need numeric labels."""
    frame = _text_columns(frame, RATING_COLUMNS, (), file, allow_blank=("label",))
    frame = frame.loc[(frame["label"] != "").to_numpy()].astype(str)
    if frame.empty:
        raise InputError("has no ratings (every label is blank)", file=file, column="label")
    duplicated = frame.duplicated(subset=["item_id", "rater_id"], keep="first").to_numpy()
    if duplicated.any():
        position = int(np.flatnonzero(duplicated)[0])
        raise InputError(f"rater '{frame['rater_id'].iloc[position]}' rated item "
                         f"'{frame['item_id'].iloc[position]}' twice; keep one rating each",
                         file=file, row=csv_line(frame, position), column="rater_id")
    if level != "nominal":
        numbers = pd.to_numeric(frame["label"], errors="coerce")
        bad = ~np.isfinite(numbers.to_numpy(dtype=float))
        if bad.any():
            position = int(np.flatnonzero(bad)[0])
            raise InputError(f"'{frame['label'].iloc[position]}' is not a number; {level} "
                             f"agreement needs numeric labels (or use --level nominal)",
                             file=file, row=csv_line(frame, position), column="label")
        frame = frame.assign(label=numbers.astype(float))
    return frame


def _text_columns(frame: pd.DataFrame, required: Sequence[str], optional: Sequence[str],
                  file: str, allow_blank: Sequence[str] = (),
                  raw: Sequence[str] = ()) -> pd.DataFrame:
    """Required columns present, rows present, fully blank lines dropped, required cells filled.

    Columns come back as categoricals of stripped text; those in `raw` (timestamps, nearly all
    distinct) stay text and are stripped only if they fail to parse.
    """
    frame = frame.rename(columns=lambda c: str(c).strip())
    for column in required:
        if column not in frame.columns:
            raise InputError(f"missing column '{column}' (the header needs "
                             f"{', '.join(required)})", file=file, row=HEADER_LINES,
                             column=column)
    columns = [*required, *optional]
    text = pd.DataFrame({c: _text(frame[c]) if c in raw else _categorical(frame[c])
                         for c in columns}, index=frame.index)
    blank_line = np.ones(len(text), dtype=bool)
    for column in columns:
        blank_line &= (text[column] == "").to_numpy()
    if blank_line.any():
        text = text.loc[~blank_line]
    if text.empty:
        raise InputError("has a header but no data rows", file=file)
    for column in required:
        if column in allow_blank:
            continue
        empty = (text[column] == "").to_numpy()
        if empty.any():
            raise InputError(f"{column} is empty", file=file,
                             row=csv_line(text, int(np.flatnonzero(empty)[0])), column=column)
    return text


def _text(column: pd.Series) -> pd.Series:
    return column.fillna("").astype(str)


def _categorical(column: pd.Series) -> pd.Categorical:
    """The column as a categorical of stripped text. Arrow's dictionary encoding finds the
    distinct values, which are stripped once each instead of once per cell."""
    encoded = pc.dictionary_encode(_arrow(_text(column)))
    stripped = pd.Index(encoded.dictionary.to_pandas()).str.strip()
    codes, categories = pd.factorize(stripped)
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    return pd.Categorical.from_codes(codes[indices], categories=categories)


def _used_categories(column: pd.Series, sort: bool = False) -> pd.Series:
    """The categorical without categories no row uses (such as the blank of a dropped blank
    line), optionally sorted; done on the codes, which pandas' own methods rehash."""
    codes = column.cat.codes.to_numpy()
    categories = column.cat.categories
    used = np.bincount(codes, minlength=len(categories)) > 0
    kept = categories[used]
    order = np.argsort(np.asarray(kept, dtype=object)) if sort else np.arange(len(kept))
    remap = np.full(len(categories), -1, dtype=np.int64)
    remap[np.flatnonzero(used)[order]] = np.arange(len(kept))
    return pd.Series(pd.Categorical.from_codes(remap[codes], categories=kept[order]),
                     index=column.index)


def _arrow(text: pd.Series) -> pa.Array:
    array = pa.array(text)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _timestamps(frame: pd.DataFrame, column: str, file: str) -> pd.Series:
    """ISO 8601 date-times as UTC (naive ones are taken as UTC); blank cells are missing.

    Arrow parses the common, well-formed case in one pass; anything it refuses goes through
    pandas' more forgiving ISO 8601 parser, which also locates the first bad cell.
    """
    text = frame[column]
    try:
        array = _arrow(text)
        array = pc.if_else(pc.equal(array, ""), pa.scalar(None, pa.large_string()), array)
        parsed = pc.cast(array, pa.timestamp("us", tz="UTC")).to_pandas()
        return pd.Series(pd.DatetimeIndex(parsed), index=frame.index)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    text = text.str.strip()
    parsed = pd.to_datetime(text.where(text != ""), errors="coerce", utc=True, format="ISO8601")
    bad = (parsed.isna() & (text != "")).to_numpy()
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        raise InputError(f"'{text.iloc[position]}' is not a date and time; use ISO 8601, "
                         f"e.g. 2025-03-01T09:30:00Z", file=file,
                         row=csv_line(frame, position), column=column)
    return parsed


def _flags(frame: pd.DataFrame, column: str, file: str) -> pd.Series:
    """yes/no flags; a blank cell counts as no (nothing was escalated or reworked)."""
    cells = frame[column]
    meaning = pd.Series([_FLAG_VALUES.get(str(c).lower()) for c in cells.cat.categories],
                        dtype=object)
    values = meaning.to_numpy()[cells.cat.codes.to_numpy()]
    bad = pd.isna(values)
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        raise InputError(f"'{cells.iloc[position]}' is not yes or no; use true/false, "
                         f"yes/no or 1/0", file=file, row=csv_line(frame, position),
                         column=column)
    return pd.Series(values.astype(bool), index=frame.index)


def _listing(values: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(values[:limit])
    return shown if len(values) <= limit else f"{shown}, ... ({len(values)} labels)"
