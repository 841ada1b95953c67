"""Helpers shared by the benchmarks: where the data is, timing, memory, writing results."""
from __future__ import annotations

import json
import platform
import resource
import statistics
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
SHARED_DATA = BENCH.parents[0].parent / "shared" / "data"


def require_data(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        raise SystemExit(f"benchmark data missing: {path} (the benchmarks read ../shared/data)")
    return path


def read_tsv(*parts: str):
    import pandas as pd

    return pd.read_csv(require_data(*parts), sep="\t", quoting=3, dtype=str, keep_default_na=False)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def repeat_timing(run: Callable[[], object], repeats: int = 3) -> dict:
    """Wall time of `repeats` runs: best and median (the machine is noisy; the best is the signal)."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return {"best_s": min(times), "median_s": statistics.median(times), "runs": len(times)}


def machine() -> dict:
    import os

    return {"python": platform.python_version(), "cpu": platform.processor() or platform.machine(),
            "cores": len(os.sched_getaffinity(0)), "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def write_results(name: str, markdown: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {"machine": machine(), **data}
    (RESULTS / f"{name}.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    path = RESULTS / f"{name}.md"
    path.write_text(markdown.rstrip() + "\n", encoding="utf-8")
    return path


def md_table(headers: list[str], rows: list[list]) -> str:
    def fmt(value):
        return f"{value:.3f}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(fmt(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
