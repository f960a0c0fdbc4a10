"""Real-browser fixtures: pytest-playwright driving Debian's Chromium, headless.

The browser is launched once per session by pytest-playwright's `browser` fixture; we only
override its launch arguments (the system Chromium, since Playwright's own browser download is
not available) and its context arguments (the app's live server as base URL, a New York clock).
Each test gets a fresh context, so cookies never leak between tests.

Chromium missing: the tests skip with the reason, except in CI (CI set), where they fail.
"""

import datetime as dt
import os
from zoneinfo import ZoneInfo

# Playwright's sync API keeps an asyncio event loop running in the test thread from the first
# browser test until the session ends, and Django refuses ORM calls while a loop runs. Set this
# on import, before any fixture starts Playwright; it has to stay for the rest of the process
# because tests collected after these ones also run while that loop is alive.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from playwright.sync_api import Page, expect  # noqa: E402

from tests.conftest import PASSWORD, make_user  # noqa: E402

NEW_YORK = "America/New_York"
PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # Without these Chromium calls hosts it cannot reach (and that the tests forbid).
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def today_in_new_york() -> dt.date:
    """Today for the test users: the same zone as their profile and their browser."""
    return dt.datetime.now(ZoneInfo(NEW_YORK)).date()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = chromium_path()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        reason = (
            f"Chromium not found at {path}: install Debian's chromium "
            "(apt-get install chromium) or set CHROMIUM_PATH"
        )
        if in_ci():
            pytest.fail(f"{reason}. Browser tests must not skip in CI.", pytrace=False)
        pytest.skip(reason)
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "timezone_id": NEW_YORK,
        "locale": "en-US",
        # The service worker fetches pages in the background (to keep them for offline use),
        # which the live server's in-memory SQLite cannot serve beside the test's own
        # requests ("database table is locked"). Only the offline tests let it run.
        "service_workers": "block",
    }


# The icon is fetched by the browser on its own, and a click that leaves the page before it
# arrives aborts that request: not a problem of the page. Everything else that fails is.
BROWSER_OWN_REQUESTS = ("/favicon.ico", "/favicon.svg")


def _browser_own(url: str) -> bool:
    return url.split("?")[0].endswith(BROWSER_OWN_REQUESTS)


class BrowserLog:
    """What the browser did during one test: every request, and anything that went wrong."""

    def __init__(self, server_url: str):
        self.server_url = server_url
        self.urls: list[str] = []
        self.problems: list[str] = []

    def on_request(self, request):
        self.urls.append(request.url)

    def on_response(self, response):
        if response.status >= 400 and not _browser_own(response.url):
            self.problems.append(f"HTTP {response.status} for {response.url}")

    def on_request_failed(self, request):
        if not _browser_own(request.url):
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def on_console(self, message):
        if message.type == "error" and not _browser_own(message.location.get("url", "")):
            self.problems.append(f"console error: {message.text}")

    def on_page_error(self, error):
        self.problems.append(f"JavaScript error: {error}")

    def foreign_urls(self) -> list[str]:
        return [url for url in self.urls if not url.startswith(self.server_url)]


@pytest.fixture
def browser_log(context, live_server) -> BrowserLog:
    log = BrowserLog(live_server.url)
    context.on("request", log.on_request)
    context.on("response", log.on_response)
    context.on("requestfailed", log.on_request_failed)
    context.on("console", log.on_console)
    context.on("weberror", lambda web_error: log.on_page_error(web_error.error))
    return log


@pytest.fixture
def page(page: Page, browser_log: BrowserLog):
    """pytest-playwright's page, checked after every test: no host but the live server was
    asked for anything (no CDN), no failed request, no JavaScript or console error."""
    page.set_default_timeout(10_000)
    yield page
    assert browser_log.foreign_urls() == [], "the page requested another host"
    assert browser_log.problems == [], "the browser reported problems"


@pytest.fixture
def diarist(transactional_db):
    """A person with an account, living in New York like the browser's clock."""
    return make_user("diarist", timezone=NEW_YORK)


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Today,")).to_be_visible()


@pytest.fixture
def signed_in(page: Page, diarist) -> Page:
    """A page on the dashboard, logged in through the login form."""
    log_in(page, diarist.get_username())
    return page
