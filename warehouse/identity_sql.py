"""The cross-year identities' operands as a dbt macro, generated from the identity table.

dbt cannot read ingest/data/identities.csv, so its cross-year rows are written out, one row per
identity × scope × operand, as the macro `cross_year_identity_operands()` that
int_identity_checks__cross_year.sql evaluates. After changing the table:

    python -m warehouse.identity_sql          # rewrites dbt_project/macros/identity_operands.sql
    python -m warehouse.identity_sql --check  # exit 1 when the macro is not the table's

(tests/test_identity_table.py fails while they differ.)
"""

from __future__ import annotations

import argparse
import sys

from ingest.identities import cell_key, codes_of, expand
from ingest.identity_table import IDENTITIES, SOURCE, Identity
from warehouse.settings import REPO_ROOT

MACRO_PATH = REPO_ROOT / "dbt_project" / "macros" / "identity_operands.sql"
COLUMNS = ("identity", "severity", "scope", "position", "side", "sign", "previous", "cells", "row_code", "col_code", "name")


def operand_rows(table: dict[str, Identity]) -> list[tuple]:
    """(identity, severity, scope, position, side, sign, previous, cells, row_code, col_code, name) of
    every operand of the cross-year identities."""
    rows = []
    for identity in table.values():
        if identity.kind != "cross_year":
            continue
        for scope in codes_of(identity.scopes):
            terms = [("lhs", t) for t in expand(identity.lhs)] + [("rhs", t) for t in expand(identity.rhs)]
            for position, (side, term) in enumerate(terms, start=1):
                _, row_code, col_code = cell_key(identity, scope, term.code)
                rows.append((identity.name, identity.severity, scope, position, side, term.sign, term.previous, identity.cells,
                             row_code, col_code, term.name))
    return rows


def _literal(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def macro_text(table: dict[str, Identity] = IDENTITIES) -> str:
    values = ",\n".join("        (" + ", ".join(map(_literal, row)) + ")" for row in operand_rows(table))
    return (
        f"{{#- Generated from {SOURCE} by `python -m warehouse.identity_sql`: do not edit.\n"
        "  One row per cross-year identity x scope x operand; `previous`: the cell of the report of\n"
        "  the year before. int_identity_checks__cross_year.sql evaluates them. -#}\n"
        "{% macro cross_year_identity_operands() %}\n"
        "    select * from (values\n"
        f"{values}\n"
        f"    ) as operands({', '.join(COLUMNS)})\n"
        "{% endmacro %}\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m warehouse.identity_sql", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the macro is up to date")
    args = parser.parse_args(argv)
    text = macro_text()
    current = MACRO_PATH.read_text(encoding="utf-8") if MACRO_PATH.exists() else None
    if args.check:
        if current != text:
            print(f"{MACRO_PATH} is not generated from {SOURCE}: run python -m warehouse.identity_sql",
                  file=sys.stderr)
            return 1
        return 0
    if current != text:
        MACRO_PATH.write_text(text, encoding="utf-8")
        print(f"wrote {MACRO_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
