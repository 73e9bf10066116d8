"""The vocabulary dbt needs, generated from the tables under ingest/data as dbt macros.

dbt cannot read ingest/data/*.csv, so two macro files are written from them:

- macros/identity_operands.sql: the cross-year identities' operands (ingest/data/identities.csv),
  one row per identity × scope × operand, as `cross_year_identity_operands()`, which
  int_identity_checks__cross_year.sql evaluates;
- macros/cell_states.sql: how a cell's state counts (ingest/data/cell_states.csv),
  `cell_number(state, value)`, `cell_zero_filled(state)` and `cell_known(state)`.

After changing a table:

    python -m warehouse.dbt_vocabulary          # rewrites the macros
    python -m warehouse.dbt_vocabulary --check  # exit 1 when a macro is not its table's

(tests/test_identity_table.py fails while they differ.)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ingest import identity_table, states
from ingest.identities import cell_key, codes_of, expand
from ingest.identity_table import IDENTITIES, Identity
from warehouse.settings import REPO_ROOT

MACROS = REPO_ROOT / "dbt_project" / "macros"
MACRO_PATH = MACROS / "identity_operands.sql"
STATES_MACRO_PATH = MACROS / "cell_states.sql"
COLUMNS = ("identity", "severity", "scope", "position", "side", "sign", "previous", "cells", "row_code", "col_code",
           "name")


def operand_rows(table: dict[str, Identity]) -> list[tuple]:
    """(identity, severity, scope, position, side, sign, previous, cells, row_code, col_code, name)
    of every operand of the cross-year identities."""
    rows = []
    for identity in table.values():
        if identity.kind != "cross_year":
            continue
        for scope in codes_of(identity.scopes):
            terms = [("lhs", t) for t in expand(identity.lhs)] + [("rhs", t) for t in expand(identity.rhs)]
            for position, (side, term) in enumerate(terms, start=1):
                _, row_code, col_code = cell_key(identity, scope, term.code)
                rows.append((identity.name, identity.severity, scope, position, side, term.sign, term.previous,
                             identity.cells, row_code, col_code, term.name))
    return rows


def _literal(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _header(source: str, what: str) -> str:
    return f"{{#- Generated from {source} by `python -m warehouse.dbt_vocabulary`: do not edit.\n  {what} -#}}\n"


def macro_text(table: dict[str, Identity] = IDENTITIES) -> str:
    values = ",\n".join("        (" + ", ".join(map(_literal, row)) + ")" for row in operand_rows(table))
    return (
        _header(identity_table.SOURCE, "One row per cross-year identity x scope x operand; `previous`: the cell of "
                "the report\n  of the year before. int_identity_checks__cross_year.sql evaluates them.")
        + "{% macro cross_year_identity_operands() %}\n"
        "    select * from (values\n"
        f"{values}\n"
        f"    ) as operands({', '.join(COLUMNS)})\n"
        "{% endmacro %}\n"
    )


def states_macro_text() -> str:
    zero = ", ".join(map(_literal, states.ZERO_STATES))
    known = ", ".join(_literal(s) for s, row in states.CELL_STATES.items() if row.counts_as != "unknown")
    return (
        _header(states.SOURCE, "A cell's number as the identities count it (NULL when it is not known), whether it\n"
                "  was counted as 0, and whether it is known (read with certainty).")
        + "{% macro cell_number(state='state', value='value') -%}\n"
        f"    case when {{{{ state }}}} = {_literal(states.NUMBER)} then {{{{ value }}}} "
        f"when {{{{ state }}}} in ({zero}) then 0 end\n"
        "{%- endmacro %}\n\n"
        "{% macro cell_zero_filled(state='state') -%}\n"
        f"    {{{{ state }}}} in ({zero})\n"
        "{%- endmacro %}\n\n"
        "{% macro cell_known(state='state') -%}\n"
        f"    {{{{ state }}}} in ({known})\n"
        "{%- endmacro %}\n"
    )


def generated() -> dict[Path, str]:
    return {MACRO_PATH: macro_text(), STATES_MACRO_PATH: states_macro_text()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m warehouse.dbt_vocabulary", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the macros are up to date")
    args = parser.parse_args(argv)
    stale = [path for path, text in generated().items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    if args.check:
        for path in stale:
            print(f"{path} is not generated from its table: run python -m warehouse.dbt_vocabulary", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(generated()[path], encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
