"""`gongkai review`: confirm or dismiss findings, list them, and edit them in bulk as a CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gongkai.check_cmd import table_text
from gongkai.warehouse_arg import add_warehouse_argument, existing_warehouse
from warehouse.env_names import DECISIONS_ENV

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_NO_WAREHOUSE = 2
LIST_COLUMNS = ("report_id", "agency", "year", "check_name", "scope", "finding", "review_status", "review_comment")

HELP = f"""Record the supervisor's decision on a finding (a failing check of a report), list the
findings with their decisions, or edit them in bulk as a CSV file.

A finding is REPORT × CHECK × SCOPE: REPORT is a report_id (or a unique prefix of at least 6
hex digits, a sha256, or the path of the report's file), CHECK an identity such as t4_total,
SCOPE what it is checked for (administrative_review, natural_person, report...). Without SCOPE
the decision applies to every failing scope of that check in that report.

Decisions are appended to the decisions file (data/review/decisions.csv, ${DECISIONS_ENV}), which
outlives the warehouse: each `gongkai run` loads it again, so decisions survive re-runs and a
warehouse rebuilt from the same files. They are keyed by the document's content hash: a new
version of a report (other bytes, same body and year) starts open again. fct_identity_checks
shows the decision in force (review_status, review_comment, reviewed_at, reviewed_by) at once.

examples:
  gongkai review                                   the failing checks of current reports, with their status
  gongkai review --status open                     only those nobody decided on
  gongkai review b95c41200e0cf4db t4_total administrative_review --dismiss "复议案件数按年报口径另计"
  gongkai review b95c41 t4_total --confirm "请更正表四"
  gongkai review b95c41 t4_total --reopen
  gongkai review --export review.csv               edit review_status / review_comment in a spreadsheet...
  gongkai review --import review.csv               ...and record the rows that changed

exit status: 0 done, 1 the decision was refused (unknown finding, a dismissal without a reason,
a malformed file: the message names it), 2 no warehouse (run `gongkai run` first)."""


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser("review", help="confirm or dismiss findings (decisions survive re-runs and rebuilds)",
                              description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("report", nargs="?", help="report_id (or a unique prefix), sha256 or the report's file")
    p.add_argument("check", nargs="?", help="the check (identity), e.g. t4_total")
    p.add_argument("scope", nargs="?", help="its scope (default: every failing scope of the check)")
    action = p.add_mutually_exclusive_group()
    action.add_argument("--dismiss", metavar="REASON", help="not the body's fault: the reason is required")
    action.add_argument("--confirm", metavar="COMMENT", help="the body is to correct it")
    action.add_argument("--reopen", nargs="?", const="", metavar="COMMENT", help="back to open")
    action.add_argument("--export", type=Path, metavar="FILE", help="write every failing finding as a CSV to edit")
    action.add_argument("--import", dest="import_file", type=Path, metavar="FILE",
                        help="record the rows of an edited export whose review_status or review_comment changed")
    p.add_argument("--status", help="list only findings with this review status (open, confirmed, dismissed)")
    p.add_argument("--by", help="who decides (default: the user name)")
    add_warehouse_argument(p)
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    from warehouse import review

    settings, warehouse = existing_warehouse(args, "review")
    decisions_file = settings.decisions_file
    if warehouse is None:
        return EXIT_NO_WAREHOUSE
    decision = next(((status, text) for status, text in (("dismissed", args.dismiss), ("confirmed", args.confirm),
                                                         ("open", args.reopen)) if text is not None), None)
    try:
        if decision is not None:
            if not (args.report and args.check):
                print("gongkai review: --dismiss, --confirm and --reopen need REPORT and CHECK", file=sys.stderr)
                return EXIT_REFUSED
            recorded = review.decide(warehouse, decisions_file, args.report, args.check, args.scope, *decision,
                                     decided_by=args.by)
            for d in recorded:
                print(f"{d['review_status']}: {d['report_id']} {d['check_name']} {d['scope']}")
            print(f"decisions: {decisions_file}")
        elif args.export is not None:
            count = review.export_csv(warehouse, decisions_file, args.export)
            print(f"{count} findings written to {args.export} (edit review_status: "
                  f"{', '.join(review.review_statuses())}; and review_comment; then --import it)")
        elif args.import_file is not None:
            recorded = review.import_csv(warehouse, decisions_file, args.import_file, decided_by=args.by)
            print(f"{len(recorded)} decisions recorded from {args.import_file} (rows left unchanged are not)")
            print(f"decisions: {decisions_file}")
        else:
            if args.report or args.check:
                print("gongkai review: say what to do: --dismiss REASON, --confirm COMMENT or --reopen", file=sys.stderr)
                return EXIT_REFUSED
            review.load_decisions(warehouse, decisions_file)  # the marts agree with the listing
            rows = review.review_rows(warehouse, decisions_file, args.status)
            counts = {s: sum(r["review_status"] == s for r in rows) for s in review.review_statuses()}
            footer = f"{len(rows)} findings (" + ", ".join(f"{n} {s}" for s, n in counts.items()) + ")"
            sys.stdout.write(table_text(rows, LIST_COLUMNS, footer) if rows else "No findings.\n")
    except FileNotFoundError as error:
        print(f"gongkai review: {error}", file=sys.stderr)
        return EXIT_NO_WAREHOUSE
    except review.ReviewError as error:
        print(f"gongkai review: {error}", file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK
