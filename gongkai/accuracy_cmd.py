"""`gongkai accuracy DIR...`: reading accuracy of the parser against truth files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = """Parse every document that has a truth file (<doc>.truth.json from the generator,
<doc>.expected.json in ../shared/corpus) and compare cell by cell (value and state), per
rendering kind and per format: cells exact, cells missing (read `missing` where the truth
has a value), cells WRONG BUT STATED AS READ, identity false alarms and how many of those a
misread cell caused. Documents with no truth file are judged by self-consistency per source
folder: the share read `ok` with every hard identity passing.

examples:
  python -m ingest.generator --out /tmp/corpus --count 3000 --seed 1 --violation-rate 0.2
  make corpus CORPUS_OUT=/tmp/rendered CORPUS_COUNT=1500   # reports rendered by real tools
  gongkai accuracy /tmp/corpus /tmp/rendered ../shared/corpus
  gongkai accuracy tests/fixtures/rendered --json > accuracy.json

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

    from ingest.accuracy import format_report, score, self_consistency, truth_pairs, unlabelled
    from ingest.parallel import parsed_reports
    from warehouse.progress import iterate

    results = {}
    for folder in args.folders:
        if not folder.is_dir():
            print(f"gongkai accuracy: {folder} is not a folder", file=sys.stderr)
            return 2
        pairs = list(truth_pairs(folder))
        others = unlabelled(folder, (doc for doc, _ in pairs))
        docs = [str(doc) for doc, _ in pairs] + [str(doc) for doc in others]
        parsed = iter(iterate(parsed_reports(docs, jobs=args.jobs), len(docs), f"parsing {folder}"))
        labelled = [report for _, report in (next(parsed) for _ in range(len(pairs)))]
        rep = score((doc, truth, report) for (doc, truth), report in zip(pairs, labelled))
        rep.self_consistency = self_consistency(folder, ((doc, report) for doc, (_, report) in zip(others, parsed)))
        results[str(folder)] = rep
        if not args.json:
            print(format_report(rep, str(folder)))
    if args.json:
        print(json.dumps({k: v.to_dict() for k, v in results.items()}, ensure_ascii=False, indent=2))
    return 0
