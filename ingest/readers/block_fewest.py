"""Table 3 of plain `pdftotext` where the report prints an inconsistent table: the fewest-violations
reading (`ingest.alignment_breaks`).

`text_blocks` keeps the placements of the flows where every identity of table 3 holds. Where a
body printed a mistake (a row total, a column's balance or results sum that does not add up),
no placement holds, and the table would be left missing for a printed slip. Here every
placement of the flows is weighed by the identity instances it breaks, and the rows every
near-fewest placement agrees on are read (`agreed_rows`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ingest.alignment import row_total_holds
from ingest.alignment_breaks import MARGIN, MAX_BROKEN, Fewest, Placement, agreed_rows, broken
from ingest.model import Issue
from ingest.readers.block_bands import distinct_readings, least_failing, reading_key, weighing_slips, widened
from ingest.readers.block_headers import agrees, named_flows
from ingest.readers.block_segments import Segment

_MAX_TRIED = 80_000  # placements weighed at most (more: none read)


def weighed(alternatives: Iterable[list[Segment]], outcomes: list[str], one_other: bool,
            limit: int) -> list[Placement] | None:
    """Each distinct placement whose flows stand under their own headers, with the identity
    instances it breaks (counted up to limit + 1); None when there are too many to weigh."""
    found: list[Placement] = []
    keys: dict[tuple, int] = {}  # values → index in found
    tried = 0
    for choice in alternatives:
        named = named_flows([g for x in choice for g in x.groups], [h for x in choice for h in x.heads])
        lines = frozenset().union(*choice[-1].flow_lines)
        for reading in distinct_readings(choice, len(outcomes)):
            tried += 1
            if tried > _MAX_TRIED:
                return None
            key = reading_key(reading)
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


def fewest(alternatives: list[list[Segment]], outcomes: list[str], one_other: bool, strays: bool = False) -> Fewest | None:
    """The rows the fewest-violations rule states, or None where it states none; with lone values
    set aside as table 4's (`strays`), a pair of rows one row off left out (`without_one_row_off`)."""
    # the placements the identities were tried on: the first band's moving flows in every
    # order too (`widened`: no placement kept every identity, so that pass ran)
    with weighing_slips():  # a band whose rows hold the slip in a row total: its placements too
        placements = weighed(widened(alternatives, lambda: False), outcomes, one_other, MAX_BROKEN + MARGIN)
    least = None if placements is None else agreed_rows(placements, outcomes)
    return without_one_row_off(least, outcomes) if least is not None and strays else least


def fewest_choices(alternatives: list[list[Segment]], loose: set[int], least: Fewest) -> list[set[int]]:
    """The loose lines each choice of the last rows' flows takes, for the choices the
    fewest-violations reading may rest on (those taking no line outside `least.taken`):
    table 4 is read only where it reads the same under each (`text_blocks_table4._over_choices`)."""
    out: list[set[int]] = []
    for choice in alternatives:
        mine = set().union(*choice[-1].flow_lines) & loose
        if mine <= least.taken and mine not in out:
            out.append(mine)
    return out


def within_reach(alternatives: list[list[Segment]]) -> list[int]:
    """The indices of the choices of the segments some of whose readings could be weighed by
    the rule: their rows' totals, each segment's weighed alone, break at most `MAX_BROKEN` +
    `MARGIN`. A choice past that has no reading where every identity holds (a row total
    breaks) and none the rule weighs (it breaks more than the near placements may), so
    leaving it out changes no reading; it spares weighing many choices of wrapped numbers."""
    memo: dict[tuple, int] = {}
    return [i for i, x in enumerate(alternatives)
            if (least := least_failing(x, memo)) is not None and least <= MAX_BROKEN + MARGIN]


def without_one_row_off(read: Fewest, outcomes: list[str]) -> Fewest:
    """The fewest reading without its neighbouring rows that both break their row total and both
    hold with their cells of one column swapped. Where lone values were set aside as table 4's,
    the choices do not split the flows past table 4's heading at every place, so the set weighed
    may lack the truth (fresh set 45's 000139: 重复申请's total 2 one row down): such a pair is a
    placement one row off, not a printed slip, and stays missing (`fewest_finding` names them)."""
    off: set[str] = set()
    for a, b in zip(outcomes, outcomes[1:]):
        ra, rb = read.rows.get(a), read.rows.get(b)
        if ra is None or rb is None or row_total_holds(ra) or row_total_holds(rb):
            continue
        if any(row_total_holds([*ra[:c], rb[c], *ra[c + 1:]]) and row_total_holds([*rb[:c], ra[c], *rb[c + 1:]])
               for c in range(len(ra))):
            off |= {a, b}
    return replace(read, rows={o: r for o, r in read.rows.items() if o not in off}, off=tuple(o for o in outcomes if o in off)) if off else read


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
                 f"rows the same values" + (f"; rows {', '.join(read.off)} left missing: their totals break, and hold "
                                            f"with one column's two cells swapped (a placement one row off, not "
                                            f"weighed: lone values were set aside as table 4's)" if read.off else ""),
                 where)

