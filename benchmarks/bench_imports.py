"""Time large tabular imports (100,000 rows) into the demo project on the embedded SQLite.

Vendors go in with bulk statements; risks through the risk register service, row by row. Each
import is one transaction with its audit event (before/after of every row). Prints only.
"""

from __future__ import annotations

import csv
import io
import tempfile
import time
from pathlib import Path

from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.services.evidence.table_imports import import_table
from vendor_eval.services.kernel.audit import verify_audit_chain
from vendor_eval.services.workspace.database import initialise
from vendor_eval.store.database import get_engine
from vendor_eval.store.unit_of_work import UnitOfWork

ROWS = 100_000


def csv_bytes(header: list[str], rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def timed(label: str, action) -> None:
    began = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - began
    print(f"{label}: {seconds:.2f} s ({ROWS / seconds:,.0f} rows/s) -> {result}")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = get_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        initialise(engine, demo=True)
        vendors = csv_bytes(["name", "delivery_model", "headquarters", "description"],
                            ([f"Vendor {n:06d}", "bpo", "Lisbon", f"row {n}"]
                             for n in range(ROWS)))
        risks = csv_bytes(["vendor", "title", "likelihood", "impact"],
                          (["Kestrel Data Teams", f"Risk {n}", 1 + n % 5, 1 + n % 3]
                           for n in range(ROWS)))
        timed(f"{ROWS:,} vendors (CSV)", lambda: import_table(
            UnitOfWork(engine), LOCAL_ADMIN, "demo", "vendors", "vendors.csv", vendors).changed)
        timed(f"{ROWS:,} risks (CSV)", lambda: import_table(
            UnitOfWork(engine), LOCAL_ADMIN, "demo", "risks", "risks.csv", risks).changed)
        timed("audit verify afterwards", lambda: verify_audit_chain(UnitOfWork(engine)).describe())
        engine.dispose()


if __name__ == "__main__":
    main()
