"""SQLite under concurrent writes: gunicorn with several workers, many clients, nothing lost.

The app runs for real (gunicorn, DEBUG off, a fresh SQLite file) and eight
clients, each with its own session, log caffeine entries through the create
form at the same time. Every request must end in the form's redirect (no 500,
no "database is locked"), and every entry must be in the database.
"""

import datetime as dt
import http.client
import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection

from diary.models import Caffeine

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="the concurrency risk is SQLite's; runs on SQLite only",
    ),
    pytest.mark.slow,  # about 45 s: a real gunicorn and eight clients
]

BASE_DIR = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
WORKERS = 4
CLIENTS = 8
ENTRIES_PER_CLIENT = 250  # 2,000 in all
USERNAME, PASSWORD = "busy", "a-long-unusual-passphrase-42"
FIRST_TIME = dt.datetime(2025, 6, 1, 0, 0)
STARTUP_SECONDS = 30


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Session:
    """One browser: a cookie jar and a CSRF token, over plain http.client."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, fields=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode({**fields, "csrfmiddlewaretoken": self.cookies["csrftoken"]})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response, content

    def log_in(self):
        response, content = self.request("GET", "/accounts/login/")
        assert response.status == 200, content[:500]
        assert re.search(rb'name="csrfmiddlewaretoken"', content)
        response, content = self.request(
            "POST", "/accounts/login/", {"username": USERNAME, "password": PASSWORD}
        )
        assert response.status == 302, content[:500]
        assert "sessionid" in self.cookies


def _environment(database: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "SESSION_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.security.serve_settings",
        DATABASE_URL=f"sqlite:///{database}",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(BASE_DIR),
    )
    return env


def _manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _wait_until_healthy(server, port, log):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, f"gunicorn exited:\n{log.read_text()}"
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not answer /healthz within {STARTUP_SECONDS} s:\n{log.read_text()}")


def _entry_time(client: int, n: int) -> dt.datetime:
    """A distinct minute for every entry, so a lost one can be named."""
    return FIRST_TIME + dt.timedelta(days=client, minutes=n)


def _log_entries(session, client, results):
    session.log_in()
    for n in range(ENTRIES_PER_CLIENT):
        response, content = session.request(
            "POST",
            "/caffeine/new/",
            {
                "taken_at": _entry_time(client, n).strftime("%Y-%m-%dT%H:%M"),
                "mg": str(1 + n % 400),
                "source": "coffee",
            },
        )
        results.append((response.status, response.getheader("Location"), content[:300]))


def test_concurrent_clients_lose_no_entries_under_gunicorn(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = _environment(database)
    _manage(env, "migrate", "--noinput")
    _manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; from accounts.models import Profile; "
        f"user = get_user_model().objects.create_user({USERNAME!r}, password={PASSWORD!r}); "
        "Profile.objects.create(user=user, timezone='UTC')",
    )

    port = _free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [str(GUNICORN), "twitchdiary.wsgi", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}"],
            cwd=BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_healthy(server, port, log)
        results = []
        errors = []

        def run(client):
            try:
                _log_entries(Session(port), client, results)
            except Exception as error:  # reported below, with the server's log
                errors.append(repr(error))

        threads = [threading.Thread(target=run, args=(c,)) for c in range(CLIENTS)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    server_log = log.read_text()
    assert not errors, f"{errors}\n{server_log[-3000:]}"
    posted = CLIENTS * ENTRIES_PER_CLIENT
    bad = [r for r in results if r[0] != 302 or r[1] != "/"]
    with sqlite3.connect(database) as db:
        stored = {
            dt.datetime.fromisoformat(row[0]).replace(tzinfo=None)
            for row in db.execute(f"SELECT taken_at FROM {Caffeine._meta.db_table}")
        }
        rows = db.execute(f"SELECT COUNT(*) FROM {Caffeine._meta.db_table}").fetchone()[0]
    expected = {_entry_time(c, n) for c in range(CLIENTS) for n in range(ENTRIES_PER_CLIENT)}
    lost = expected - stored
    print(
        f"\nConcurrent writes: {posted} posted by {CLIENTS} clients to {WORKERS} gunicorn "
        f"workers in {elapsed:.1f} s ({posted / elapsed:.0f}/s); {rows} stored, "
        f"{len(lost)} lost, {len(bad)} responses other than the redirect"
    )
    assert len(results) == posted
    assert not bad, bad[:5]
    assert not lost, sorted(lost)[:10]
    assert rows == posted
    assert "database is locked" not in server_log
    assert "Traceback" not in server_log, server_log[-3000:]
