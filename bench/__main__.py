"""`python -m bench [NAME ...]`: run the benchmarks (every bench/bench_*.py, or the named ones).

Each benchmark module has a `main()` that writes bench/results/<name>.md and .json.
"""
from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    available = sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    chosen = argv or available
    unknown = [name for name in chosen if name not in available]
    if unknown:
        print(f"error: unknown benchmark(s) {', '.join(unknown)}; available: {', '.join(available)}", file=sys.stderr)
        return 2
    for name in chosen:
        started = time.perf_counter()
        print(f"== bench {name}", flush=True)
        importlib.import_module(f"bench.bench_{name}").main()
        print(f"== bench {name} done in {time.perf_counter() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
