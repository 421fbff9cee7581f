"""The words and formats every page shows codes, counts and moments in (domain.presentation)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from vendor_eval.domain.audit import AuditAction
from vendor_eval.domain.enums import DeliveryModel, Industry, Role, Sensitivity
from vendor_eval.domain.presentation import (
    format_count,
    format_date,
    format_mean,
    format_signed,
    format_timestamp,
    label,
    labels,
    language_name,
    plural,
    possessive,
    short_hash,
)


@pytest.mark.parametrize(("code", "words"), [
    (DeliveryModel.BPO, "BPO"),
    (DeliveryModel.BOUTIQUE_HITL, "Boutique HITL"),
    (DeliveryModel.PLATFORM_PLUS_WORKFORCE, "Platform plus workforce"),
    (Sensitivity.EU_PERSONAL_DATA, "EU personal data"),
    (Sensitivity.PHI, "PHI"),
    (Industry.HEALTHCARE, "Healthcare"),
    (Industry.LLM_TRAINING, "LLM training"),
    (Role.ADMIN, "Admin"),
    ("not_met", "Not met"),
    ("partly", "Partly met"),
    ("profile.save", "Profile saved"),
    ("scores.reopen", "Submission reopened"),
    ("input_fingerprint", "Input fingerprint"),
])
def test_codes_read_as_words_with_acronyms_in_capitals(code: object, words: str) -> None:
    assert label(code) == words


def test_every_audit_action_reads_as_what_happened() -> None:
    assert all(label(action) != action.value and "." not in label(action)
               for action in AuditAction)


def test_the_services_record_only_actions_the_trail_has_a_name_for() -> None:
    import re
    from pathlib import Path

    services = Path(__file__).resolve().parents[2] / "vendor_eval" / "services"
    calls = [call for path in services.rglob("*.py")
             for call in re.findall(r"record_event\((?:[^()]|\([^()]*\))*\)", path.read_text())
             if not call.startswith("record_event(session: Session")]
    named = {m for call in calls for m in re.findall(r"AuditAction\.([A-Z_]+)", call)}
    assert len(calls) >= len(AuditAction), "every action is recorded somewhere"
    assert all("AuditAction." in call for call in calls)
    assert named == {action.name for action in AuditAction}


def test_several_codes_read_as_one_sorted_phrase() -> None:
    assert labels({Sensitivity.PII, Sensitivity.PHI}) == "PHI, PII"
    assert labels([], empty="none") == "none"


@pytest.mark.parametrize(("language", "name"), [
    ("en", "English"), ("ES", "Spanish"), ("Portuguese", "Portuguese"), ("xx", "xx")])
def test_known_language_codes_become_names_and_typed_names_stay(language: str,
                                                                 name: str) -> None:
    assert language_name(language) == name


def test_moments_read_the_same_everywhere_in_utc() -> None:
    moment = datetime(2026, 11, 23, 8, 40, 59, tzinfo=timezone(timedelta(hours=1)))
    assert format_timestamp(moment) == "2026-11-23 07:40 UTC"
    assert format_timestamp(datetime(2026, 11, 23, 7, 40)) == "2026-11-23 07:40 UTC"  # naive: UTC
    assert format_timestamp(None) == "\u2014"
    assert format_date(datetime(2026, 11, 23, 23, 30, tzinfo=UTC)) == "2026-11-23"
    assert format_date(date(2026, 1, 2)) == "2026-01-02"


def test_counts_carry_thousands_separators_and_proper_plurals() -> None:
    assert format_count(120000) == "120,000"
    assert plural(1, "gate") == "1 gate"
    assert plural(2, "gate") == "2 gates"
    assert plural(120_000, "document") == "120,000 documents"


def test_small_differences_never_print_as_minus_zero() -> None:
    assert format_signed(-0.001) == "+0.00"
    assert format_signed(-0.05) == "-0.05"
    assert format_signed(0.05) == "+0.05"
    assert format_mean(-0.001) == "0.00"
    assert format_mean(3.3333) == "3.33"


def test_hashes_and_possessives() -> None:
    assert short_hash("592ad2b6f602353e214bffd3c0a684003d16da00a0ac150fe") == "592ad2b6f602"
    assert possessive("Harborline Business Services") == "Harborline Business Services'"
    assert possessive("Verity Loop") == "Verity Loop's"


def test_app_errors_name_a_forms_field_in_words_and_keep_a_files_column_as_spelt():
    from vendor_eval.domain.presentation import app_error_text, code_names
    from vendor_eval.errors import InputError, StaleWriteError

    names = {**code_names(), "guideline_feedback_loop": "Guideline feedback loop"}

    assert app_error_text(InputError("Input should be 'bpo', 'managed_team' or 'crowd_platform'",
                                     file="vendor", column="delivery_model"), names) == (
        "Delivery model: Input should be 'BPO', 'Managed team' or 'Crowd platform'")
    assert app_error_text(InputError("Field required", file="vendor",
                                     column="delivery_model"), names) == (
        "Delivery model is required.")
    assert app_error_text(InputError("bad vendor", file="cedar.xlsx", row=3, column="vendor"),
                          names) == "cedar.xlsx, row 3, column 'vendor': bad vendor"
    assert app_error_text(StaleWriteError(
        "Acme / guideline_feedback_loop was changed by local admin since you loaded it (you "
        "had version 1, it is now version 2); reload and apply your change again"), names) == (
        "Acme / Guideline feedback loop was changed by local admin since you loaded it; reload "
        "and apply your change again")
    assert str(InputError("bad", file="cedar.xlsx", column="vendor")) == (
        "cedar.xlsx, column/field 'vendor': bad"), "the CLI keeps its precise form"
