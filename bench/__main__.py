"""python -m bench [--quick | --smoke] [--years N ...] [--database-url postgres://...]

1. A fresh SQLite file in a temporary directory (or, with --database-url, a fresh PostgreSQL
   database beside the one named, dropped afterwards) and a fresh cache directory; migrate;
   collectstatic; one user per size filled by `manage.py generate_diary` (timed), and one empty
   user per size for the import.
2. Per size: gunicorn with 2 workers, DEBUG=0, on 127.0.0.1 and a free port; log in over HTTP;
   time every page (round-robin rounds after warm-ups), a reload of a new report period, an
   entry followed by the dashboard, one import of the export; then load with 10 concurrent
   connections; worker memory at five moments.
3. Print a table per size (and Markdown with --markdown); write every sample to JSON.

Exits with 1 when a page answers with an unexpected status, the import fails, or a request
under load fails; with 2 when gunicorn is missing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from . import measure, report, server
from .client import BenchError


def size_label(days: int) -> str:
    if days % 365 == 0:
        years = days // 365
        return f"{years} year" + ("s" if years != 1 else "")
    if days % 7 == 0:
        return f"{days // 7} weeks"
    return f"{days} days"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="5 samples, smaller load tests")
    mode.add_argument(
        "--smoke",
        action="store_true",
        help="3 weeks of data, 2 samples, no load tests: checks every page answers (for CI)",
    )
    parser.add_argument("--years", type=float, nargs="+", help="sizes of diary (default: 1 5)")
    parser.add_argument("--repeat", type=int, help="timed samples per page (default 15, quick 5)")
    parser.add_argument("--warmup", type=int, help="warm-up rounds per page (default 2)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url",
        help="postgres://... : a fresh database is created beside it and dropped afterwards",
    )
    parser.add_argument("--markdown", action="store_true", help="also print Markdown tables")
    parser.add_argument(
        "--json",
        type=Path,
        help="write all samples here (default bench/results/<time>.json; gitignored)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    if args.smoke:
        days = [21] if args.years is None else [round(y * 365) for y in args.years]
        args.settings = measure.Settings(
            repeat=args.repeat or 2,
            warmup=0 if args.warmup is None else args.warmup,
            load_requests=0,
            load_seconds=0,
        )
    else:
        days = [round(y * 365) for y in (args.years or [1, 5])]
        args.settings = measure.Settings(
            repeat=args.repeat or (5 if args.quick else 15),
            warmup=2 if args.warmup is None else args.warmup,
            load_requests=100 if args.quick else 400,
            load_seconds=10 if args.quick else 30,
        )
    if args.settings.repeat < 1 or args.settings.warmup < 0 or min(days) < 1:
        parser.error("--repeat and --years must be positive, --warmup at least 0")
    args.days = days
    return args


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(args: argparse.Namespace, meta: dict, workdir: Path) -> list[measure.SizeResult]:
    database = server.Database(workdir, args.database_url)
    try:
        env = server.server_env(database.url, workdir / "cache", smoke=args.smoke)
        meta["database"] = database.version()
        log(f"Work directory {workdir}; {meta['database']}; load average {meta['loadavg_before']}")
        server.prepare(env, log)
        generated = {}
        for days in args.days:
            generated[days] = server.generate(env, f"bench-{days}d", days, args.seed)
            log(f"generate_diary --days {days}: {generated[days][1]}")
            server.create_user(env, f"bench-import-{days}d")
        results = []
        for days in args.days:
            label = size_label(days)
            log(f"--- {label} ---")
            # The smoke run checks that pages answer, on a machine that may be busy: a worker
            # gets longer than production's 30 s before gunicorn kills it.
            timeout = 120 if args.smoke else 30
            with server.Server(env, workdir, f"{days}d", timeout) as app:
                try:
                    result = measure.run_size(
                        app,
                        label,
                        f"bench-{days}d",
                        f"bench-import-{days}d",
                        generated[days],
                        args.settings,
                        log,
                    )
                except BaseException:
                    log(app.log_tail())
                    raise
            results.append(result)
            print(report.text(result, measure.CONCURRENCY), flush=True)
            if args.markdown:
                print("\n" + report.markdown(result, measure.CONCURRENCY), flush=True)
        return results
    finally:
        try:
            database.drop()
        except Exception as error:  # noqa: BLE001 (report, keep cleaning up)
            log(f"Could not drop the benchmark database: {error}")


def failures(results: list[measure.SizeResult]) -> list[str]:
    found = []
    for result in results:
        if not result.import_ok:
            found.append(f"{result.label}: {result.import_message}")
        found += [
            f"{result.label}: {t.failed} of {t.ok + t.failed} requests failed under load "
            f"({t.label})"
            for t in result.throughput
            if t.failed
        ]
    return found


def main(argv=None) -> int:
    args = parse_args(argv)
    if not server.GUNICORN.exists():
        log(f"No {server.GUNICORN}: install requirements.txt in this virtualenv first.")
        return 2
    started = dt.datetime.now().astimezone()
    meta = {
        "date": started.isoformat(timespec="seconds"),
        "machine": report.machine(),
        "loadavg_before": report.loadavg(),
        "mode": "smoke" if args.smoke else "quick" if args.quick else "full",
        "repeat": args.settings.repeat,
        "warmup": args.settings.warmup,
    }
    workdir = Path(tempfile.mkdtemp(prefix="twitch-bench-"))
    try:
        results = run(args, meta, workdir)
    except BenchError as error:
        log(f"bench: {error}")
        return 1
    finally:
        if args.keep:
            log(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    meta["loadavg_after"] = report.loadavg()
    meta["finished"] = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    machine = meta["machine"]
    print(
        f"\n{meta['date']} · {machine['cores']} cores, {machine['cpu']}, "
        f"{machine['memory_gb']} GB · Python {machine['python']} · {meta['database']} · "
        f"{server.WORKERS} gunicorn workers · {args.settings.repeat} samples per page after "
        f"{args.settings.warmup} warm-up rounds · load average before {meta['loadavg_before']}, "
        f"after {meta['loadavg_after']}"
    )
    out = args.json or server.BASE_DIR / "bench" / "results" / f"{started:%Y%m%d-%H%M%S}.json"
    report.save_json(out, meta, results)
    print(f"All samples: {out}")
    problems = failures(results)
    for problem in problems:
        log(f"bench: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
