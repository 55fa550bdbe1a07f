"""`make bench`: run every benchmark module in this package (or those named).

Each module `bench/bench_<name>.py` has a `main()` that prints its figures.
Benchmarks are not tests: they measure, they never assert.
"""

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main(argv):
    names = sorted(
        module.name for module in pkgutil.iter_modules([str(Path(__file__).parent)]) if module.name.startswith("bench_")
    )
    wanted = [name if name.startswith("bench_") else f"bench_{name}" for name in argv] or names
    for name in wanted:
        if name not in names:
            print(f"no benchmark called {name}; have: {', '.join(names)}")
            return 2
    for name in wanted:
        print(f"\n=== {name.removeprefix('bench_')} ===", flush=True)
        started = time.monotonic()
        importlib.import_module(f"bench.{name}").main()
        print(f"--- {name.removeprefix('bench_')} took {time.monotonic() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
