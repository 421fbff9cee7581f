"""Organisation-editable templates and hostile data cannot escape the sandbox or the folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.worlds import world
from vendor_eval.domain.evidence import EvaluatorScore
from vendor_eval.engine.evaluate import evaluate
from vendor_eval.errors import InputError
from vendor_eval.render.pdf import ResourceRefused, TemplateFolderFetcher, html_to_pdf
from vendor_eval.render.templates import (
    render_string,
    render_template,
    shipped_templates_dir,
    template_environment,
)
from vendor_eval.services.report.shortlist import shortlist_html

HOSTILE = '<img src="file:///etc/passwd"> {{ 7*7 }} <script>alert(1)</script>'


@pytest.mark.parametrize("source", [
    "{{ ''.__class__.__mro__ }}",
    "{{ ().__class__.__bases__[0].__subclasses__() }}",
    "{{ project.__class__.__init__.__globals__ }}",
    "{{ ranking.append(1) }}",
])
def test_sandbox_refuses_attribute_escapes_with_a_clear_error(source: str) -> None:
    environment = template_environment()
    with pytest.raises(InputError, match="unsafe operation, refused by the sandbox") as caught:
        render_string(environment, source, {"project": {"title": "x"}, "ranking": []},
                      name="custom.html.j2")
    assert caught.value.file == "custom.html.j2"
    assert caught.value.row == 1


def test_undefined_variable_raises_input_error_naming_the_template(tmp_path: Path) -> None:
    (tmp_path / "cover.html.j2").write_text("<p>ok</p>\n<p>{{ not_provided }}</p>\n")
    environment = template_environment(organisation_dir=tmp_path)
    with pytest.raises(InputError, match="not_provided") as caught:
        render_template(environment, "cover.html.j2", {})
    assert "cover.html.j2" in str(caught.value)
    assert caught.value.row == 2


def test_template_syntax_error_raises_input_error_with_line(tmp_path: Path) -> None:
    (tmp_path / "broken.html.j2").write_text("<p>\n{% if %}\n</p>\n")
    environment = template_environment(organisation_dir=tmp_path)
    with pytest.raises(InputError, match="syntax error") as caught:
        render_template(environment, "broken.html.j2", {})
    assert caught.value.file == "broken.html.j2"
    assert caught.value.row == 2


def test_organisation_template_overrides_and_extends_the_shipped_one(tmp_path: Path) -> None:
    (tmp_path / "layout.html.j2").write_text(
        '{% extends "default:layout.html.j2" %}'
        '{% block head %}<meta name="org" content="acme">{% endblock %}'
    )
    environment = template_environment(organisation_dir=tmp_path)
    html = render_template(environment, "layout.html.j2",
                           {"project": {"title": "P"}, "document_title": "D"})
    assert '<meta name="org" content="acme">' in html
    assert 'href="style.css"' in html


def test_hostile_project_description_renders_as_literal_text() -> None:
    inputs = world()
    inputs = inputs.model_copy(update={
        "project": inputs.project.model_copy(update={"description": HOSTILE, "title": HOSTILE}),
        "scores": inputs.scores + (EvaluatorScore(vendor="A", criterion_id="review",
                                                  evaluator="e9", score=4, comment=HOSTILE),),
    })
    html = shortlist_html(inputs, evaluate(inputs), top_k=2)
    assert '<img src="file:///etc/passwd">' not in html
    assert "<script>" not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt; {{ 7*7 }}" in html
    assert "&gt; 49 &lt;" not in html


def test_fetcher_refuses_network_and_files_outside_the_templates() -> None:
    fetcher = TemplateFolderFetcher(shipped_templates_dir())
    for url in ("http://example.com/pixel.png", "https://example.com/style.css",
                "file:///etc/passwd", "ftp://example.com/x",
                f"{shipped_templates_dir().as_uri()}/../pyproject.toml",
                "file://otherhost/etc/passwd"):
        with pytest.raises(ResourceRefused):
            fetcher.fetch(url)


def test_fetcher_refuses_a_symlink_leading_out_of_the_templates(tmp_path: Path) -> None:
    (tmp_path / "escape.css").symlink_to("/etc/passwd")
    fetcher = TemplateFolderFetcher(tmp_path)
    with pytest.raises(ResourceRefused):
        fetcher.fetch((tmp_path / "escape.css").as_uri())


def test_fetcher_serves_files_inside_the_templates_and_data_uris() -> None:
    fetcher = TemplateFolderFetcher(shipped_templates_dir())
    response = fetcher.fetch((shipped_templates_dir() / "style.css").as_uri())
    assert response.content_type == "text/css"
    assert b"@page" in response.read()
    inline = fetcher.fetch("data:text/plain;base64,aGVsbG8=")
    assert inline.read() == b"hello"


def test_organisation_file_of_the_same_name_wins(tmp_path: Path) -> None:
    (tmp_path / "style.css").write_text("body { color: red; }")
    fetcher = TemplateFolderFetcher(shipped_templates_dir(), overrides=[tmp_path])
    response = fetcher.fetch((shipped_templates_dir() / "style.css").as_uri())
    assert response.read() == b"body { color: red; }"


def test_pdf_renders_without_a_refused_resource() -> None:
    html = ('<html><body><p>Visible</p><img src="file:///etc/passwd">'
            '<img src="http://127.0.0.1:9/pixel.png"></body></html>')
    pdf = html_to_pdf(html, shipped_templates_dir())
    assert pdf.startswith(b"%PDF")
    assert b"root:" not in pdf


def renamed(inputs, old: str, new: str):
    """The same world with vendor `old` called `new` in the vendor list and all its evidence."""
    def move(items: tuple) -> tuple:
        return tuple(i.model_copy(update={"vendor": new}) if i.vendor == old else i
                     for i in items)

    return inputs.model_copy(update={
        "vendors": tuple(v.model_copy(update={"name": new}) if v.name == old else v
                         for v in inputs.vendors),
        **{group: move(getattr(inputs, group))
           for group in ("scores", "measured", "prices", "assessments", "risks")},
    })


def test_hostile_vendor_name_stays_text_in_charts_headings_and_preview() -> None:
    import base64
    import re

    from vendor_eval.documents.shortlist.evidence import evidence_from_inputs
    from vendor_eval.services.report.shortlist import preview_html

    name = '<script>alert(1)</script> "A" & ]]> Ltd'
    inputs = renamed(world(), "A", name)
    html = shortlist_html(inputs, evaluate(inputs), top_k=2)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34;A&#34; &amp; ]]&gt; Ltd" in html
    charts = [base64.b64decode(m).decode() for m in
              re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)]
    assert len(charts) == 3
    for svg in charts:
        assert "<script>" not in svg
        assert "&lt;script&gt;" in svg  # matplotlib writes chart text as escaped SVG text
    for anchor in re.findall(r'id="(vendor-[^"]*)"', html):
        assert re.fullmatch(r"vendor-\d+-[a-z0-9-]+", anchor)
    preview = preview_html(evidence_from_inputs(inputs), top_k=2)
    assert "<script>" not in preview and "&lt;script&gt;" in preview


def test_organisation_can_restyle_one_section_and_keep_the_rest(tmp_path: Path) -> None:
    (tmp_path / "shortlist").mkdir()
    (tmp_path / "shortlist" / "excluded.html.j2").write_text(
        '<section class="report-section" id="sec-excluded"><h1>Not eligible</h1>'
        '{% for v in excluded %}<p class="org">{{ v.name }}</p>{% endfor %}</section>')
    inputs = world(gates={"A": True, "B": False, "C": True})
    html = shortlist_html(inputs, evaluate(inputs), top_k=2, organisation_dir=tmp_path)
    assert '<p class="org">B</p>' in html
    assert "Executive summary" in html  # the shipped sections are still there
