"""The shortlist PDF: rendered from the demo project, read back as text with pypdf."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from vendor_eval.cli import app
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.engine.evaluate import evaluate
from vendor_eval.engine.result import RankResult
from vendor_eval.services.ranking import load_evaluation
from vendor_eval.render.charts import category_contribution_svg
from vendor_eval.services.reports import (
    export_shortlist_pdf,
    shortlist_html,
    shortlist_pdf_bytes,
)
from vendor_eval.store.unit_of_work import UnitOfWork


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text with line breaks and runs of spaces folded, so wrapped names match."""
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]


def first_positions(text: str, names: list[str]) -> dict[str, int]:
    """Where each name first appears; longer names are blanked first so a name that is part
    of another is not found inside it."""
    positions: dict[str, int] = {}
    for name in sorted(names, key=len, reverse=True):
        index = text.find(name)
        positions[name] = index
        if index >= 0:
            text = text.replace(name, "\0" * len(name))
    return positions


@pytest.fixture
def demo_report(demo_uow: UnitOfWork, tmp_path: Path) -> tuple[bytes, RankResult]:
    result = evaluate(load_evaluation(demo_uow, LOCAL_ADMIN, "demo"))
    path = export_shortlist_pdf(demo_uow, LOCAL_ADMIN, "demo", tmp_path / "demo.pdf", top_k=3)
    return path.read_bytes(), result


def test_report_is_a_pdf_naming_the_top_vendor(demo_report: tuple[bytes, RankResult]) -> None:
    pdf, result = demo_report
    assert pdf.startswith(b"%PDF")
    assert result.top_vendor is not None
    title_page = page_texts(pdf)[0]
    assert "shortlist report" in title_page.lower()
    assert f"Highest-ranked qualified vendor: {result.top_vendor}" in title_page


def test_ranking_table_lists_vendors_in_rank_order(demo_report: tuple[bytes, RankResult]) -> None:
    pdf, result = demo_report
    ranking_page = next(t for t in page_texts(pdf) if "Ranking of all vendors" in t)
    table_text = ranking_page.split("Ranking of all vendors", 1)[1]
    vendors = list(result.table["vendor"])
    positions = first_positions(table_text, vendors)
    assert all(index >= 0 for index in positions.values()), positions
    assert sorted(vendors, key=positions.__getitem__) == vendors


