"""Weighting profiles: seed the shipped ones, read and compare versions, save edits as new
versions, clone a profile, and move profiles in and out as YAML in the shipped format."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

import yaml
from sqlalchemy.exc import IntegrityError

from vendor_eval.domain.audit import AuditAction
from vendor_eval.domain.criteria import IDENTIFIER
from vendor_eval.domain.people import Actor
from vendor_eval.domain.profiles import (
    Profile,
    load_shipped_profiles,
    profile_from_dict,
    weights_total_problem,
)
from vendor_eval.engine.profile_diff import ProfileDifference, diff_profiles
from vendor_eval.errors import InputError, StaleWriteError
from vendor_eval.files.decode import utf8_text
from vendor_eval.services.kernel.audit import record_event
from vendor_eval.services.kernel.catalogue import get_catalogue
from vendor_eval.services.kernel.permissions import Action, require
from vendor_eval.services.kernel.versions import require_current
from vendor_eval.store import repository
from vendor_eval.store.tables import ProfileVersionRow
from vendor_eval.store.unit_of_work import UnitOfWork

MAX_ID_LENGTH = 80  # the profile_version.profile_id column
MAX_NAME_LENGTH = 200
MAX_YAML_CHARS = 200_000  # a shipped profile is about 4,000 characters


def seed_shipped_profiles(uow: UnitOfWork, actor: Actor) -> list[str]:
    """Store version 1 of every shipped profile the database does not have yet."""
    catalogue = get_catalogue()
    added = []
    with uow:
        known = set(repository.list_profile_ids(uow.session))
        for profile in load_shipped_profiles(catalogue):
            if profile.id in known:
                continue
            _add_version(uow, actor, profile.model_copy(update={"version": 1}), "shipped profile")
            added.append(profile.id)
        uow.commit()
    return added


def list_profile_ids(uow: UnitOfWork, actor: Actor) -> list[str]:
    require(actor, Action.READ)
    with uow:
        return repository.list_profile_ids(uow.session)


def get_profile(uow: UnitOfWork, actor: Actor, profile_id: str,
                version: int | None = None) -> Profile:
    require(actor, Action.READ)
    with uow:
        return repository.load_profile(uow.session, profile_id, get_catalogue(), version)


def list_versions(uow: UnitOfWork, actor: Actor, profile_id: str) -> list[dict[str, object]]:
    """Version history for display: number, when, who, why and the content hash."""
    require(actor, Action.READ)
    with uow:
        return [
            {"version": r.version, "created_at": r.created_at, "author": r.author,
             "note": r.note, "hash": r.content_hash[:12]}
            for r in repository.profile_versions(uow.session, profile_id)
        ]


def diff_versions(uow: UnitOfWork, actor: Actor, profile_id: str, older: int,
                  newer: int) -> list[ProfileDifference]:
    """What changed from one stored version of a profile to another (see engine.profile_diff)."""
    require(actor, Action.READ)
    with uow:
        catalogue = get_catalogue()
        before = repository.load_profile(uow.session, profile_id, catalogue, older)
        after = repository.load_profile(uow.session, profile_id, catalogue, newer)
    return diff_profiles(before, after)


def save_profile_version(uow: UnitOfWork, actor: Actor, body: dict, note: str,
                         source: str = "profile form", base_version: int | None = None,
                         detail: dict[str, str] | None = None) -> Profile:
    """Validate an edited profile and store it as the next version; earlier versions stay.

    With `base_version` (the version the edit started from) the save is refused if someone
    saved a newer version meanwhile, so their change is not silently dropped from the next one.
    """
    require(actor, Action.EDIT_PROFILE)
    profile = _validated(body, source)
    with uow:
        versions = repository.profile_versions(uow.session, profile.id)
        newest = versions[-1] if versions else None
        if newest is not None:
            require_current(f"profile '{profile.id}'", newest.version, base_version,
                            changed_by=newest.author)
        next_version = (newest.version + 1) if newest else 1
        profile = profile.model_copy(update={"version": next_version})
        try:
            _add_version(uow, actor, profile, note, detail)
            uow.commit()
        except IntegrityError:
            raise StaleWriteError(
                f"someone saved version {next_version} of profile '{profile.id}' at the same "
                f"moment; reload and apply your edit again") from None
    return profile


def clone_profile(uow: UnitOfWork, actor: Actor, source_id: str, version: int | None,
                  new_id: str, new_name: str, note: str = "") -> Profile:
    """Copy one version of a profile as version 1 of a new one, so an analyst can try a
    variant without touching the profile projects already rank with."""
    require(actor, Action.EDIT_PROFILE)
    new_id, new_name = new_id.strip(), new_name.strip()
    _check_new_identity(new_id, new_name)
    catalogue = get_catalogue()
    with uow:
        source = repository.load_profile(uow.session, source_id, catalogue, version)
        if repository.profile_versions(uow.session, new_id):
            raise InputError(f"a profile '{new_id}' already exists; choose another id",
                             column="id")
        body = source.model_dump(mode="json") | {"id": new_id, "name": new_name, "version": 1}
        clone = profile_from_dict(body, source=f"clone of {source.id} v{source.version}",
                                  catalogue=catalogue)
        origin = f"cloned from {source.id} v{source.version}"
        try:
            _add_version(uow, actor, clone, f"{origin}: {note.strip()}" if note.strip()
                         else origin, {"cloned_from": f"{source.id}:v{source.version}"})
            uow.commit()
        except IntegrityError:
            raise InputError(f"a profile '{new_id}' was created at the same moment; choose "
                             "another id", column="id") from None
    return clone


def export_profile_yaml(uow: UnitOfWork, actor: Actor, profile_id: str,
                        version: int | None = None) -> str:
    """One version as YAML in the shipped format (`data/profiles/*.yaml`), so it loads back
    through the same loader and can be edited, reviewed in git and imported again."""
    require(actor, Action.EXPORT)
    return profile_yaml(get_profile(uow, actor, profile_id, version))


def import_profile_yaml(uow: UnitOfWork, actor: Actor, text: str | bytes, source_name: str,
                        note: str = "") -> Profile:
    """Store a profile file as the next version of its `id` (or version 1 of a new profile).

    The file's own `version` is ignored: versions are numbered by the database. Every error
    names the file and the field path to fix, and nothing is stored unless the whole file is valid.
    """
    require(actor, Action.EDIT_PROFILE)
    body = parse_profile_yaml(text, source_name)
    return save_profile_version(uow, actor, body, note.strip() or f"imported from {source_name}",
                                source=source_name, detail={"imported_from": source_name})


def profile_yaml(profile: Profile) -> str:
    """The YAML text of a profile, keys in the shipped files' order."""
    header = (f"# Weighting profile '{profile.id}' version {profile.version}, exported by "
              "vendor-eval.\n# Edit it and load it back with `vendor-eval profile import` or the "
              "Profiles page.\n")
    return header + yaml.safe_dump(profile.model_dump(mode="json"), sort_keys=False,
                                   allow_unicode=True, width=100, default_flow_style=False)


