"""The Twitch Diary benchmark (issue 5): every page, timed against the framework's floor.

    .venv/bin/python bench/run.py                 # 1 and 5 years, 15 samples per page
    .venv/bin/python bench/run.py --quick         # a short run (5 samples, smaller load tests)
    .venv/bin/python bench/run.py --years 5 --repeat 25 --markdown
    .venv/bin/python bench/run.py --database-url postgres://postgres@127.0.0.1:5432/postgres

What it does, start to end, stopping by itself:

1. A fresh SQLite file in a temporary directory (or, with --database-url, a fresh PostgreSQL
   database created next to the one named and dropped afterwards); migrate; collectstatic (the
   settings fix STATIC_ROOT at <project>/staticfiles, which is gitignored); one user per size,
   filled by `manage.py generate_diary --years N` (timed), and one empty user per size for the
   import.
2. Per size: gunicorn as production runs it (`gunicorn twitchdiary.wsgi -w 2`, DEBUG=0, a random
   SECRET_KEY, WhiteNoise serving static files) on 127.0.0.1 and a free port; plain HTTP, so the
   HTTPS redirect and secure cookies are switched off by environment. It waits for /healthz.
3. Logs in over HTTP like a browser (CSRF token from the login form, then POST) and times each
   page as the median and p90 of --repeat samples, after warm-ups. Samples are taken round-robin
   (one request to every page, then the next round), so a burst of load from elsewhere on the
   machine spreads over all pages instead of landing on one. Each warm-up is two concurrent
   requests, so both workers have loaded the code and hold the cached report.
   "Cold" (first) report requests ask for a new period every time (the 8-week window shifted
   back one day per request; the whole-diary period starting one more day before the first
   entry per request), so the per-process report cache always misses; the cache is shared by
   /reports/, /reports/doctor/ and the PDF, so each page has its own periods. "Repeat"
   requests ask for the same period again. The JSON export is timed in the same rounds.
4. Then: a new period asked for twice (the second request timed, whichever worker answers);
   "log a caffeine entry" followed by the dashboard (both timed); one import of the export
   into the empty user (timed).
5. Throughput: 10 concurrent connections (threads with http.client), bounded in requests and
   seconds, for the floor, the dashboard and "log a caffeine entry" (POST /caffeine/new/), with
   the workers' CPU time per request from /proc/<pid>/stat.
6. Worker memory from /proc (VmHWM = peak RSS, VmRSS, PSS) when idle, with the code loaded,
   after one whole-diary report each, after all the report pages and at the end.

Only 127.0.0.1 is contacted. Standard library only (psycopg for --database-url, from
requirements.txt). Timings are wall-clock milliseconds seen by the client, connection included.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import math
import os
import platform
import re
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
import zoneinfo
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VENV_BIN = BASE_DIR / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
GUNICORN = VENV_BIN / "gunicorn"
HOST = "127.0.0.1"
PASSWORD = "twitch-bench-password"
TIMEZONE = "America/New_York"  # a real zone with DST, as people have
WORKERS = 2
REQUEST_TIMEOUT = 120  # seconds, per request
STARTUP_TIMEOUT = 60  # seconds for gunicorn to answer /healthz
CONCURRENCY = 10


# --- Budgets (issue 5; they are set for 5 years of data) ------------------------------------


@dataclass(frozen=True)
class Budget:
    text: str
    floor_ratio: float | None = None
    ms: float | None = None

    def met(self, median_ms: float, floor_ms: float) -> bool | None:
        if self.floor_ratio is not None:
            return median_ms <= self.floor_ratio * floor_ms
        if self.ms is not None:
            return median_ms <= self.ms
        return None


NO_BUDGET = Budget("—")
FLOOR_3X = Budget("≤ 3× floor", floor_ratio=3)
MS_300 = Budget("≤ 300 ms", ms=300)
S_1 = Budget("≤ 1 s", ms=1000)
S_1_5 = Budget("≤ 1.5 s", ms=1500)
S_2 = Budget("≤ 2 s", ms=2000)
S_10 = Budget("≤ 10 s", ms=10_000)

HISTORY_SLUGS = (
    "episodes",
    "caffeine",
    "fluids",
    "sleep",
    "stress",
    "exercise",
    "alcohol",
    "medications",
    "checkins",
)


# --- A tiny HTTP client with cookies ----------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    ms: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class BenchError(RuntimeError):
    pass


class Client:
    """One browser: a cookie jar and one new connection per request (gunicorn's sync workers
    close the connection after every response anyway)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    @property
    def origin(self) -> str:
        return f"http://{HOST}:{self.port}"

    def request(self, method, path, body=None, headers=None, expect=(200,), keep_cookies=True):
        all_headers = {"Host": f"{HOST}:{self.port}", "User-Agent": "twitch-diary-bench"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            all_headers["Origin"] = self.origin
            all_headers["Referer"] = self.origin + path
        all_headers.update(headers or {})
        started = time.perf_counter()
        conn = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=all_headers)
            raw = conn.getresponse()
            data = raw.read()
        finally:
            conn.close()
        ms = (time.perf_counter() - started) * 1000
        response = Response(raw.status, raw.headers, data, ms)
        if keep_cookies:
            self._store_cookies(raw.headers)
        if expect and response.status not in expect:
            raise BenchError(
                f"{method} {path}: HTTP {response.status} (expected {expect}); "
                f"{response.text[:300]!r}"
            )
        return response

    def get(self, path, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post_form(self, path, fields: dict, **kwargs) -> Response:
        body = urllib.parse.urlencode(fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, body=body, headers=headers, **kwargs)

    def post_file(self, path, fields: dict, file_field, filename, content, **kwargs) -> Response:
        boundary = "bench" + uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
            f'filename="{filename}"\r\nContent-Type: application/json\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self.request("POST", path, body=b"".join(parts), headers=headers, **kwargs)

    def _store_cookies(self, headers) -> None:
        for line in headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(line)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def csrf_token(self, path: str) -> str:
        html = self.get(path).text
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if not found:
            raise BenchError(f"No CSRF token in {path}")
        return found.group(1)

    def login(self, username: str, password: str = PASSWORD) -> None:
        token = self.csrf_token("/accounts/login/")
        fields = {"username": username, "password": password, "csrfmiddlewaretoken": token}
        self.post_form("/accounts/login/", fields, expect=(302,))
        if "sessionid" not in self.cookies:
            raise BenchError(f"Login as {username} failed (no session cookie)")


# --- Statistics --------------------------------------------------------------------------------


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least pct% of samples at or below."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Page:
    """One row of the table: how to build the n-th request, and its budget."""

    label: str
    path: object  # str, or a function of the sample number (cold requests)
    budget: Budget = NO_BUDGET
    samples: list[float] = field(default_factory=list)
    size_bytes: int = 0
    single: bool = False  # timed once (the import), not in the rounds

    def url(self, n: int) -> str:
        return self.path(n) if callable(self.path) else self.path

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p90(self) -> float:
        return percentile(self.samples, 90)


# --- The server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(database_url: str, cache_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            # A fresh cache per run: rendered reports of an earlier run must not answer.
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
    return env


def manage(env, *args, capture=True) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=capture,
        text=True,
        timeout=1800,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise BenchError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed, (done.stdout or "").strip()


class Server:
    """gunicorn as in production (README "Running in production"), with WORKERS workers."""

    def __init__(self, env, workdir: Path, label: str):
        self.env, self.port = env, free_port()
        self.log_path = workdir / f"gunicorn-{label}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [
                str(GUNICORN),
                "twitchdiary.wsgi",
                "-w",
                str(WORKERS),
                "-b",
                f"{HOST}:{self.port}",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited at start:\n{self.log_tail()}")
            try:
                answered = Client(self.port).get("/healthz", expect=None).status == 200
                if answered and len(self.worker_pids()) == WORKERS:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise BenchError(f"gunicorn did not answer /healthz in {STARTUP_TIMEOUT} s")

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        master, pids = str(self.process.pid), []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{master}$", status, re.M):
                pids.append(int(entry.name))
        return sorted(pids)

    def memory(self) -> dict[int, dict[str, float]]:
        """VmRSS, VmHWM (peak RSS) and Pss (RSS with shared pages split among the processes
        sharing them) of each worker, in MB."""
        found = {}
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            values = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB$", status, re.M))
            values.update(re.findall(r"^(Pss):\s+(\d+) kB$", rollup, re.M))
            found[pid] = {k: int(v) / 1024 for k, v in values.items()}
        return found

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text().splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()  # SIGTERM: gunicorn stops its workers gracefully
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


# --- The database ----------------------------------------------------------------------------


class Database:
    """A fresh database: an SQLite file in workdir, or a new PostgreSQL database."""

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
            return f"SQLite {sqlite3.sqlite_version} (Python's sqlite3 module)"
        import psycopg

        with psycopg.connect(self.url) as conn:
            return conn.execute("SELECT version()").fetchone()[0].split(",")[0]

    def drop(self) -> None:
        if self.pg_name is not None:
            self._pg(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


# --- Measuring -------------------------------------------------------------------------------


@dataclass
class DiaryFacts:
    """What the benchmark needs to know of a user's diary, read from its JSON export."""

    export: bytes
    first_day: dt.date
    busy_day: dt.date
    entries: int


def diary_facts(export: bytes, today: dt.date, tz: zoneinfo.ZoneInfo) -> DiaryFacts:
    document = json.loads(export)
    days: dict[dt.date, int] = {}
    entries = 0
    for key, rows in document.items():
        if not isinstance(rows, list):
            continue
        entries += len(rows)
        if key == "medications":
            continue  # started long before the diary
        for row in rows:
            for name in ("started_at", "taken_at", "recorded_at", "date"):
                if row.get(name):
                    value = row[name]
                    day = (
                        dt.datetime.fromisoformat(value).astimezone(tz).date()
                        if "T" in value
                        else dt.date.fromisoformat(value)
                    )
                    days[day] = days.get(day, 0) + 1
                    break
    recent = {d: n for d, n in days.items() if today - dt.timedelta(days=30) <= d < today}
    busy_day = max(recent or days, key=lambda d: ((recent or days)[d], d))
    return DiaryFacts(export, min(days), busy_day, entries)


def period_query(today: dt.date, shift: int, days: int = 56) -> str:
    """`days` days ending `shift` days before today."""
    end = today - dt.timedelta(days=shift)
    return f"start={end - dt.timedelta(days=days - 1)}&end={end}"


def build_pages(today: dt.date, facts: DiaryFacts) -> list[Page]:
    def eight_weeks(shift: int) -> str:
        return period_query(today, shift)

    def whole(shift: int) -> str:
        # Starts `shift` days before the first entry: every sample covers the whole diary.
        return f"start={facts.first_day - dt.timedelta(days=shift)}&end={today}"

    pages = [
        Page("floor: /help/", "/help/"),
        Page("dashboard /", "/", FLOOR_3X),
    ]
    pages += [Page(f"history /{slug}/", f"/{slug}/", FLOOR_3X) for slug in HISTORY_SLUGS]
    pages += [
        Page(f"day view /day/{facts.busy_day}/", f"/day/{facts.busy_day}/", FLOOR_3X),
        Page("entry form /caffeine/new/", "/caffeine/new/", FLOOR_3X),
        Page("/reports/ repeat (8 weeks)", "/reports/", FLOOR_3X),
        Page("/reports/ first (8 weeks)", lambda n: f"/reports/?{eight_weeks(n)}", MS_300),
        Page("/reports/ first (whole diary)", lambda n: f"/reports/?{whole(n)}", S_1),
        Page(
            "/reports/doctor/ first (8 weeks)",
            lambda n: f"/reports/doctor/?{eight_weeks(n)}",
            MS_300,
        ),
        Page(
            "/reports/doctor/ first (whole diary)",
            lambda n: f"/reports/doctor/?{whole(n)}",
            S_1,
        ),
        Page("/reports/doctor/ repeat (8 weeks)", "/reports/doctor/"),
        Page("/reports/doctor.pdf (8 weeks, report cached)", "/reports/doctor.pdf", S_1_5),
        Page(
            "/reports/doctor.pdf first (8 weeks)",
            lambda n: f"/reports/doctor.pdf?{eight_weeks(n)}",
            S_1_5,
        ),
        Page("/export/json", "/export/json", S_2),
    ]
    return pages


def concurrently(count: int, job) -> None:
    """Run job(i) for i in range(count) at the same time (both workers get one each)."""
    errors: list[BaseException] = []

    def run(i):
        try:
            job(i)
        except BaseException as error:  # noqa: BLE001 (re-raised below)
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(REQUEST_TIMEOUT * 2)
    if errors:
        raise errors[0]


def measure_rounds(client: Client, pages: list[Page], repeat: int, warmup: int, log) -> None:
    """Warm up every page, then take `repeat` rounds of one request per page.

    Every request of every cold page gets its own shift (its own period): the report cache is
    shared by /reports/, /reports/doctor/ and the PDF, so two cold pages must never ask for the
    same period either.
    """
    cold = [page for page in pages if callable(page.path)]
    counters = {id(page): 0 for page in cold}

    def shift(page: Page) -> int:
        if not callable(page.path):
            return 0
        counters[id(page)] += 1
        return counters[id(page)] * len(cold) + cold.index(page)

    for _ in range(warmup):
        for page in pages:
            urls = [page.url(shift(page)) for _ in range(WORKERS)]
            concurrently(WORKERS, lambda i, u=urls: client.get(u[i]))
    log(f"  warmed up ({warmup} × {WORKERS} concurrent requests per page)")
    for n in range(repeat):
        for page in pages:
            response = client.get(page.url(shift(page)))
            page.samples.append(response.ms)
            page.size_bytes = len(response.body)
        log(f"  round {n + 1}/{repeat} done")


def measure_second_request(client: Client, today: dt.date, repeat: int) -> Page:
    """A new period, then the same period again (timed), as a person reloading the page or
    coming back to it. With the per-process cache the second request is only fast when the
    same worker answers it; nothing here steers which worker does. The periods are 55 days
    long, so they never match one the rounds have cached."""
    page = Page("/reports/ 2nd request, same period (either worker)", "/reports/", FLOOR_3X)
    for n in range(repeat):
        url = f"/reports/?{period_query(today, n + 1, days=55)}"
        client.get(url)
        response = client.get(url)
        page.samples.append(response.ms)
        page.size_bytes = len(response.body)
    return page


def measure_after_entry(client: Client, repeat: int) -> tuple[Page, Page]:
    """Log an entry (timed), then load the dashboard it redirects to (timed): the status cache
    has just been invalidated, so this is the dashboard's worst, and most common, case."""
    post = Page("log a caffeine entry (POST /caffeine/new/)", "/caffeine/new/")
    after = Page("dashboard just after an entry", "/", FLOOR_3X)
    token = client.csrf_token("/caffeine/new/")
    when = (dt.date.today() - dt.timedelta(days=2)).isoformat() + "T12:00"
    for _ in range(repeat):
        response = client.post_form(
            "/caffeine/new/",
            {"taken_at": when, "mg": "95", "source": "coffee", "csrfmiddlewaretoken": token},
            expect=(302,),
        )
        post.samples.append(response.ms)
        response = client.get("/")
        after.samples.append(response.ms)
        after.size_bytes = len(response.body)
    return post, after


def measure_import(port: int, username: str, export: bytes) -> tuple[Page, str]:
    client = Client(port)
    client.login(username)
    token = client.csrf_token("/import/")
    page = Page(f"JSON import ({len(export) / 1e6:.1f} MB) into an empty diary", "/import/", S_10)
    page.single = True
    started = time.perf_counter()
    try:
        response = client.post_file(
            "/import/",
            {"csrfmiddlewaretoken": token},
            "file",
            "backup.json",
            export,
            expect=(302, 200),
        )
    except (BenchError, OSError) as error:  # e.g. gunicorn's worker timeout (30 s) killed it
        page.samples.append((time.perf_counter() - started) * 1000)
        return page, f"import failed: {error}"
    page.samples.append(response.ms)
    if response.status != 302:
        errors = re.findall(
            r'class="[^"]*(?:alert|invalid-feedback)[^"]*"[^>]*>(.*?)<', response.text
        )
        return page, "import refused: " + "; ".join(e.strip() for e in errors[:3])
    html = client.get("/import/").text
    found = re.search(r'role="status">\s*(.*?)\s*<', html, re.S)
    return page, (found.group(1).strip() if found else "imported")


@dataclass
class Throughput:
    label: str
    ok: int
    failed: int
    seconds: float
    latencies: list[float]
    worker_cpu_seconds: float = 0.0

    @property
    def rps(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms(self) -> float:
        """The workers' CPU time (user + system) per request."""
        done = self.ok + self.failed
        return self.worker_cpu_seconds * 1000 / done if done else 0.0


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (fields 14 and 15 of /proc/pid/stat)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def throughput(
    server, cookies, label, make_request, total, seconds, concurrency=CONCURRENCY
) -> Throughput:
    """`total` requests (or `seconds`, whichever ends first) over `concurrency` connections."""
    port, pids = server.port, server.worker_pids()
    lock = threading.Lock()
    state = {"issued": 0, "ok": 0, "failed": 0}
    latencies: list[float] = []
    deadline = time.monotonic() + seconds

    def worker():
        client = Client(port)
        client.cookies = dict(cookies)
        while True:
            with lock:
                if state["issued"] >= total or time.monotonic() > deadline:
                    return
                state["issued"] += 1
            try:
                response = make_request(client)
                good = True
            except (BenchError, OSError):
                good, response = False, None
            with lock:
                state["ok" if good else "failed"] += 1
                if response is not None:
                    latencies.append(response.ms)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    cpu_before = cpu_seconds(pids)
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + REQUEST_TIMEOUT)
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds(pids) - cpu_before
    return Throughput(label, state["ok"], state["failed"], elapsed, latencies, cpu)


def measure_throughput(server: Server, username: str, total: int, seconds: float):
    client = Client(server.port)
    client.login(username)
    token = client.csrf_token("/caffeine/new/")
    when = (dt.date.today() - dt.timedelta(days=2)).isoformat() + "T08:00"
    form = {"taken_at": when, "mg": "63", "source": "espresso", "csrfmiddlewaretoken": token}

    def log_caffeine(c: Client) -> Response:
        return c.post_form("/caffeine/new/", form, expect=(302,), keep_cookies=False)

    return [
        throughput(
            server,
            client.cookies,
            "floor GET /help/",
            lambda c: c.get("/help/", keep_cookies=False),
            total,
            seconds,
        ),
        throughput(
            server,
            client.cookies,
            "dashboard GET /",
            lambda c: c.get("/", keep_cookies=False),
            total,
            seconds,
        ),
        throughput(
            server, client.cookies, "log a caffeine entry POST", log_caffeine, total, seconds
        ),
    ]


# --- One size ----------------------------------------------------------------------------------


@dataclass
class SizeResult:
    years: float
    entries: int
    generate_seconds: float
    generate_output: str
    pages: list[Page]
    import_message: str
    memory_idle: dict
    memory_floor: dict
    memory_one_report: dict
    memory_reports: dict
    memory_end: dict
    throughput: list[Throughput]
    server_restarts: str

    @property
    def floor(self) -> float:
        return self.pages[0].median


def run_size(env, workdir, years, username, import_user, gen, args, log) -> SizeResult:
    tz = zoneinfo.ZoneInfo(TIMEZONE)
    server = Server(env, workdir, f"{years:g}y")
    try:
        server.start()
        first_workers = server.worker_pids()
        log(f"gunicorn on {HOST}:{server.port}, workers {first_workers}")
        memory_idle = server.memory()
        client = Client(server.port)
        client.login(username)
        for _ in range(2):  # both workers load the code behind a small page
            concurrently(WORKERS, lambda i: client.get("/help/"))
        memory_floor = server.memory()
        today = dt.datetime.now(tz).date()
        facts = diary_facts(client.get("/export/json").body, today, tz)
        log(
            f"  {facts.entries} entries from {facts.first_day}; day view on {facts.busy_day}; "
            f"export {len(facts.export) / 1e6:.1f} MB"
        )
        # One whole-diary doctor report on each worker (a period no round asks for).
        whole = f"/reports/doctor/?start={facts.first_day}&end={today}"
        concurrently(WORKERS, lambda i: client.get(whole))
        memory_one_report = server.memory()
        pages = build_pages(today, facts)
        measure_rounds(client, pages, args.repeat, args.warmup, log)
        memory_reports = server.memory()
        pages.append(measure_second_request(client, today, args.repeat))
        post, after = measure_after_entry(client, args.repeat)
        pages += [after, post]
        imported, message = measure_import(server.port, import_user, facts.export)
        pages.append(imported)
        log(f"  import: {imported.samples[0] / 1000:.1f} s: {message}")
        rates = measure_throughput(server, username, args.load_requests, args.load_seconds)
        memory_end = server.memory()
        now_workers = server.worker_pids()
        restarts = (
            "none"
            if now_workers == first_workers
            else f"workers changed {first_workers} -> {now_workers} (a worker was restarted)"
        )
    except BaseException:
        log(server.log_tail())
        raise
    finally:
        server.stop()
    return SizeResult(
        years=years,
        entries=facts.entries,
        generate_seconds=gen[0],
        generate_output=gen[1],
        pages=pages,
        import_message=message,
        memory_idle=memory_idle,
        memory_floor=memory_floor,
        memory_one_report=memory_one_report,
        memory_reports=memory_reports,
        memory_end=memory_end,
        throughput=rates,
        server_restarts=restarts,
    )


# --- Output ------------------------------------------------------------------------------------


def rows_of(result: SizeResult) -> list[list[str]]:
    rows = []
    for page in result.pages:
        ratio = page.median / result.floor
        met = page.budget.met(page.median, result.floor)
        rows.append(
            [
                page.label,
                f"{page.median:.0f}",
                "—" if page.single else f"{page.p90:.0f}",
                f"{ratio:.1f}×",
                page.budget.text,
                {True: "OK", False: "OVER", None: ""}[met],
            ]
        )
    return rows


HEADER = ["page", "median ms", "p90 ms", "× floor", "budget", "result"]


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [HEADER, *rows]) for i in range(len(HEADER))]
    lines = []
    for n, row in enumerate([HEADER, *rows]):
        cells = [
            cell.ljust(w) if i == 0 or i >= 4 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|---|" + "---:|" * 3 + "---|---|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def memory_text(memory: dict) -> str:
    if not memory:
        return "n/a"
    return ", ".join(
        f"pid {pid}: peak {m.get('VmHWM', 0):.0f} MB "
        f"(now RSS {m.get('VmRSS', 0):.0f} MB, PSS {m.get('Pss', 0):.0f} MB)"
        for pid, m in memory.items()
    )


def peak(memory: dict) -> float:
    return max((m.get("VmHWM", 0) for m in memory.values()), default=0.0)


def throughput_lines(result: SizeResult, markdown: bool) -> list[str]:
    floor = result.throughput[0].rps or 1
    lines = []
    if markdown:
        lines += [
            "| load (10 connections) | requests | failed | req/s | × floor | median ms | p90 ms "
            "| worker CPU ms/request |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
    for t in result.throughput:
        med = statistics.median(t.latencies) if t.latencies else 0
        p90 = percentile(t.latencies, 90) if t.latencies else 0
        cells = [
            t.label,
            str(t.ok),
            str(t.failed),
            f"{t.rps:.1f}",
            f"{t.rps / floor:.2f}",
            f"{med:.0f}",
            f"{p90:.0f}",
            f"{t.cpu_ms:.1f}",
        ]
        if markdown:
            lines.append("| " + " | ".join(cells) + " |")
        else:
            lines.append(
                f"  {t.label:<28} {t.ok:>5} ok {t.failed:>3} failed  {t.rps:7.1f} req/s "
                f"({t.rps / floor:.2f}× floor)  latency median {med:.0f} ms, p90 {p90:.0f} ms, "
                f"worker CPU {t.cpu_ms:.1f} ms/request"
            )
    return lines


def report(result: SizeResult, markdown: bool) -> str:
    rows = rows_of(result)
    out = [
        "",
        f"== {result.years:g} year(s) of data: {result.entries} entries "
        f"(generated in {result.generate_seconds:.1f} s: {result.generate_output}) ==",
        text_table(rows),
        "",
        f"JSON import: {result.import_message}",
        f"Worker memory idle after start: {memory_text(result.memory_idle)}",
        f"Worker memory after /help/ (code loaded): {memory_text(result.memory_floor)}",
        "Worker memory after the export and one whole-diary report each: "
        f"{memory_text(result.memory_one_report)}",
        f"Worker memory after the report pages: {memory_text(result.memory_reports)}",
        f"Worker memory at the end (after import and load): {memory_text(result.memory_end)}",
        f"Worker restarts during the run: {result.server_restarts}",
        "Throughput, 10 concurrent connections:",
        *throughput_lines(result, markdown=False),
    ]
    if markdown:
        out += [
            "",
            f"### {result.years:g} year(s) of data ({result.entries} entries)",
            "",
            markdown_table(rows),
            "",
            f"Worker peak RSS (VmHWM, the larger of the {WORKERS}): idle after start "
            f"{peak(result.memory_idle):.0f} MB; after /help/ {peak(result.memory_floor):.0f} MB; "
            f"after one whole-diary report {peak(result.memory_one_report):.0f} MB; "
            f"after all the report pages {peak(result.memory_reports):.0f} MB; "
            f"at the end {peak(result.memory_end):.0f} MB.",
            "",
            *throughput_lines(result, markdown=True),
        ]
    return "\n".join(out)


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def save_json(path: Path, meta: dict, results: list[SizeResult]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        **meta,
        "sizes": [
            {
                "years": r.years,
                "entries": r.entries,
                "generate_seconds": r.generate_seconds,
                "pages": [
                    {
                        "page": p.label,
                        "median_ms": p.median,
                        "p90_ms": p.p90,
                        "ratio": p.median / r.floor,
                        "budget": p.budget.text,
                        "met": p.budget.met(p.median, r.floor),
                        "bytes": p.size_bytes,
                        "samples_ms": p.samples,
                    }
                    for p in r.pages
                ],
                "import": r.import_message,
                "memory_idle_mb": r.memory_idle,
                "memory_floor_mb": r.memory_floor,
                "memory_one_report_mb": r.memory_one_report,
                "memory_reports_mb": r.memory_reports,
                "memory_end_mb": r.memory_end,
                "throughput": [
                    {
                        "label": t.label,
                        "ok": t.ok,
                        "failed": t.failed,
                        "rps": t.rps,
                        "worker_cpu_ms_per_request": t.cpu_ms,
                    }
                    for t in r.throughput
                ],
            }
            for r in results
        ],
    }
    path.write_text(json.dumps(data, indent=1, default=str))


# --- Main --------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=float, nargs="+", default=[1, 5], help="default: 1 5")
    parser.add_argument("--repeat", type=int, help="timed samples per page (default 15, quick 5)")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up rounds per page")
    parser.add_argument("--quick", action="store_true", help="a short run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url",
        help="postgres://... : a fresh database is created beside it and dropped afterwards",
    )
    parser.add_argument("--markdown", action="store_true", help="also print markdown tables")
    parser.add_argument(
        "--json",
        type=Path,
        default=None,
        help="write all samples here (default bench/results/<time>.json; gitignored)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    if args.repeat is None:
        args.repeat = 5 if args.quick else 15
    args.load_requests = 100 if args.quick else 400
    args.load_seconds = 10 if args.quick else 30
    if args.repeat < 1 or args.warmup < 0:
        parser.error("--repeat must be at least 1 and --warmup at least 0")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if not GUNICORN.exists():
        print(f"No {GUNICORN}: create the virtualenv first (scripts/run).", file=sys.stderr)
        return 2

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = dt.datetime.now().astimezone()
    meta = {
        "date": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "loadavg_before": loadavg(),
        "repeat": args.repeat,
        "warmup": args.warmup,
    }
    workdir = Path(tempfile.mkdtemp(prefix="twitch-bench-"))
    database = None
    results: list[SizeResult] = []
    try:
        database = Database(workdir, args.database_url)
        env = server_env(database.url, workdir / "cache")
        meta["database"] = database.version()
        log(f"Work directory {workdir}; {meta['database']}; load average {meta['loadavg_before']}")
        seconds, _ = manage(env, "migrate", "--noinput")
        log(f"migrate: {seconds:.1f} s")
        seconds, _ = manage(env, "collectstatic", "--noinput")
        log(f"collectstatic into {BASE_DIR / 'staticfiles'}: {seconds:.1f} s")
        generated = {}
        for years in args.years:
            username, import_user = f"bench-{years:g}y", f"bench-import-{years:g}y"
            wall, output = manage(
                env,
                "generate_diary",
                username,
                "--years",
                str(years),
                "--seed",
                str(args.seed),
                "--timezone",
                TIMEZONE,
                "--password",
                PASSWORD,
                "--create",
                "--replace",
            )
            own = re.search(r"in ([\d.]+) s$", output)
            generated[years] = (float(own.group(1)) if own else wall, output)
            log(f"generate_diary --years {years:g}: {wall:.1f} s with start-up: {output}")
            manage(
                env,
                "shell",
                "-c",
                "from django.contrib.auth import get_user_model; "
                f"get_user_model().objects.create_user({import_user!r}, password={PASSWORD!r})",
            )
        for years in args.years:
            log(f"--- {years:g} year(s) ---")
            result = run_size(
                env,
                workdir,
                years,
                f"bench-{years:g}y",
                f"bench-import-{years:g}y",
                generated[years],
                args,
                log,
            )
            results.append(result)
            print(report(result, args.markdown), flush=True)
    finally:
        if database is not None:
            try:
                database.drop()
            except Exception as error:  # noqa: BLE001 (report, keep cleaning up)
                log(f"Could not drop the benchmark database: {error}")
        if args.keep:
            log(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    meta["loadavg_after"] = loadavg()
    meta["finished"] = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    print(
        f"\n{meta['date']} · {meta['machine']['cores']} cores, {meta['machine']['cpu']} · "
        f"Python {meta['machine']['python']} · {meta['database']} · "
        f"{WORKERS} gunicorn workers · {args.repeat} samples per page after "
        f"{args.warmup} warm-up rounds · load average before {meta['loadavg_before']}, "
        f"after {meta['loadavg_after']}"
    )
    out = args.json or BASE_DIR / "bench" / "results" / f"{started:%Y%m%d-%H%M%S}.json"
    save_json(out, meta, results)
    print(f"All samples: {out}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        sys.exit(1)
