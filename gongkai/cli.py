"""The `gongkai` command.

Start-up stays light (`gongkai parse` is called on many files): Dagster, dbt and pandas
are imported inside the subcommands that need them, never at module import.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from gongkai.settings import WAREHOUSE_ENV, Settings

QUERY_FORMATS = ("table", "csv", "json")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 2
    return args.func(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gongkai", description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(title="commands")

    # Subcommands in modules of their own: each add_parser(subparsers) sets `func`.
    for module in _COMMAND_MODULES[:1]:
        importlib.import_module(module).add_parser(subparsers)

    run = subparsers.add_parser("run", help="parse a folder of reports into the warehouse and build the marts")
    run.add_argument("--input", type=Path, help="folder of report files, searched recursively (default: samples/)")
    run.add_argument("--warehouse", type=Path, help=f"DuckDB file (default: ${WAREHOUSE_ENV} or data/warehouse.duckdb)")
    run.set_defaults(func=_run)

    query = subparsers.add_parser("query", help="run read-only SQL against the warehouse")
    query.add_argument("sql")
    query.add_argument("--warehouse", type=Path, help=f"DuckDB file (default: ${WAREHOUSE_ENV} or data/warehouse.duckdb)")
    query.add_argument("--format", choices=QUERY_FORMATS, default="table")
    query.set_defaults(func=_query)
    for module in _COMMAND_MODULES[1:]:
        importlib.import_module(module).add_parser(subparsers)
    return parser


_COMMAND_MODULES = ("gongkai.parse_cmd", "gongkai.check_cmd", "gongkai.accuracy_cmd")


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    if args.warehouse is not None:
        settings = settings.with_paths(warehouse=args.warehouse)
    return settings


def _run(args: argparse.Namespace) -> int:
    from gongkai.pipeline import run_quietly, summarise

    settings = _settings(args)
    input_dir = (args.input or settings.samples_dir).absolute()
    if not input_dir.is_dir():
        print(f"gongkai run: no folder {input_dir}", file=sys.stderr)
        return 2
    result, log_path = run_quietly(settings, input_dir)
    for event in result.all_events:
        if event.is_step_failure:
            print(f"gongkai run: step {event.step_key} failed: {event.event_specific_data.error.message}", file=sys.stderr)
    try:
        print("\n".join(summarise(settings.warehouse).lines()))
    except Exception as error:  # noqa: BLE001 - a failed run may leave no marts to summarise
        print(f"gongkai run: no summary of {settings.warehouse}: {error}", file=sys.stderr)
    print(f"dbt log:    {log_path}")
    return 0 if result.success else 1


def _query(args: argparse.Namespace) -> int:
    from gongkai.query import run_query

    try:
        print(run_query(_settings(args).warehouse, args.sql, args.format), end="")
    except FileNotFoundError as error:
        print(f"gongkai query: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
