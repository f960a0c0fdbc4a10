"""One browser talking to the app over HTTP: a requests session, CSRF-aware forms, HTML reading.

Only 127.0.0.1 is ever contacted. Each request is timed on the client's wall clock, connection
included (gunicorn's sync workers close the connection after every response, so every request
opens a new one, as the first request of a page load does).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from xml.etree.ElementTree import Element

import requests
import tinyhtml5

HOST = "127.0.0.1"
PASSWORD = "twitch-bench-password"
REQUEST_TIMEOUT = 120  # seconds, per request
XHTML = "{http://www.w3.org/1999/xhtml}"


class BenchError(RuntimeError):
    """A page answered with something other than what the benchmark expects."""


@dataclass
class Response:
    status: int
    body: bytes
    ms: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Client:
    def __init__(self, port: int):
        self.port = port
        self.origin = f"http://{HOST}:{port}"
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "twitch-diary-bench"

    def request(self, method: str, path: str, *, expect=(200,), **kwargs) -> Response:
        """Send one request; raise BenchError unless its status is in `expect` (None: any)."""
        headers = kwargs.pop("headers", {})
        if method == "POST":  # as a browser sends them; Django's CSRF check reads both
            headers = {"Origin": self.origin, "Referer": self.origin + path, **headers}
        started = time.perf_counter()
        raw = self.session.request(
            method,
            self.origin + path,
            headers=headers,
            timeout=REQUEST_TIMEOUT,
            allow_redirects=False,
            **kwargs,
        )
        body = raw.content
        response = Response(raw.status_code, body, (time.perf_counter() - started) * 1000)
        if expect and response.status not in expect:
            raise BenchError(
                f"{method} {path}: HTTP {response.status} (expected {expect}); "
                f"{response.text[:300]!r}"
            )
        return response

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> Response:
        """POST form fields (`data=`) and files (`files=`, sent as multipart)."""
        return self.request("POST", path, **kwargs)

    def csrf_token(self, path: str) -> str:
        """The CSRF token of the form on `path`, as a browser would submit it."""
        field = html(self.get(path).text).find(f".//{XHTML}input[@name='csrfmiddlewaretoken']")
        if field is None:
            raise BenchError(f"No CSRF token in the form on {path}")
        return field.get("value", "")

    def login(self, username: str, password: str = PASSWORD) -> None:
        token = self.csrf_token("/accounts/login/")
        fields = {"username": username, "password": password, "csrfmiddlewaretoken": token}
        self.post("/accounts/login/", data=fields, expect=(302,))
        if "sessionid" not in self.session.cookies:
            raise BenchError(f"Login as {username} failed (no session cookie)")

    def copy(self) -> Client:
        """Another browser with the same cookies (the same logged-in session)."""
        other = Client(self.port)
        other.session.cookies.update(self.session.cookies)
        return other


def html(text: str) -> Element:
    """The page's element tree, parsed as a browser would (tags carry the XHTML namespace)."""
    return tinyhtml5.parse(text)


def text_of(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def messages(page: str, *, role: str | None = None, classes: tuple[str, ...] = ()) -> list[str]:
    """The text of every element with this ARIA role or any of these CSS classes."""
    found = []
    for element in html(page).iter():
        own = set(element.get("class", "").split())
        if (role and element.get("role") == role) or own.intersection(classes):
            found.append(text_of(element))
    return [message for message in found if message]
