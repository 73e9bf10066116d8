"""`gongkai parse FILE... [--json]`: the JSON Lines contract, one object per file, in order."""

from __future__ import annotations

import argparse
import sys

from ingest.file_types import suffix_list

EXIT_OK = 0
EXIT_UNREADABLE = 1

HELP = """Parse annual reports and print their cells.

examples:
  gongkai parse report.pdf --json            one JSON object per line (the contract)
  gongkai parse reports/*.html --json > out.jsonl
  gongkai parse report.txt                   a short human summary

exit status: 0 every file read (also partly), 1 some file could not be read at all
(its line carries an error in "issues" and empty tables; stderr names it)."""


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser("parse", help="parse report files (JSON Lines with --json)", description=HELP,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", metavar="FILE", help=f"report files ({suffix_list()})")
    p.add_argument("--json", action="store_true", help="print the JSON Lines contract instead of a summary")
    p.add_argument("--jobs", type=int, default=0, metavar="N",
                   help="worker processes (default: one per core; 1 = no pool)")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    from ingest.parallel import parsed_output
    from warehouse.progress import forced

    status = EXIT_OK
    out = sys.stdout.buffer
    # Workers serialise their reports (JSON or summary): this process only copies bytes, in order.
    # A progress bar goes to stderr when it is a terminal and the files are many, or as
    # GONGKAI_PROGRESS says.
    for path, unreadable, write in parsed_output(args.files, as_json=args.json, jobs=args.jobs, progress=forced()):
        if unreadable is not None:
            status = EXIT_UNREADABLE
            print(f"gongkai parse: cannot read {path}: {unreadable}", file=sys.stderr)
        write(out)
    out.flush()
    return status
