"""Table 3 of plain `pdftotext` where the report prints an inconsistent table: the fewest-violations
reading.

`text_blocks` keeps the placements of the flows where every identity of table 3 holds. Where a
body printed a mistake (a row total, a column's balance or results sum that does not add up),
no placement holds, and the table would be left missing for a printed slip. Here every
placement is weighed by how many identity instances it breaks (`alignment_breaks`: one per row
total, one per column of the balance and of the results sum). Let v be the fewest any placement
breaks. A row is stated only where v is at most `MAX_BROKEN` (a printed slip breaks one or two
instances: the cell's row and its column, or a column and the total column) and every placement
breaking at most v + `MARGIN` instances gives that row the same values; the other rows stay
missing. A placement that moves a value to another column breaks the identities of both
columns, so a wrong placement that ties or nearly ties with the true one differs from it in
some row: that row is left missing, never stated (docs/decisions.md)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.alignment import Token
from ingest.alignment_breaks import broken
from ingest.model import Issue
from ingest.readers.block_bands import table_readings
from ingest.readers.block_headers import agrees, named_flows
from ingest.readers.block_segments import Segment

MAX_BROKEN = 2  # the fewest instances broken for any row to be stated
MARGIN = 1  # placements breaking up to this many more than the fewest must agree on a stated row
_MAX_TRIED = 80_000  # placements weighed at most (more: none read)

Rows = list[list[Token]]


@dataclass(slots=True)
class Fewest:
    """What the fewest-violations rule reads: the rows every near-fewest placement agrees on."""

    rows: dict[str, list[Token]]
    least: int  # instances the fewest-violations placements break
    ties: int  # distinct placements breaking that few
    runner_up: int | None  # fewest instances broken by a placement giving some row other values
    near: int  # distinct placements within the margin, weighed together
    taken: set[int] = field(default_factory=set)  # loose lines a weighed placement takes


Placement = tuple[int, Rows, frozenset[int]]  # (instances broken, reading, lines of its last segment's flows)


def weighed(alternatives: list[list[Segment]], outcomes: list[str], one_other: bool,
            limit: int) -> list[Placement] | None:
    """Each distinct placement whose flows stand under their own headers, with the identity
    instances it breaks (counted up to limit + 1); None when there are too many to weigh."""
    found: list[Placement] = []
    keys: dict[tuple, int] = {}  # values → index in found
    tried = 0
    for choice in alternatives:
        named = named_flows([g for x in choice for g in x.groups], [h for x in choice for h in x.heads])
        lines = frozenset().union(*choice[-1].flow_lines)
        seen: set[tuple] = set()
        for reading in table_readings(choice, len(outcomes)):
            rows = tuple(map(id, reading))
            if rows in seen:
                continue
            seen.add(rows)
            tried += 1
            if tried > _MAX_TRIED:
                return None
            key = tuple((t.value, t.state) for row in reading for t in row)
            if not agrees(reading, named):
                continue
            at = keys.get(key)
            if at is not None:  # the same values from another choice of the last rows' flows
                count, first, had = found[at]
                found[at] = (count, first, had | lines)
                continue
            keys[key] = len(found)
            found.append((broken(dict(zip(outcomes, reading)), one_other, limit), reading, lines))
    return found


def fewest(alternatives: list[list[Segment]], outcomes: list[str], one_other: bool) -> Fewest | None:
    """The rows the fewest-violations rule states, or None where it states none."""
    placements = weighed(alternatives, outcomes, one_other, MAX_BROKEN + MARGIN)
    return None if placements is None else agreed_rows(placements, outcomes)


def agreed_rows(placements: list[Placement], outcomes: list[str]) -> Fewest | None:
    """The rule on distinct placements: where the fewest broken is at most MAX_BROKEN, the rows
    every placement breaking at most MARGIN more gives the same values; None where none."""
    ranked = sorted(placements, key=lambda p: p[0])
    if not ranked or ranked[0][0] > MAX_BROKEN:
        return None
    least = ranked[0][0]
    near = [p for p in ranked if p[0] <= least + MARGIN]
    first = near[0][1]
    agreed = {o: first[r] for r, o in enumerate(outcomes)
              if all(_same(p[1][r], first[r]) for p in near[1:])}
    if not agreed:
        return None
    runner_up = ranked[1][0] if len(ranked) > 1 else None
    return Fewest(agreed, least, sum(1 for p in near if p[0] == least), runner_up, len(near),
                  set().union(*(p[2] for p in near)))


def fewest_finding(read: Fewest, values: int, flows: int, nrows: int, where: str) -> Issue:
    """The warning that says which rows the fewest-violations rule read, and how close the next
    placement came, so a person can check against the printed table."""
    nxt = ("no other placement" if read.runner_up is None else
           f"the next placement breaks {read.runner_up}")
    return Issue("warning", "fewest_violations",
                 f"table 3 printed in blocks (plain pdftotext): {values} values in {flows} flows; no placement "
                 f"satisfies every row total, column sum and the balance (the report prints an inconsistent "
                 f"table); {len(read.rows)} of {nrows} rows read by the fewest-violations rule: the fewest "
                 f"placement breaks {read.least} identity instance(s) ({read.ties} placement(s) that few), "
                 f"{nxt}; every placement breaking at most {read.least + MARGIN} ({read.near}) gives these "
                 f"rows the same values", where)


def _same(a: list[Token], b: list[Token]) -> bool:
    return [(t.value, t.state) for t in a] == [(t.value, t.state) for t in b]
