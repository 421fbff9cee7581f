"""One file import on a page (vendors, prices): the uploader, the button, and what came of it.
Every row or nothing, as `import_table` does it; the page says what the file holds."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from vendor_eval.domain.enums import ImportKind
from vendor_eval.errors import VendorEvalError
from vendor_eval.services.evidence.table_imports import import_table
from vendor_eval.ui import state


def import_file(project_key: str, kind: ImportKind, label: str, button: str, prefix: str,
                generation: int, saved: Callable[[str], None]) -> None:
    """An uploader keyed by `generation` (so it starts empty once a file went in) and a button
    that imports it; `saved` gets the import's summary, errors show beside the button."""
    upload = st.file_uploader(label, type=["csv", "xlsx"],
                              key=f"{prefix}_import:{project_key}:{generation}")
    if not st.button(button, disabled=upload is None, key=f"{prefix}_import_button:{project_key}"):
        return
    try:
        with st.spinner(f"Importing {upload.name}..."):
            report = import_table(state.uow(), state.actor(), project_key, kind, upload.name,
                                  upload.getvalue())
    except VendorEvalError as exc:
        state.show_error(exc)
        st.caption("Nothing was imported: correct the file and upload it again.")
    else:
        saved(report.describe(project_key))
