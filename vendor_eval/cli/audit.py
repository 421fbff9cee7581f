"""`vendor-eval audit verify`: recompute the audit log's hash chain."""

from __future__ import annotations

from typing import Annotated

import typer

from vendor_eval.cli.support import run_or_exit

audit_app = typer.Typer(no_args_is_help=True, help="Check the tamper-evident audit log.")


@audit_app.command("verify")
def verify(
    expect_head: Annotated[str | None, typer.Option(
        "--expect-head", help="a head hash noted earlier (12+ hex characters); catches events "
                              "cut from the end of the log")] = None,
) -> None:
    """Exit 0 if the chain is intact; exit 1 naming the first altered or removed event."""
    from vendor_eval.services.kernel.audit import verify_audit_chain
    from vendor_eval.store.unit_of_work import UnitOfWork

    verdict = run_or_exit(lambda: verify_audit_chain(UnitOfWork(), expect_head=expect_head))
    if verdict.intact:
        typer.echo(verdict.describe())
        return
    typer.echo(verdict.describe(), err=True)
    raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
