"""`gongkai check`: the failing accounting identities per report, from the warehouse."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from gongkai.warehouse_arg import add_warehouse_argument, existing_warehouse

EXIT_OK = 0
EXIT_ERROR_IDENTITY_FAILS = 1
EXIT_NO_WAREHOUSE = 2
FORMATS = ("table", "csv", "json")
COLUMNS = ("agency", "year", "identity", "scope", "lhs", "rhs", "severity", "report_id")

HELP = """List the accounting identities (勾稽关系) that fail, one line per report × identity × scope,
read from the warehouse's marts.fct_identity_checks (with agency and year from marts.dim_report).
Hard identities (t3_balance, t3_results_sum, t3_row_total, t4_total, t2_non_negative) have
severity error; soft ones (narrative_applications, narrative_published_sum, cross_year_carry,
cross_year_in_force) warning. lhs and rhs are the two sides as the warehouse computed them
(for totals: the printed total and the sum of its parts). Undecidable identities (a missing
cell) are not listed: they neither pass nor fail. Only current report versions are checked
unless --all-versions is given.

examples:
  gongkai check                               the default warehouse, as a table
  gongkai check --warehouse w.duckdb --format csv > failing.csv
  gongkai check --identity t4_total --format json

exit status: 0 no listed identity of severity error fails (warnings alone exit 0),
1 some listed identity of severity error fails, 2 no warehouse (or no marts) to check."""

_SQL = """
select d.agency, d.year, c.identity, c.scope, c.lhs, c.rhs, c.severity, c.report_id
from marts.fct_identity_checks as c
join marts.dim_report as d using (report_id)
where c.status = 'fail' {filters}
order by c.severity, d.agency nulls last, d.year, c.identity, c.scope, c.report_id
"""


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser("check", help="list failing accounting identities per report (exit 1 on errors)",
                              description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_warehouse_argument(p)
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    p.add_argument("--identity", action="append", metavar="ID",
                   help="only this identity (repeatable), e.g. t4_total or cross_year_carry")
    p.add_argument("--all-versions", action="store_true", help="also superseded versions of a report")
    p.set_defaults(func=run)
    return p


def failing_rows(warehouse: Path, identities: list[str] | None = None, all_versions: bool = False) -> list[dict]:
    import duckdb

    from warehouse.store import connect

    filters, params = [], []
    if not all_versions:
        filters.append("and d.is_current")
    if identities:
        filters.append(f"and c.identity in ({', '.join('?' for _ in identities)})")
        params.extend(identities)
    with connect(warehouse, read_only=True) as con:
        try:
            rows = con.execute(_SQL.format(filters=" ".join(filters)), params).fetchall()
        except duckdb.CatalogException as error:
            raise FileNotFoundError(f"{warehouse} has no marts ({error}): run `gongkai run` first") from error
    return [dict(zip(COLUMNS, (_number(v) if k in ("lhs", "rhs") else v for k, v in zip(COLUMNS, row))))
            for row in rows]


def _number(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def render(rows: list[dict], output_format: str) -> str:
    if output_format == "json":
        return json.dumps(rows, ensure_ascii=False) + "\n"
    if output_format == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    if not rows:
        return "No identity fails.\n"
    errors = sum(r["severity"] == "error" for r in rows)
    return table_text(rows, COLUMNS, f"{len(rows)} failing ({errors} error, {len(rows) - errors} warning)")


def table_text(rows: list[dict], columns: tuple[str, ...], footer: str = "") -> str:
    """`rows` as aligned columns under a header (CJK-wide characters counted as two), then `footer`."""
    cells = [list(columns)] + [["" if r[c] is None else str(r[c]) for c in columns] for r in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(columns))]
    lines = ["  ".join(v + " " * (w - _width(v)) for v, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if footer:
        lines.append(footer)
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def run(args: argparse.Namespace) -> int:
    _, warehouse = existing_warehouse(args, "check")
    if warehouse is None:
        return EXIT_NO_WAREHOUSE
    try:
        rows = failing_rows(warehouse, args.identity, args.all_versions)
    except FileNotFoundError as error:
        print(f"gongkai check: {error}", file=sys.stderr)
        return EXIT_NO_WAREHOUSE
    sys.stdout.write(render(rows, args.format))
    sys.stdout.flush()
    return EXIT_ERROR_IDENTITY_FAILS if any(r["severity"] == "error" for r in rows) else EXIT_OK
