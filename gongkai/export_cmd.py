"""`gongkai export`: the open-data release of the warehouse's marts (warehouse/release.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from warehouse.env_names import WAREHOUSE_ENV

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_NO_WAREHOUSE = 2

HELP = """Write the public marts as an open-data release: Parquet (zstd; the per-cell facts in one
folder per report year) and CSV (UTF-8 with a byte-order mark, for Excel), a Frictionless
datapackage.json (titles, descriptions, types, primary and foreign keys, the codes as enums,
all from the dbt YAML), DATA_DICTIONARY.md, a README (what a row is, the identities, how to
cite) and CHECKSUMS (sha256sum -c). The release is written beside DIR and renamed into place:
an earlier release in DIR is replaced whole; a folder that is not a release is never touched.
Every `gongkai run` (and the Dagster job) also writes one into data/release.

examples:
  gongkai export                                 into data/release
  gongkai export --out /tmp/gongkai-2026         elsewhere
  cd /tmp/gongkai-2026 && sha256sum -c CHECKSUMS && frictionless validate datapackage.json

exit status: 0 written (the last line printed is the release's folder), 1 not written (the
reason on stderr), 2 no warehouse."""


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser("export", help="write the open-data release (Parquet, CSV, datapackage.json)",
                              description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, help="release folder (default: data/release under $GONGKAI_DATA)")
    p.add_argument("--warehouse", type=Path, help=f"DuckDB file (default: ${WAREHOUSE_ENV} or data/warehouse.duckdb)")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    from expectations.specs import identity_descriptions
    from warehouse.release import ReleaseError, export_release
    from warehouse.settings import Settings

    settings = Settings.from_env()
    warehouse = (args.warehouse or settings.warehouse).expanduser().absolute()
    out = (args.out or settings.release_dir).expanduser().absolute()
    if not warehouse.exists():
        print(f"gongkai export: no warehouse at {warehouse}: run `gongkai run` first", file=sys.stderr)
        return EXIT_NO_WAREHOUSE
    try:
        release = export_release(warehouse, out, settings.dbt_project_dir / "models" / "marts",
                                 identities=identity_descriptions(), source=f"exported from {warehouse}")
    except ReleaseError as error:
        print(f"gongkai export: {error}", file=sys.stderr)
        return EXIT_FAILED
    for table in release.tables:
        print(f"{table.name:<26} {table.rows:>10} rows")
    print(f"{len(release.files)} files, {release.bytes / 1e6:.1f} MB")
    print(release.path, flush=True)
    return EXIT_OK
