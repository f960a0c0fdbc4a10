"""A fresh database and cache, filled with synthetic diaries, served by gunicorn as production is.

The settings fix STATIC_ROOT at <project>/staticfiles (gitignored), so `collectstatic` writes
there; everything else lives in a temporary directory removed at the end.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import psutil
import requests

from .client import HOST, PASSWORD, BenchError, Client

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GUNICORN = BIN / "gunicorn"
TIMEZONE = "America/New_York"  # a real zone with DST, as people have
WORKERS = 2
STARTUP_TIMEOUT = 60  # seconds for gunicorn to answer /healthz


class Database:
    """A fresh database: an SQLite file in workdir, or a new PostgreSQL database created beside
    the one `admin_url` names and dropped by `drop()`."""

    def __init__(self, workdir: Path, admin_url: str | None):
        self.admin_url, self.pg_name = admin_url, None
        if admin_url is None:
            self.url = f"sqlite:///{workdir / 'bench.sqlite3'}"
            return
        parts = urllib.parse.urlsplit(admin_url)
        if not parts.scheme.startswith("postgres"):
            raise BenchError("--database-url must be a postgres:// URL (SQLite is the default)")
        self.pg_name = f"twitchdiary_bench_{secrets.token_hex(4)}"
        self.url = urllib.parse.urlunsplit(parts._replace(path="/" + self.pg_name))
        self._pg(f'CREATE DATABASE "{self.pg_name}"')

    def _pg(self, sql: str) -> None:
        import psycopg  # in requirements.txt; only needed for PostgreSQL

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql)

    def version(self) -> str:
        if self.pg_name is None:
            return f"SQLite {sqlite3.sqlite_version}"
        import psycopg

        with psycopg.connect(self.url) as conn:
            return conn.execute("SELECT version()").fetchone()[0].split(",")[0]

    def drop(self) -> None:
        if self.pg_name is not None:
            self._pg(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


def server_env(database_url: str, cache_dir: Path, *, smoke: bool = False) -> dict[str, str]:
    """Production settings (DEBUG off, a random SECRET_KEY), over plain HTTP on 127.0.0.1;
    for the smoke run, with the plain static storage, so `collectstatic` is not needed."""
    env = dict(os.environ)
    env.update(
        {
            # A fresh cache per run: pages rendered by an earlier run must not answer.
            "CACHE_DIR": str(cache_dir),
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "DATABASE_URL": database_url,
            # Plain HTTP on 127.0.0.1: no HTTPS redirect, no secure-only cookies, no HSTS.
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("CACHE_URL", None)
    if smoke:
        env["DJANGO_SETTINGS_MODULE"] = "bench.smoke_settings"
    return env


def manage(env: dict[str, str], *args: str) -> tuple[float, str]:
    """Run `manage.py args`; return its wall time in seconds and its output."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise BenchError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed, done.stdout.strip()


def prepare(env: dict[str, str], log) -> None:
    seconds, _ = manage(env, "migrate", "--noinput")
    log(f"migrate: {seconds:.1f} s")
    if env.get("DJANGO_SETTINGS_MODULE") == "bench.smoke_settings":
        return
    seconds, _ = manage(env, "collectstatic", "--noinput")
    log(f"collectstatic into {BASE_DIR / 'staticfiles'}: {seconds:.1f} s")


def generate(env: dict[str, str], username: str, days: int, seed: int) -> tuple[float, str]:
    """Fill `username`'s diary with `days` days of synthetic data; return the command's own
    timing (without Python's start-up) and its output."""
    wall, output = manage(
        env,
        "generate_diary",
        username,
        "--days",
        str(days),
        "--seed",
        str(seed),
        "--timezone",
        TIMEZONE,
        "--password",
        PASSWORD,
        "--create",
        "--replace",
    )
    own = re.search(r"in ([\d.]+) s$", output)
    return (float(own.group(1)) if own else wall), output


def create_user(env: dict[str, str], username: str) -> None:
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; "
        f"get_user_model().objects.create_user({username!r}, password={PASSWORD!r})",
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """`gunicorn twitchdiary.wsgi -w 2`, as the README's "Running in production" says."""

    def __init__(self, env: dict[str, str], workdir: Path, label: str, timeout: int = 30):
        self.env, self.port, self.timeout = env, free_port(), timeout
        self.log_path = workdir / f"gunicorn-{label}.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        command = [GUNICORN, "twitchdiary.wsgi", "-w", str(WORKERS), "-b", f"{HOST}:{self.port}"]
        if self.timeout != 30:  # gunicorn's default, as production runs it
            command += ["--timeout", str(self.timeout)]
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                command,
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited at start:\n{self.log_tail()}")
            try:
                answered = Client(self.port).get("/healthz", expect=None).status == 200
                if answered and len(self.workers()) == WORKERS:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        raise BenchError(f"gunicorn did not answer /healthz in {STARTUP_TIMEOUT} s")

    def workers(self) -> list[psutil.Process]:
        if self.process is None:
            return []
        try:
            return sorted(psutil.Process(self.process.pid).children(), key=lambda p: p.pid)
        except psutil.NoSuchProcess:
            return []

    def worker_pids(self) -> list[int]:
        return [worker.pid for worker in self.workers()]

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text().splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # SIGTERM: gunicorn stops its workers gracefully
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
