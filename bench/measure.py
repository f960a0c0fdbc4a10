"""What is timed and how: the pages and their budgets, the sampling, load, worker memory and CPU.

The budgets are set for five years of data. "First" report requests ask for a period no
earlier request asked for, so the shared cache of rendered pages always misses; "repeat"
requests ask for the same period again.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import statistics
import threading
import time
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from .client import BenchError, Client, messages
from .server import TIMEZONE, WORKERS, Server

CONCURRENCY = 10


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


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least pct% of samples at or below."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Page:
    """One row of the table: how to build the n-th request, and its budget."""

    label: str
    path: str | Callable[[int], str]  # a function of the sample number for first requests
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


def concurrently(count: int, job: Callable[[int], object]) -> None:
    """Run job(i) for i in range(count) at the same time (both workers get one each)."""
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            job(i)
        except BaseException as error:  # noqa: BLE001 (re-raised below)
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def measure_rounds(client: Client, pages: list[Page], repeat: int, warmup: int, log) -> None:
    """Warm up every page, then take `repeat` rounds of one request per page.

    Round-robin, so a burst of load from elsewhere on the machine spreads over all pages instead
    of landing on one. A warm-up is two concurrent requests, so both workers have loaded the
    code and the cache holds the page. Every request of every first-request page gets its own
    period: the cache is shared by /reports/, /reports/doctor/ and the PDF, so two such pages
    must never ask for the same period either.
    """
    first = [page for page in pages if callable(page.path)]
    counters = {id(page): 0 for page in first}

    def shift(page: Page) -> int:
        if not callable(page.path):
            return 0
        counters[id(page)] += 1
        return counters[id(page)] * len(first) + first.index(page)

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
    """A new period, then the same period again (timed), as a person reloading the page.
    Nothing steers which worker answers. The periods are 55 days long, so they never match
    one the rounds have cached."""
    page = Page("/reports/ 2nd request, same period (either worker)", "/reports/", FLOOR_3X)
    for n in range(repeat):
        url = f"/reports/?{period_query(today, n + 1, days=55)}"
        client.get(url)
        response = client.get(url)
        page.samples.append(response.ms)
        page.size_bytes = len(response.body)
    return page


def caffeine_form(client: Client, hour: int, mg: int, source: str) -> dict[str, str]:
    when = (dt.date.today() - dt.timedelta(days=2)).isoformat() + f"T{hour:02}:00"
    token = client.csrf_token("/caffeine/new/")
    return {"taken_at": when, "mg": str(mg), "source": source, "csrfmiddlewaretoken": token}


def measure_after_entry(client: Client, repeat: int) -> tuple[Page, Page]:
    """Log an entry (timed), then load the dashboard it redirects to (timed): every write
    invalidates the cached pages, so this is the dashboard's worst, and most common, case."""
    post = Page("log a caffeine entry (POST /caffeine/new/)", "/caffeine/new/")
    after = Page("dashboard just after an entry", "/", FLOOR_3X)
    form = caffeine_form(client, 12, 95, "coffee")
    for _ in range(repeat):
        response = client.post("/caffeine/new/", data=form, expect=(302,))
        post.samples.append(response.ms)
        response = client.get("/")
        after.samples.append(response.ms)
        after.size_bytes = len(response.body)
    return post, after


@dataclass
class Imported:
    page: Page
    message: str
    ok: bool


def measure_import(port: int, username: str, export: bytes) -> Imported:
    """One import of the export into an empty diary, through the import form."""
    client = Client(port)
    client.login(username)
    token = client.csrf_token("/import/")
    page = Page(f"JSON import ({len(export) / 1e6:.1f} MB) into an empty diary", "/import/", S_10)
    page.single = True
    started = time.perf_counter()
    try:
        response = client.post(
            "/import/",
            data={"csrfmiddlewaretoken": token},
            files={"file": ("backup.json", export, "application/json")},
            expect=(302, 200),
        )
    except (BenchError, OSError) as error:  # e.g. gunicorn's worker timeout (30 s) killed it
        page.samples.append((time.perf_counter() - started) * 1000)
        return Imported(page, f"import failed: {error}", ok=False)
    page.samples.append(response.ms)
    if response.status != 302:
        errors = messages(response.text, classes=("alert", "invalid-feedback"))
        return Imported(page, "import refused: " + "; ".join(errors[:3]), ok=False)
    status = messages(client.get("/import/").text, role="status")
    return Imported(page, status[0] if status else "imported", ok=True)


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


