"""One place for words, number and time formats and vendor colours, shared by app charts, print
charts and tables."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from enum import Enum

from vendor_eval.domain.audit import AuditAction
from vendor_eval.domain.checklist import ALWAYS
from vendor_eval.domain.enums import PricingModel, Sensitivity
from vendor_eval.domain.flags import Flag, FlagCode

# Okabe-Ito plus darker companions: distinguishable for colour-blind readers and in greyscale
# print (the PDF also uses hatching), in the order vendors are listed.
VENDOR_PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
    "#6A3D9A", "#B15928", "#1F78B4", "#33A02C",
)
CATEGORY_PALETTE = (
    "#1b4f72", "#2e86c1", "#85c1e9", "#117864", "#45b39d", "#a3e4d7", "#7d6608", "#f4d03f",
)


def vendor_colours(vendors: list[str]) -> dict[str, str]:
    """Stable colour per vendor: sorted by name so a vendor keeps its colour on every page."""
    return {name: VENDOR_PALETTE[i % len(VENDOR_PALETTE)] for i, name in enumerate(sorted(vendors))}


def category_colours(categories: list[str]) -> dict[str, str]:
    """Stable colour per category id (sorted), whatever order a caller lists them in.

    Pass the categories the ranking uses (its profile's), as the app and the PDF both do.
    """
    return {c: CATEGORY_PALETTE[i % len(CATEGORY_PALETTE)] for i, c in enumerate(sorted(categories))}


# ---------------------------------------------------------------- words

# Written in capitals wherever a code holds them: `boutique_hitl` reads "Boutique HITL".
ACRONYMS = frozenset({
    "ai", "aml", "api", "baa", "bpo", "coco", "csv", "dpa", "dss", "eu", "gdpr", "hipaa",
    "hitl", "iso", "kyc", "llm", "pci", "pdf", "phi", "pii", "qa", "rfp", "rlhf", "sla",
    "soc", "uk", "us", "xlsx",
})
# Codes whose words are not simply their parts with the acronyms in capitals, and the audit
# trail's actions (`profile.save`), which read as what happened.
LABELS: dict[str, str] = {
    "partly": "Partly met",
    "compliance_security": "Compliance & security",
    AuditAction.CHECKLIST_CONFIRM: "Self-declared findings confirmed",
    AuditAction.CHECKLIST_SAVE: "Checklist finding saved",
    AuditAction.CONFLICT_DECLARE: "Conflict of interest declared",
    AuditAction.CONSENSUS_CLEAR: "Consensus score cleared",
    AuditAction.CONSENSUS_SET: "Consensus score set",
    AuditAction.PERSON_ADD: "Person added",
    AuditAction.PERSON_UPDATE: "Person changed",
    AuditAction.PILOT_APPLY: "Pilot applied",
    AuditAction.PRICE_REMOVE: "Price quote removed",
    AuditAction.PRICE_SAVE: "Price quote saved",
    AuditAction.PRICES_IMPORT: "Prices imported",
    AuditAction.PROFILE_SAVE: "Profile saved",
    AuditAction.PROJECT_ASSIGN: "Evaluators assigned",
    AuditAction.PROJECT_CREATE: "Project created",
    AuditAction.PROJECT_EXPORT: "Project exported",
    AuditAction.PROJECT_FREEZE: "Weights frozen",
    AuditAction.PROJECT_IMPORT: "Project imported",
    AuditAction.PROJECT_PROFILE: "Project's profile changed",
    AuditAction.PROJECT_UNASSIGN: "Evaluator unassigned",
    AuditAction.REPORT_EXPORT: "Report built",
    AuditAction.RESULTS_EXPORT: "Results exported",
    AuditAction.RFP_IMPORT: "RFP answers imported",
    AuditAction.RFP_ISSUE: "RFP issued",
    AuditAction.RISKS_SAVE: "Risks saved",
    AuditAction.SCORES_IMPORT: "Scores imported",
    AuditAction.SCORES_REOPEN: "Submission reopened",
    AuditAction.SCORES_SAVE: "Scores saved",
    AuditAction.SCORES_SUBMIT: "Scores submitted",
    AuditAction.SCORES_UNLOCK: "Blind scores unlocked",
    AuditAction.VENDOR_ADD: "Vendor added",
    AuditAction.VENDOR_REMOVE: "Vendor removed",
    AuditAction.VENDOR_UPDATE: "Vendor changed",
    AuditAction.VENDORS_IMPORT: "Vendors imported",
}
# ISO 639-1 codes a scope may name its languages by; anything else is shown as typed.
LANGUAGE_NAMES: dict[str, str] = {
    "ar": "Arabic", "bn": "Bengali", "cs": "Czech", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "es": "Spanish", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "he": "Hebrew", "hi": "Hindi", "hu": "Hungarian", "id": "Indonesian",
    "it": "Italian", "ja": "Japanese", "ko": "Korean", "ms": "Malay", "nl": "Dutch",
    "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian",
    "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "th": "Thai", "tl": "Tagalog",
    "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese", "zh": "Chinese",
}
BLANK = "\u2014"  # what a table shows for a value that is not there

# How a buyer names each way of pricing, and each amount a quote holds ({unit}: the scope's).
PRICING_NAMES: dict[PricingModel, str] = {
    PricingModel.PER_UNIT: "Per item",
    PricingModel.PER_HOUR: "Per hour worked",
    PricingModel.MANAGED_TEAM: "Managed team, monthly fee",
    PricingModel.FIXED_PRICE: "Fixed price for the project",
}
PRICE_FIELD_NAMES: dict[str, str] = {
    "unit_price": "Price per item",
    "hourly_rate": "Hourly rate",
    "units_per_hour": "Items per hour",
    "monthly_fee": "Monthly fee",
    "units_per_month": "Items per month",
    "fixed_price": "Fixed price",
    "setup_fee": "Set-up fee",
    "currency": "Currency",
    "notes": "Notes",
}


def label(value: str | Enum) -> str:
    """A code as people read it: `bpo` -> "BPO", `boutique_hitl` -> "Boutique HITL",
    `eu_personal_data` -> "EU personal data", `profile.save` -> "Profile saved".

    Every enum value and code the app shows goes through here, so a word reads the same on
    every page. Codes not in `LABELS` become their words, acronyms in capitals, first letter up.
    """
    code = str(getattr(value, "value", value))
    if code in LABELS:
        return LABELS[code]
    words = [w.upper() if w.lower() in ACRONYMS else w
             for w in code.replace(".", " ").replace("_", " ").split()]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def labels(values: Iterable[str | Enum], empty: str = BLANK) -> str:
    """Several codes as one comma-separated, sorted phrase (`phi, pii` -> "PHI, PII")."""
    shown = sorted(label(v) for v in values)
    return ", ".join(shown) if shown else empty


def language_name(language: str) -> str:
    """A language as a scope states it: a known ISO 639-1 code becomes its English name
    (`es` -> "Spanish"); anything else (a name typed in the form) is kept as it is."""
    return LANGUAGE_NAMES.get(language.strip().lower(), language)


def plural(count: int, singular: str, many: str | None = None) -> str:
    """A count with its noun: "1 gate", "2 gates", "12,000 items"."""
    return f"{count:,} {singular if count == 1 else (many or singular + 's')}"


def possessive(name: str) -> str:
    """A name owning something: "Kestrel Data Teams'" (ending in s), "Verity Loop's"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


# ---------------------------------------------------------------- times

def format_timestamp(moment: datetime | None) -> str:
    """A moment as every table and message shows it: `2026-11-23 07:40 UTC`. A naive datetime
    is taken to be UTC already (the database stores UTC)."""
    if moment is None:
        return BLANK
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def format_date(day: date | datetime | None) -> str:
    """A day as every page shows it: `2026-11-23` (a datetime is taken in UTC)."""
    if day is None:
        return BLANK
    if isinstance(day, datetime) and day.tzinfo is not None:
        day = day.astimezone(UTC)
    return f"{day:%Y-%m-%d}"


def short_hash(digest: str | None, length: int = 12) -> str:
    """A SHA-256 as people compare it by eye: its first 12 hex digits."""
    return (digest or "")[:length]


# ---------------------------------------------------------------- numbers

def format_count(value: float | None) -> str:
    """A whole number with thousands separators: `120,000`."""
    return BLANK if value is None or _isnan(value) else f"{round(value):,}"


def format_mean(value: float | None) -> str:
    """A mean of rubric scores (0-5) with two decimals: `3.33`, `4.00`."""
    return BLANK if value is None or _isnan(value) else f"{_unsigned_zero(value, 2):.2f}"


def format_signed(value: float | None, decimals: int = 2) -> str:
    """A signed difference on the rubric (leniency): `+0.05`, `-0.05`, never `-0.00`."""
    if value is None or _isnan(value):
        return BLANK
    return f"{_unsigned_zero(value, decimals):+.{decimals}f}"


def format_score(value: float | None) -> str:
    """Scores are shown on 0-100 with one decimal everywhere."""
    return "n/a" if value is None or _isnan(value) else f"{value:.1f}"


def format_money(value: float | None, currency: str = "USD") -> str:
    if value is None or _isnan(value):
        return "n/a"
    if abs(value) >= 100:
        return f"{currency} {value:,.0f}"
    return f"{currency} {value:,.3f}" if abs(value) < 1 else f"{currency} {value:,.2f}"


def format_percent(value: float | None, decimals: int = 1) -> str:
    return "n/a" if value is None or _isnan(value) else f"{100 * value:.{decimals}f}%"


def format_coefficient(value: float | None, decimals: int = 2) -> str:
    """Coefficients on a 0-1 or -1 to 1 scale (Krippendorff's alpha, kappa, Kendall's tau, F1,
    TOPSIS closeness) with two decimals, as the report prints agreement."""
    return "n/a" if value is None or _isnan(value) else f"{value:.{decimals}f}"


def format_interval(low: float | None, high: float | None,
                    fmt: Callable[[float], str] = format_percent) -> str:
    """A range as the report prints it, each end in `fmt`: `64.0% \u2013 96.5%`."""
    if low is None or high is None or _isnan(low) or _isnan(high):
        return "n/a"
    return f"{fmt(low)} \u2013 {fmt(high)}"


def format_points_change(value: float) -> str:
    """A difference in score points, signed: `+2.4`, `-0.8`."""
    return f"{value:+.1f}"


def format_measure(value: float | None, unit: str | None) -> str:
    """A measured value in its unit: fractions as percentages, others with their unit name."""
    if value is None or _isnan(value):
        return "n/a"
    if unit == "fraction":
        return format_percent(value)
    if unit in (None, "", "kappa", "ratio"):
        return f"{value:.2f}"
    return f"{value:g} {unit}"


def _unsigned_zero(value: float, decimals: int) -> float:
    """`value` rounded, with a negative zero made plain zero, so nothing prints as `-0.00`."""
    return round(float(value), decimals) + 0.0


def _isnan(value: float) -> bool:
    return isinstance(value, float) and math.isnan(value)


def flag_text(flag: Flag) -> str:
    """A flag in the words every page, report and the CLI's JSON show it in."""
    subject = ", ".join(flag.subjects)
    if flag.code is FlagCode.MISSING_INPUTS:
        treatment = "left out and re-weighted" if flag.reweighted else "counted as zero"
        return f"missing {plural(len(flag.subjects), 'input')}, {treatment}: {subject}"
    if flag.code is FlagCode.RISK_ADJUSTMENT:
        return f"risk adjustment -{100 * (flag.penalty or 0):.1f}% (exposure {flag.exposure:.2f})"
    if flag.code is FlagCode.CERTIFICATE_UNDATED:
        return f"{subject}: no expiry date recorded for the certificate"
    if flag.code is FlagCode.CERTIFICATE_EXPIRED:
        return f"{subject}: expired on {flag.on.isoformat()}"
    return f"{subject}: expires on {flag.on.isoformat()} (in {flag.days} days)"


def flag_texts(flags: Iterable[Flag], *, risk_adjustment: bool = True) -> list[str]:
    """Flags in words, in order; without the risk adjustment where a table has a column for it."""
    return [flag_text(f) for f in flags if risk_adjustment or not f.is_risk_adjustment]


# What each kind of sensitive data is called in a sentence ("health data (PHI) in scope").
SENSITIVITY_NAMES: dict[Sensitivity, str] = {
    Sensitivity.PII: "personal data (PII)",
    Sensitivity.PHI: "health data (PHI)",
    Sensitivity.EU_PERSONAL_DATA: "personal data of people in the EU",
    Sensitivity.PAYMENT_DATA: "payment card data",
    Sensitivity.FINANCIAL_DATA: "financial data",
    Sensitivity.HARMFUL_CONTENT: "harmful content",
}


def industry_name(industry: str) -> str:
    """An industry as a sentence names it: `llm_training` -> "llm training"."""
    return str(industry).replace("_", " ")


def condition_text(condition: str, *, short: bool = False, profile_name: str | None = None
                   ) -> str:
    """A scope condition of a gate or checklist item in words.

    `phi` -> "health data (PHI) in scope" (short: "PHI in scope"), `industry:healthcare` ->
    "healthcare industry" (short: "Industry is Healthcare"), `always` -> "required on every
    project", `profile:ID` -> "the NAME profile gates it on every project".
    """
    if condition == ALWAYS:
        return "required on every project"
    kind, _, value = condition.partition(":")
    if kind == "industry":
        return f"Industry is {label(value)}" if short else f"{industry_name(value)} industry"
    if kind == "profile":
        return f"the {profile_name or value} profile gates it on every project"
    if short:
        return f"{label(condition)} in scope"
    return f"{SENSITIVITY_NAMES[Sensitivity(condition)]} in scope"


# ---------------------------------------------------------------- errors, as the app says them

_CODE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_QUOTED = re.compile(r"'([a-z][a-z0-9_]*)'")
_VERSIONS = re.compile(r" \(you had version \d+, it is now version \d+\)")
_VERSIONS_BEFORE_STATE = re.compile(r"\(you had version \d+, it is now version \d+: ")
_FILE_SUFFIXES = (".csv", ".xlsx", ".json", ".yaml", ".yml", ".pdf", ".txt")
_PYDANTIC_PHRASES = {"Field required": "is required",
                     "String should have at least 1 character": "must not be empty",
                     "Input should be a valid number, unable to parse string as a number":
                     "must be a number"}


def code_names() -> dict[str, str]:
    """Every code the domain's enums and price fields use, with its words, for error texts."""
    from vendor_eval.domain import enums

    names: dict[str, str] = {}
    for value in vars(enums).values():
        if isinstance(value, type) and issubclass(value, Enum) and value is not Enum:
            names.update({str(member.value): label(member) for member in value})
    names.update(PRICE_FIELD_NAMES)
    return names


def words_for_codes(text: str, names: dict[str, str]) -> str:
    """Replace the codes in a message that `names` knows with their words: snake_case ones
    anywhere, one-word ones where quoted ('bpo'); and drop row versions, which are internal."""
    text = _VERSIONS.sub("", _VERSIONS_BEFORE_STATE.sub("(now: ", text))
    text = _QUOTED.sub(lambda m: f"'{names.get(m.group(1), m.group(1))}'", text)
    return _CODE.sub(lambda match: names.get(match.group(0), match.group(0)), text)


def app_error_text(error: Exception, names: dict[str, str]) -> str:
    """An error as the app shows it: the field as the user sees it, codes in words.

    A file's error keeps its column as the file spells it (the user fixes the file), while a
    form's names the field in words; the CLI prints `str(error)`, its precise form, instead.
    """
    from vendor_eval.errors import InputError

    if not isinstance(error, InputError):
        text = words_for_codes(str(error), names)
        return text[:1].upper() + text[1:]
    from_file = bool(error.file) and str(error.file).lower().endswith(_FILE_SUFFIXES)
    if from_file:
        where = [str(error.file)] + ([f"row {error.row}"] if error.row is not None else [])
        if error.column:
            where.append(f"column '{error.column}'")
        return f"{', '.join(where)}: {error.message}"
    message = words_for_codes(_PYDANTIC_PHRASES.get(error.message, error.message), names)
    if not error.column:
        return message[:1].upper() + message[1:]
    field = names.get(error.column) or label(error.column.split(".")[-1])
    if error.message in _PYDANTIC_PHRASES:
        return f"{field} {message}."
    return f"{field}: {message}"
