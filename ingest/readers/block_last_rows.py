"""Table 3's last rows in plain `pdftotext`, printed on a page of their own among table 4's
flows: the choices of their column flows (`completions`), and of table 4's lone values set aside
among them (`without_strays`). Each choice is a candidate the identities still have to accept
(`text_blocks._read`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from itertools import combinations
from math import comb
from typing import TYPE_CHECKING

from ingest import codes
from ingest.readers.block_bands import placeable
from ingest.readers.block_counts import counts_only
from ingest.readers.block_row_blocks import recast
from ingest.readers.block_segments import Segment, moved_header, value_count, value_words

if TYPE_CHECKING:
    from ingest.readers.text_blocks import Rebuilt

_WIDTH = len(codes.APPLICANTS)

_MAX_COMPLETIONS = 2_000  # choices of the last rows' column flows weighed at most (more: none)


def completions(segments: list[Segment], n: int) -> tuple[list[list[Segment]], set[int]]:
    """The last rows of table 3 printed on a page of their own, where the label flow holds each
    row's first w columns beside its labels and the other 7 - w columns come as flows of one
    value a row, interleaved with table 4's flows (poppler orders the page's flows by place, not
    by table). The earlier segments' values fix the last rows' count r; every choice, in printed
    order, of 7 - w flows of r values among those after the label flow is a candidate (each
    still has to satisfy every identity of table 3 to be read). Returns the candidates ([] where
    this does not apply) and the lines of every flow after the label flow: those no kept reading
    takes stay the text reader's (table 4's)."""
    while segments and not segments[-1].beside and not segments[-1].groups:
        segments = segments[:-1]  # a numbered paragraph past the table read as a label flow
    if len(segments) < 2 or not segments[-1].beside:
        return [], set()
    last = segments[-1]
    left = n - sum(value_count(x) for x in segments[:-1])
    if left <= len(last.beside) or left % _WIDTH or len(last.beside) % (left // _WIDTH):
        return [], set()
    r = left // _WIDTH
    w = len(last.beside) // r
    picks = [i for i, g in enumerate(last.groups) if len(g) == r and counts_only(g)]  # a mark is table 4's
    if not 0 < w < _WIDTH or len(picks) < _WIDTH - w or comb(len(picks), _WIDTH - w) > _MAX_COMPLETIONS:
        return [], set()
    return (_placeable_first([[*segments[:-1], last.cut(c)] for c in combinations(picks, _WIDTH - w)]),
            set().union(*last.flow_lines))


_WEIGH_ALL = 64  # candidates all weighed at most; past that, those no reading could keep are left out


def _placeable_first(choices: list[list[Segment]]) -> list[list[Segment]]:
    """The candidates some segment of which has no reading whose every row total holds left out
    where they are many (`text_blocks._read` keeps no reading of theirs, and weighing each costs
    its first segment's placements again: eighth set 000010's 1,716 candidates); all of them
    where none is left (the fewest-violations rule weighs them)."""
    if len(choices) <= _WEIGH_ALL:
        return choices
    memo: dict[tuple, bool] = {}
    return [x for x in choices if any(placeable(y, memo) for y in recast(moved_header([x])))] or choices


MAX_STRAYS = 2  # values of table 4 among the last rows' flows set aside at most
MORE_STRAYS = 3  # with wrapped numbers joined, where MAX_STRAYS reads nothing (fourth set 000000, 000041)


def without_strays(segments: list[Segment], n: int, most: int = MAX_STRAYS) -> tuple[list[list[Segment]], set[int]]:
    """The last rows' flows past table 4's heading, where they hold e values too many (e at
    most `most`): table 4's values printed alone among them (poppler orders the page's
    flows by place). Every choice of e one-value flows set aside is a candidate (each still has
    to satisfy every identity of table 3 to be read); the lines of those flows stay the text
    reader's unless a kept reading takes them. ([] where this does not apply.)"""
    last = segments[-1]
    extra = sum(value_count(x) for x in segments) - n
    single = [i for i, g in enumerate(last.groups) if len(g) == 1]
    if not 0 < extra <= most or len(single) < extra or comb(len(single), extra) > _MAX_COMPLETIONS:
        return [], set()
    keeps = ([i for i in range(len(last.groups)) if i not in drop] for drop in combinations(single, extra))
    kept = [[*segments[:-1], last.cut(keep)] for keep in keeps
            if all(counts_only(last.groups[i]) for i in keep)]  # a mark is table 4's (`block_counts`)
    return kept, set().union(*(last.flow_lines[i] for i in single))


