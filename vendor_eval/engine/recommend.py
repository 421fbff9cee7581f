"""Which weighting profile a project's scope calls for, and which checks it makes mandatory.

The rules are a short table of scope signals, each worth points to one profile and carrying
the sentence that explains it, so every recommendation says why. They follow DOMAIN.md: the
risk of a wrong answer comes first (PHI, card data, regulated industries), then the kind of
work (images at mega volume, LLM preference data, moderation queues). A specialised profile
needs MIN_FIT points; below that the balanced profile is the honest default. Ties go to the
profile that guards more against a wrong answer (PRIORITY).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, model_validator

from vendor_eval.domain.checklist import ALWAYS, ChecklistCatalogue, ChecklistItem
from vendor_eval.domain.enums import Industry, Sensitivity
from vendor_eval.domain.presentation import SENSITIVITY_NAMES, condition_text, industry_name
from vendor_eval.domain.profiles import Gate, Profile
from vendor_eval.domain.project import Scope
from vendor_eval.engine.checklist import required_item_ids
from vendor_eval.engine.gates import applicable_gates
from vendor_eval.errors import InputError

REGULATED = "regulated_hitl_qa"
CV_MEGA_VOLUME = "cv_mega_volume"
LLM_PREFERENCE = "llm_preference_rlhf"
MODERATION = "content_moderation"
BALANCED = "balanced"
PRIORITY = (REGULATED, MODERATION, LLM_PREFERENCE, CV_MEGA_VOLUME, BALANCED)

MIN_FIT = 3  # points a specialised profile needs before it beats the balanced default
MEGA_VOLUME = 1_000_000  # "millions of items": where throughput and unit cost dominate
MANY_LANGUAGES = 3  # from here, native coverage in every language is a selection criterion

REGULATED_INDUSTRIES = (Industry.HEALTHCARE, Industry.FINANCE, Industry.INSURANCE)
VISUAL_WORDS = ("image", "photo", "picture", "video", "lidar", "point cloud", "radar", "camera",
                "satellite", "dicom", "x-ray", "mri", "ct scan", "sensor")
LLM_WORDS = ("preference", "rlhf", "llm", "prompt", "chatbot", "conversation", "model output",
             "red team", "red-team", "sft", "instruction")
MODERATION_WORDS = ("moderation", "user-generated", "ugc", "harmful", "abuse", "policy review")


class RequiredCheck(BaseModel):
    """A checklist item the scope makes mandatory: unmet, it disqualifies a vendor."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    gate_criterion: str | None = None
    conditions: tuple[str, ...]  # what made it required: `phi`, `industry:finance`, `always`, ...
    triggers: tuple[str, ...]  # the same, in plain words
    reason: str  # the profile's gate reason, else the risk the item guards against

    @property
    def always(self) -> bool:
        return self.conditions == (ALWAYS,)


class ProfileFit(BaseModel):
    """How well one profile fits the scope, why, and what it would make mandatory."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    profile_id: str
    name: str
    points: int
    reasons: tuple[str, ...]
    required: tuple[RequiredCheck, ...]


class Recommendation(BaseModel):
    """The profile to use for a scope, the reasons, and the other profiles best first."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    scope: Scope
    recommended: ProfileFit
    alternatives: tuple[ProfileFit, ...]

    @model_validator(mode="after")
    def _each_profile_once(self) -> Recommendation:
        ids = [self.recommended.profile_id, *(fit.profile_id for fit in self.alternatives)]
        if len(ids) != len(set(ids)):
            raise ValueError(f"a profile is listed twice: {ids}")
        return self

    @property
    def profile_id(self) -> str:
        return self.recommended.profile_id

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.recommended.reasons

    @property
    def required(self) -> tuple[RequiredCheck, ...]:
        return self.recommended.required

    def fit(self, profile_id: str) -> ProfileFit:
        """The fit of any available profile, so a user's own choice shows its checks too."""
        for fit in (self.recommended, *self.alternatives):
            if fit.profile_id == profile_id:
                return fit
        known = ", ".join(sorted([self.profile_id, *(f.profile_id for f in self.alternatives)]))
        raise InputError(f"no profile '{profile_id}' (known profiles: {known})", column="profile")


@dataclass(frozen=True)
class Signal:
    """One scope fact that favours one profile, worth `points`, explained by `reason`."""

    profile_id: str
    points: int
    reason: str


