"""The benchmark script runs (its numbers are ratios for people; tests never time things)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[1] / "bench" / "run.py"


def test_bench_runs_quick() -> None:
    """bench/run.py --quick finishes and prints one ratio per line."""
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    ratios = [line for line in done.stdout.splitlines() if "×" in line]
    assert len(ratios) >= 5
