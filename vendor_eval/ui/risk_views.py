"""What the Risk page shows, built from `RiskOverview` frames: who may receive the data, the
coverage matrix, the likelihood x impact heat map and the register and checklist tables.

Plain functions of frames (streamlit only for the tables' column settings), so they can be
tested without running the page.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from vendor_eval.domain.checklist import (
    ChecklistAssessment,
    ChecklistCatalogue,
    ChecklistStatus,
)
from vendor_eval.domain.enums import RiskStatus
from vendor_eval.domain.presentation import (
    BLANK,
    VENDOR_PALETTE,
    format_date,
    format_percent,
    label,
    plural,
    possessive,
)
from vendor_eval.engine.checklist import OUTCOME_GATE, OUTCOME_UNASSESSED
from vendor_eval.ui.frames import escape_markdown

MET, PARTLY, NOT_MET, EXPIRED = "met", "partly", "not met", "expired"
NOT_APPLICABLE, NOT_ASSESSED = "not applicable", "not assessed"
LISTED_FAILURES = 3  # a vendor failing more is summarised by count; the list is on demand
# Best to worst, the order of the coverage legend.
COVERAGE_STATUSES = (MET, PARTLY, NOT_MET, EXPIRED, NOT_APPLICABLE, NOT_ASSESSED)
# Okabe-Ito colours from presentation's palette (colour-blind safe), plus a neutral grey;
# each cell also carries a symbol, so the matrix reads in greyscale too.
STATUS_COLOURS = {
    MET: VENDOR_PALETTE[2],          # bluish green
    PARTLY: VENDOR_PALETTE[1],       # orange
    NOT_MET: VENDOR_PALETTE[5],      # vermillion
    EXPIRED: VENDOR_PALETTE[3],      # reddish purple
    NOT_APPLICABLE: VENDOR_PALETTE[4],  # sky blue: on a required item it still fails
    NOT_ASSESSED: "#BBBBBB",
}
STATUS_SYMBOLS = {MET: "✓", PARTLY: "½", NOT_MET: "✗", EXPIRED: "⌛", NOT_APPLICABLE: "n/a",
                  NOT_ASSESSED: "?"}
# The register statuses the heat map counts: everything still carrying risk.
OPEN_STATUSES = (RiskStatus.OPEN.value, RiskStatus.ACCEPTED.value, RiskStatus.MITIGATED.value)
SEVERITY_SCALE = "YlOrRd"
LABEL_WIDTH = 34
ITEM_LABEL_WIDTH = 64  # checklist items down the coverage matrix's side, read horizontally
VENDOR_LINE_WIDTH = 12  # vendors across its top, their names wrapped onto lines this long


@dataclass(frozen=True)
class GateSummary:
    """Who may receive the project's data (passes every required item) and why the rest may not."""

    qualified: tuple[str, ...]
    excluded: dict[str, tuple[str, ...]]
    # Per excluded vendor: how many required items fail, by what counts today ("not assessed").
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def headline(self) -> str:
        total = len(self.qualified) + len(self.excluded)
        if not self.excluded:
            return (f"All {total} vendors may receive the data: each meets every checklist "
                    "item this project's scope requires.")
        names = ", ".join(self.excluded)
        return (f"{len(self.qualified)} of {total} vendors may receive the data (they meet every "
                f"required checklist item); {names} may not.")

    def reasons_markdown(self, limit: int | None = LISTED_FAILURES) -> str:
        """One bullet per excluded vendor: its failed gates when there are at most `limit`,
        else how many fail, counted by status (the banner stays a few lines long)."""
        lines = []
        for vendor, reasons in self.excluded.items():
            if limit is None or len(reasons) <= limit:
                lines.append(f"- **{vendor}** may not: {'; '.join(reasons)}")
                continue
            by_status = ", ".join(f"{count} {status}" for status, count in
                                  sorted(self.counts.get(vendor, {}).items(),
                                         key=lambda item: (-item[1], item[0])))
            lines.append(f"- **{vendor}** may not: {len(reasons)} required items fail"
                         + (f" ({by_status})" if by_status else ""))
        return "\n".join(lines)

    @property
    def has_hidden_details(self) -> bool:
        """Whether the short bullets leave failures unnamed (shown on demand below them)."""
        return any(len(reasons) > LISTED_FAILURES for reasons in self.excluded.values())


