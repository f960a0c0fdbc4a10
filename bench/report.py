"""The results as a text table, as Markdown (for docs/performance.md) and as JSON (all samples)."""

from __future__ import annotations

import json
import os
import platform
import statistics
from collections.abc import Container
from pathlib import Path

import psutil

from .measure import SizeResult, Throughput, percentile
from .server import WORKERS

HEADER = ["page", "median ms", "p90 ms", "× floor", "budget", "result"]


def rows_of(result: SizeResult) -> list[list[str]]:
    rows = []
    for page in result.pages:
        met = page.budget.met(page.median, result.floor)
        rows.append(
            [
                page.label,
                f"{page.median:.0f}",
                "—" if page.single else f"{page.p90:.0f}",
                f"{page.median / result.floor:.1f}×",
                page.budget.text,
                {True: "OK", False: "OVER", None: ""}[met],
            ]
        )
    return rows


def text_table(header: list[str], rows: list[list[str]], left: Container[int] = (0,)) -> str:
    """A plain-text table; the columns in `left` left-aligned, the rest right-aligned."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(w) if i in left else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(header: list[str], rows: list[list[str]], left: Container[int] = (0,)) -> str:
    """A Markdown table; the columns in `left` left-aligned, the rest right-aligned."""
    align = ["---" if i in left else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def memory_text(memory: dict) -> str:
    if not memory:
        return "n/a"
    return ", ".join(
        f"pid {pid}: peak {m['peak_rss']:.0f} MB (now RSS {m['rss']:.0f} MB, PSS {m['pss']:.0f} MB)"
        for pid, m in memory.items()
    )


def peak(memory: dict) -> float:
    return max((m["peak_rss"] for m in memory.values()), default=0.0)


THROUGHPUT_HEADER = [
    "load ({} connections)",
    "requests",
    "failed",
    "req/s",
    "× floor",
    "median ms",
    "p90 ms",
    "worker CPU ms/request",
]


def throughput_rows(rates: list[Throughput]) -> list[list[str]]:
    floor = (rates[0].rps or 1) if rates else 1
    rows = []
    for t in rates:
        med = statistics.median(t.latencies) if t.latencies else 0
        p90 = percentile(t.latencies, 90) if t.latencies else 0
        rows.append(
            [
                t.label,
                str(t.ok),
                str(t.failed),
                f"{t.rps:.1f}",
                f"{t.rps / floor:.2f}",
                f"{med:.0f}",
                f"{p90:.0f}",
                f"{t.cpu_ms:.1f}",
            ]
        )
    return rows


def text(result: SizeResult, concurrency: int) -> str:
    out = [
        "",
        f"== {result.label} of data: {result.entries} entries "
        f"(generated in {result.generate_seconds:.1f} s: {result.generate_output}) ==",
        text_table(HEADER, rows_of(result), left={0, 4, 5}),
        "",
        f"JSON import: {result.import_message}",
        *(f"Worker memory {moment}: {memory_text(m)}" for moment, m in result.memory.items()),
        f"Worker restarts during the run: {result.server_restarts}",
    ]
    if result.throughput:
        header = [THROUGHPUT_HEADER[0].format(concurrency), *THROUGHPUT_HEADER[1:]]
        out += ["", text_table(header, throughput_rows(result.throughput))]
    return "\n".join(out)


def markdown(result: SizeResult, concurrency: int) -> str:
    moments = "; ".join(f"{moment} {peak(m):.0f} MB" for moment, m in result.memory.items())
    out = [
        f"### {result.label} of data ({result.entries} entries)",
        "",
        markdown_table(HEADER, rows_of(result), left={0, 4, 5}),
        "",
        f"Worker peak RSS (VmHWM, the larger of the {WORKERS}): {moments}.",
    ]
    if result.throughput:
        header = [THROUGHPUT_HEADER[0].format(concurrency), *THROUGHPUT_HEADER[1:]]
        out += ["", markdown_table(header, throughput_rows(result.throughput))]
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
        "memory_gb": round(psutil.virtual_memory().total / 2**30),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def loadavg() -> str:
    return " ".join(f"{value:.2f}" for value in psutil.getloadavg())


def save_json(path: Path, meta: dict, results: list[SizeResult]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        **meta,
        "sizes": [
            {
                "label": r.label,
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
                "import_ok": r.import_ok,
                "memory_mb": r.memory,
                "server_restarts": r.server_restarts,
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
