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


def test_console_entry_flushes_output_and_keeps_the_exit_status(tmp_path):
    """`gongkai` leaves through os._exit (no interpreter teardown): output must still be whole."""
    import json

    from tests.conftest import SEED_TXT

    good = subprocess.run([sys.executable, "-m", "gongkai.cli", "parse", str(SEED_TXT), "--json"],
                          capture_output=True, text=True)
    assert good.returncode == 0 and good.stdout.endswith("\n")
    assert json.loads(good.stdout)["report"]["agency"] == "赣县区商务局"
    missing = subprocess.run([sys.executable, "-m", "gongkai.cli", "parse", str(tmp_path / "absent.txt"), "--json"],
                             capture_output=True, text=True)
    assert missing.returncode == 1 and "absent.txt" in missing.stderr and missing.stdout.endswith("\n")
