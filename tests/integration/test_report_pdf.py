"""The shortlist PDF: rendered from the demo project, read back with pypdf as a reader would."""

from __future__ import annotations

import base64
import io
import logging
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy.engine import Engine
from sqlmodel import select
from typer.testing import CliRunner

from vendor_eval.cli.app import app
from vendor_eval.documents.shortlist.evidence import (
    REPORT_SAMPLES,
    REPORT_SEED,
    evidence_from_inputs,
)
from vendor_eval.documents.shortlist.options import SECTION_TITLES, ReportOptions, Section
from vendor_eval.domain.evaluation import EvaluationInputs
from vendor_eval.domain.evidence import EvaluatorScore, Vendor
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.engine.evaluate import evaluate
from vendor_eval.render.chart_data import vendor_label
from vendor_eval.render.charts import category_contribution_svg
from vendor_eval.render.pdf import TemplateFolderFetcher
from vendor_eval.render.templates import shipped_templates_dir
from vendor_eval.services.decision.ranking import load_evaluation
from vendor_eval.services.report.evidence import gather_report_evidence
from vendor_eval.services.report.shortlist import (
    export_shortlist_pdf,
    render_report_html,
    render_report_pdf,
    shortlist_pdf_bytes,
)
from vendor_eval.store.database import get_engine
from vendor_eval.store.tables import AuditEventRow
from vendor_eval.store.unit_of_work import UnitOfWork