def recommend_profile(scope: Scope, profiles: Mapping[str, Profile],
                      checklist: ChecklistCatalogue) -> Recommendation:
    """Rank the given profiles for the scope; only profiles in `profiles` are ever proposed."""
    if not profiles:
        raise InputError("no weighting profiles are available; run `vendor-eval init` first",
                         column="profile")
    signals = [s for s in scope_signals(scope) if s.profile_id in profiles]
    points = {pid: sum(s.points for s in signals if s.profile_id == pid) for pid in profiles}
    outranked = any(p >= MIN_FIT for pid, p in points.items() if pid != BALANCED)
    fits = [_fit(profiles[pid], scope, checklist, [s for s in signals if s.profile_id == pid],
                 outranked) for pid in profiles]
    ranked = sorted(fits, key=_rank_key)
    return Recommendation(scope=scope, recommended=ranked[0], alternatives=tuple(ranked[1:]))


def scope_signals(scope: Scope) -> list[Signal]:
    """Every rule that fires for the scope, strongest first."""
    signals = [*_risk_signals(scope), *_work_signals(scope)]
    if len(scope.languages) >= MANY_LANGUAGES:
        text = (f"{len(scope.languages)} languages: native coverage in each of them carries "
                "weight in this profile")
        signals += [Signal(LLM_PREFERENCE, 1, text), Signal(MODERATION, 1, text)]
    return sorted(signals, key=lambda s: -s.points)


# What one fact of the scope says about the work, when it holds: (profile, points, reason).
SENSITIVITY_SIGNALS: dict[Sensitivity, tuple[str, int, str]] = {
    Sensitivity.PHI: (REGULATED, 5, "PHI in scope: regulated review puts accuracy and data "
                                    "protection far ahead of price, and gates the HIPAA BAA"),
    Sensitivity.PAYMENT_DATA: (REGULATED, 5, "Payment card data in scope: regulated review "
                                             "puts data protection ahead of price, and PCI DSS "
                                             "is required"),
    Sensitivity.FINANCIAL_DATA: (REGULATED, 3, "Financial data in scope: errors and leaks "
                                               "carry regulatory cost, so audit trails and the "
                                               "quality system outweigh unit price"),
    Sensitivity.HARMFUL_CONTENT: (MODERATION, 3, "Harmful content in scope: moderator "
                                                 "wellbeing, escalation and turnaround weigh "
                                                 "most"),
}
INDUSTRY_SIGNALS: dict[Industry, tuple[str, int, str]] = {
    Industry.AUTONOMOUS_VEHICLES: (CV_MEGA_VOLUME, 3, "Autonomous vehicles: large sensor-data "
                                                      "programmes with stable task definitions"),
    Industry.LLM_TRAINING: (LLM_PREFERENCE, 3, "LLM training: subjective, rubric-based work "
                                               "where consistency between raters matters"),
    Industry.TRUST_AND_SAFETY: (MODERATION, 4, "Trust and safety: moderation queues need surge "
                                               "capacity, fast turnaround and moderator "
                                               "wellbeing"),
}


def _risk_signals(scope: Scope) -> list[Signal]:
    """The risk of a wrong answer: regulated data and industries call for regulated review."""
    signals = [Signal(*SENSITIVITY_SIGNALS[s]) for s in SENSITIVITY_SIGNALS
               if s in scope.sensitivity]
    if scope.industry in REGULATED_INDUSTRIES:
        industry = _first_upper(industry_name(scope.industry.value))
        signals.append(Signal(REGULATED, 3, f"{industry} is a regulated industry: a wrong "
                                            "answer costs far more than the label"))
    if scope.industry in INDUSTRY_SIGNALS:
        signals.append(Signal(*INDUSTRY_SIGNALS[scope.industry]))
    return signals


def _work_signals(scope: Scope) -> list[Signal]:
    """The kind of work, from the data types named: images at scale, preference judgements,
    moderation queues."""
    signals = []
    visual = matching_data_types(scope, VISUAL_WORDS)
    if visual and scope.volume >= MEGA_VOLUME:
        signals.append(Signal(CV_MEGA_VOLUME, 4,
                              f"{_quoted(visual)} at {_volume(scope)}: image, video or sensor "
                              "labelling at a volume where throughput, ramp-up speed and unit "
                              "cost dominate"))
    elif visual:
        signals.append(Signal(CV_MEGA_VOLUME, 1,
                              f"{_quoted(visual)}: image, video or sensor labelling, but "
                              f"{_volume(scope)} is below the {MEGA_VOLUME:,} where throughput "
                              "and unit cost dominate"))
    preference = matching_data_types(scope, LLM_WORDS)
    if preference:
        signals.append(Signal(LLM_PREFERENCE, 4,
                              f"{_quoted(preference)}: preference or RLHF work, where the answer "
                              "is a judgement and rater calibration and agreement matter most"))
    moderation = matching_data_types(scope, MODERATION_WORDS)
    if moderation:
        signals.append(Signal(MODERATION, 3,
                              f"{_quoted(moderation)}: content reviewed against a policy within "
                              "hours, with volume spikes"))
    return signals


