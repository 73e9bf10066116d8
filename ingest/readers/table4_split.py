"""Values of table 4 that plain `pdftotext` printed apart from the flow they would stand in
(`text_blocks_table4`), as seen in document 001404 of the tuning set, whose PDF (rendered again
from its seed) `pdftotext -bbox-layout` places:

- table 4's outcome columns are one character wide: a value in fullwidth digits (`１４`) wraps
  in its cell one digit a line, and poppler prints the cell as a flow of one-digit lines
  (`１ / ４`, both digits at one x, one line apart);
- the flow of `结果维持` and `结果纠正` side by side may hold one value, the left column's
  (x 90), the right column's (x 119) printed as the lone flow after it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ingest.alignment import Token
from ingest.readers.block_segments import value_token

if TYPE_CHECKING:
    from ingest.readers.text_blocks_table4 import _Flow

_WIDE_DIGIT = re.compile(r"^[０-９]$")
WRAPPED = ("lone flows as many as their columns, the values more: each flow one value, its fullwidth "
           "digits wrapped one a line in its one-character column")


LEFT_OF_ONE_LONE = ("a header flow holding values for all its columns but the last, one lone value after it: "
                    "its values the left columns', the lone value the last one's")


def left_of_one_lone(flows: list[_Flow], columns: int) -> bool:
    """Whether flows[0], a header flow of `columns` columns, holds numbers for all but its last
    and the next flow is one lone value followed by a header flow (or nothing): the split
    seen (the values in the flow the left columns', the lone one the right column's)."""
    head, after = flows[0], flows[1:3]
    return (len(head.values) + 1 == columns and all(t.value is not None for t in head.values)
            and bool(after) and not after[0].header and len(after[0].values) == 1
            and (len(after) == 1 or bool(after[1].header)))


def wide_digit(line: str) -> bool:
    """Whether every word of a line is one fullwidth digit (a wrapped number's line may be)."""
    return all(_WIDE_DIGIT.match(w) for w in line.split())


def one_value_each(flows: list[tuple[list[int], list[Token], bool]], columns: int) -> list[Token] | None:
    """The one value of each of `columns` lone flows (their lines, values, whether every line is
    one fullwidth digit) where they hold more values than columns: a flow of several is one
    number wrapped a digit a line, so every such flow is fullwidth digits, one a line, not opening
    with `０` (no number does). None where the flows are not as many as the columns or one is otherwise."""
    if len(flows) != columns or sum(len(values) for _lines, values, _wide in flows) <= columns:
        return None
    joined = []
    for lines, values, wide in flows:
        if len(values) > 1 and (not wide or values[0].raw == "0" or len({t.where for t in values}) < len(values)):
            return None
        joined.append(values[0] if len(values) == 1 else value_token("".join(t.raw for t in values), lines[0]))
    return joined