def test_category_chart_is_embedded_as_an_image(
    demo_uow: UnitOfWork, demo_report: tuple[bytes, RankResult],
) -> None:
    pdf, result = demo_report
    inputs = load_evaluation(demo_uow, LOCAL_ADMIN, "demo")
    html = shortlist_html(inputs, result, 3)
    match = re.search(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
    assert match is not None
    assert base64.b64decode(match.group(1)).decode() == category_contribution_svg(result)

    # WeasyPrint draws an SVG image as vector operators in the page, not as an image XObject;
    # the chart's hatched bars become pattern fills, which nothing else in the report uses.
    reader = PdfReader(io.BytesIO(pdf))
    texts = page_texts(pdf)
    chart_index = next(i for i, t in enumerate(texts) if "Where the points come from" in t)
    content = reader.pages[chart_index].get_contents().get_data()
    assert re.search(rb"/p\d+ scn", content)
    other_pages = [page.get_contents().get_data() for i, page in enumerate(reader.pages)
                   if i != chart_index]
    assert not any(re.search(rb"/p\d+ scn", page) for page in other_pages)


def test_disqualified_vendor_is_listed_as_excluded_with_its_reason(
    demo_report: tuple[bytes, RankResult],
) -> None:
    pdf, result = demo_report
    excluded = result.table[~result.table["qualified"]]
    assert len(excluded) == 1
    vendor = str(excluded.iloc[0]["vendor"])
    reason = str(excluded.iloc[0]["gate_failures"][0])
    text = " ".join(page_texts(pdf))
    # The section heading is the last mention; the ranking notes mention excluded vendors too.
    section = text.rsplit("Excluded vendors", 1)[1].split("Method", 1)[0]
    assert vendor in section
    assert reason in section


def test_shortlist_sections_cover_the_top_three_qualified_vendors(
    demo_report: tuple[bytes, RankResult],
) -> None:
    pdf, result = demo_report
    text = " ".join(page_texts(pdf))
    section = text.split("Shortlisted vendors", 1)[1].split("Excluded vendors", 1)[0]
    top3 = list(result.table[result.table["qualified"]]["vendor"][:3])
    for rank, vendor in enumerate(top3, start=1):
        assert f"{rank}. {vendor}" in section
    assert "Strengths" in section and "Weaknesses" in section and "Risks" in section


def test_export_records_an_audit_event(demo_uow: UnitOfWork, tmp_path: Path) -> None:
    from sqlmodel import select

    from vendor_eval.store.tables import AuditEventRow

    pdf = shortlist_pdf_bytes(demo_uow, LOCAL_ADMIN, "demo", top_k=2)
    assert pdf.startswith(b"%PDF")
    with demo_uow:
        events = demo_uow.session.exec(
            select(AuditEventRow).where(AuditEventRow.action == "report.export")).all()
        details = [dict(e.detail) for e in events]
    assert [d["output"] for d in details] == ["download"]
    assert len(details[0]["shortlist"]) == 2


def test_cli_report_writes_the_pdf(demo_uow: UnitOfWork, tmp_path: Path) -> None:
    output = tmp_path / "shortlist.pdf"
    run = CliRunner().invoke(app, ["report", "demo", "-o", str(output)])
    assert run.exit_code == 0, run.output
    assert output.read_bytes().startswith(b"%PDF")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_without_output_writes_to_the_reports_folder(
    demo_uow: UnitOfWork, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from vendor_eval import config

    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path / "reports")
    path = export_shortlist_pdf(demo_uow, LOCAL_ADMIN, "demo", None)
    assert path == tmp_path / "reports" / "demo-shortlist.pdf"
    assert path.read_bytes().startswith(b"%PDF")


def test_cli_report_into_a_missing_folder_exits_2_naming_it(
    demo_uow: UnitOfWork, tmp_path: Path,
) -> None:
    output = tmp_path / "missing" / "shortlist.pdf"
    run = CliRunner().invoke(app, ["report", "demo", "-o", str(output)])
    assert run.exit_code == 2
    assert "does not exist" in run.output
    assert not output.parent.exists()


def test_cli_report_on_unknown_project_exits_2(demo_uow: UnitOfWork, tmp_path: Path) -> None:
    output = tmp_path / "nothing.pdf"
    run = CliRunner().invoke(app, ["report", "no-such-project", "-o", str(output)])
    assert run.exit_code == 2
    assert "no project 'no-such-project'" in run.output
    assert not output.exists()


def test_chart_svg_is_identical_for_identical_inputs_and_leaves_matplotlib_defaults(
    demo_report: tuple[bytes, RankResult],
) -> None:
    import matplotlib

    _, result = demo_report
    before = dict(matplotlib.rcParams)
    first, second = category_contribution_svg(result), category_contribution_svg(result)
    assert first == second
    assert "<dc:date>" not in first
    assert dict(matplotlib.rcParams) == before


@pytest.mark.parametrize(("name", "expected"), [
    ("Verity Loop", "Verity Loop"),
    ("Northbridge Healthcare Documentation Services",
     "Northbridge Healthcare\nDocumentation Services"),
    ("An Extremely Long Vendor Name That Keeps Going Forever Ltd",
     "An Extremely Long Vendor\nName That Keeps Going\u2026"),
])
def test_long_vendor_names_wrap_to_two_lines_at_most(name: str, expected: str) -> None:
    from vendor_eval.render.charts import vendor_label

    assert vendor_label(name) == expected