def gate_summary(table: pd.DataFrame, rows: pd.DataFrame | None = None) -> GateSummary:
    """From the ranking table: qualified vendors and the failed gates of the others; with the
    checklist's rows, how many required items fail per vendor, by status."""
    counts: dict[str, dict[str, int]] = {}
    if rows is not None and len(rows):
        failed = rows[rows["required"] & (rows["outcome"] == OUTCOME_GATE)]
        for (vendor, status), group in failed.groupby(["vendor", "effective_status"]):
            counts.setdefault(str(vendor), {})[label(status).lower()] = len(group)
    return GateSummary(
        qualified=tuple(table.loc[table["qualified"], "vendor"]),
        excluded={row.vendor: tuple(row.gate_failures)
                  for row in table.itertuples(index=False) if not row.qualified},
        counts=counts,
    )


def display_status(status: object, effective_status: str) -> str:
    """A checklist row's status as read: a met certificate that has lapsed shows as expired."""
    if effective_status == OUTCOME_UNASSESSED:
        return NOT_ASSESSED
    if status == "met" and effective_status == "not_met":
        return EXPIRED
    return effective_status.replace("_", " ")


def short_label(title: str, width: int = LABEL_WIDTH) -> str:
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"


def _required_cells(rows: pd.DataFrame, vendors: list[str]) -> pd.DataFrame:
    required = rows[rows["required"] & rows["vendor"].isin(vendors)].copy()
    required["shown"] = [display_status(s, e) for s, e in
                         zip(required["status"], required["effective_status"], strict=True)]
    return required


def coverage_table(rows: pd.DataFrame, vendors: list[str]) -> pd.DataFrame:
    """Required items (catalogue order) x vendors (in the given order): symbol and status."""
    cells = _required_cells(rows, vendors)
    titles = list(dict.fromkeys(cells["title"]))
    wide = cells.pivot(index="title", columns="vendor", values="shown").reindex(
        index=titles, columns=vendors)
    shown = wide.map(lambda s: f"{STATUS_SYMBOLS[s]} {label(s)}")
    return shown.reset_index(names="Checklist item")


def coverage_column_config(vendors: list[str]) -> dict[str, object]:
    """The item's title in full width; one compact column per vendor, named in full on hover."""
    return {"Checklist item": st.column_config.TextColumn(width="large", pinned=True),
            **{vendor: st.column_config.TextColumn(vendor, width=110, help=vendor)
               for vendor in vendors}}


def wrap_name(name: str, width: int = VENDOR_LINE_WIDTH) -> str:
    """A name broken onto lines of about `width` characters at spaces, for an axis label."""
    return "<br>".join(_escape(line) for line in textwrap.wrap(name, width)) or _escape(name)


def coverage_heatmap(rows: pd.DataFrame, vendors: list[str]) -> go.Figure:
    """Required checklist items (rows, their titles read across) x vendors (columns), one
    colour per status, with the evidence on hover: the 'who may legally receive the data'
    view."""
    cells = _required_cells(rows, vendors)
    items = list(dict.fromkeys(cells["item_id"]))
    titles = dict(zip(cells["item_id"], cells["title"], strict=False))
    by_cell = {(r.vendor, r.item_id): (r.shown, _coverage_hover(
        r.vendor, r.title, r.shown, r.flag or "", str(r.evidence or "")))
        for r in cells.itertuples(index=False)}
    grid = [[by_cell[(vendor, item)] for vendor in vendors] for item in items]
    code = {status: k for k, status in enumerate(COVERAGE_STATUSES)}
    z = [[code[shown] for shown, _ in row] for row in grid]
    text = [[STATUS_SYMBOLS[shown] for shown, _ in row] for row in grid]
    hover = [[about for _, about in row] for row in grid]
    n = len(COVERAGE_STATUSES)
    # A stepped scale: status k fills [k/n, (k+1)/n] so each code gets exactly its colour.
    scale = [[bound, STATUS_COLOURS[s]] for k, s in enumerate(COVERAGE_STATUSES)
             for bound in (k / n, (k + 1) / n)]
    figure = go.Figure(go.Heatmap(
        z=z, x=vendors, y=[short_label(titles[i], ITEM_LABEL_WIDTH) for i in items],
        zmin=-0.5, zmax=n - 0.5, colorscale=scale, showscale=False, xgap=2, ygap=2, text=text,
        texttemplate="%{text}", customdata=hover, hovertemplate="%{customdata}<extra></extra>",
    ))
    for status in COVERAGE_STATUSES:  # a legend, since a heatmap has none of its own
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=label(status),
                                    marker={"size": 12, "symbol": "square",
                                            "color": STATUS_COLOURS[status]}))
    # Vendors' names wrap onto lines and stay level; beyond a dozen vendors Plotly slants them.
    figure.update_layout(
        yaxis={"autorange": "reversed", "title": None, "automargin": True},
        xaxis={"title": None, "side": "top", "automargin": True, "tickmode": "array",
               "tickvals": vendors, "ticktext": [wrap_name(v) for v in vendors],
               **({"tickangle": 0} if len(vendors) <= 12 else {})},
        legend={"orientation": "h", "yanchor": "top", "y": -0.02, "x": 0},
        plot_bgcolor="white", margin={"l": 10, "r": 10, "t": 10, "b": 10},
        height=160 + 26 * len(items),
    )
    return figure