STAMP = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
SVG_URI = re.compile(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"')
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pilot"


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text with line breaks and runs of spaces folded, so wrapped names match."""
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]


def without_stamp(texts: list[str]) -> list[str]:
    """Page texts with the generated-at stamp (cover date, appendix time) blanked."""
    pattern = r"\d{2} (January|February) 2026|2026-\d{2}-\d{2} \d{2}:\d{2} UTC"
    return [re.sub(pattern, "<stamp>", text) for text in texts]


def outline(pdf: bytes) -> list[tuple[int, str, int]]:
    """The PDF bookmarks as (level, title, page number from 1), depth first."""
    reader = PdfReader(io.BytesIO(pdf))
    found: list[tuple[int, str, int]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, str(item.title),
                              reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return found


def section_text(pdf: bytes, title: str, following: str | None) -> str:
    """The text from a section's heading to the next section's heading."""
    texts = page_texts(pdf)
    start = next(i for i, t in enumerate(texts) if t.find(title) >= 0 and i > 1)
    text = " ".join(texts[start:])
    text = text[text.find(title):]
    return text.split(following, 1)[0] if following else text


@pytest.fixture(scope="module")
def demo_engine_once(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """One demo database for the read-only tests of this module (rendering is the slow part)."""
    from vendor_eval.services.workspace.database import initialise

    engine = get_engine(f"sqlite:///{tmp_path_factory.mktemp('report') / 'demo.db'}")
    initialise(engine, demo=True)
    return engine


@pytest.fixture(scope="module")
def demo_pdf(demo_engine_once: Engine) -> bytes:
    return shortlist_pdf_bytes(UnitOfWork(demo_engine_once), LOCAL_ADMIN, "demo", top_k=3,
                               generated_at=STAMP)


@pytest.fixture(scope="module")
def demo_evidence(demo_engine_once: Engine):
    return gather_report_evidence(UnitOfWork(demo_engine_once), LOCAL_ADMIN, "demo")


# --- structure --------------------------------------------------------------------------------

def test_demo_report_has_a_plausible_number_of_pages(demo_pdf: bytes) -> None:
    pages = len(PdfReader(io.BytesIO(demo_pdf)).pages)
    # cover, contents, 2 summary, ranking, 2 charts, pilot, 3 vendors x 2-3, excluded, 4 appendix
    assert 16 <= pages <= 32, pages


def test_cover_names_project_date_status_author_and_recommendation(demo_pdf: bytes,
                                                                    demo_evidence) -> None:
    cover = page_texts(demo_pdf)[0]
    assert "SHORTLIST REPORT" in cover.upper()
    assert demo_evidence.inputs.project.title in cover
    assert "02 January 2026" in cover
    for label in ("Date", "Status", "Prepared by", "Input fingerprint"):
        assert label in cover
    # The demo leaves one vendor unscored on two criteria on purpose: the cover says so.
    assert "Interim recommendation: some expected scores are missing" in cover
    assert "3 of 3 assigned evaluators submitted" in cover
    assert "local admin" in cover
    assert f"Recommended vendor: {demo_evidence.result.top_vendor}" in cover


def test_executive_summary_names_the_top_vendor_and_how_often_it_ranks_first(
    demo_pdf: bytes, demo_engine_once: Engine,
) -> None:
    from vendor_eval.services.decision.robustness import project_robustness

    sensitivity = project_robustness(UnitOfWork(demo_engine_once), LOCAL_ADMIN, "demo",
                                      samples=REPORT_SAMPLES, seed=REPORT_SEED).report()
    top = sensitivity.ranking[0]
    share = sensitivity.first_rank_acceptability[top]
    assert 0.0 < share < 1.0
    summary = section_text(demo_pdf, SECTION_TITLES[Section.SUMMARY],
                           SECTION_TITLES[Section.RANKING])
    assert f"We recommend {top}" in summary
    assert f"{top} ranks first in {round(100 * share)}% of plausible weightings." in summary
    for heading in ("How sure we are", "The shortlist", "What could go wrong",
                    "What it will cost"):
        assert heading in summary
    assert "USD 218,667 – USD 612,000 at 120,000 documents" in summary  # the shortlist's range


def test_sections_and_bookmarks_follow_the_contents_in_order(demo_pdf: bytes,
                                                            demo_evidence) -> None:
    marks = outline(demo_pdf)
    top_level = [title for level, title, _ in marks if level == 1]
    assert top_level == [SECTION_TITLES[s] for s in Section]
    table = demo_evidence.result.table
    shortlisted = list(table[table["qualified"]]["vendor"][:3])
    vendors_at = [i for i, (_, title, _) in enumerate(marks)
                  if title == SECTION_TITLES[Section.VENDORS]][0]
    nested = [title for level, title, _ in marks[vendors_at + 1:] if level == 2][:3]
    assert nested == [f"{rank}. {name}" for rank, name in enumerate(shortlisted, start=1)]
    pages = [page for _, _, page in marks]
    assert pages == sorted(pages)

    # The contents page prints the page each bookmark points to (target-counter).
    contents = page_texts(demo_pdf)[1]
    for level, title, page in marks:
        if level == 1:
            assert re.search(re.escape(title) + r"[ .]*" + str(page) + r"\b", contents), title


def test_pages_carry_running_headers_and_numbers(demo_pdf: bytes, demo_evidence) -> None:
    texts = page_texts(demo_pdf)
    total = len(texts)
    short = demo_evidence.fingerprint[:16]
    for number, text in enumerate(texts[1:], start=2):
        assert f"Page {number} of {total}" in text
        assert f"Fingerprint {short}" in text
        assert "Claims document-AI validation" in text
    ranking_page = next(t for t in texts if t.count(SECTION_TITLES[Section.RANKING]) >= 2)
    assert ranking_page  # the section title is both heading and running header


def test_ranking_table_lists_vendors_in_rank_order_with_gates_and_costs(
    demo_pdf: bytes, demo_evidence,
) -> None:
    text = section_text(demo_pdf, SECTION_TITLES[Section.RANKING],
                        SECTION_TITLES[Section.VALUE_MAP])
    vendors = list(demo_evidence.result.table["vendor"])
    positions = [text.find(name) for name in vendors]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    assert "Fail" in text and "USD 612,000" in text and "USD 5.25" in text
    assert "open risks" in text


def test_every_chart_is_embedded_as_svg_and_drawn_on_its_page(demo_evidence) -> None:
    html = render_report_html(demo_evidence, ReportOptions(), STAMP)
    charts = [base64.b64decode(m).decode() for m in SVG_URI.findall(html)]
    assert len(charts) == 3  # value map, category contributions, pilot accuracy
    assert all(c.lstrip().startswith("<?xml") and "<svg" in c for c in charts)
    vendors = list(demo_evidence.result.table["vendor"])
    assert charts[1] == category_contribution_svg(demo_evidence.result, vendors)
    assert "Total cost at 120,000 documents (USD)" in charts[0]
    assert "Accuracy against the golden set" in charts[2]

    pdf = render_report_pdf(demo_evidence, ReportOptions(), STAMP)
    reader = PdfReader(io.BytesIO(pdf))
    texts = page_texts(pdf)
    # Chart text is set as text, so each chart's axis label is found on its section's page.
    value_page = next(i for i, t in enumerate(texts) if "Total cost at 120,000 documents" in t)
    assert SECTION_TITLES[Section.VALUE_MAP] in texts[value_page]
    pilot_page = next(i for i, t in enumerate(texts) if "Accuracy against the golden set" in t)
    assert SECTION_TITLES[Section.PILOT] in texts[pilot_page]
    # The category chart's hatched bars are pattern fills, which nothing else in the report uses.
    hatched = [i for i, page in enumerate(reader.pages)
               if re.search(rb"/p\d+ scn", page.get_contents().get_data())]
    assert len(hatched) == 1
    assert SECTION_TITLES[Section.CONTRIBUTIONS] in texts[hatched[0]]


def test_charts_can_be_left_out_and_sections_chosen(demo_evidence) -> None:
    options = ReportOptions(top_k=2, sections=(Section.RANKING, Section.SUMMARY), charts=False)
    html = render_report_html(demo_evidence, options, STAMP)
    assert not SVG_URI.search(html)
    pdf = render_report_pdf(demo_evidence, options, STAMP)
    assert [t for level, t, _ in outline(pdf) if level == 1] == [
        SECTION_TITLES[Section.SUMMARY], SECTION_TITLES[Section.RANKING]]
    assert SECTION_TITLES[Section.METHODOLOGY] not in " ".join(page_texts(pdf))


# --- content ----------------------------------------------------------------------------------

def test_shortlist_sections_cover_the_top_three_qualified_vendors(demo_pdf: bytes,
                                                                 demo_evidence) -> None:
    section = section_text(demo_pdf, SECTION_TITLES[Section.VENDORS],
                           SECTION_TITLES[Section.EXCLUDED])
    table = demo_evidence.result.table
    top3 = list(table[table["qualified"]]["vendor"][:3])
    starts = [section.find(f"{rank}. {vendor}") for rank, vendor in enumerate(top3, start=1)]
    assert all(s >= 0 for s in starts) and starts == sorted(starts)
    for start, end in zip(starts, [*starts[1:], len(section)]):
        part = section[start:end]
        for heading in ("Strengths", "Weaknesses", "Risks and mitigations",
                        "Compliance with the project's requirements", "Evaluators' comments"):
            assert heading in part
        assert "20 of 20 checklist items that this project's scope requires are met" in part


def test_disqualified_vendor_is_listed_as_excluded_with_its_reason(demo_pdf: bytes,
                                                                   demo_evidence) -> None:
    excluded = demo_evidence.result.table[~demo_evidence.result.table["qualified"]]
    assert len(excluded) == 1
    vendor, reason = str(excluded.iloc[0]["vendor"]), str(excluded.iloc[0]["gate_failures"][0])
    section = section_text(demo_pdf, SECTION_TITLES[Section.EXCLUDED],
                           SECTION_TITLES[Section.METHODOLOGY])
    assert vendor in section
    assert reason in section


def test_methodology_states_weights_people_conflicts_agreement_and_versions(
    demo_pdf: bytes, demo_evidence,
) -> None:
    from vendor_eval import __version__

    section = section_text(demo_pdf, SECTION_TITLES[Section.METHODOLOGY],
                           SECTION_TITLES[Section.AUDIT])
    result = demo_evidence.result
    assert result.profile_hash in section.replace(" ", "")
    assert "Quality system 25.0%" in section
    for evaluator in ("Dana Whitfield", "Rahul Menon", "Lucía Ortega"):
        assert evaluator in section
    assert "declared: Worked with Kestrel Data Teams" in section
    assert "Krippendorff's alpha (ordinal)" in section
    assert "SMAA-2" in section and "random seed 0" in section
    assert "No pilot run is stored" in section and "Wilson" in section
    assert f"vendor-eval {__version__}" in section
    assert "2026-01-02 03:04 UTC" in section
    assert demo_evidence.fingerprint in section.replace(" ", "")


def test_audit_summary_counts_the_project_events_by_action(demo_pdf: bytes,
                                                          demo_engine_once: Engine) -> None:
    section = section_text(demo_pdf, SECTION_TITLES[Section.AUDIT], None)
    with UnitOfWork(demo_engine_once) as uow:
        actions = [row.action for row in uow.session.exec(select(AuditEventRow)).all()
                   if row.entity in ("project:demo", "profile:regulated_hitl_qa:v1")
                   and not row.action.startswith("report.")]
    assert actions
    for action in set(actions):
        assert re.search(re.escape(action) + r" .*? " + str(actions.count(action)), section)
    assert f"Total {len(actions)}" in section
    assert "Chain verified" in section


def test_a_stored_pilot_run_adds_pairwise_verdicts(demo_uow: UnitOfWork) -> None:
    from vendor_eval.domain.enums import Role
    from vendor_eval.domain.people import Actor
    from vendor_eval.services.evidence.pilot import analyze_pilot_files, apply_pilot_results

    analysis = analyze_pilot_files(FIXTURES / "gold.csv", [FIXTURES / "labels.csv"],
                                   price_file=FIXTURES / "prices.csv")
    applied = apply_pilot_results(demo_uow, Actor(name="ana", role=Role.ANALYST), "demo",
                                  analysis)
    evidence = gather_report_evidence(demo_uow, LOCAL_ADMIN, "demo")
    assert evidence.pilot.run is not None and evidence.pilot.run.id == applied.pilot_run_id
    pdf = render_report_pdf(evidence, ReportOptions(sections=(Section.PILOT,)), STAMP)
    text = " ".join(page_texts(pdf))
    assert f"From pilot run {applied.pilot_run_id}" in text
    assert "Which differences are real" in text
    first = analysis.comparisons[0]
    assert f"{first.vendor_a} vs {first.vendor_b}" in text
    assert first.verdict[:40] in text


def test_a_field_where_no_vendor_qualifies_still_reports_why(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from tests.unit.worlds import world

    inputs = world(gates={"A": False, "B": False, "C": False})
    evidence = evidence_from_inputs(inputs)
    assert evidence.robustness is None
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = render_report_pdf(evidence, ReportOptions(), STAMP)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    text = " ".join(page_texts(pdf))
    assert "No vendor passes every gate, so there is no recommendation." in text
    assert "No recommendation: no vendor passes every gate" in text
    assert text.count("BAA: not met") == 3


# --- reproducibility --------------------------------------------------------------------------

def test_same_inputs_give_the_same_bytes_and_the_fingerprint_is_printed(
    demo_uow: UnitOfWork, tmp_path: Path,
) -> None:
    first = export_shortlist_pdf(demo_uow, LOCAL_ADMIN, "demo", tmp_path / "a.pdf",
                                 generated_at=STAMP).read_bytes()
    # The first export is now in the audit trail; the report must not change because of it.
    second = export_shortlist_pdf(demo_uow, LOCAL_ADMIN, "demo", tmp_path / "b.pdf",
                                  generated_at=STAMP).read_bytes()
    assert first == second
    fingerprint = load_evaluation(demo_uow, LOCAL_ADMIN, "demo").fingerprint()
    text = " ".join(page_texts(first)).replace(" ", "")
    assert fingerprint in text
    reader = PdfReader(io.BytesIO(first))
    assert reader.metadata.creation_date == STAMP
    assert str(reader.trailer["/ID"][0]) == fingerprint[:32]

    later = shortlist_pdf_bytes(demo_uow, LOCAL_ADMIN, "demo",
                                generated_at=datetime(2026, 2, 3, 4, 5, tzinfo=UTC))
    assert later != first
    assert without_stamp(page_texts(later)) == without_stamp(page_texts(first))
    assert outline(later) == outline(first)


def test_fingerprint_changes_with_a_score_and_not_with_storage_order(demo_evidence) -> None:
    inputs: EvaluationInputs = demo_evidence.inputs
    same = inputs.model_copy(update={"scores": tuple(reversed(inputs.scores))})
    assert same.fingerprint() == demo_evidence.fingerprint
    changed_score = inputs.scores[0].model_copy(
        update={"score": 5.0 if inputs.scores[0].score < 5 else 4.0})
    changed = inputs.model_copy(update={"scores": (changed_score, *inputs.scores[1:])})
    other = changed.fingerprint()
    assert other != demo_evidence.fingerprint
    html = render_report_html(evidence_from_inputs(changed),
                              ReportOptions(sections=(Section.METHODOLOGY,), charts=False), STAMP)
    assert other in html and demo_evidence.fingerprint not in html


# --- export service and CLI ---------------------------------------------------------------------

def test_export_records_an_audit_event(demo_uow: UnitOfWork) -> None:
    pdf = shortlist_pdf_bytes(demo_uow, LOCAL_ADMIN, "demo", top_k=2, generated_at=STAMP)
    assert pdf.startswith(b"%PDF")
    with demo_uow:
        events = demo_uow.session.exec(
            select(AuditEventRow).where(AuditEventRow.action == "report.export")).all()
        details = [dict(e.detail) for e in events]
    assert [d["output"] for d in details] == ["download"]
    assert len(details[0]["shortlist"]) == 2
    assert details[0]["sections"] == [s.value for s in Section]
    assert len(details[0]["input_fingerprint"]) == 64


def test_cli_report_writes_the_pdf_with_the_shortlist_size(demo_uow: UnitOfWork,
                                                           tmp_path: Path) -> None:
    output = tmp_path / "shortlist.pdf"
    run = CliRunner().invoke(app, ["report", "demo", "-o", str(output), "--top", "2"])
    assert run.exit_code == 0, run.output
    marks = outline(output.read_bytes())
    vendors_at = [i for i, (_, t, _) in enumerate(marks)
                  if t == SECTION_TITLES[Section.VENDORS]][0]
    assert [lvl for lvl, _, _ in marks[vendors_at + 1:vendors_at + 4]] == [2, 2, 1]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_without_output_writes_to_the_reports_folder(
    demo_uow: UnitOfWork, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from vendor_eval import config

    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path / "reports")
    path = export_shortlist_pdf(demo_uow, LOCAL_ADMIN, "demo", None,
                                options=ReportOptions(sections=(Section.SUMMARY,)))
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


# --- charts -------------------------------------------------------------------------------------

def test_charts_are_identical_for_identical_inputs_and_leave_matplotlib_defaults(
    demo_evidence,
) -> None:
    import matplotlib

    before = dict(matplotlib.rcParams)
    first = render_report_html(demo_evidence, ReportOptions(), STAMP)
    second = render_report_html(demo_evidence, ReportOptions(), STAMP)
    assert SVG_URI.findall(first) == SVG_URI.findall(second)
    assert all("<dc:date>" not in base64.b64decode(c).decode() for c in SVG_URI.findall(first))
    assert dict(matplotlib.rcParams) == before


def test_value_map_labels_do_not_overlap_even_in_a_cluster() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from vendor_eval.render.label_placement import place_labels

    figure = Figure(figsize=(6.7, 3.5))
    canvas = FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    points = [(100 + i * 2.0, 70 + (i % 3) * 0.4) for i in range(9)]
    ax.plot(*zip(*points), "o")
    ax.set_xlim(0, 400)
    ax.set_ylim(50, 90)
    figure.draw_without_rendering()
    labels = place_labels(ax, canvas.get_renderer(), points,
                          [f"Vendor number {i}" for i in range(9)])
    # The text's own box: a label moved away draws a leader line, which may cross others.
    renderer = canvas.get_renderer()
    for label in labels:
        label.update_positions(renderer)
    boxes = [Text.get_window_extent(label, renderer) for label in labels]
    for i, box in enumerate(boxes):
        for other in boxes[i + 1:]:
            assert not box.overlaps(other)


@pytest.mark.parametrize(("name", "expected"), [
    ("Verity Loop", "Verity Loop"),
    ("Northbridge Healthcare Documentation Services",
     "Northbridge Healthcare\nDocumentation Services"),
    ("An Extremely Long Vendor Name That Keeps Going Forever Ltd",
     "An Extremely Long Vendor\nName That Keeps Going\u2026"),
])
def test_long_vendor_names_wrap_to_two_lines_at_most(name: str, expected: str) -> None:
    assert vendor_label(name) == expected


# --- stress: a long field with long names and long comments -------------------------------------

def stress_inputs(inputs: EvaluationInputs, vendors: int = 40) -> EvaluationInputs:
    """`vendors` vendors with 60-character names, each a copy of a demo vendor's evidence,
    and a 2 KB comment on every scored criterion of the first evaluator."""
    originals = list(inputs.vendors)
    renamed: dict[str, list[str]] = {v.name: [] for v in originals}
    new_vendors = []
    for index in range(vendors):
        source = originals[index % len(originals)]
        name = (f"{index + 1:02d} {source.name} Incorporated Worldwide Holdings")[:60]
        name = name.ljust(60, "x")
        renamed[source.name].append(name)
        new_vendors.append(Vendor(name=name, delivery_model=source.delivery_model,
                                  headquarters=source.headquarters,
                                  description=source.description))
    comment = ("Long review note. " * 120)[:2048]

    def copies(items: tuple, with_comment: bool = False) -> tuple:
        out = []
        for item in items:
            for name in renamed[item.vendor]:
                update: dict[str, object] = {"vendor": name}
                if with_comment and isinstance(item, EvaluatorScore):
                    update["comment"] = comment
                out.append(item.model_copy(update=update))
        return tuple(out)

    return inputs.model_copy(update={
        "vendors": tuple(new_vendors), "scores": copies(inputs.scores, with_comment=True),
        "measured": copies(inputs.measured), "prices": copies(inputs.prices),
        "assessments": copies(inputs.assessments), "risks": copies(inputs.risks),
        "consensus": copies(inputs.consensus),
    })


def overflowing_boxes(document) -> list[str]:
    """Text laid out beyond the right edge of its page's content area, or off the page."""
    problems = []
    for number, page in enumerate(document.pages, start=1):
        box = page._page_box
        right = box.content_box_x() + box.width + 0.5
        for child in box.descendants():
            if type(child).__name__ != "TextBox" or not child.text.strip():
                continue
            if child.position_x + child.width > right or child.position_x < 0:
                problems.append(f"page {number}: {child.text[:40]!r}")
    return problems


def test_forty_vendors_with_long_names_and_comments_render_without_overflow(
    demo_evidence, caplog: pytest.LogCaptureFixture,
) -> None:
    from weasyprint import HTML

    inputs = stress_inputs(demo_evidence.inputs)
    evidence = evidence_from_inputs(inputs, evaluate(inputs))
    html = render_report_html(evidence, ReportOptions(top_k=5), STAMP)
    assert len(SVG_URI.findall(html)) == 4  # the category chart is split over two pages
    fetcher = TemplateFolderFetcher(shipped_templates_dir())
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        document = HTML(string=html, base_url=fetcher.base_dir.as_uri() + "/",
                        url_fetcher=fetcher).render()
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert overflowing_boxes(document) == []
    pdf = document.write_pdf()
    marks = outline(pdf)
    assert [t for lvl, t, _ in marks if lvl == 1] == [SECTION_TITLES[s] for s in Section]
    assert "Key to the chart" in " ".join(page_texts(pdf))
