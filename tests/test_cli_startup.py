from __future__ import annotations

import subprocess
import sys

HEAVY = ("dagster", "dagster_dbt", "dbt", "pandas", "great_expectations", "duckdb", "pydantic")


def test_cli_parser_builds_without_heavy_imports():
    code = (
        "import sys\n"
        "from gongkai.cli import build_parser\n"
        "build_parser()\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
