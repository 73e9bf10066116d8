"""Every GONGKAI_* variable the code reads is in docs/settings.md's table, and nothing writes
os.environ at run time (settings are read once, into warehouse.settings.Settings)."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CODE = ("gongkai", "orchestration", "expectations", "warehouse", "ingest", "tests", "dbt_project")
SUFFIXES = (".py", ".yml", ".sql")
VARIABLE = re.compile(r"\b(?:GONGKAI_[A-Z0-9_]*[A-Z0-9]|XDG_CACHE_HOME)\b")  # and the one standard variable read
WRITE = re.compile(r"os\.environ\[[^]]+\]\s*=|os\.environ\.(setdefault|update|pop)\(|os\.putenv\(")


def _sources():
    for folder in CODE:
        for path in sorted((REPO / folder).rglob("*")):
            if path.suffix in SUFFIXES and "target" not in path.parts and path.is_file():
                yield path


def _documented() -> set[str]:
    rows = [line for line in (REPO / "docs" / "settings.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| `")]
    return {re.match(r"\| `([A-Z0-9_]+)`", row).group(1) for row in rows}


def test_every_variable_the_code_reads_is_documented():
    read = {name: path for path in _sources() for name in VARIABLE.findall(path.read_text(encoding="utf-8"))}
    read.update({name: REPO / "Makefile" for name in VARIABLE.findall((REPO / "Makefile").read_text())})
    documented = _documented()
    assert "GONGKAI_WAREHOUSE" in read and "GONGKAI_CONVERT_TIMEOUT" in read  # the scan sees code and readers
    missing = {name: str(path.relative_to(REPO)) for name, path in read.items() if name not in documented}
    assert not missing, f"not in docs/settings.md: {missing}"
    assert not documented - set(read) - {"DAGSTER_HOME"}, "docs/settings.md lists variables nothing reads"


def test_nothing_writes_the_environment_at_run_time():
    writes = [f"{path.relative_to(REPO)}:{n}" for path in _sources() if "tests" not in path.parts
              for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if WRITE.search(line)]
    assert writes == []
