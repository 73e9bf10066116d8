"""`gongkai letters`: a correction letter (DOCX) per body with open findings, and a tracking XLSX."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gongkai.warehouse_arg import add_warehouse_argument, existing_warehouse

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_NO_WAREHOUSE = 2

HELP = """Write a correction letter (更正通知, DOCX in Chinese) to each body whose current report of
the year has findings still to correct, and one XLSX listing every body and finding for the
office's own tracking (with an empty 整改情况 column to fill in).

A letter names the body and its report (title, file, report_id), then each finding: a failing
identity in words, with the figures the report printed and where they are (table, row and
column by the template's labels, the page or line of the document); a finding of another
check with its message and the quoted text. Findings dismissed with `gongkai review` are left
out; open and confirmed ones are listed (a confirmation's comment is quoted as 审核意见).

--region is a province, city or county as dim_report names it (e.g. 赣州市, 江西省, 中牟县);
without it, every region.

examples:
  gongkai letters --region 赣州市 --year 2024 --out letters/
  gongkai letters --year 2023 --out /tmp/letters --office "郑州市人民政府办公厅政务公开办"

The review decisions file is loaded into the warehouse first, so the letters follow every
decision recorded.

exit status: 0 letters written (also when no body has a finding: the XLSX is then empty),
1 the review decisions file is malformed (the message names the line), 2 no warehouse."""


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser("letters", help="write a correction letter (DOCX) per body with open findings, and an XLSX",
                              description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--region", help="province, city or county (default: all)")
    p.add_argument("--year", type=int, help="report year (default: all)")
    p.add_argument("--out", type=Path, required=True, help="folder to write the letters into (created)")
    p.add_argument("--office", help="who signs the letters (default: <region>政务公开工作主管部门)")
    add_warehouse_argument(p)
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    from warehouse.letters import write_letters
    from warehouse.review import ReviewError

    settings, warehouse = existing_warehouse(args, "letters")
    if warehouse is None:
        return EXIT_NO_WAREHOUSE
    try:
        written = write_letters(warehouse, args.out, args.region, args.year, args.office,
                                decisions_file=settings.decisions_file)
    except FileNotFoundError as error:
        print(f"gongkai letters: {error}", file=sys.stderr)
        return EXIT_NO_WAREHOUSE
    except ReviewError as error:  # a malformed decisions file: a dismissed finding would come back
        print(f"gongkai letters: {error}", file=sys.stderr)
        return EXIT_REFUSED
    for mart in written.missing_marts:
        print(f"gongkai letters: {mart} is not in the warehouse: its findings are not in the letters", file=sys.stderr)
    for letter, path in zip(written.letters, written.paths):
        print(f"{path}  {letter.agency} {letter.year}: {len(letter.findings)} findings")
    print(f"{len(written.letters)} letters; tracking sheet: {written.tracking}")
    return EXIT_OK
