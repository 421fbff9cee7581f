"""What the Risk page shows, built from `RiskOverview` frames: who may receive the data, the
coverage matrix, the likelihood x impact heat map and the register and checklist tables.

Pure functions of frames (no streamlit), so they can be tested without running the page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from vendor_eval.domain.checklist import ChecklistCatalogue
from vendor_eval.domain.enums import RiskStatus
from vendor_eval.domain.presentation import VENDOR_PALETTE, format_percent
from vendor_eval.engine.checklist import OUTCOME_UNASSESSED

MET, PARTLY, NOT_MET, EXPIRED = "met", "partly", "not met", "expired"
NOT_APPLICABLE, NOT_ASSESSED = "not applicable", "not assessed"
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


@dataclass(frozen=True)
class GateSummary:
    """Who may receive the project's data (passes every required item) and why the rest may not."""

    qualified: tuple[str, ...]
    excluded: dict[str, tuple[str, ...]]

    @property
    def headline(self) -> str:
        total = len(self.qualified) + len(self.excluded)
        if not self.excluded:
            return (f"All {total} vendors may receive the data: each meets every checklist "
                    "item this project's scope requires.")
        names = ", ".join(self.excluded)
        return (f"{len(self.qualified)} of {total} vendors may receive the data (they meet every "
                f"required checklist item); {names} may not.")

    def reasons_markdown(self) -> str:
        """One bullet per excluded vendor with its failed gates."""
        return "\n".join(f"- **{vendor}** may not: {'; '.join(reasons)}"
                         for vendor, reasons in self.excluded.items())


def gate_summary(table: pd.DataFrame) -> GateSummary:
    """From the ranking table: qualified vendors and the failed gates of the others."""
    return GateSummary(
        qualified=tuple(table.loc[table["qualified"], "vendor"]),
        excluded={row.vendor: tuple(row.gate_failures)
                  for row in table.itertuples(index=False) if not row.qualified},
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
    """Vendors (in the given order) x required items (catalogue order): symbol and status."""
    cells = _required_cells(rows, vendors)
    titles = list(dict.fromkeys(cells["title"]))
    wide = cells.pivot(index="vendor", columns="title", values="shown").reindex(
        index=vendors, columns=titles)
    shown = wide.map(lambda s: f"{STATUS_SYMBOLS[s]} {s}")
    shown.columns = [short_label(t) for t in titles]
    return shown.reset_index(names="Vendor")


def coverage_heatmap(rows: pd.DataFrame, vendors: list[str]) -> go.Figure:
    """Vendors (rows) x required checklist items (columns), one colour per status, with the
    evidence on hover: the 'who may legally receive the data' view."""
    cells = _required_cells(rows, vendors)
    items = list(dict.fromkeys(cells["item_id"]))
    titles = dict(zip(cells["item_id"], cells["title"], strict=False))
    by_cell = {(r.vendor, r.item_id): (r.shown, _coverage_hover(
        r.vendor, r.title, r.shown, r.flag or "", str(r.evidence or "")))
        for r in cells.itertuples(index=False)}
    grid = [[by_cell[(vendor, item)] for item in items] for vendor in vendors]
    code = {status: k for k, status in enumerate(COVERAGE_STATUSES)}
    z = [[code[shown] for shown, _ in row] for row in grid]
    text = [[STATUS_SYMBOLS[shown] for shown, _ in row] for row in grid]
    hover = [[about for _, about in row] for row in grid]
    n = len(COVERAGE_STATUSES)
    # A stepped scale: status k fills [k/n, (k+1)/n] so each code gets exactly its colour.
    scale = [[bound, STATUS_COLOURS[s]] for k, s in enumerate(COVERAGE_STATUSES)
             for bound in (k / n, (k + 1) / n)]
    figure = go.Figure(go.Heatmap(
        z=z, x=[short_label(titles[i]) for i in items], y=vendors, zmin=-0.5, zmax=n - 0.5,
        colorscale=scale, showscale=False, xgap=2, ygap=2, text=text,
        texttemplate="%{text}", customdata=hover, hovertemplate="%{customdata}<extra></extra>",
    ))
    for status in COVERAGE_STATUSES:  # a legend, since a heatmap has none of its own
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=status,
                                    marker={"size": 12, "symbol": "square",
                                            "color": STATUS_COLOURS[status]}))
    figure.update_layout(
        yaxis={"autorange": "reversed", "title": None, "automargin": True},
        xaxis={"title": None, "side": "top", "tickangle": -40, "automargin": True},
        legend={"orientation": "h", "yanchor": "top", "y": -0.02, "x": 0},
        plot_bgcolor="white", margin={"l": 10, "r": 10, "t": 10, "b": 10},
        height=260 + 36 * len(vendors),
    )
    return figure


def _escape(text: str) -> str:
    """Plotly reads hover text as HTML: a '&' or '<' in a vendor's name must not become markup."""
    return html.escape(text, quote=False)


def _coverage_hover(vendor: str, title: str, shown: str, flag: str, evidence: str) -> str:
    parts = [f"<b>{_escape(vendor)}</b>", _escape(f"{title}: {shown}")]
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
          "Status": r.status,
          "Inherent (L x I)": f"{r.likelihood} x {r.impact} = {r.severity}",
          "Residual (L x I)": f"{r.residual_likelihood} x {r.residual_impact} = {r.residual}",
          "Owner": r.owner or "", "Mitigation": r.mitigation or ""}
         for r in frame.itertuples(index=False)],
        columns=list(REGISTER_COLUMNS),
    )


def adjustment_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Per vendor, the open residual exposure and the score adjustment the profile's rule makes."""
    return pd.DataFrame(
        [{"Vendor": r.vendor, "Risk exposure": f"{float(r.risk_exposure):.2f}",
          "Score adjustment": "none" if r.risk_penalty == 0 else
          f"-{format_percent(float(r.risk_penalty))}"}
         for r in table.sort_values("risk_exposure", ascending=False).itertuples(index=False)],
        columns=["Vendor", "Risk exposure", "Score adjustment"],
    )


CHECKLIST_COLUMNS = ("Item", "Id", "Section", "Required", "Status", "Expires", "Flag",
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
        [{"Item": r.title, "Id": r.item_id, "Section": r.section.replace("_", " & "),
          "Required": "yes" if r.required else "no",
          "Status": display_status(r.status, r.effective_status),
          "Expires": r.expires_on.isoformat() if r.expires_on is not None and
          not pd.isna(r.expires_on) else "",
          "Flag": r.flag or "", "Evidence recorded": r.evidence or "",
          "What satisfies it": checklist.by_id[r.item_id].evidence,
          "Mitigation to ask for": checklist.by_id[r.item_id].mitigation}
         for r in mine.itertuples(index=False)],
        columns=list(CHECKLIST_COLUMNS),
    )


def vendors_by_gaps(table: pd.DataFrame) -> list[str]:
    """Vendors with the most failed gates first, then in rank order: where review is needed."""
    failures = [len(f) for f in table["gate_failures"]]
    order = sorted(range(len(failures)), key=lambda i: (-failures[i], i))
    return [table["vendor"].iloc[i] for i in order]
