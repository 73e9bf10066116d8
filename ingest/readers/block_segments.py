"""Plain `pdftotext`'s text as flows (runs of lines between blank lines) and table 3's
segments: a label flow and the flows of values after it up to the next label flow."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ingest.alignment import VALUE_WORD, Token, split_values
from ingest.labels import label_table
from ingest.normalize import nfkc, norm_label, parse_value
from ingest.readers.block_footer import page_footer
from ingest.readers.block_footer_band import footer_band
from ingest.states import MISSING


@dataclass(slots=True)
class Flow:
    lines: list[tuple[int, str]]  # (0-based line index, stripped text)

    @property
    def text(self) -> str:
        return "".join(s for _, s in self.lines)


@dataclass(frozen=True, slots=True)
class Breaks:
    """Where table 3's values flows are interrupted: `pages`, the blank lines of a page break (a
    form feed or a page number leaves two blank lines or more; flows are one blank line apart);
    `text`, lines that are not values (a header, repeated on a later page or printed in the flow
    of its values, a label flow, a page's running head); `headers`, those that are a cell of
    table 3's header (`总计`, `法律服务机构`)."""

    pages: tuple[int, ...]  # each set in line order
    text: tuple[int, ...]
    headers: tuple[int, ...]
    footers: tuple[int, ...] = ()  # page footers `第 2 页` left in the text (a flow of their own)

    def among(self, lo: int, hi: int, *kinds: tuple[int, ...]) -> bool:
        """Whether some line of `kinds` (fields of this) lies in lo..hi (both included)."""
        return any(bisect_left(k, lo) < bisect_right(k, hi) for k in kinds)


def breaks(lines: Sequence[str]) -> Breaks:
    pages: set[int] = set()
    text: set[int] = set()
    headers: set[int] = set()
    footers = tuple(i for i, line in enumerate(lines) if page_footer(line))
    run: list[int] = []
    for i, line in enumerate([*lines, "end"]):
        if line.strip():
            if len(run) >= 2:
                pages.update(run)
            run = []
            if i < len(lines) and not value_words(line):
                text.add(i)
                if any(lab.scope == "t3_header" for lab in label_table().lookup(norm_label(line))):
                    headers.add(i)
        else:
            run.append(i)
    return Breaks(tuple(sorted(pages)), tuple(sorted(text)), tuple(sorted(headers)), footers)


@dataclass(slots=True)
class Segment:
    """A label flow and the flows of values after it up to the next: where the label flow holds
    values too (a narrow label column: each row's first columns printed beside its label, row by
    row), `beside` holds them and the flows hold the remaining columns."""

    beside: list[Token]
    groups: list[list[Token]] = field(default_factory=list)
    flow_lines: list[set[int]] = field(default_factory=list)  # each group's flow's lines
    heads: list[str] = field(default_factory=list)  # each group's flow's text before its values
    pre: list[Token] = field(default_factory=list)  # first rows' values in the repeated header's flow before the labels
    breaks: Breaks | None = None  # the text's (None: unknown, any band may be printed out of order)

    def cut(self, picks: Sequence[int]) -> Segment:
        """The segment with only the flows `picks` (indices into `groups`)."""
        return Segment(self.beside, [self.groups[i] for i in picks], [self.flow_lines[i] for i in picks],
                       [self.heads[i] for i in picks], self.pre, self.breaks)


_REPEATED_HEADER = re.compile(r"申请人情况")


def moved_header(alternatives: list[list[Segment]]) -> list[list[Segment]]:
    """Each choice of the segments as printed, then with the flow of a header repeated on a
    later page (`申请人情况 … 组织 / 0 / 0 / 0 / 0`) that ends a segment, right before the next
    label flow, taken as the first columns of that label flow's first rows (poppler prints the
    repeated header's cells and the values below them as one flow, before the page's labels)."""
    out = []
    for segments in alternatives:
        out.append(segments)
        moved = list(segments)
        for i in range(len(moved) - 1):
            x, nxt = moved[i], moved[i + 1]
            if len(x.groups) > 1 and _REPEATED_HEADER.search(x.heads[-1]) and nxt.beside and not nxt.pre:
                moved[i] = x.cut(range(len(x.groups) - 1))
                moved[i + 1] = Segment(nxt.beside, nxt.groups, nxt.flow_lines, nxt.heads, x.groups[-1], nxt.breaks)
        if moved != segments:
            out.append(moved)
    return [*out, *(x for f in (late_first_row_value, footer_band) for x in map(f, out) if x is not None)]


def late_first_row_value(segments: list[Segment]) -> list[Segment] | None:
    """The segments with a segment's last flow, one value printed after a page's foot and a
    header cell (`—2—`, `总计`, `1`), moved to where a header cell of its page stands with no
    value below it (`法律服务机构 / 3`, `其他`, `0 / 23 / 18`): poppler may print the first row's
    value of such a column, with the page's last header cell, after all the page's values (seen
    in the rendered document 000074), or alone after the page's footer `第 2 页` (fifth set
    000098). None where no segment so ends."""
    out = list(segments)
    for i, x in enumerate(segments):
        if x.breaks is None or len(x.groups) < 3 or len(x.groups[-1]) != 1:
            continue
        lo, hi = max(x.flow_lines[-2]) + 1, min(x.flow_lines[-1]) - 1
        if not (x.breaks.among(lo, hi, x.breaks.pages) and x.breaks.among(lo, hi, x.breaks.headers)
                or x.breaks.among(lo, hi, x.breaks.footers)):
            continue
        at = next((g + 1 for g in range(len(x.groups) - 2)
                   if _lone_header_between(x.breaks, max(x.flow_lines[g]) + 1, min(x.flow_lines[g + 1]) - 1)),
                  None)
        if at is None:
            continue
        order = [*range(at), len(x.groups) - 1, *range(at, len(x.groups) - 1)]
        out[i] = Segment(x.beside, [x.groups[k] for k in order], [x.flow_lines[k] for k in order],
                         [x.heads[k] for k in order], x.pre, x.breaks)
    return out if out != segments else None


def _lone_header_between(breaks: Breaks, lo: int, hi: int) -> bool:
    """One header cell alone between two flows of values on one page (lines lo..hi)."""
    return (bisect_right(breaks.text, hi) - bisect_left(breaks.text, lo) == 1
            and breaks.among(lo, hi, breaks.headers) and not breaks.among(lo, hi, breaks.pages))


def value_count(segment: Segment) -> int:
    return len(segment.pre) + len(segment.beside) + sum(map(len, segment.groups))


def header_first(flow: Flow) -> list[Token]:
    """The values of a flow of table 3's header (`申请人情况 … 组织 / 15 / 4 / 2 …`) printed before
    the label flow: poppler prints the header and the first columns of the rows below it as one
    flow, and may print it before the labels of the page. [] where the flow is no such header."""
    first = next((k for k, (_, s) in enumerate(flow.lines) if value_words(s)), len(flow.lines))
    if not _REPEATED_HEADER.search("".join(s for _, s in flow.lines[:first])):
        return []
    if any(not value_words(s) for _, s in flow.lines[first:]):
        return []
    return [value_token(w, i) for i, s in flow.lines[first:] for w in value_words(s)]


def beside_values(flow: Flow) -> list[Token]:
    """The values a label flow holds: lines of values, and values ending a label's line."""
    out = []
    for i, s in flow.lines:
        words = value_words(s) or split_values(nfkc(s))[1]
        out.extend(value_token(w, i) for w in words)
    return out


def without_page_numbers(lines: Sequence[str], in_flows_only: bool = False) -> list[str]:
    """The lines with each page footer `第 1 页` left blank: it ends a flow, and with the blank
    line after it marks the page break (`breaks`). Poppler may print it in the flow of the values
    above it (no blank line between), where it reads as text ending the values. `in_flows_only`:
    only such footers; a footer standing as a flow of its own stays text between flows (table 3's
    readings at a page's foot then as before: seen in 000826 of the second set, whose printed
    inconsistency the fewest-violations rule reads only so)."""
    return ["" if page_footer(line) and (not in_flows_only or (i and value_words(lines[i - 1]))) else line
            for i, line in enumerate(lines)]


def split_flows(lines: Sequence[str]) -> list[Flow]:
    flows: list[Flow] = []
    cur: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        s = line.strip()
        if s:
            cur.append((i, s))
        elif cur:
            flows.append(Flow(cur))
            cur = []
    if cur:
        flows.append(Flow(cur))
    return flows


def value_token(word: str, i: int) -> Token:
    value, state = parse_value(word) or (None, MISSING)
    return Token(value, state, word, f"line {i + 1}")


def line_index(t: Token) -> int:
    """The index of the line a value was read from (`value_token`'s `line N`)."""
    return int(t.where.split()[-1]) - 1


def rows_by_label(beside: Sequence[Token], starts: Sequence[int]) -> dict[int, list[Token]] | None:
    """A label flow's values by row: each value's row the last of the row labels (`starts`: the
    lines they begin on, in order) begun on or before its line. None where a value stands before
    the first label or the rows hold different counts."""
    rows: dict[int, list[Token]] = {}
    for t in beside:
        line = line_index(t)
        row = sum(1 for i in starts if i <= line) - 1
        if row < 0:
            return None
        rows.setdefault(row, []).append(t)
    return rows if len({len(v) for v in rows.values()}) <= 1 else None


def with_variants(alternatives: list[list[Segment]],
                  variants: Callable[[list[Segment]], list[list[Segment]]]) -> list[list[Segment]]:
    """Each choice of the segments, each followed by the further choices `variants` makes of it."""
    out = []
    for segments in alternatives:
        out.append(segments)
        out.extend(variants(segments))
    return out


def value_words(line: str) -> list[str]:
    """The values a line holds when it holds nothing else (`0`, `1 0`), else []."""
    words = nfkc(line).split()
    return words if words and all(VALUE_WORD.match(w) for w in words) else []
