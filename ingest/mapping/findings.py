"""The warnings a placement writes when it infers where values go or cannot place them."""

from __future__ import annotations

from ingest.alignment import RowReading, Token, printed_text
from ingest.alignment_breaks import MARGIN, Fewest
from ingest.model import Issue


def inferred(issues: list[Issue], what: str, printed: list[Token], toks: list[Token], why: str,
             where: str | None) -> None:
    issues.append(Issue("warning", "inferred_alignment",
                        f"{what}: printed {printed_text(printed)}; read as {printed_text(toks)}, "
                        f"the only placement in column order {why}".rstrip(), where))


def fewest_read(issues: list[Issue], what: str, printed: list[Token], read: Fewest, code: str,
                where: str | None) -> None:
    """A table-3 row read by the fewest-violations rule (ingest/alignment_breaks.py): no
    combination of the undecided rows satisfies every column identity (the report prints an
    inconsistent table)."""
    nxt = "no other combination" if read.runner_up is None else f"the next combination breaks {read.runner_up}"
    issues.append(Issue("warning", "fewest_violations",
                        f"{what}: printed {printed_text(printed)}; read as {printed_text(read.rows[code])} by the "
                        f"fewest-violations rule: no combination of the undecided rows' readings satisfies every "
                        f"column sum and the balance (the report prints an inconsistent table); the fewest breaks "
                        f"{read.least} identity instance(s) ({read.ties} combination(s) that few), {nxt}; every "
                        f"combination breaking at most {read.least + MARGIN} ({read.near}) gives this row these "
                        f"values", where))


def unaligned(issues: list[Issue], what: str, reading: RowReading, n: int, identity: str | None,
              where: str | None) -> None:
    if reading.overflow:
        why = "too many placements to weigh"
    elif identity is None:
        why = "no identity to choose a placement" if len(reading.readings) != 1 else ""
    elif not reading.readings:
        why = f"no placement in column order satisfies {identity}"
    else:
        why = f"{len(reading.readings)} placements satisfy {identity}"
    code = "no_alignment" if not reading.readings and not reading.overflow and identity else "ambiguous_row"
    issues.append(Issue("warning", code,
                        f"{what}: {len(reading.printed)} values printed ({printed_text(reading.printed)}) "
                        f"for {n} columns; {why}; cells left missing", where))
