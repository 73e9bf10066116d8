"""Table 3 of plain `pdftotext` whose header ends on one page and whose rows begin on the next,
a header cell's last characters spilled onto the new page (`织` of 社会公益组织, `构` of
法律服务机构).

Poppler prints each spilled fragment with the first row's value below it; the first row's
values after such a fragment may come after all of that page's flows, as one-value flows (`构`
/ `1`, `0`, `4` after the page's last band: second set 000658, its first row's first four values
standing as one-value flows before the second row's). Where the first segment's flows so end,
those flows are weighed at every place among the one-value flows the segment begins with
(each place a further choice of the segments, `ingest.readers.text_blocks._read`): the
identities decide, and a row two choices read differently stays missing.
"""

from __future__ import annotations

from ingest.labels import label_table
from ingest.normalize import norm_label
from ingest.readers.block_headers import header_column
from ingest.readers.block_segments import Segment, with_variants


def with_spilled_row(alternatives: list[list[Segment]]) -> list[list[Segment]]:
    """Each choice of the segments, then, where its first segment ends in a spilled header
    fragment's one-value flows, that choice with those flows at each place among its first
    one-value flows."""
    return with_variants(alternatives, lambda segments: [[moved, *segments[1:]] for moved in _placed(segments[0])])


def _placed(segment: Segment) -> list[Segment]:
    groups = segment.groups
    at = _spilled_at(segment)
    if at is None:
        return []
    lead = next((i for i, g in enumerate(groups) if len(g) != 1), len(groups))
    if lead >= at:
        return []
    order = range(len(groups))
    out = []
    for p in range(lead + 1):
        picks = [*order[:p], *order[at:], *order[p:at]]
        out.append(Segment(segment.beside, [groups[i] for i in picks], [segment.flow_lines[i] for i in picks],
                           [segment.heads[i] for i in picks], segment.pre, segment.breaks))
    return out


def _spilled_at(segment: Segment) -> int | None:
    """The index of the flow headed by a spilled fragment where it and every flow after it hold
    one value and no text; None where the segment does not so end."""
    groups, heads = segment.groups, segment.heads
    for i in range(len(groups) - 1, -1, -1):
        if len(groups[i]) != 1:
            return None
        if heads[i]:
            return i if _fragment(heads[i]) else None
    return None


def _fragment(head: str) -> bool:
    """The last characters of an applicant column's header cell, not the whole cell."""
    key = norm_label(head)
    if not key or header_column(head) is not None:
        return False
    table = label_table()
    return any(norm_label(variant).endswith(key) and norm_label(variant) != key
               for (scope, code), variant in table.canonical.items()
               if scope == "t3_header" and code not in ("corner", "applicants", "legal_persons"))
