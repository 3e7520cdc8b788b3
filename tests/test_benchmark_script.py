"""The benchmark script still runs each scenario and verifies its own result (tiny sizes; no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "refresh_benchmark.py"


@pytest.mark.parametrize(
    ("scenario", "sizes", "lines"),
    [
        ("daily", ["--lines", "1500"], 1575),  # 75 new lines in the export of 100
        ("catalogue", ["--lines", "1200", "--skus", "300"], 1200),  # the next morning, nothing new
        ("archive", ["--lines", "2000", "--reference-lines", "1000", "--skus", "40"], 2075),
    ],
)
def test_each_scenario_runs_end_to_end_on_a_small_tracker(tmp_path, scenario, sizes, lines):
    workdir = tmp_path / "bench"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--scenario", scenario, *sizes, "--daily", "100", "--workdir", str(workdir)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "verification of a.xlsx: OK" in result.stdout
    (run,) = json.loads((workdir / "results.json").read_text(encoding="utf-8")).values()
    assert run["verification"]["all_lines"] == lines
    assert all("peak_rss_mib" in job and job["phases"] for job in run["jobs"].values())
    assert [path.name for path in workdir.iterdir()] == ["results.json"]  # the workbooks are removed
