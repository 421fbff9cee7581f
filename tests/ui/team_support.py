"""Opening a page in team mode: an `[auth]` section in the secrets and a logged-in user."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.ui.support import PAGES, TIMEOUT

# Placeholder OIDC settings: AppTest never talks to the provider, it only needs the section.
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret",
    "client_id": "vendor-eval-test",
    "client_secret": "not-a-secret",
    "server_metadata_url": "https://login.example/.well-known/openid-configuration",
}
DANA = "dana.whitfield@bluemesa.example"  # a demo evaluator
RAHUL = "rahul.menon@bluemesa.example"


def team_page(name: str, email: str | None, project: str | None = "demo",
              logged_in: bool = True) -> AppTest:
    """Run one page file in team mode as the person who logged in with `email`."""
    at = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": logged_in, **({"email": email} if email else {})}
    at.session_state["project"] = project
    return at.run()


def click(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()
