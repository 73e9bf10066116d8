"""Plain text and Markdown: tab-separated, pipe-separated, one cell per line, space-aligned.

Each line becomes a Row. How a line splits into cells depends on the layout the document
uses, decided once per document from its lines (see `_layout`):

- tabs: split on every tab, empty fields kept ("" = blank cell or merge artefact);
- pipes: `| a | b |` rows, a stray `||` is a merged position (None), `|---|` rules dropped;
- cell_pipe: one cell per line written `text |`; a lone `|` is a blank cell;
- row_bar: one cell per line, a lone `|` line opens each row (cells gathered into that row);
- spaces: columns separated by runs of 2+ spaces (pdftotext -layout), single-space runs kept;
- lines: one cell per line without pipes (blank lines between cells are not cells).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from operator import and_

from ingest.alignment import VALUE_WORD, split_values
from ingest.labels import label_table
from ingest.model import SPANNED, Row, SourceDoc
from ingest.normalize import TRADITIONAL_SHARE, norm_label, to_simplified, traditional_share
from ingest.readers import (block_all_zeros, block_segments, text_blocks, text_blocks_table2, text_blocks_table2_pages,
                            text_blocks_table4)
from ingest.readers._decode import decode_text

_SPACE_RUN = re.compile(r"\s{2,}|\u3000+")
_SECTION_HEADING = re.compile(
    r"^[#\s]*[（(]?[一二三四五六][、.．)）]\s*(?:[总總][体體][情][况況]|主[动動]公[开開]|收到和[处處]理"
    r"|政府信息公[开開]行政[复復複][议議]|存在的主要[问問][题題]|其他需要[报報]告)"
)
_CELL_RUN = re.compile(r"\S+(?: \S+)*")  # cell texts keep single spaces, runs of 2+ separate
_PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}")
# a page footer `- 3 -`, `— 2 —` on a line of its own (whole-text regexes: no Python loop per line)
# (each begins with the line break before it: a literal first character the regex engine scans for fast)
# (possessive runs of blanks: an indented line that is no footer fails at once, without backtracking)
_PAGE_NUMBER = re.compile(r"\n[^\S\n]*+[-—–－][^\S\n]*+\d{1,3}[^\S\n]*+[-—–－][^\S\n]*+(?=\n)")
_MD_ESCAPED_POINT = re.compile(r"(\d)\\\.")  # html2text writes `1\.` so Markdown sees no list
_WORD_SPLIT = re.compile(r"[ \u3000]+")


def read(data: bytes, path: str) -> SourceDoc:
    text, _encoding = decode_text(data)
    return from_text(text)


def from_text(text: str) -> SourceDoc:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = text_blocks_table2_pages.page_starts(text)
    text = text.replace("\x0c", "\n")
    if "\\." in text:
        text = _MD_ESCAPED_POINT.sub(r"\1.", text)
    padded = f"\n{text}\n"
    lines = _PAGE_NUMBER.sub("\n", padded)[1:-1].split("\n")
    if len(_BOX_LINE.findall(padded)) >= 3:
        return SourceDoc(format="txt", rows=_boxes(lines), text=text)
    glued = _glued_lines(lines, text)
    if glued is not None:
        return SourceDoc(format="txt", rows=_glued(glued), text=text)
    layout = _layout(lines)
    blocks = layout == "lines" and _in_blocks(lines)
    rows = _single(lines, blocks) if layout == "lines" else _ROW_BUILDERS[layout](lines)
    if blocks:
        if traditional_share(text) > TRADITIONAL_SHARE:
            lines = [to_simplified(line) for line in lines]  # the rebuilds find labels by their simplified forms
        table3 = text_blocks.rebuild(block_segments.without_page_numbers(lines, in_flows_only=True))
        plain = block_segments.without_page_numbers(lines)
        opening = tuple(p + k + 1 for k, p in enumerate(sorted(pages)))  # each form feed became a line break
        table3, table4 = text_blocks_table4.with_table4(plain, table3, opening)
        table2 = text_blocks_table2.rebuild(lines, pages)
        parts = [p for p in (*block_all_zeros.all_zeros(plain, table3, table4, table2), table2) if p is not None]
        for part in parts:
            rows = text_blocks.spliced(rows, part)
        joined = joinable(lines)
        if parts:
            return SourceDoc(format="txt", rows=rows, text=text, issues=[i for p in parts for i in p.issues],
                             joinable=joined)
        return SourceDoc(format="txt", rows=rows, text=text, joinable=joined)
    return SourceDoc(format="txt", rows=rows, text=text)


def joinable(lines: list[str]) -> frozenset[int]:
    """The lines (1-based) of text printed in flows (plain `pdftotext`) that another line
    follows in their flow: a lone `-` line after one of them would have left no trace, poppler
    joining a line ending in a hyphen to the next without the hyphen (docs/decisions.md, stop
    17; seed 58's 000104: `行政许可` then `其他对外管理服务事项 0`, truth 行政许可 `-` ×3, read blank)."""
    return frozenset(i + 1 for i in range(len(lines) - 1) if lines[i].strip() and lines[i + 1].strip())


_BOX_VERTICAL = frozenset("│┃║├┤┼┌┐└┘┬┴┣┫╋┏┓┗┛┳┻╠╣╬╔╗╚╝╦╩")
_BOX_LINE = re.compile(r"\n[^\S\n]*+[" + "".join(sorted(_BOX_VERTICAL)) + "]")  # a line opening with a box rule
_BOX_RULE = frozenset("─━═-")


# a row label with its values glued on: crawled page text whose separators were all stripped
_GLUED = re.compile(r"(?:申请数量|予以公开|国家秘密|重复申请|行政许可|行政处罚)[\d０-９]")
_SECTION_IN_LINE = re.compile(
    r"([一二三四五六][、.．](?:总体情况|主动公开政府信息情况|收到和处理政府信息公开申请情况"
    r"|政府信息公开行政复议[、和]行政诉讼情况|存在的主要问题及改进情况|其他需要报告的事项))")
_CHANGE_HEADER = re.compile(r"增[/／]减")
# 无 is a value only right after a row label of table 2 (`行政许可无第二十条…`)
# a thousands separator between digits (`1,341`) stays in the run
_GLUED_VALUES = re.compile(r"(?:[\d０-９/／—–.．-]|(?<=[\d０-９])[,，](?=[\d０-９]{3})|(?<=许可|处罚|强制|收费|规章|文件)无)+")


def _glued_lines(lines: list[str], text: str) -> list[str] | None:
    """The lines of text whose cells run together, in simplified script (its labels are cut
    out by the label table's simplified forms); None when the text is not such."""
    def glued(ls: list[str]) -> bool:
        return any(len(_GLUED.findall(line)) >= 2 for line in ls if len(line) > 200)

    if max(map(len, lines), default=0) <= 200:
        return None  # only long lines are looked at, in either script: the usual text, spared the script's count
    if glued(lines):
        return lines
    if traditional_share(text) > TRADITIONAL_SHARE:
        simplified = [to_simplified(line) if len(line) > 200 else line for line in lines]
        if glued(simplified):
            return [to_simplified(line) for line in lines]
    return None


def _glued(lines: list[str]) -> list[Row]:
    """Text whose cells run together (`一、本年新收政府信息公开申请数量15130000154`): long lines
    are cut at section headings; in a table's stretch each label is a cell and the digits
    after it one run (`Row.runs`), which alignment cuts into cells where the identities allow."""
    rows: list[Row] = []
    for i, line in enumerate(lines, 1):
        s = line.strip()
        if not s:
            continue
        if len(s) <= 200 or not _GLUED.search(s):
            rows.append(Row([s], i))
            continue
        for piece in _SECTION_IN_LINE.split(s):
            piece = piece.strip()
            if not piece:
                continue
            if _GLUED_VALUES.search(piece) and not _SECTION_IN_LINE.fullmatch(piece) and "。" not in piece:
                rows.append(Row(_glued_cells(piece), i, runs=True))
            else:
                rows.append(Row([piece], i))
    return rows


_UNIT_AFTER = re.compile(r"件|条|個|个|萬元|万元|元")
_LAST_NUMBER = re.compile(r"[\d０-９]+(?:[.．][\d０-９]+)?$")


def _glued_cells(piece: str) -> list[str]:
    """A table's stretch cut into label cells and runs of values. An item's ordinal glued to the
    values before it (`00000002.其他法律…`) goes with the label it numbers."""
    cells: list[str] = []
    text = ""
    done = 0
    piece = _CHANGE_HEADER.sub("增减", piece)  # 本年增/减: its slash is not a cell
    for m in _GLUED_VALUES.finditer(piece):
        if m.start() < done:
            continue  # a unit taken with the value before it
        run, ordinal = m.group(), ""
        unit = _UNIT_AFTER.match(piece, m.end())
        if unit and (last := _LAST_NUMBER.search(run)):
            # a unit ends its cell (`0件0件8件`): the number before it is one value, for certain
            text += piece[done:m.start()]
            cells.extend(_label_cells(text))
            if last.start():
                cells.append(run[:last.start()])
            cells.append(last.group() + unit.group())
            text, done = "", unit.end()
            continue
        if run[-1] in ".．" and run[:-1].isdigit():
            run, ordinal = run[:-2], run[-2:]
        elif piece[m.end():m.end() + 1] == "、" and run.isdigit():
            run, ordinal = run[:-1], run[-1]
        text += piece[done:m.start()]
        done = m.end()
        if not run or not any(ch.isdigit() or ch in "/／—–-无" for ch in run):
            text += run + ordinal
            continue
        cells.extend(_label_cells(text))
        cells.append(run)
        text = ordinal
    cells.extend(_label_cells(text + piece[done:]))
    return cells


def _label_cells(text: str) -> list[str]:
    """Labels run together, one cell each: cut where a numbered label begins (`（三）`, `2.`,
    `四、`); header text and the row label it ends with as two cells (`…现行有效件数规章`)."""
    return [cell for part in _NUMBERED_START.split(text) for cell in _label_and_header(part)]


# where a numbered label begins inside run-together text (not 第（一）项 of table 2's blocks)
_NUMBERED_START = re.compile(r"(?<!第)(?=[（(][一二三四五六七][）)])|(?<![\d.])(?=\d[.．、](?!\d))"
                             r"|(?<![第\d])(?=[一二三四][、](?!\d))")


def _label_and_header(text: str) -> list[str]:
    text = text.strip()
    exact = label_table().exact
    for start in range(len(text)):
        if norm_label(text[start:]) in exact:
            while text[start] in "）)]】" and start + 1 < len(text):
                start += 1
            return [*_header_labels(text[:start].strip()), text[start:]]
    return _header_labels(text)


_HEADER_SCOPES = frozenset({"t2_block", "t2_header", "t2_header_2019"})


def _header_labels(text: str) -> list[str]:
    """Table 2's header text run together, cut into the labels it holds, longest first from the
    left (`第二十条第（一）项信息内容本年新制作数量…`: the 2019 layout shows in its headers);
    other text stays one cell."""
    exact = label_table().exact

    def header(key: str) -> bool:
        return any(label.scope in _HEADER_SCOPES for label in exact.get(key, ()))

    cells, unknown, i = [], "", 0
    while i < len(text):
        end = next((j for j in range(min(len(text), i + 40), i + 1, -1) if header(norm_label(text[i:j]))), None)
        if end is None:
            unknown += text[i]
            i += 1
            continue
        if unknown.strip():
            cells.append(unknown.strip())
        cells.append(text[i:end])
        unknown, i = "", end
    if unknown.strip():
        cells.append(unknown.strip())
    return cells


def _boxes(lines: list[str]) -> list[Row]:
    """Tables drawn with box characters (w3m): a cell is the text between its rules, however
    many lines it wraps over (`１` / `１` is 11, `结果` / `维持` is 结果维持). A row is emitted
    at each rule that closes cells, holding the cells it closes, left to right; text outside
    the boxes is one cell a line."""
    rows: list[Row] = []
    open_cells: dict[int, list[str]] = {}  # display column where a cell starts → its text lines
    for i, line in enumerate(lines, 1):
        s = line.strip()
        if not s:
            continue
        if s[0] not in _BOX_VERTICAL:
            open_cells.clear()
            rows.append(Row([s], i))
            continue
        closed: list[tuple[int, str]] = []
        for start, segment in _box_segments(line):
            if segment and all(ch in _BOX_RULE for ch in segment):
                for col in [c for c in open_cells if start <= c < start + _display_width(segment)]:
                    closed.append((col, "".join(open_cells.pop(col))))
            else:
                open_cells.setdefault(start, []).append(segment.strip())
        if closed:
            closed.sort()
            rows.append(Row([text for _, text in closed], i, cols=[col for col, _ in closed]))
    return rows


def _box_segments(line: str) -> list[tuple[int, str]]:
    """(display column, text) of the stretches between box verticals of one line."""
    out, width, start, buf = [], 0, None, []
    for ch in line:
        w = 1 if ch in _BOX_VERTICAL or ch in _BOX_RULE else _char_width(ch)
        if ch in _BOX_VERTICAL:
            if start is not None:
                out.append((start, "".join(buf)))
            start, buf = width + w, []
        elif start is not None:
            buf.append(ch)
        width += w
    return out


def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


# plain pdftotext in full-width digits joins neighbouring values on one line (seventh 000001:
# 26 of 352 lines, 24 of them values alone); space-aligned text prints its values beside their
# label (lynx: 28 of 67 lines, 1 of them values alone)
_BARE_SHARE = 0.6
_BARE_SPACED_SHARE = 0.15
_SPACED_SHARE = 0.03  # plain pdftotext: ≤ 2 % of its lines hold spaced values; space-aligned text ≥ 4.9 %


def _layout(lines: list[str]) -> str:
    tabs = pipes = cell_pipe = bars = spaced = bare = 0
    for line in lines:
        s = line.strip()
        if not s:
            continue
        if "\t" in line:
            tabs += 1
        elif "|" in s:
            if s == "|":
                bars += 1
            elif _is_pipe_row(s):
                pipes += 1
            elif s.endswith("|"):
                cell_pipe += 1
        elif (s[-1].isdecimal() or s[-1] in _VALUE_END) and _may_space_run(s) and _value_words(s) >= 2:
            spaced += 1
            bare += s[0].isdecimal() and _WORD_SPLIT.split(s, 1)[0].isdecimal()
    counts = {"tabs": tabs, "pipes": pipes, "cell_pipe": cell_pipe, "row_bar": bars, "spaces": spaced}
    best = max(counts, key=counts.__getitem__)
    if best == "spaces" and bare >= _BARE_SHARE * spaced and spaced < _BARE_SPACED_SHARE * sum(
            1 for line in lines if line.strip()):
        return "lines"  # values joined on lines of their own (`９９ １３ １１ ７`), labels apart: plain pdftotext
    if counts[best] < 3 or (best == "spaces" and spaced < _SPACED_SHARE * sum(1 for line in lines if line.strip())):
        return "lines"  # a few lines of values (`0 0 0 0`) among one cell a line: plain pdftotext
    if best == "row_bar" and cell_pipe >= 3:
        return "cell_pipe"
    return best


def _is_pipe_row(s: str) -> bool:
    """`| a | b |`, or a row whose leading pipe was dropped (`a | b |`, html2text's `a| b`)."""
    n = s.count("|")
    return n >= 2 or (n == 1 and not s.endswith("|") and not s.startswith("|"))


_VALUE_END = frozenset("件元个個条條/／—–-无無,，")  # how a VALUE_WORD may end, besides a digit


def _value_words(s: str) -> int:
    """Values a line ends with, one white space apart (`规章 0 3 5` has three; `1.` is numbering;
    a sentence quoting figures, `受理 5 件，办结 3 件。`, has none)."""
    words = _WORD_SPLIT.split(s)
    n = len(words)
    while n and (words[n - 1].isdecimal() or VALUE_WORD.match(words[n - 1])):  # digits only: a value, no regex
        n -= 1
    return len(words) - n


def _may_space_run(s: str) -> bool:
    """False when s holds no white space at all (every white space but " " is unprintable): the
    usual line of running text, spared a regex search."""
    return " " in s or not s.isprintable()


def _single(lines: list[str], blocks: bool) -> list[Row]:
    """One cell per line. Where cells are separated by one blank line each, an empty cell
    shows as two more blank lines: a run of n blank lines then holds (n - 1) // 2 blank cells;
    in a lynx dump (`_lynx_margin`) an empty cell (`&nbsp;`) is one more blank line, so the run
    holds n - 1 (a cell with nothing at all in it leaves no line: that stays for the mapper).
    Where lines come in blocks (plain `pdftotext` prints a table block by block, column by
    column), a blank line ends a block: it becomes a row of no cells, so that values after it
    are not taken for the label before it."""
    runs = _blank_runs(lines)
    spaced = not blocks and runs and sum(1 for n in runs if n == 1) >= 0.6 * len(runs)
    per_cell = 1 if spaced and _lynx_margin(lines) else 2  # blank lines an empty cell adds
    rows: list[Row] = []
    blank = 0
    for i, line in enumerate(lines, 1):
        s = line.strip()
        if not s:
            blank += 1
            continue
        if blocks and blank and rows:
            rows.append(Row([], i))
        if spaced and blank > per_cell and rows:
            rows.extend(Row([""], i) for _ in range((blank - 1) // per_cell))
        blank = 0
        split = " " in s and "。" not in s  # a sentence is one cell
        rows.append(Row([text for text, _ in _split_value_words(s)] if split else [s], i))
    return rows


_LYNX_MARGIN = re.compile(r"^   \S", re.M)
_LYNX_MARGIN_AFTER_BREAK = re.compile(r"\n   \S")  # the same, led by a literal line break: scanned for fast
_LYNX_SHARE = 0.85  # lynx -dump indents all lines but headings (<h1>…) by three spaces (≥ 95 % in its dumps)
_FILLED_LINE = re.compile(r"^[^\S\n]*\S", re.M)
# _SECTION_HEADING over a whole text, line by line: its blanks may not cross a line end
_SECTION_HEADING_LINE = re.compile(
    _SECTION_HEADING.pattern.replace(r"[#\s]*", r"(?:#|[^\S\n])*").replace(r"\s*", r"[^\S\n]*"), re.M)


def _lynx_margin(lines: list[str]) -> bool:
    """True when the text carries lynx's left margin: nearly every printed line but the
    section headings begins with exactly three spaces (the generator's one-cell-a-line text:
    none). Counted by regexes over the whole text, not a match per line: it runs for every
    space-aligned and one-cell-a-line text; the usual text, where no line has the margin, is
    told by one fast search."""
    text = "\n".join(lines)
    if not _LYNX_MARGIN_AFTER_BREAK.search("\n" + text):
        return False  # no margin on any line: no share of the lines to count
    headings = [m.start() for m in _SECTION_HEADING_LINE.finditer(text)]
    filled = len(_FILLED_LINE.findall(text)) - len(headings)
    margin = len(_LYNX_MARGIN.findall(text)) - sum(1 for at in headings if _LYNX_MARGIN.match(text, at))
    return filled > 0 and margin >= _LYNX_SHARE * filled


_BLOCK_SHARE = 0.3  # one cell per blank-line-separated line has ~0 lines followed by another; pdftotext ≥ 0.6


def _in_blocks(lines: list[str]) -> bool:
    """True when many lines are followed directly by another (text in blocks), not one cell a
    line with blank lines between."""
    filled = list(map(bool, map(str.strip, lines)))
    n = sum(filled)
    return n > 0 and sum(map(and_, filled, filled[1:])) >= _BLOCK_SHARE * n


def _blank_runs(lines: list[str]) -> list[int]:
    runs, n = [], 0
    for line in lines:
        if line.strip():
            if n:
                runs.append(n)
            n = 0
        else:
            n += 1
    return runs


def _tabs(lines: list[str]) -> list[Row]:
    rows = []
    for i, line in enumerate(lines, 1):
        if "\t" in line:  # also a row of empty fields: a printed row whose cells are all blank
            rows.append(Row(list(map(str.strip, line.split("\t"))), i))
        elif not line.strip():
            continue
        else:
            rows.append(Row([line.strip()], i))
    return rows


def _pipes(lines: list[str]) -> list[Row]:
    rows = []
    for i, line in enumerate(lines, 1):
        s = line.strip()
        if not s:
            continue
        if "|" in s and _is_pipe_row(s):
            if _PIPE_RULE.match(s):
                continue
            inner = s[1:] if s.startswith("|") else s
            inner = inner[:-1] if inner.endswith("|") else inner
            # `||` (nothing between bars) marks a merged position, `| |` a blank cell
            parts = inner.split("|")
            rows.append(Row([SPANNED if part == "" else part.strip() for part in parts] if "" in parts
                            else list(map(str.strip, parts)), i))
        else:
            rows.append(Row([s], i))
    return rows


def _cell_pipe(lines: list[str]) -> list[Row]:
    rows = []
    for i, line in enumerate(lines, 1):
        s = line.strip()
        if not s:
            continue
        if s == "|":
            rows.append(Row([""], i))
        elif s.endswith("|"):
            rows.append(Row([s[:-1].strip()], i))
        else:
            rows.append(Row([s], i))
    return rows


def _row_bar(lines: list[str]) -> list[Row]:
    rows: list[Row] = []
    current: Row | None = None
    for i, line in enumerate(lines, 1):
        s = line.strip()
        if s == "|":
            current = Row([], i)
            rows.append(current)
        elif not s:
            if current is not None:
                current.cells.append("")  # an empty cell of the open row
        elif _SECTION_HEADING.match(s) or len(s) > 60:
            current = None  # a heading or running text ends the open row
            rows.append(Row([s], i))
        elif current is not None:
            current.cells.append(s)
        else:
            rows.append(Row([s], i))
    return [r for r in rows if r.cells]


def _spaces(lines: list[str]) -> list[Row]:
    rows = []
    for i, line in enumerate(lines, 1):
        line = line.rstrip()
        if not line:
            continue
        ascii_line = line.isascii()
        cells, cols, chars = [], [], []
        width = done = 0  # display width of line[:done]: widths add up character by character
        for m in _CELL_RUN.finditer(line):
            start = m.start()
            width += start - done if ascii_line else _display_width(line[done:start])
            done = char = start
            cell = m.group()
            if " " not in cell:  # the usual cell: one word
                cells.append(cell)
                cols.append(width)
                chars.append(char)
                continue
            for text, offset in _split_value_words(cell):
                cells.append(text)
                cols.append(width + offset)
                chars.append(char)
                char += len(text) + 1
        rows.append(Row(cells, i, cols=cols, chars=chars))
    if _lynx_margin(lines):
        for row in rows:
            _lynx_blank_lead(row)
    return _join_wrapped_labels(rows)


def _lynx_blank_lead(row: Row) -> None:
    """Blank cells before a row of values that lynx lays out as a table line (cells holding no
    paragraph): an `&nbsp;` cell prints as a space and a separator, so `0 0 …` standing 3 + 2k
    columns in, after lynx's margin of 3, opens with k blank cells. Only values one space
    apart: where lynx aligns a table under its headers the gaps are wider and the indent is
    the headers', not blank cells."""
    cells, chars = row.cells, row.chars or []
    if len(cells) < 2 or len(chars) != len(cells) or chars[0] <= 3 or (chars[0] - 3) % 2:
        return
    if not all(VALUE_WORD.match(c) for c in cells):
        return
    if any(chars[k + 1] != chars[k] + len(cells[k]) + 1 for k in range(len(cells) - 1)):
        return
    k = (chars[0] - 3) // 2
    row.cells = [""] * k + cells
    row.chars = [3 + 2 * m for m in range(k)] + chars
    if row.cols is not None:
        row.cols = [3 + 2 * m for m in range(k)] + row.cols


def _join_wrapped_labels(rows: list[Row]) -> list[Row]:
    """Labels wrapped over several lines in a narrow column (`pdftotext -layout`): the row's
    values stand on its first, middle or last line. A row whose label is not a known label takes
    the label-only lines below it, then above it, that stand in its label's columns, as long as
    that makes its label a known one; otherwise the lines stay as they were."""
    kinds = [_row_kind(r) for r in rows]
    taken = [False] * len(rows)
    for i, row in enumerate(rows):
        if kinds[i] != "values" or _known(row):
            continue
        for direction in (1, -1):
            joined = _absorb(rows, kinds, taken, i, direction)
            if joined is not None:
                rows[i], consumed = joined
                for j in consumed:
                    taken[j] = True
                break
    return [r for r, t in zip(rows, taken) if not t]


def _row_kind(row: Row) -> str:
    has_value = has_label = False
    for c in row.cells:
        if c:
            if c.isdecimal() or VALUE_WORD.match(c):  # digits only: a value, no regex
                has_value = True
            else:
                has_label = True
            if has_value and has_label:
                break
    return "values" if has_value and has_label else "label" if has_label else "other"


def _label_part(row: Row) -> list[tuple[int, str]]:
    return [(col, c) for c, col in zip(row.cells, row.cols or []) if c and not VALUE_WORD.match(c)]


def _known(row: Row) -> bool:
    """The row's last label cell is a known label, or ends with one."""
    if not row.cols:
        return False
    last = next((c for c in reversed(row.cells[:len(row.cols)])
                 if c and not (c.isdecimal() or VALUE_WORD.match(c))), None)
    return last is not None and _ends_with_label(last)


@lru_cache(maxsize=4096)
def _ends_with_label(text: str) -> bool:
    return any(label_table().lookup(norm_label(p)) for p in _tails(text))


def _tails(label: str) -> list[str]:
    """The label and what follows each of its spaces (`三、本 （一）予以公开` ends with a label)."""
    return [label] + [label[i + 1:] for i, ch in enumerate(label) if ch == " "]


def _absorb(rows: list[Row], kinds: list[str], taken: list[bool], i: int, direction: int):
    """(the row with the label lines joined, their indices), or None when no run of aligned
    label-only lines makes the row's label a known one. Labels side by side one space apart
    (`（三） 1. 属` / `不予公 于国家`) are joined word column by word column."""
    row = rows[i]
    texts = dict(_word_columns(row))
    if not texts:
        return None
    last_col = max(texts)
    consumed = []
    j = i + direction
    while 0 <= j < len(rows) and len(consumed) < 8 and kinds[j] == "label" and not taken[j]:
        parts = _word_columns(rows[j])
        owners = [min(texts, key=lambda c: abs(c - col)) for col, _ in parts]
        if any(abs(o - col) > 3 for o, (col, _) in zip(owners, parts)):
            return None  # a line not in the label's columns (a heading, the next table's text)
        for owner, (_, text) in zip(owners, parts):
            texts[owner] = texts[owner] + text if direction > 0 else text + texts[owner]
        consumed.append(j)
        if norm_label(texts[last_col]) in label_table().exact:  # joined: only a label printed whole
            values = [(col, c) for c, col in zip(row.cells, row.cols or []) if c and VALUE_WORD.match(c)]
            joined = sorted(texts.items()) + values
            return Row([c for _, c in joined], row.line, row.page, row.table, [col for col, _ in joined]), consumed
        j += direction
    return None


_ORDINAL_WORD = re.compile(r"^\d{1,2}[.．、]$")


def _word_columns(row: Row) -> list[tuple[int, str]]:
    """(display column, word) of the row's label text, a numbering (`1.`) kept with its word."""
    out: list[tuple[int, str]] = []
    for col, text in _label_part(row):
        offset, pending = 0, None
        for word in text.split(" "):
            if word:
                if pending is not None:
                    out.append((pending[0], pending[1] + word))
                    pending = None
                elif _ORDINAL_WORD.match(word):
                    pending = (col + offset, word)
                else:
                    out.append((col + offset, word))
            offset += _display_width(word) + 1
        if pending is not None:
            out.append(pending)
    return out


def _split_value_words(cell: str) -> list[tuple[str, int]]:
    """A run of text split where single spaces separate values (lynx and narrow `-layout` columns
    print `一、本年新收… 11 0 0 0 0 0 11`) or known labels (`结果维持 结果纠正 … 总计`):
    (text, display offset) of each cell."""
    if " " not in cell:
        return [(cell, 0)]
    label, values = split_values(cell)
    if not values and all(VALUE_WORD.match(w) for w in cell.split(" ")):
        values, label = cell.split(" "), ""  # values only: `0 1 0 6 7` is five cells, never 1067
    words = [*_label_words(label), *values]
    if len(words) == 1:
        return [(words[0], 0)]  # one cell (a sentence, a label): no widths to add up
    out, offset = [], 0
    for w in words:
        out.append((w, offset))
        offset += _display_width(w) + 1
    return out


@lru_cache(maxsize=4096)
def _label_words(label: str) -> tuple[str, ...]:
    """The label as one cell, or as groups of its words when each group is a label of its own
    (`结果 维持 结果 纠正 … 总计 未经复议直接起诉` → 结果 维持, 结果 纠正, …). Cached: the
    same header and row labels come back in every report."""
    if not label:
        return ()
    words = label.split(" ")
    if len(words) < 2:
        return (label,)
    exact = label_table().exact
    groups, start = [], 0
    while start < len(words):
        end = next((e for e in range(min(len(words), start + 4), start, -1)
                    if norm_label("".join(words[start:e])) in exact), None)
        if end is None:
            return (label,)
        groups.append(" ".join(words[start:end]))
        start = end
    return tuple(groups)


def _display_width(text: str) -> int:
    """Columns a monospace layout gives the text: ideographs and full-width forms take 2."""
    return len(text) if text.isascii() else len(text.encode("gb18030", "replace"))


_ROW_BUILDERS = {
    "tabs": _tabs,
    "pipes": _pipes,
    "cell_pipe": _cell_pipe,
    "row_bar": _row_bar,
    "spaces": _spaces,
}  # "lines": _single, which is also told whether the text comes in blocks
