"""Reading pilot files (CSV labels, COCO JSON, price CSV) into frames, with exact error places."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import ValidationError

from vendor_eval.domain.enums import PricingModel
from vendor_eval.domain.evidence import PriceQuote
from vendor_eval.errors import InputError
from vendor_eval.files.decode import read_bytes, utf8_bytes, utf8_text
from vendor_eval.files.tables import TABLE

_PARSER_LINE = re.compile(r"line (\d+)")
PRICE_NUMBER_COLUMNS = ("unit_price", "hourly_rate", "units_per_hour", "monthly_fee",
                        "units_per_month", "fixed_price", "setup_fee", "ramp_up_weeks")


def read_csv_frame(path: Path | str) -> pd.DataFrame:
    """A CSV file as text cells; see `csv_frame`."""
    return csv_frame(read_bytes(path), str(path))


def csv_frame(raw: bytes, name: str) -> pd.DataFrame:
    """Every cell as text, blank lines kept as empty rows so that a row's index + 2 is its line
    in the file (what `pilot.labels` reports). Refuses empty and non-UTF-8 content; `name`
    (a path or an uploaded file's name) is what error messages call the file."""
    raw = utf8_bytes(raw, name, TABLE)
    frame = _read_with_arrow(raw)
    if frame is None:
        try:
            frame = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False,
                                skip_blank_lines=False, encoding="utf-8")
        except pd.errors.ParserError as exc:
            line = _PARSER_LINE.search(str(exc))
            raise InputError(f"is not valid CSV ({str(exc).strip()})", file=name,
                             row=int(line.group(1)) if line else None) from None
        except pd.errors.EmptyDataError:
            raise InputError(f"is empty; expected {TABLE}", file=name) from None
    if any(not str(c).strip() or str(c).startswith("Unnamed:") for c in frame.columns):
        raise InputError("a column in the header has no name", file=name, row=1)
    return frame


def _read_with_arrow(raw: bytes) -> pd.DataFrame | None:
    """Arrow's multi-threaded reader, about five times faster on large pilots, used only when
    it keeps every line (it skips blank ones, which would shift reported rows); None means
    use pandas' own reader, which also words parse errors with line numbers."""
    try:
        frame = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, engine="pyarrow")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        return None
    lines = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
    return frame if len(frame) + 1 == lines else None


def read_json_file(path: Path | str) -> object:
    """A JSON file, parsed; see `json_document`."""
    return json_document(read_bytes(path), str(path))


def json_document(raw: bytes, name: str) -> object:
    """Parsed JSON, or an error naming the line and character where it stops making sense."""
    text = utf8_text(raw, name, "COCO JSON")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"is not valid JSON ({exc.msg})", file=name, row=exc.lineno,
                         column=f"character {exc.colno}") from None


def read_price_file(path: Path | str) -> tuple[dict[str, PriceQuote], dict[str, float]]:
    """A price CSV file; see `price_quotes`."""
    return price_quotes(read_bytes(path), str(path))


def price_quotes(raw: bytes, name: str) -> tuple[dict[str, PriceQuote], dict[str, float]]:
    """Pilot prices as CSV: `vendor, model` and the fields that pricing model needs
    (unit_price; hourly_rate + units_per_hour; monthly_fee + units_per_month; fixed_price),
    optional currency, setup_fee, notes and the vendor's stated `ramp_up_weeks`."""
    frame = csv_frame(raw, name)
    frame = frame.rename(columns=lambda c: str(c).strip())
    for column in ("vendor", "model"):
        if column not in frame.columns:
            raise InputError(f"missing column '{column}'", file=name, row=1, column=column)
    quotes: dict[str, PriceQuote] = {}
    ramp_up: dict[str, float] = {}
    for index, record in zip(frame.index, frame.to_dict("records"), strict=True):
        line = int(index) + 2
        cells = {k: str(v).strip() for k, v in record.items()}
        if not any(cells.values()):
            continue
        vendor = cells["vendor"]
        if not vendor:
            raise InputError("vendor is empty", file=name, row=line, column="vendor")
        if vendor in quotes:
            raise InputError(f"vendor '{vendor}' has two prices", file=name, row=line,
                             column="vendor")
        fields: dict[str, object] = {}
        for column, cell in cells.items():
            if not cell:
                continue
            if column in PRICE_NUMBER_COLUMNS:
                try:
                    number = float(cell)
                except ValueError:
                    raise InputError(f"'{cell}' is not a number", file=name, row=line,
                                     column=column) from None
                if not np.isfinite(number):
                    raise InputError(f"'{cell}' is not a finite number", file=name,
                                     row=line, column=column)
                fields[column] = number
            else:
                fields[column] = cell
        weeks = fields.pop("ramp_up_weeks", None)
        if weeks is not None:
            if weeks < 0:
                raise InputError("ramp_up_weeks cannot be negative", file=name, row=line,
                                 column="ramp_up_weeks")
            ramp_up[vendor] = float(weeks)
        model = str(fields.get("model", ""))
        if model in set(PricingModel):
            missing = [f for f in PriceQuote.REQUIRED[PricingModel(model)] if f not in fields]
            if missing:
                raise InputError(f"a {model} price needs {', '.join(missing)}", file=name,
                                 row=line, column=missing[0])
        try:
            quotes[vendor] = PriceQuote.model_validate(fields)
        except ValidationError as exc:
            first = exc.errors()[0]
            column = ".".join(str(p) for p in first["loc"]) or None
            raise InputError(first["msg"], file=name, row=line, column=column) from None
    if not quotes:
        raise InputError("has a header but no prices", file=name)
    return quotes, ramp_up