def cpu_seconds(workers: list[psutil.Process]) -> float:
    """User + system CPU time of these processes so far: independent of what else runs."""
    total = 0.0
    for worker in workers:
        try:
            times = worker.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def throughput(
    server: Server, logged_in: Client, label: str, make_request, total: int, seconds: float
) -> Throughput:
    """`total` requests (or `seconds`, whichever ends first) over CONCURRENCY connections,
    each its own browser sharing `logged_in`'s session."""
    workers = server.workers()
    lock = threading.Lock()
    state = {"issued": 0, "ok": 0, "failed": 0}
    latencies: list[float] = []
    deadline = time.monotonic() + seconds

    def connection() -> None:
        client = logged_in.copy()
        while True:
            with lock:
                if state["issued"] >= total or time.monotonic() > deadline:
                    return
                state["issued"] += 1
            try:
                response = make_request(client)
            except (BenchError, OSError):
                with lock:
                    state["failed"] += 1
                continue
            with lock:
                state["ok"] += 1
                latencies.append(response.ms)

    threads = [threading.Thread(target=connection) for _ in range(CONCURRENCY)]
    cpu_before = cpu_seconds(workers)
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds(workers) - cpu_before
    return Throughput(label, state["ok"], state["failed"], elapsed, latencies, cpu)


def measure_throughput(server: Server, username: str, total: int, seconds: float):
    client = Client(server.port)
    client.login(username)
    form = caffeine_form(client, 8, 63, "espresso")
    return [
        throughput(server, client, "floor GET /help/", lambda c: c.get("/help/"), total, seconds),
        throughput(server, client, "dashboard GET /", lambda c: c.get("/"), total, seconds),
        throughput(
            server,
            client,
            "log a caffeine entry POST",
            lambda c: c.post("/caffeine/new/", data=form, expect=(302,)),
            total,
            seconds,
        ),
    ]


def peak_rss_mb(pid: int) -> float:
    """VmHWM, the process's peak resident set: psutil reports the current RSS only."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def memory(server: Server) -> dict[int, dict[str, float]]:
    """Peak RSS, RSS and PSS (resident pages, shared ones split among the processes sharing
    them) of each worker, in MB."""
    found = {}
    for worker in server.workers():
        try:
            info = worker.memory_full_info()
            found[worker.pid] = {
                "peak_rss": peak_rss_mb(worker.pid),
                "rss": info.rss / 2**20,
                "pss": info.pss / 2**20,
            }
        except (psutil.Error, OSError):
            continue
    return found


@dataclass
class SizeResult:
    label: str
    entries: int
    generate_seconds: float
    generate_output: str
    pages: list[Page]
    import_message: str
    import_ok: bool
    memory: dict[str, dict[int, dict[str, float]]]  # moment -> pid -> figures
    throughput: list[Throughput]
    server_restarts: str

    @property
    def floor(self) -> float:
        return self.pages[0].median


@dataclass(frozen=True)
class Settings:
    repeat: int
    warmup: int
    load_requests: int  # 0: no throughput phase
    load_seconds: float


def run_size(
    server: Server,
    label: str,
    username: str,
    import_user: str,
    generated: tuple[float, str],
    settings: Settings,
    log: Callable[[str], None],
) -> SizeResult:
    """Every measurement of one size of diary, against a started server."""
    tz = zoneinfo.ZoneInfo(TIMEZONE)
    memories = {}
    first_workers = server.worker_pids()
    log(f"gunicorn on port {server.port}, workers {first_workers}")
    memories["idle after start"] = memory(server)
    client = Client(server.port)
    client.login(username)
    for _ in range(2):  # both workers load the code behind a small page
        concurrently(WORKERS, lambda i: client.get("/help/"))
    memories["after /help/"] = memory(server)
    today = dt.datetime.now(tz).date()
    facts = diary_facts(client.get("/export/json").body, today, tz)
    log(
        f"  {facts.entries} entries from {facts.first_day}; day view on {facts.busy_day}; "
        f"export {len(facts.export) / 1e6:.1f} MB"
    )
    # One whole-diary doctor report on each worker (a period no round asks for).
    whole = f"/reports/doctor/?start={facts.first_day}&end={today}"
    concurrently(WORKERS, lambda i: client.get(whole))
    memories["after one whole-diary report"] = memory(server)
    pages = build_pages(today, facts)
    measure_rounds(client, pages, settings.repeat, settings.warmup, log)
    memories["after all the report pages"] = memory(server)
    pages.append(measure_second_request(client, today, settings.repeat))
    post, after = measure_after_entry(client, settings.repeat)
    pages += [after, post]
    imported = measure_import(server.port, import_user, facts.export)
    pages.append(imported.page)
    log(f"  import: {imported.page.samples[0] / 1000:.1f} s: {imported.message}")
    rates = []
    if settings.load_requests:
        rates = measure_throughput(server, username, settings.load_requests, settings.load_seconds)
    memories["at the end"] = memory(server)
    now_workers = server.worker_pids()
    restarts = (
        "none"
        if now_workers == first_workers
        else f"workers changed {first_workers} -> {now_workers} (a worker was restarted)"
    )
    return SizeResult(
        label=label,
        entries=facts.entries,
        generate_seconds=generated[0],
        generate_output=generated[1],
        pages=pages,
        import_message=imported.message,
        import_ok=imported.ok,
        memory=memories,
        throughput=rates,
        server_restarts=restarts,
    )
