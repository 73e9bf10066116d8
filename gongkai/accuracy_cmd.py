"""`gongkai accuracy DIR...`: reading accuracy of the parser against truth files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = """Parse every document that has a truth file (<doc>.truth.json from the generator,
<doc>.expected.json in ../shared/corpus) and compare cell by cell (value and state).

examples:
  python -m ingest.generator --out /tmp/corpus --count 3000 --seed 1 --violation-rate 0.2
  gongkai accuracy /tmp/corpus ../shared/corpus
  gongkai accuracy /tmp/corpus --json > accuracy.json

A progress bar is shown on stderr when stderr is a terminal (GONGKAI_PROGRESS=0 hides it).

exit status: 0 always when the folders could be read (the figures are the result), 2 on bad arguments."""


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser("accuracy", help="cell accuracy of the parser against truth files",
                              description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("folders", nargs="+", type=Path, metavar="DIR")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--jobs", type=int, default=0, metavar="N", help="worker processes (default: one per core)")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    import json

    from gongkai.progress import iterate
    from ingest.accuracy import format_report, score, truth_pairs
    from ingest.parallel import parsed_reports

    results = {}
    for folder in args.folders:
        if not folder.is_dir():
            print(f"gongkai accuracy: {folder} is not a folder", file=sys.stderr)
            return 2
        pairs = list(truth_pairs(folder))
        parsed = iterate(parsed_reports([str(doc) for doc, _ in pairs], jobs=args.jobs), len(pairs), f"parsing {folder}")
        rep = score((doc, truth, report) for (doc, truth), (_, report) in zip(pairs, parsed))
        results[str(folder)] = rep
        if not args.json:
            print(format_report(rep, str(folder)))
    if args.json:
        print(json.dumps({k: v.to_dict() for k, v in results.items()}, ensure_ascii=False, indent=2))
    return 0