def _escape(text: str) -> str:
    """Plotly reads hover text as HTML: a '&' or '<' in a vendor's name must not become markup."""
    return html.escape(text, quote=False)


def _coverage_hover(vendor: str, title: str, shown: str, flag: str, evidence: str) -> str:
    parts = [f"<b>{_escape(vendor)}</b>", _escape(f"{title}: {label(shown).lower()}")]
    if flag:
        parts.append(_escape(flag))
    if evidence:
        parts.append(_escape(short_label(evidence, 90)))
    return "<br>".join(parts)


def open_risks(register: pd.DataFrame, residual: bool) -> pd.DataFrame:
    """Risks still carrying exposure, with the likelihood and impact to plot (residual after
    mitigation, or inherent)."""
    open_ = register[register["status"].isin(OPEN_STATUSES)]
    prefix = "residual_" if residual else ""
    return pd.DataFrame({"vendor": open_["vendor"], "title": open_["title"],
                         "likelihood": open_[f"{prefix}likelihood"].astype(int),
                         "impact": open_[f"{prefix}impact"].astype(int)})


def risk_counts(register: pd.DataFrame, residual: bool) -> list[list[int]]:
    """Counts of open risks by likelihood (rows 1-5) and impact (columns 1-5)."""
    counts = [[0] * 5 for _ in range(5)]
    for row in open_risks(register, residual).itertuples(index=False):
        counts[row.likelihood - 1][row.impact - 1] += 1
    return counts


def risk_heatmap(register: pd.DataFrame, residual: bool) -> go.Figure:
    """The 5 x 5 likelihood x impact grid of all vendors' open risks: each cell coloured by its
    severity (likelihood x impact), labelled with how many risks fall in it, and listing them
    ("vendor: title") on hover."""
    risks = open_risks(register, residual)
    counts = risk_counts(register, residual)
    hover = [[[] for _ in range(5)] for _ in range(5)]
    for row in risks.itertuples(index=False):
        hover[row.likelihood - 1][row.impact - 1].append(_escape(f"{row.vendor}: {row.title}"))
    levels = list(range(1, 6))
    figure = go.Figure(go.Heatmap(
        z=[[lik * imp for imp in levels] for lik in levels], x=levels, y=levels, zmin=1, zmax=25,
        colorscale=SEVERITY_SCALE, showscale=False, xgap=2, ygap=2, opacity=0.85,
        text=[[str(n) if n else "" for n in row] for row in counts],
        texttemplate="%{text}", textfont={"size": 16},
        customdata=[[_cell_hover(lik, imp, hover[lik - 1][imp - 1]) for imp in levels]
                    for lik in levels],
        hovertemplate="%{customdata}<extra></extra>",
    ))
    kind = "residual" if residual else "inherent"
    figure.update_layout(
        xaxis={"title": f"impact ({kind})", "dtick": 1, "constrain": "domain"},
        yaxis={"title": f"likelihood ({kind})", "dtick": 1, "scaleanchor": "x"},
        margin={"l": 10, "r": 10, "t": 10, "b": 10}, height=420,
    )
    return figure


def _cell_hover(likelihood: int, impact: int, risks: list[str]) -> str:
    head = (f"likelihood {likelihood} x impact {impact} = {likelihood * impact}: "
            f"{len(risks)} risk{'' if len(risks) == 1 else 's'}")
    return "<br>".join([head, *risks])


REGISTER_COLUMNS = ("Vendor", "Risk", "Source", "Status", "Inherent (L x I)",
                    "Residual (L x I)", "Owner", "Mitigation")


