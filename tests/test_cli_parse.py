"""`gongkai parse --json`: the JSON Lines contract, order, exit codes, stderr naming bad files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED_TXT

FIXTURES = Path(__file__).parent / "fixtures"
GONGKAI = [sys.executable, "-m", "gongkai.cli"]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*GONGKAI, "parse", *args], capture_output=True, text=True, timeout=120)


def test_seed_json_line():
    proc = _run(str(SEED_TXT), "--json")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1
    obj = json.loads(lines[0])
    assert set(obj) >= {"source", "report", "proactive", "applications", "review_litigation", "narrative",
                        "identities", "issues"}
    assert obj["report"]["agency"] == "赣县区商务局" and obj["report"]["year"] == 2024
    assert len(obj["proactive"]) + len(obj["applications"]) + len(obj["review_litigation"]) == 200
    assert obj["source"]["format"] == "txt" and len(obj["source"]["sha256"]) == 64
    cell = next(c for c in obj["applications"] if c["outcome"] == "new_received" and c["applicant"] == "total")
    assert cell == {"outcome": "new_received", "applicant": "total", "value": 2, "state": "number", "raw": "2"}


def test_many_files_in_order_and_exit_1_for_unreadable(tmp_path):
    bad = tmp_path / "broken report.pdf"
    bad.write_bytes(b"\x00\x01 not a pdf")
    files = [FIXTURES / "text" / "pipes.md", bad, FIXTURES / "html" / "report_utf8.html"]
    proc = _run(*map(str, files), "--json")
    assert proc.returncode == 1
    objs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["source"]["path"] for o in objs] == [str(f) for f in files]
    assert objs[1]["issues"][0]["severity"] == "error"
    assert all(c["state"] == "missing" for c in objs[1]["applications"])
    assert "broken report.pdf" in proc.stderr
    assert objs[0]["report"]["agency"] == objs[2]["report"]["agency"] == "示例县教育局"


def test_summary_without_json():
    proc = _run(str(FIXTURES / "text" / "pipes.md"))
    assert proc.returncode == 0
    assert "示例县教育局" in proc.stdout and "status ok" in proc.stdout


def test_worker_pool_output_equals_one_process(tmp_path):
    """Enough files for the worker pool (its chunks are spooled to files and copied out in order)."""
    sources = [FIXTURES / "text" / "pipes.md", FIXTURES / "html" / "report_utf8.html"]
    files = []
    for n in range(70):
        f = tmp_path / f"{n:03d}_{sources[n % 2].name}"
        f.write_bytes(sources[n % 2].read_bytes())
        files.append(str(f))
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"\x00 not a pdf")
    files.insert(33, str(bad))
    pooled = subprocess.run([*GONGKAI, "parse", *files, "--json", "--jobs", "2"], capture_output=True, timeout=300)
    single = subprocess.run([*GONGKAI, "parse", *files, "--json", "--jobs", "1"], capture_output=True, timeout=300)
    assert pooled.returncode == single.returncode == 1
    assert pooled.stdout == single.stdout and pooled.stderr == single.stderr
    assert [json.loads(line)["source"]["path"] for line in pooled.stdout.splitlines()] == files


@pytest.mark.parametrize("said,shown", [("1", True), ("0", False), (None, False)])
def test_parse_bar_follows_gongkai_progress(said, shown):
    # stderr is a pipe: no bar unless GONGKAI_PROGRESS=1 asks for one
    samples = Path(__file__).resolve().parents[1] / "samples"
    env = {k: v for k, v in os.environ.items() if k != "GONGKAI_PROGRESS"} | ({"GONGKAI_PROGRESS": said} if said else {})
    proc = subprocess.run([*GONGKAI, "parse", str(samples / "s01_tsv.txt"), str(samples / "s02_pipe.txt")],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    assert ("2/2 [" in proc.stderr) == shown, proc.stderr