def parse_profile_yaml(text: str | bytes, source: str) -> dict[str, object]:
    """The mapping a profile file holds.

    A profile never needs tags, anchors or aliases, so they are refused before anything is
    built: a hostile file can then neither construct Python objects nor expand into gigabytes
    ("billion laughs"). Duplicate keys are refused too, since YAML would keep only the last.
    """
    if isinstance(text, bytes):
        text = utf8_text(text, source, "a weighting profile in YAML")
    if len(text) > MAX_YAML_CHARS:
        raise InputError(f"file is larger than {MAX_YAML_CHARS:,} characters; a profile is "
                         "a few thousand", file=source)
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, (yaml.TagToken, yaml.AnchorToken, yaml.AliasToken)):
                raise InputError(f"YAML {_token_text(token)} is not accepted in a profile",
                                 file=source, row=token.start_mark.line + 1)
        _refuse_duplicate_keys(yaml.compose(text, Loader=yaml.SafeLoader), source, [])
        body = yaml.safe_load(text)
    except RecursionError:
        raise InputError("the YAML is nested too deeply to be a profile", file=source) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"not valid YAML ({getattr(exc, 'problem', None) or exc})", file=source,
                         row=mark.line + 1 if mark is not None else None) from None
    if not isinstance(body, dict):
        raise InputError("expected a profile: a mapping with id, name, description and "
                         "categories", file=source)
    return body


