"""Where things live: shipped data, templates, reports and the database URL."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
DATA_DIR = Path(os.environ.get("VENDOR_EVAL_DATA_DIR", PROJECT_ROOT / "data"))
TEMPLATES_DIR = Path(os.environ.get("VENDOR_EVAL_TEMPLATES_DIR", PROJECT_ROOT / "rfp_templates"))
REPORTS_DIR = Path(os.environ.get("VENDOR_EVAL_REPORTS_DIR", PROJECT_ROOT / "reports"))
CATALOGUE_PATH = DATA_DIR / "criteria.yaml"
PROFILES_DIR = DATA_DIR / "profiles"
DEMO_DIR = DATA_DIR / "demo"


def database_url() -> str:
    """`DATABASE_URL` when set (team mode, PostgreSQL); else the embedded SQLite file under data/."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{DATA_DIR / 'vendor_eval.db'}"


def load_demo() -> bool:
    """Whether the app loads the demo project into a new database (`VENDOR_EVAL_DEMO=0`: start
    with no project at all, as a buyer's own workspace does)."""
    return os.environ.get("VENDOR_EVAL_DEMO", "1").strip() not in ("0", "false", "no")
