"""The benchmark script still runs and verifies its own result (tiny sizes; no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "refresh_benchmark.py"


def test_benchmark_runs_end_to_end_on_a_small_tracker(tmp_path):
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--lines", "1500", "--daily", "100", "--workdir", str(tmp_path / "bench")],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "verification of a.xlsx: OK" in result.stdout
