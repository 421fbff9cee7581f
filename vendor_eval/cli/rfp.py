"""`vendor-eval rfp` and `import-responses`: issue the RFP (PDF and response workbook) and read
returned workbooks back into the project."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vendor_eval.cli.support import read_input, run_or_exit
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.errors import InputError


def _listed(values: list[str] | None) -> list[str]:
    """Values given repeated (`--sections a --sections b`) or comma-separated (`a,b`)."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def rfp(
    project: Annotated[str, typer.Argument(help="project key")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="PDF file to write (default: reports/PROJECT-rfp.pdf)")] = None,
    workbook: Annotated[Path | None, typer.Option(
        "--workbook", help="also write the response workbook (.xlsx) vendors fill in")] = None,
    sections: Annotated[list[str] | None, typer.Option(
        "--sections", help="chapters to include, comma-separated (default: all): background, "
                           "guidelines, security, slas, pilot, pricing, evaluation, submission, "
                           "contract, questions")] = None,
    questions: Annotated[list[str] | None, typer.Option(
        "--questions", help="question ids to ask, comma-separated (default: the bank's pick "
                            "for the project's scope)")] = None,
    pricing: Annotated[list[str] | None, typer.Option(
        "--pricing", help="pricing models to ask for, comma-separated (default: all): per_unit, "
                          "per_hour, managed_team, fixed_price; 'none' asks for no prices")] = None,
    vendor: Annotated[str | None, typer.Option(
        help="issue to this vendor: its name goes into the workbook, so the import knows whose "
             "answers they are")] = None,
    template_set: Annotated[str, typer.Option(
        "--template-set",
        help="'default' or a set under VENDOR_EVAL_ORG_TEMPLATES_DIR")] = "default",
    contact: Annotated[str, typer.Option(help="who receives questions and responses")] = "",
) -> None:
    """Write the RFP as PDF (and the response workbook), and record what was issued."""
    from vendor_eval.services.rfp.issue import export_rfp
    from vendor_eval.store.unit_of_work import UnitOfWork

    options = run_or_exit(lambda: _options(sections, questions, pricing, vendor, template_set,
                                           contact))
    issued, pdf_path, book_path = run_or_exit(
        lambda: export_rfp(UnitOfWork(), LOCAL_ADMIN, project, output, workbook, options))
    typer.echo(f"wrote {pdf_path}")
    if book_path is not None:
        typer.echo(f"wrote {book_path}")
    typer.echo(f"reference {issued.reference}, question bank {issued.bank_version}, "
               f"{len(issued.question_ids)} questions"
               + (f", issued to {issued.vendor}" if issued.vendor else ""))


def _options(sections: list[str] | None, questions: list[str] | None,
             pricing: list[str] | None, vendor: str | None, template_set: str, contact: str):
    from pydantic import ValidationError

    from vendor_eval.domain.criteria import validation_error_to_input_error
    from vendor_eval.domain.rfp import RfpOptions

    body: dict[str, object] = {"vendor": vendor, "template_set": template_set,
                               "contact": contact}
    if sections:
        body["sections"] = _listed(sections)
    if questions:
        body["question_ids"] = _listed(questions)
    if pricing:
        models = _listed(pricing)
        body["pricing_models"] = [] if models == ["none"] else models
    try:
        return RfpOptions.model_validate(body)
    except ValidationError as error:
        problem = validation_error_to_input_error(error, "command line")
        option = (problem.column or "").split(".")[0].replace("question_ids", "questions")
        raise InputError(problem.message, column=f"--{option.replace('_models', '')}") from None


def import_responses(
    project: Annotated[str, typer.Argument(help="project key")],
    path: Annotated[Path, typer.Argument(help="a response workbook (.xlsx) returned by a vendor")],
    vendor: Annotated[str | None, typer.Option(
        help="whose answers these are; needed when the workbook was issued to no vendor in "
             "particular, and must match when it was")] = None,
    partial: Annotated[bool, typer.Option(
        "--partial", help="import a workbook whose only faults are required answers left "
                          "empty, listing them; any other fault still imports nothing")] = False,
) -> None:
    """Import a returned response workbook; a workbook with any fault imports nothing."""
    from vendor_eval.domain.rfp import WorkbookProblems
    from vendor_eval.services.rfp.responses import import_responses as run_import
    from vendor_eval.store.unit_of_work import UnitOfWork

    def run():
        data = read_input(path)
        try:
            return run_import(UnitOfWork(), LOCAL_ADMIN, project, path.name, data, vendor,
                              partial=partial)
        except WorkbookProblems as problems:
            typer.echo(f"error: {problems.file}: {len(problems.problems)} problem(s), nothing "
                       "was imported:", err=True)
            for problem in problems.problems:
                typer.echo(f"  {problem.describe()}", err=True)
            raise typer.Exit(code=2) from None

    result = run_or_exit(run)
    for line in result.lines():
        typer.echo(line)


def register(app: typer.Typer) -> None:
    app.command("rfp")(rfp)
    app.command("import-responses")(import_responses)
