"""The --warehouse option of the commands that read the warehouse, and finding the file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from warehouse.env_names import WAREHOUSE_ENV

if TYPE_CHECKING:
    from warehouse.settings import Settings


def add_warehouse_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--warehouse", type=Path,
                        help=f"DuckDB file (default: ${WAREHOUSE_ENV} or data/warehouse.duckdb)")


def existing_warehouse(args: argparse.Namespace, command: str) -> tuple[Settings, Path | None]:
    """The settings, and the warehouse file (--warehouse, else the settings'); None, said on
    stderr, when there is no such file."""
    from warehouse.settings import Settings  # pydantic: imported when the command runs

    settings = Settings.from_env()
    warehouse = (args.warehouse or settings.warehouse).expanduser().absolute()
    if not warehouse.exists():
        print(f"gongkai {command}: no warehouse at {warehouse}: run `gongkai run` first", file=sys.stderr)
        return settings, None
    return settings, warehouse
