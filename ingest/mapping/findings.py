"""The warnings a placement writes when it infers where values go or cannot place them."""

from __future__ import annotations

from ingest.alignment import RowReading, Token, printed_text
from ingest.model import Issue


def inferred(issues: list[Issue], what: str, printed: list[Token], toks: list[Token], why: str,
             where: str | None) -> None:
    issues.append(Issue("warning", "inferred_alignment",
                        f"{what}: printed {printed_text(printed)}; read as {printed_text(toks)}, "
                        f"the only placement in column order {why}".rstrip(), where))


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
