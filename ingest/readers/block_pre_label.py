"""Table 3's first band printed before its label flow (plain `pdftotext` of a ruled PDF).

Where the label flow holds no values, poppler may print some of the first rows' columns, each
a flow under its header cell, between table 3's heading and the label flow (seventh set 000144:
`法律服务机构 / 0 0 0 0`, `其他`, `3 0 1 1`, `法人或其他组织 商业 … / 0 × 12`, then the labels,
then `总计`, `0 0 0 0`, `3 0 1 1`). Those flows are the first segment's leading flows, in printed
order, before the flows after the labels; the first band's models (`block_head_order`) then
weigh their columns like any headed flow's, and the identities decide.
"""

from __future__ import annotations

import re

from ingest.readers.block_segments import Breaks, Flow, Segment, beside_values, value_token, value_words

_HEADING = re.compile(r"三[、.．]\s*收到和处理")
_HEADER_TEXT = re.compile(r"^[自然人法或其他组织商业企科研机构社会公益律服务总计\s]*$")  # the applicants' header cells
_NEAR = 8  # flows between the heading and the label flow at most
_HEADER = re.compile(r"申请人情况")
_WIDTH = 7  # table 3's columns


def first_segment(flows: list[Flow], at: int, pause: Breaks) -> tuple[list[Segment], set[int]]:
    """The label flow `flows[at]` as the first segment and the lines used, with `lead_flows`."""
    first = Segment(beside_values(flows[at]), breaks=pause)
    used = {i for i, _ in flows[at].lines}
    lead_flows(flows, at, first, used)
    return [first], used


def lead_flows(flows: list[Flow], at: int, first: Segment, used: set[int]) -> None:
    """Put the flows of values between table 3's heading and its label flow `flows[at]` before
    `first`'s flows, where the label flow holds no values; each such flow's text before its
    values is header text only (no line of text after a value), the applicants' header cells
    only; two such flows at least, each holding whole columns of the first's rows."""
    if first.beside:
        return
    start = next((k for k in range(at - 1, max(at - _NEAR, 0) - 1, -1) if _HEADING.search(flows[k].text)), None)
    if start is None:
        _lead(flows, at, first, used)  # the heading farther: the first rows in bands before the labels?
        return
    if (taken := _value_flows(flows[start + 1:at])) is None:
        return
    k = len(taken[0][0]) if taken else 0
    if len(taken) < 2 or k < 2 or any(len(g) % k or not _HEADER_TEXT.match(h) for g, _, h in taken):
        # each flow whole columns of the first's k rows, under the applicants' header cells
        _lead(flows, at, first, used)
        return
    _take(first, used, taken)


def _lead(flows: list[Flow], at: int, first: Segment, used: set[int]) -> None:
    """Every flow of values from table 3's header (`申请人情况 … 组织`, its values in its flow too)
    up to the label flow as `first`'s leading flows: poppler may print the header and the label
    flow's rows, band by band, before the labels (seed-43 000075: a value of table 2's before
    the header is left out); the bands' models and the identities decide."""
    start = next((k for k in range(at - 1, -1, -1) if _HEADER.search(flows[k].text)), None)
    if start is None or not any(_HEADING.search(f.text) for f in flows[max(start - _NEAR, 0):start]):
        return
    if (taken := _value_flows(flows[start:at])) is not None and len(taken) >= _WIDTH:  # a band at least
        _take(first, used, taken)


def _value_flows(flows: list[Flow]) -> list[tuple[list, set[int], str]] | None:
    """Each flow's values, lines and text before its values (flows of text only left out);
    None where a flow holds text after a value."""
    taken: list[tuple[list, set[int], str]] = []
    for f in flows:
        k = next((j for j, (_, s) in enumerate(f.lines) if value_words(s)), len(f.lines))
        if any(not value_words(s) for _, s in f.lines[k:]):
            return None
        if k < len(f.lines):
            taken.append(([value_token(w, i) for i, s in f.lines[k:] for w in value_words(s)],
                          {i for i, _ in f.lines}, "".join(s for _, s in f.lines[:k])))
    return taken


def _take(first: Segment, used: set[int], taken: list[tuple[list, set[int], str]]) -> None:
    first.groups[:0] = [g for g, _, _ in taken]
    first.flow_lines[:0] = [x for _, x, _ in taken]
    first.heads[:0] = [h for _, _, h in taken]
    used.update(i for _, x, _ in taken for i in x)