def register_rows(register: pd.DataFrame, vendor: str | None = None) -> pd.DataFrame:
    """The register as read, worst residual first; checklist gaps are marked as their source."""
    frame = register if vendor is None else register[register["vendor"] == vendor]
    frame = frame.sort_values(["residual", "severity", "vendor"], ascending=[False, False, True],
                              kind="stable")
    return pd.DataFrame(
        [{"Vendor": r.vendor, "Risk": r.title,
          "Source": "checklist gap" if r.from_checklist else "register",
          "Status": label(r.status),
          "Inherent (L x I)": f"{r.likelihood} x {r.impact} = {r.severity}",
          "Residual (L x I)": f"{r.residual_likelihood} x {r.residual_impact} = {r.residual}",
          "Owner": r.owner or BLANK, "Mitigation": r.mitigation or BLANK}
         for r in frame.itertuples(index=False)],
        columns=list(REGISTER_COLUMNS),
    )


def register_column_config() -> dict[str, object]:
    """Widths that show the vendor, the risk's title, its source, status and both scores at a
    laptop's width; the owner and the mitigation follow to the right."""
    return {"Vendor": st.column_config.TextColumn(width=215),
            "Risk": st.column_config.TextColumn(width=390),
            "Source": st.column_config.TextColumn(width=95),
            "Status": st.column_config.TextColumn(width=70),
            "Inherent (L x I)": st.column_config.TextColumn(
                "Inherent", width=80, help="Likelihood x impact before mitigation, each 1-5"),
            "Residual (L x I)": st.column_config.TextColumn(
                "Residual", width=80, help="Likelihood x impact after mitigation, each 1-5"),
            "Owner": st.column_config.TextColumn(width=130),
            "Mitigation": st.column_config.TextColumn(width="large")}


def adjustment_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Per vendor, the open residual exposure and the score adjustment the profile's rule makes."""
    return pd.DataFrame(
        [{"Vendor": r.vendor, "Risk exposure": f"{float(r.risk_exposure):.2f}",
          "Score adjustment": "none" if r.risk_penalty == 0 else
          f"-{format_percent(float(r.risk_penalty))}"}
         for r in table.sort_values("risk_exposure", ascending=False).itertuples(index=False)],
        columns=["Vendor", "Risk exposure", "Score adjustment"],
    )


def adjustment_column_config() -> dict[str, object]:
    return {"Vendor": st.column_config.TextColumn(width=300),
            "Risk exposure": st.column_config.TextColumn(
                "Exposure", width=90, alignment="right",
                help="Open residual risk exposure (see below)"),
            "Score adjustment": st.column_config.TextColumn(
                "Adjustment", width=100, alignment="right",
                help="The score reduction the exposure brings")}


CHECKLIST_COLUMNS = ("Item", "Section", "Required", "Status", "Expires", "Flag",
                     "Evidence recorded", "What satisfies it", "Mitigation to ask for")


def checklist_gaps(rows: pd.DataFrame, vendor: str) -> pd.DataFrame:
    """The vendor's required items whose status today is anything but met."""
    mine = rows[rows["vendor"] == vendor]
    return mine[mine["required"] & (mine["effective_status"] != "met")]


def checklist_rows(rows: pd.DataFrame, checklist: ChecklistCatalogue, vendor: str,
                   only_gaps: bool) -> pd.DataFrame:
    """One vendor's checklist as read: its findings beside what the catalogue asks for."""
    mine = checklist_gaps(rows, vendor) if only_gaps else rows[rows["vendor"] == vendor]
    return pd.DataFrame(
        [{"Item": r.title, "Section": label(r.section),
          "Required": "yes" if r.required else "no",
          "Status": label(display_status(r.status, r.effective_status)),
          "Expires": format_date(r.expires_on) if r.expires_on is not None and
          not pd.isna(r.expires_on) else BLANK,
          "Flag": r.flag or BLANK, "Evidence recorded": r.evidence or BLANK,
          "What satisfies it": checklist.by_id[r.item_id].evidence,
          "Mitigation to ask for": checklist.by_id[r.item_id].mitigation}
         for r in mine.itertuples(index=False)],
        columns=list(CHECKLIST_COLUMNS),
    )


def checklist_column_config() -> dict[str, object]:
    long_text = st.column_config.TextColumn(width="large")
    return {"Item": st.column_config.TextColumn("Item", pinned=True, width="medium"),
            "Section": st.column_config.TextColumn(width=150),
            "Required": st.column_config.TextColumn(width=75),
            "Status": st.column_config.TextColumn(width=100),
            "Expires": st.column_config.TextColumn(width=95),
            "Evidence recorded": long_text, "What satisfies it": long_text,
            "Mitigation to ask for": long_text}


