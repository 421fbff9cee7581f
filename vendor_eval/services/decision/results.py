"""Safe tabular exports: cells that a spreadsheet would run as formulas are defused; the
ranking and the full score matrix of a project as CSV or XLSX."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

import pandas as pd

from vendor_eval.domain.audit import AuditAction
from vendor_eval.domain.enums import CriterionKind, ResultsTable
from vendor_eval.domain.evaluation import EvaluationInputs
from vendor_eval.domain.people import Actor
from vendor_eval.engine.evaluate import evaluate, mean_scores
from vendor_eval.engine.result import RankResult
from vendor_eval.services.decision.ranking import load_evaluation, require_open_ranking
from vendor_eval.services.kernel.audit import record_event
from vendor_eval.services.kernel.permissions import Action, require
from vendor_eval.store.unit_of_work import UnitOfWork

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def defuse_cell(value: object) -> object:
    """Prefix a text cell that starts like a formula with a quote (OWASP CSV injection advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def defuse_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells are all defused; numbers are left as numbers."""
    return frame.map(defuse_cell)


# --- results of a project: the ranking and the full score matrix ---------------------------

class ResultsFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


@dataclass(frozen=True)
class ProjectResults:
    """What `export-results` writes: the ranking, the score matrix and how they were made."""

    project: str
    ranking: pd.DataFrame
    scores: pd.DataFrame
    about: pd.DataFrame


def project_results(uow: UnitOfWork, actor: Actor, project_key: str) -> ProjectResults:
    """The project's ranking and score matrix as the actor may see them (blind scoring and
    sealed prices apply: the export is refused while the ranking is not open to them)."""
    require(actor, Action.EXPORT)
    inputs = load_evaluation(uow, actor, project_key)
    require_open_ranking(inputs)
    result = evaluate(inputs)
    return ProjectResults(
        project=project_key,
        ranking=ranking_frame(result),
        scores=score_matrix_frame(inputs, result),
        about=pd.DataFrame([
            ("project", project_key), ("title", inputs.project.title),
            ("profile", f"{result.profile_id} v{result.profile_version}"),
            ("profile hash", result.profile_hash), ("method", result.method),
            ("certificates judged on", inputs.as_of.isoformat()),
            ("exported by", actor.name),
            ("exported at", datetime.now(UTC).isoformat(timespec="seconds")),
        ], columns=["item", "value"]),
    )


def export_results(uow: UnitOfWork, actor: Actor, project_key: str,
                   fmt: ResultsFormat | str,
                   table: ResultsTable | str = ResultsTable.SCORES) -> bytes:
    """The results as an XLSX workbook (sheets Ranking, Scores, About) or one CSV table (UTF-8
    with a byte-order mark, which spreadsheets read correctly); formula injection defused."""
    fmt, table = ResultsFormat(fmt), ResultsTable(table)
    results = project_results(uow, actor, project_key)
    if fmt is ResultsFormat.XLSX:
        from vendor_eval.render.workbook import workbook_bytes

        data = workbook_bytes({"Ranking": results.ranking, "Scores": results.scores,
                               "About": results.about}, defuse=defuse_cell)
    else:
        frame = results.scores if table is ResultsTable.SCORES else results.ranking
        data = defuse_frame(frame.rename(columns=defuse_cell)).to_csv(index=False)\
            .encode("utf-8-sig")
    with uow:
        record_event(uow.session, actor, AuditAction.RESULTS_EXPORT, f"project:{project_key}", {
            "format": fmt.value, "tables": ["ranking", "scores"] if fmt is ResultsFormat.XLSX
            else [table.value], "vendors": len(results.ranking),
            "score_rows": len(results.scores)})
        uow.commit()
    return data


def ranking_frame(result: RankResult) -> pd.DataFrame:
    """One row per vendor in rank order, lists joined with '; ' so each cell is one value."""
    records = result.to_records()
    return pd.DataFrame([{
        **{k: v for k, v in r.items() if k not in ("gate_failures", "flags")},
        "gate_failures": "; ".join(r["gate_failures"]),
        "flags": "; ".join(r["flags"]),
    } for r in records], columns=[
        "rank", "vendor", "score", "raw_score", "risk_penalty", "qualified", "gate_status",
        "gate_failures", "flags", "total_cost", "currency", "cost_per_correct_label"])


def score_matrix_frame(inputs: EvaluationInputs, result: RankResult) -> pd.DataFrame:
    """Vendor x scored criterion, one column per evaluator, with the mean, the spread, the
    consensus (and its rationale) where one was agreed, and the score the ranking used."""
    catalogue = inputs.catalogue
    in_profile = [c for c in dict.fromkeys(result.contributions["criterion_id"])
                  if catalogue.by_id[c].kind is CriterionKind.SCORED]
    scored_elsewhere = ({s.criterion_id for s in inputs.scores}
                        | {c.criterion_id for c in inputs.consensus}) - set(in_profile)
    criteria = [*in_profile, *sorted(scored_elsewhere)]
    evaluators = sorted({s.evaluator for s in inputs.scores})
    given = {(s.vendor, s.criterion_id, s.evaluator): s.score for s in inputs.scores}
    agreed = {(c.vendor, c.criterion_id): c for c in inputs.consensus}
    used = mean_scores(inputs)
    ranks = dict(zip(result.table["vendor"], result.table["rank"], strict=True))
    rows = []
    for vendor in result.table["vendor"]:
        for criterion_id in criteria:
            criterion = catalogue.by_id[criterion_id]
            values = [given.get((vendor, criterion_id, e)) for e in evaluators]
            present = [v for v in values if v is not None]
            consensus = agreed.get((vendor, criterion_id))
            ranking_value = (used.at[vendor, criterion_id]
                             if vendor in used.index and criterion_id in used.columns else None)
            rows.append([
                int(ranks[vendor]), vendor, catalogue.category_names[criterion.category],
                criterion_id, criterion.name, *values,
                round(sum(present) / len(present), 4) if present else None,
                (max(present) - min(present)) if present else None,
                None if consensus is None else consensus.score,
                "" if consensus is None else consensus.rationale,
                None if ranking_value is None or pd.isna(ranking_value)
                else round(float(ranking_value), 4),
            ])
    return pd.DataFrame(rows, columns=[
        "rank", "vendor", "category", "criterion_id", "criterion", *evaluators, "mean",
        "spread", "consensus", "consensus_rationale", "used_in_ranking"])