def _validated(body: object, source: str) -> Profile:
    """The profile, with weight-sum errors pointed at the level that does not add up."""
    _check_weight_totals(body, source)
    return profile_from_dict(body, source=source, catalogue=get_catalogue())


def _check_weight_totals(body: object, source: str) -> None:
    """Name the field path of a weight problem (the model alone reports it one level up).

    Non-numbers are left to the model, which names them precisely.
    """
    categories = body.get("categories") if isinstance(body, dict) else None
    if not isinstance(categories, dict):
        return
    for category_id, category in categories.items():
        criteria = category.get("criteria") if isinstance(category, dict) else None
        if isinstance(criteria, dict) and criteria and _all_numbers(criteria.values()):
            _raise_weight_problem(criteria, f"categories.{category_id}.criteria", "{key}",
                                  "criteria weights", source)
    weights = {key: c.get("weight") for key, c in categories.items() if isinstance(c, dict)}
    if weights and len(weights) == len(categories) and _all_numbers(weights.values()):
        _raise_weight_problem(weights, "categories", "{key}.weight", "category weights", source)


def _raise_weight_problem(weights: dict[str, float], level: str, element: str, what: str,
                          source: str) -> None:
    problem = weights_total_problem(weights)
    if problem is None:
        return
    negative = next((key for key, value in weights.items() if value < 0), None)
    column = level if negative is None else f"{level}.{element.format(key=negative)}"
    raise InputError(f"{what}: {problem}", file=source, column=column)


def _all_numbers(values: Iterable[object]) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
               for v in values)


def _check_new_identity(new_id: str, new_name: str) -> None:
    if not re.fullmatch(IDENTIFIER, new_id) or len(new_id) > MAX_ID_LENGTH:
        raise InputError(f"'{new_id}' is not a valid profile id: use lower-case letters, digits "
                         f"and underscores, starting with a letter, at most {MAX_ID_LENGTH} "
                         "characters (e.g. balanced_pilot_heavy)", column="id")
    if not new_name or len(new_name) > MAX_NAME_LENGTH:
        raise InputError(f"give the profile a name of 1 to {MAX_NAME_LENGTH} characters",
                         column="name")


def _refuse_duplicate_keys(node: yaml.Node | None, source: str, path: list[str]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            if name in seen:
                raise InputError(f"'{name}' appears twice; YAML would silently keep only the "
                                 "last", file=source, row=key.start_mark.line + 1,
                                 column=".".join([*path, name]))
            seen.add(name)
            _refuse_duplicate_keys(value, source, [*path, name])
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _refuse_duplicate_keys(item, source, [*path, str(index)])


def _token_text(token: yaml.Token) -> str:
    if isinstance(token, yaml.TagToken):
        handle, suffix = token.value
        return f"tag '{handle or ''}{suffix}'"
    return "anchor or alias ('&' / '*')"


def _add_version(uow: UnitOfWork, actor: Actor, profile: Profile, note: str,
                 detail: dict[str, str] | None = None) -> None:
    uow.session.add(ProfileVersionRow(
        profile_id=profile.id, version=profile.version, name=profile.name,
        body=profile.model_dump(mode="json"), content_hash=profile.content_hash(),
        author=actor.name, note=note,
    ))
    record_event(uow.session, actor, AuditAction.PROFILE_SAVE, f"profile:{profile.id}:v{profile.version}",
                 {"hash": profile.content_hash(), "note": note, **(detail or {})})
