"""The `gongkai` command.

Start-up stays light (`gongkai parse` is called on many files): Dagster, dbt, pandas and
pydantic (the settings) are imported inside the subcommands that need them, never at module import.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.file_types import suffix_list
from warehouse.env_names import WAREHOUSE_ENV

if TYPE_CHECKING:
    from warehouse.settings import Settings

QUERY_FORMATS = ("table", "csv", "json")
EXIT_WAREHOUSE_BUSY = 3  # gongkai query while another process writes the warehouse

EPILOG = """commands and their exit status (any other status is a crash):
  parse     0 every file read (also partly), 1 some file unreadable
  run       0 the job succeeded, 1 some step failed (errors on stderr), 2 no input folder
  query     0 ok, 1 the SQL failed (DuckDB's message on stderr), 2 no warehouse,
            3 the warehouse is being written by a run (try again when it ends)
  check     0 no hard identity fails, 1 some hard identity fails, 2 no warehouse
  review    0 done, 1 the decision was refused (the message says why), 2 no warehouse
  letters   0 letters written (or none to write), 1 malformed decisions file, 2 no warehouse
  export    0 release written, 1 not written, 2 no warehouse
  accuracy  0 figures printed, 2 bad arguments
  every command exits 2 on a usage error (unknown option, missing argument); gongkai
  without a command prints this help and exits 2.

`gongkai COMMAND --help` shows examples. The warehouse is data/warehouse.duckdb unless
$GONGKAI_WAREHOUSE (or --warehouse) says otherwise; $GONGKAI_DATA moves data/ as a whole."""

RUN_HELP = f"""Parse every report file under a folder (searched recursively), load the raw
tables, build the dbt staging and marts, run the dbt tests and the Great Expectations
identity checks, and write an HTML run report with charts. This runs the same Dagster job
as the UI (`make dev`), in this process; dbt's output goes to a log file.

Report files: {suffix_list()}. The warehouse, its WAL and lock
files, run reports, Data Docs and Dagster's home are never read as reports, also when the
folder holds them.

Prints a summary, then the dbt log's path, then, as the LAST line, the path of the HTML
run report (self-contained, open it in any browser). A progress bar is shown on stderr
when stderr is a terminal (GONGKAI_PROGRESS=0 hides it).

examples:
  gongkai run                                  the bundled samples/ into data/warehouse.duckdb
  gongkai run --input ~/reports                a folder of your own reports
  gongkai run --input ~/reports --warehouse /tmp/w.duckdb
  xdg-open "$(gongkai run --input ~/reports | tail -n 1)"     open the run report

exit status: 0 the job succeeded (failing identities are findings, not errors: see
`gongkai check`), 1 some step failed (each failure is printed on stderr), 2 no such input folder."""

QUERY_HELP = """Run SQL against the warehouse, read-only, and print the result. It reads the snapshot
that the last successful run published beside the warehouse (<warehouse>.snapshot/), which
no run writes in place: a query never waits for a run, and sees the state after the last
successful one (--live reads the warehouse itself, waiting up to 2 s for a run's writes;
without a snapshot, as before any run finished, it does so too). Unqualified names are
looked up in schema marts, then raw (`dim_report` is marts.dim_report); other DuckDB
clients write marts.dim_report. Public relations: dim_report, fct_proactive_disclosure,
fct_applications, fct_review_litigation, fct_identity_checks, fct_review_decisions,
quarantine (README.md lists example questions with their answers on the samples).

examples:
  gongkai query "select year, count(*) from dim_report group by all order by 1"
  gongkai query "select * from fct_identity_checks where status = 'fail'" --format csv > fails.csv
  gongkai query "describe marts.fct_applications"
  gongkai query --warehouse /tmp/w.duckdb "select * from quarantine" --format json

exit status: 0 ok, 1 the SQL failed (DuckDB's message on stderr), 2 no warehouse (run `gongkai run` first),
3 (--live, or no snapshot yet) the warehouse is being written by another process (a run): try
again when it ends."""


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 2
    return args.func(args)


def entry() -> None:
    """The `gongkai` console command: main(), then leave without the interpreter's teardown.

    After a `gongkai run` the teardown took ~2 s in C code (extension modules freeing their
    state) before the process ended. Every file, connection, lock, pool and temporary folder
    is closed by the code that opened it before main() returns, so only output is left to flush.
    """
    code = main()
    from ingest.readers import stop_services

    stop_services()  # a LibreOffice started for .doc & co. (atexit does not run after os._exit)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongkai",
        description="Government information-disclosure annual reports (政府信息公开工作年度报告) into a DuckDB warehouse.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    subparsers = parser.add_subparsers(title="commands")

    # Subcommands in modules of their own: each add_parser(subparsers) sets `func`.
    for module in _COMMAND_MODULES[:1]:
        importlib.import_module(module).add_parser(subparsers)

    run = subparsers.add_parser("run", help="parse a folder of reports into the warehouse and build the marts",
                                description=RUN_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    run.add_argument("--input", type=Path, help="folder of report files, searched recursively (default: samples/)")
    run.add_argument("--warehouse", type=Path, help=f"DuckDB file (default: ${WAREHOUSE_ENV} or data/warehouse.duckdb)")
    run.set_defaults(func=_run)

    query = subparsers.add_parser("query", help="run read-only SQL against the warehouse",
                                  description=QUERY_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    query.add_argument("sql", help="one SQL statement (quote it for the shell)")
    query.add_argument("--warehouse", type=Path, help=f"DuckDB file (default: ${WAREHOUSE_ENV} or data/warehouse.duckdb)")
    query.add_argument("--format", choices=QUERY_FORMATS, default="table", help="output format (default: table)")
    query.add_argument("--live", action="store_true",
                       help="read the warehouse itself, not the last successful run's snapshot")
    query.set_defaults(func=_query)
    for module in _COMMAND_MODULES[1:]:
        importlib.import_module(module).add_parser(subparsers)
    return parser


_COMMAND_MODULES = ("gongkai.parse_cmd", "gongkai.check_cmd", "gongkai.review_cmd", "gongkai.letters_cmd",
                    "gongkai.export_cmd", "gongkai.accuracy_cmd")


def _settings(args: argparse.Namespace) -> Settings:
    from warehouse.settings import Settings  # pydantic: not for `gongkai parse`

    settings = Settings.from_env()
    if args.warehouse is not None:
        settings = settings.with_paths(warehouse=args.warehouse)
    return settings


def _run(args: argparse.Namespace) -> int:
    from gongkai.pipeline import run_quietly, run_report_of, summarise

    settings = _settings(args)
    input_dir = (args.input or settings.samples_dir).absolute()
    if not input_dir.is_dir():
        print(f"gongkai run: no folder {input_dir}: give --input DIR, a folder holding report files "
              f"({suffix_list()})", file=sys.stderr)
        return 2
    result, log_path = run_quietly(settings, input_dir, progress=settings.progress)
    for event in result.all_events:
        if event.is_step_failure:
            print(f"gongkai run: step {event.step_key} failed: {event.event_specific_data.error.message}", file=sys.stderr)
    if not result.success:
        print(f"gongkai run: the run failed; details in {log_path} and in the Dagster UI (`make dev`, "
              f"DAGSTER_HOME={settings.dagster_home})", file=sys.stderr)
    try:
        print("\n".join(summarise(settings.warehouse).lines()))
    except Exception as error:  # noqa: BLE001 - a failed run may leave no marts to summarise
        print(f"gongkai run: no summary of {settings.warehouse}: {error}", file=sys.stderr)
    print(f"dbt log:    {log_path}")
    try:
        report = run_report_of(result, settings)
    except Exception as error:  # noqa: BLE001 - no marts, no report; say so and keep the exit status
        print(f"gongkai run: no run report: {error}", file=sys.stderr)
    else:
        print("run report (HTML):")
        print(report, flush=True)  # the last line: `gongkai run | tail -n 1` is the report's path
    return 0 if result.success else 1


def _query(args: argparse.Namespace) -> int:
    import duckdb

    from warehouse.query import run_query
    from warehouse.store import WarehouseBusyError

    warehouse = _settings(args).warehouse
    if not warehouse.exists():
        print(f"gongkai query: no warehouse at {warehouse}: run `gongkai run` first, or point "
              f"--warehouse / ${WAREHOUSE_ENV} at one", file=sys.stderr)
        return 2
    try:
        print(run_query(warehouse, args.sql, args.format, live=args.live), end="")
    except FileNotFoundError as error:
        print(f"gongkai query: {error}", file=sys.stderr)
        return 2
    except WarehouseBusyError as error:  # a run holds the file: nothing to read until it ends
        print(f"gongkai query: {error}", file=sys.stderr)
        return EXIT_WAREHOUSE_BUSY
    except duckdb.Error as error:
        print(f"gongkai query: {error}\n(the public relations are in schema marts: dim_report, "
              "fct_applications, fct_proactive_disclosure, fct_review_litigation, fct_identity_checks, "
              "fct_review_decisions, quarantine; try `gongkai query \"show all tables\"`)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    entry()