def item_ids_rows(checklist: ChecklistCatalogue) -> pd.DataFrame:
    """Each checklist item's id, which a findings file names it by."""
    return pd.DataFrame([{"Checklist item": item.title, "Id in the file": item.id}
                         for item in checklist.items], columns=["Checklist item", "Id in the file"])


def vendors_by_gaps(table: pd.DataFrame) -> list[str]:
    """Vendors with the most failed gates first, then in rank order: where review is needed."""
    failures = [len(f) for f in table["gate_failures"]]
    order = sorted(range(len(failures)), key=lambda i: (-failures[i], i))
    return [table["vendor"].iloc[i] for i in order]


# ---------------------------------------------------------------- self-declared findings

def self_declared_titles(rows: pd.DataFrame, vendor: str) -> list[str]:
    """The vendor's findings that rest on its own RFP answers, not yet checked by a reviewer."""
    mine = rows[(rows["vendor"] == vendor) & rows["self_declared"].astype(bool)]
    return list(mine["title"])


def self_declared_met(rows: pd.DataFrame) -> dict[str, int]:
    """Per vendor: required checks that count as met only on the vendor's own word."""
    met = rows[rows["required"] & (rows["effective_status"] == "met")
               & rows["self_declared"].astype(bool)]
    return {str(v): int(n) for v, n in met.groupby("vendor").size().items()}


def self_declared_met_text(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    who = ", ".join(f"{escape_markdown(v)} {n}" for v, n in sorted(counts.items()))
    return (f"{plural(total, 'required check')} {'counts' if total == 1 else 'count'} as met "
            f"only on the vendors' own word in their RFP answers ({who}): confirm them under "
            "Checklist per vendor once the evidence is checked.")


def self_declared_text(vendor: str, titles: list[str]) -> str:
    return (f"{len(titles)} of {possessive(vendor)} findings rest only on its own RFP answers "
            "(self-declared, not yet checked by a reviewer). Check the evidence it gave, then "
            "confirm them here; each is recorded as reviewed by you.")


# ---------------------------------------------------------------- findings grid

GRID_ITEM = "Checklist item"
STATUS_WORDS = {status.value: label(status) for status in ChecklistStatus}
WORD_STATUS = {words: code for code, words in STATUS_WORDS.items()}


def findings_grid(rows: pd.DataFrame, vendors: list[str]) -> pd.DataFrame:
    """Required items down, vendors across, each cell the recorded status in words (empty: not
    assessed); indexed by item id so edits map back to items."""
    required = rows[rows["required"]]
    items = list(dict.fromkeys(required["item_id"]))
    titles = dict(zip(required["item_id"], required["title"], strict=False))
    status = {(r.vendor, r.item_id): r.status for r in required.itertuples(index=False)}
    frame = pd.DataFrame({GRID_ITEM: [titles[i] for i in items]}, index=pd.Index(items))
    for vendor in vendors:
        frame[vendor] = [STATUS_WORDS.get(status.get((vendor, i)) or "", None) for i in items]
    return frame


def findings_grid_config(vendors: list[str]) -> dict[str, object]:
    options = list(STATUS_WORDS.values())
    return {GRID_ITEM: st.column_config.TextColumn(GRID_ITEM, pinned=True, width="large"),
            **{v: st.column_config.SelectboxColumn(wrap_name(v, 18), options=options,
                                                   width="small", help=v) for v in vendors}}


@dataclass(frozen=True)
class GridChange:
    vendor: str
    item_id: str
    status: str | None  # None: the cell was emptied


def grid_changes(before: pd.DataFrame, after: pd.DataFrame, vendors: list[str]
                 ) -> list[GridChange]:
    """The cells whose status differs from what was loaded, as status codes."""
    changes = []
    for item_id in before.index:
        for vendor in vendors:
            old, new = before.at[item_id, vendor], after.at[item_id, vendor]
            old = None if old is None or pd.isna(old) else str(old)
            new = None if new is None or pd.isna(new) else str(new)
            if old != new:
                changes.append(GridChange(vendor, str(item_id),
                                          None if new is None else WORD_STATUS[new]))
    return changes


def grid_finding(change: GridChange, recorded: ChecklistAssessment | None,
                 reviewer: str) -> dict[str, object]:
    """The finding a grid cell saves: its new status, whatever evidence was recorded before,
    and the person saving it as reviewer."""
    kept = {} if recorded is None else recorded.model_dump(
        include={"evidence", "file_reference", "expires_on"})
    return {"vendor": change.vendor, "item_id": change.item_id, "status": change.status,
            **kept, "reviewer": reviewer}