def matching_data_types(scope: Scope, words: Iterable[str]) -> list[str]:
    """The scope's data types that mention any of `words` (case-insensitive)."""
    words = tuple(words)
    return [d for d in scope.data_types if any(w in d.lower() for w in words)]


def required_checks(profile: Profile, scope: Scope,
                    checklist: ChecklistCatalogue) -> tuple[RequiredCheck, ...]:
    """The checklist items that become pass/fail under this profile for this scope.

    Scope-specific items (sensitivity, industry, the profile's gates) come first, then those
    every project requires, each in checklist order.
    """
    gates = applicable_gates(profile.gates, scope)
    required = required_item_ids(checklist, scope, [gate.criterion for gate in gates])
    checks = [_check(item, scope, profile, gates) for item in checklist.items
              if item.id in required]
    return tuple(sorted(checks, key=lambda check: check.always))


def describe_condition(condition: str, profile: Profile | None = None) -> str:
    """A scope condition in plain words: `phi` -> 'health data (PHI) in scope'."""
    return condition_text(condition, profile_name=profile.name if profile else None)


def _check(item: ChecklistItem, scope: Scope, profile: Profile,
           gates: list[Gate]) -> RequiredCheck:
    gate = next((g for g in gates if g.criterion == item.gate_criterion), None)
    conditions = [c for c in item.required_when_any if c == ALWAYS or scope.satisfies(c)]
    if gate is not None:
        conditions += list(gate.when_all) or [f"profile:{profile.id}"]
    if len(conditions) > 1 and ALWAYS in conditions:  # a specific trigger says more than "always"
        conditions.remove(ALWAYS)
    unique = tuple(dict.fromkeys(conditions))
    return RequiredCheck(
        id=item.id, name=item.title, gate_criterion=item.gate_criterion, conditions=unique,
        triggers=tuple(describe_condition(c, profile) for c in unique),
        reason=gate.reason if gate is not None else item.guards_against,
    )


def _fit(profile: Profile, scope: Scope, checklist: ChecklistCatalogue, signals: list[Signal],
         outranked: bool) -> ProfileFit:
    """`outranked`: a specialised profile fits, so balanced is only the neutral alternative."""
    reasons = [s.reason for s in signals]
    if profile.id == BALANCED:
        reasons = ["A neutral starting point: every category counts, with quality, pilot "
                   "evidence and commercials a little ahead" if outranked else
                   "Nothing in the scope calls for a specialised profile, so every category "
                   "counts, with quality, pilot evidence and commercials a little ahead"]
        personal = [SENSITIVITY_NAMES[s] for s in (Sensitivity.PII, Sensitivity.EU_PERSONAL_DATA)
                    if s in scope.sensitivity]
        if personal:
            reasons.append(f"{_first_upper(_listed(personal))} in scope: handled by the required "
                           "checks below rather than by other weights")
    elif profile.id not in PRIORITY:
        reasons = ["No rule links a scope to this profile; choose it if it was made for this work"]
    elif not signals:
        reasons = ["Nothing in the scope points to this profile"]
    return ProfileFit(profile_id=profile.id, name=profile.name,
                      points=sum(s.points for s in signals), reasons=tuple(reasons),
                      required=required_checks(profile, scope, checklist))


def _rank_key(fit: ProfileFit) -> tuple[int, int, int, str]:
    """Fitting specialised profiles, then balanced, then weaker fits, then rule-less profiles."""
    if fit.profile_id == BALANCED:
        tier = 1
    elif fit.profile_id not in PRIORITY:
        tier = 3
    else:
        tier = 0 if fit.points >= MIN_FIT else 2
    order = PRIORITY.index(fit.profile_id) if fit.profile_id in PRIORITY else len(PRIORITY)
    return tier, -fit.points, order, fit.profile_id


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _quoted(items: list[str]) -> str:
    return _listed([f"'{item}'" for item in items])


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _volume(scope: Scope) -> str:
    plural = scope.volume != 1 and not scope.unit.endswith("s")
    return f"{scope.volume:,} {scope.unit}{'s' if plural else ''}"