_ON: ContextVar[frozenset[str]] = ContextVar("last_rows_on", default=frozenset())  # a second reading's models


@dataclass(slots=True)
class _Chances:
    """What the first reading met that a second one could read otherwise."""

    cuts: list[list[Segment]] = field(default_factory=list)  # `runs_on`'s cuts
    fifth: bool = False  # the span ended at section five's first sentences (`fifth_lines`)


_SEEN: ContextVar[_Chances | None] = ContextVar("last_rows_seen", default=None)  # during the first reading


def runs_on(segments: list[Segment], k: int, g: int, past: bool) -> bool:
    """In a second reading (`read_again`) only: whether table 3 runs on past a text flow among
    table 4's at which its values come to rows × 7 (the cut at the last segment's first `g`
    flows, `k` segments; past table 4's heading, value flows after the cut). The count there
    may be a coincidence (the last rows' columns further on among table 4's flows, as many of
    table 4's values before them, or numbers wrapped in narrow cells standing for the values
    still to come: eighth set 000010, 000094); the models of the last rows' flows then weigh
    every flow up to the span's end (`text_blocks._rebuild`). The first reading notes each such
    cut (`read_again` weighs a second reading only where one has no band placement keeping
    every row total)."""
    if not past or k != len(segments) or g >= len(segments[-1].groups):
        return False
    if (seen := _SEEN.get()) is not None:
        seen.cuts.append([*segments[:k - 1], segments[k - 1].cut(range(g))])
    return "runs_on" in _ON.get()


_NUMBERED = re.compile(r"^\s*\d+[.．]")
_SIXTH = re.compile(r"^\s*六[、.．]")


def fifth_lines(lines: list[tuple[int, str]]) -> bool:
    """In a second reading (`read_again`) only: whether a numbered flow past table 4's heading
    is section five's first sentences (each numbered line ends a sentence, `。`, which no row
    label holds; section six's heading not among them), printed among table 4's flows by their
    place on the page: not the end of table 3, whose last rows' columns may still follow them
    (eighth set 000002's `法律服务机构 / 0`, 000135's results total's last columns `0 / 0 / 3`
    after `1. 原创信息较少…。` and the page's footer)."""
    on, seen = "fifth" in _ON.get(), _SEEN.get()
    if not on and seen is None:
        return False
    numbered = [s for _, s in lines if _NUMBERED.match(s)]
    fifth = bool(numbered) and all("。" in s for s in numbered) and not any(_SIXTH.match(s) for _, s in lines)
    if seen is not None:
        seen.fifth = seen.fifth or fifth
    return on and fifth


def read_again(lines: list[str], first: Callable[[], Rebuilt | None],
               one_way: Callable[[Rebuilt], Rebuilt]) -> Rebuilt | None:
    """Table 3 read `first`, then (nothing read) `one_way`, then (still nothing) read again with
    the last rows' models of a span cut too early: `runs_on` where the first reading met its
    case at a cut no band placement reads (`placeable`: a cut some placement reads failed on the
    column sums or the balance, not on its end), then with `fifth_lines` too where the first
    reading's span ended at such sentences and a line of values alone follows a numbered
    sentence before section six's heading. A second reading is kept only where it reads rows: the flows
    it adds may be table 4's (tuning set 000900's `尚未审结 / 1`, `6` after section five's first
    sentence, read 200/200 with the span ending there), and the span as cut is read first."""
    seen = _Chances()
    token = _SEEN.set(seen)
    try:
        got = first()
    finally:
        _SEEN.reset(token)
    if got is None or got.rows or (got := one_way(got)).rows:
        return got
    memo: dict[tuple, bool] = {}
    unread = any(not any(placeable(y, memo) for y in recast(moved_header([cut]))) for cut in seen.cuts)
    tries = [frozenset({"runs_on"})] if unread else []
    if seen.fifth and _values_after_sentence(lines):
        tries.append(frozenset({"runs_on", "fifth"}))
    for on in tries:
        token = _ON.set(on)
        try:
            second = first()
        finally:
            _ON.reset(token)
        if second is not None and second.rows:
            return second
    return got


def _values_after_sentence(lines: list[str]) -> bool:
    """Whether a line of values alone follows a numbered sentence (`1. …。`) before section
    six's heading (the cheap test before a second reading)."""
    sentence = False
    for s in lines:
        if _SIXTH.match(s):
            return False
        if sentence and value_words(s):
            return True
        sentence = sentence or bool(_NUMBERED.match(s) and "。" in s)
    return False
