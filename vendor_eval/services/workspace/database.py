"""Creating or upgrading the database, seeding shipped profiles and the demo project."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import select

from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.services.decision.profiles import seed_shipped_profiles
from vendor_eval.services.project.bundles import import_project_bundle
from vendor_eval.services.project.demo import demo_bundle
from vendor_eval.store.database import describe, get_engine
from vendor_eval.store.migrate import upgrade_to_head
from vendor_eval.store.tables import ProjectRow
from vendor_eval.store.unit_of_work import UnitOfWork

DEMO_PROJECT = "demo"


@dataclass(frozen=True)
class InitReport:
    database: str
    profiles_added: list[str]
    demo_loaded: bool


def initialise(engine: Engine | None = None, demo: bool = False,
               actor: Actor = LOCAL_ADMIN) -> InitReport:
    """Migrate to the newest schema, add missing shipped profiles, load the demo if asked.

    Idempotent: running it again changes nothing that is already there.
    """
    engine = engine or get_engine()
    upgrade_to_head(engine)
    added = seed_shipped_profiles(UnitOfWork(engine), actor)
    loaded = False
    if demo:
        with UnitOfWork(engine) as uow:
            exists = uow.session.exec(
                select(ProjectRow).where(ProjectRow.key == DEMO_PROJECT)).first() is not None
        if not exists:
            import_project_bundle(UnitOfWork(engine), actor, demo_bundle(), source="data/demo/demo.yaml")
            loaded = True
    return InitReport(database=describe(engine), profiles_added=added, demo_loaded=loaded)
