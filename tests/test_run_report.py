"""The HTML run report of `gongkai run`, its charts in Dagster metadata, and the CLI around it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from warehouse import run_report as rr
from tests.conftest import REPO_ROOT

SUBCOMMANDS = ("parse", "run", "query", "check", "export", "accuracy")


def _report_path(samples_run) -> Path:
    return Path(samples_run.stdout.rstrip("\n").splitlines()[-1])


def test_run_prints_the_html_report_path_last(samples_run):
    assert samples_run.returncode == 0, samples_run.stderr
    path = _report_path(samples_run)
    assert path.is_absolute() and path.suffix == ".html" and path.is_file(), samples_run.stdout
    assert path.parent == samples_run.data_dir / "reports"  # GONGKAI_DATA moves the reports


def test_report_is_self_contained_with_the_charts(samples_run):
    html = _report_path(samples_run).read_text(encoding="utf-8")
    assert rr.chart_count(html) >= 4
    for title in ("Outcomes of applications by report year", "Reports failing each accounting identity",
                  "Reports failing an identity, by province", "Documents by format and parse status"):
        assert title in html
    # Works offline: nothing fetched (the SVG namespace is an identifier, not a fetch).
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "url(" not in html


def test_report_figures_match_the_samples(samples_run):
    data = rr.collect(samples_run.warehouse)
    assert data.totals["reports"] == 20 and data.totals["quarantined"] == 0
    # s15 breaks t4_total (error), s11 narrative_applications and s17 cross_year_carry (warnings).
    failing = {(c, s) for (c, s), v in data.identity_failures.values.items() if v}
    assert failing == {("t4_total", "error"), ("narrative_applications", "warning"), ("cross_year_carry", "warning")}
    assert data.failures_by_province.value("河南省", "error") == 1
    assert sum(data.documents.total(f) for f in data.documents.categories) == 20
    assert data.documents.value("txt", "partial") == 0  # s13 (2019 template) reads in full
    years = data.outcomes_by_year
    assert years.categories == ["2019", "2020", "2021", "2022", "2023", "2024", "2025"]
    assert years.total("2025") == 319  # results_total of 罗源县数据局 2025 (the only 2025 report)


def test_run_report_asset_metadata_holds_the_charts(samples_run):
    import dagster as dg

    with dg.DagsterInstance.from_config(str(samples_run.dagster_home)) as instance:
        event = instance.get_latest_materialization_event(dg.AssetKey("run_report"))
    metadata = event.asset_materialization.metadata
    assert Path(metadata["path"].value) == _report_path(samples_run)
    for key in ("outcomes_by_year", "identity_failures", "failures_by_province", "documents_by_format"):
        markdown = metadata[key].value
        assert markdown.startswith("![") and "data:image/svg+xml;base64," in markdown
        assert "\n| " in markdown  # the figures as a table under the chart


def test_svg_chart_shapes():
    table = rr.Table(title="t", category_label="year", categories=["2022", "2023"], series=["a", "b"],
                     series_labels=["A <1>", "B"], values={("2022", "a"): 3, ("2022", "b"): 1, ("2023", "b"): 2},
                     colours=["#000", "#111"])
    for horizontal in (False, True):
        svg = rr.stacked_bars_svg(table, horizontal)
        assert svg.count("<rect ") == 1 + 3 + 2  # background, three bars, two legend keys
        assert "A &lt;1&gt;" in svg and ">4<" in svg  # escaped label; the 2022 total
    assert rr.markdown_table(table).splitlines()[2] == "| 2022 | 3 | 1 | 4 |"
    empty = rr.Table("e", "x", [], ["a"], ["A"], {}, ["#000"])
    assert "No data" in rr.stacked_bars_svg(empty) and rr.markdown_table(empty) == "No data."


@pytest.mark.parametrize("value, top", [(0, 4), (1, 4), (5, 8), (10, 12), (319, 400), (12345, 20000)])
def test_axis_maximum_has_whole_ticks(value, top):
    assert rr._nice_max(value) == top  # noqa: SLF001
    assert all(float(t).is_integer() for t in rr._ticks(top))  # noqa: SLF001


def _gongkai(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gongkai.cli", *args], cwd=REPO_ROOT, capture_output=True,
                          text=True, env=env, timeout=300)


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_help_has_examples_and_exit_status(command):
    done = _gongkai(command, "--help")
    assert done.returncode == 0
    assert "examples:" in done.stdout and "exit status" in done.stdout, done.stdout


def test_top_level_help_lists_exit_codes_of_every_command():
    done = _gongkai("--help")
    epilog = done.stdout.split("exit status", 1)[1]
    for command in SUBCOMMANDS:
        assert re.search(rf"^\s+{command}\s+0 ", epilog, re.M), command


def test_run_without_the_input_folder_says_what_to_do(tmp_path):
    done = _gongkai("run", "--input", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "w.duckdb"))
    assert done.returncode == 2
    assert "--input DIR" in done.stderr and done.stdout == ""


def test_query_errors_say_what_to_do(samples_run, tmp_path):
    missing = _gongkai("query", "select 1", "--warehouse", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 2 and "gongkai run" in missing.stderr
    bad = _gongkai("query", "select nope from dim_report", "--warehouse", str(samples_run.warehouse))
    assert bad.returncode == 1 and "nope" in bad.stderr and "marts" in bad.stderr
    good = _gongkai("query", "select count(*) as n from dim_report", "--format", "csv",
                    "--warehouse", str(samples_run.warehouse))
    assert good.returncode == 0 and good.stdout == "n\n20\n"


def test_progress_bars_stay_off_the_pipe(samples_run):
    # Not a terminal and no GONGKAI_PROGRESS (conftest): no bar, nothing from tqdm on stderr,
    # neither the run's bar nor the raw load's ("18/18 [", "file/s").
    err = samples_run.stderr
    assert "GONGKAI_PROGRESS" not in samples_run.env()
    assert "it/s" not in err and "/s]" not in err and "%|" not in err and not re.search(r"\d+/\d+ \[", err), err


def test_progress_bar_follows_the_run_events(monkeypatch, capsys):
    from types import SimpleNamespace

    from warehouse.progress import RunProgress

    monkeypatch.setenv("GONGKAI_PROGRESS", "1")
    progress = RunProgress(total=2, desc="run")
    events = [SimpleNamespace(dagster_event=SimpleNamespace(event_type_value=kind, step_key="load_raw_tables"))
              for kind in ("STEP_START", "ASSET_MATERIALIZATION", "LOGS_CAPTURED", "ASSET_CHECK_EVALUATION")]
    for event in [SimpleNamespace(dagster_event=None), *events]:
        progress(event)
    assert progress._bar.n == 2  # noqa: SLF001
    progress.close()
    assert "run: load_raw_tables" in capsys.readouterr().err
