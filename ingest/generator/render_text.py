"""Text renderings: the ways tables arrive once copied or extracted out of real reports.

Layouts (report-format.md, "Real-world layout variants"):

- ``tsv``            tab-separated, blank fields kept, merge artefacts like the seed
- ``pipe``           ``| 规章 | 0 | 0 | 0 |`` rows from HTML, stray ``||`` for merged cells
- ``cell_pipe``      one cell per line (``规章 |`` / ``0 |``), blank cells vanish or a lone ``|``
- ``cell_blankline`` one cell per line, blank lines between, no pipes
- ``row_bar``        a lone ``|`` line opening each row, then its cells one per line
- ``spaces``         columns separated by runs of spaces (``pdftotext -layout``), wrapped
                     labels, a page footer inside table 3, optionally Kangxi radicals
- ``markdown``       Markdown with ``## 二、`` headings and pipe tables
"""

from __future__ import annotations

import random
from typing import Any

from .render_common import (
    Block,
    Grid,
    Style,
    blocks,
    display_width,
    postprocess,
    t4_values,
)
from .truth import Truth

TEXT_LAYOUTS = ("tsv", "pipe", "cell_pipe", "cell_blankline", "row_bar", "spaces", "markdown")

ENCODINGS_TXT = (("utf-8", 70), ("utf-8-sig", 10), ("gb18030", 12), ("utf-16", 8))
ENCODINGS_MD = (("utf-8", 90), ("utf-8-sig", 10))


def _heading(style: Style, b: Block, rng: random.Random) -> str:
    if style.heading == "plain":
        return b.text
    if style.heading == "mixed":
        return "#" * b.level + " " + b.text if rng.random() < 0.7 else b.text
    return "#" * b.level + " " + b.text


def _title(style: Style, b: Block) -> str:
    return b.text if style.heading == "plain" else "# " + b.text


# ----------------------------------------------------------------------------------------
# tab-separated (the seed)


def _is_value(c: Any) -> bool:
    return c is not None and c.kind == "value"


def _tsv_table(g: Grid, style: Style, rng: random.Random, truth: Truth) -> list[str]:
    if g.name == "t4" and style.flat_t4:
        return ["行政复议行政诉讼", "\t".join(t4_values(truth, style))]
    exp = g.expand()
    lines: list[str] = []
    split_at = -1
    split_mode = rng.choice(("seed", "wrap"))
    if g.name == "t3" and rng.random() < 0.6:
        cont = [r for r, row in enumerate(exp) if r > 3 and row[0] is None and row[1] is None]
        if cont:
            split_at = rng.choice(cont)
    blank_line_at = rng.randrange(len(exp)) if (g.name == "t2" and rng.random() < 0.3) else -1
    for r, row in enumerate(exp):
        fields = ["" if c is None else c.text for c in row]
        # trailing spanned / padding positions are often lost; blank values are kept
        if rng.random() < 0.4:
            while len(fields) > 1 and fields[-1] == "" and not _is_value(row[len(fields) - 1]):
                fields.pop()
        elif rng.random() < 0.25:
            fields.append("")
        if r == split_at:
            k = next(i for i, c in enumerate(row) if c is not None)
            label = fields[k]
            values = [f for f, c in zip(fields, row) if _is_value(c)]
            if split_mode == "seed":  # label pulled to the front, leading fields lost, then a gap
                lines.append("\t".join([label, ""] + values + [""]))
                lines.append("")
            else:  # the row split over two lines: label, then its figures
                lines.append("\t".join(fields[: k + 1]))
                lines.append("\t".join(values))
            continue
        lines.append("\t".join(fields))
        if r == blank_line_at:
            lines.append("")
    return lines


# ----------------------------------------------------------------------------------------
# pipes / one cell per line


def _pipe_table(g: Grid, style: Style, rng: random.Random, truth: Truth) -> list[str]:
    lines = []
    for row in g.expand():
        parts = ["|"]
        for c in row:
            if c is None:
                parts.append("|")
            elif c.kind == "pad":
                parts.append(" |")
            else:
                parts.append(f" {c.text} |" if c.text else "  |")
        lines.append("".join(parts))
    return lines


def _cells(g: Grid) -> list[list[Any]]:
    return [[c for _, c in row] for row in g.placed()]


def _cell_pipe_table(g: Grid, style: Style, rng: random.Random, truth: Truth) -> list[str]:
    vanish = style.extra.get("blank_cells") == "vanish"
    lines = []
    for row in _cells(g):
        for c in row:
            if c.text:
                lines.append(f"{c.text} |")
            elif vanish and g.name != "t4":
                continue
            else:
                lines.append("|")
    return lines


def _cell_blankline_table(g: Grid, style: Style, rng: random.Random, truth: Truth) -> list[str]:
    lines = []
    for row in _cells(g):
        for c in row:
            lines.append(c.text)
            lines.append("")
    return lines


def _row_bar_table(g: Grid, style: Style, rng: random.Random, truth: Truth) -> list[str]:
    lines = []
    for row in _cells(g):
        lines.append("|")
        for c in row:
            lines.append(c.text)
    return lines


# ----------------------------------------------------------------------------------------
# runs of spaces (pdftotext -layout)


def _wrap(text: str, width: int) -> list[str]:
    if display_width(text) <= width:
        return [text]
    out, cur, w = [], "", 0
    for ch in text:
        cw = display_width(ch)
        if w + cw > width and cur:
            out.append(cur)
            cur, w = "", 0
        cur += ch
        w += cw
    if cur:
        out.append(cur)
    return out


def _spaced(text: str, rng: random.Random) -> str:
    out = []
    for ch in text:
        out.append(ch)
        if rng.random() < 0.45:
            out.append(" ")
    return "".join(out).strip()


_CAPS = {"t2": (16, 14, 14, 14), "t3": (10, 14, 26), "t4": ()}


def _spaces_table(g: Grid, style: Style, rng: random.Random, truth: Truth) -> list[str]:
    if g.name == "t4" and style.flat_t4:
        sep = " " * rng.randint(2, 5)
        return ["行政复议行政诉讼", sep.join(t4_values(truth, style))]
    placed = g.placed()
    caps = _CAPS[g.name]
    gap = rng.randint(2, 4)
    widths = [3] * g.ncols
    for row in placed:
        for c, cell in row:
            if cell.cs == 1:
                cap = caps[c] if c < len(caps) else 12
                widths[c] = max(widths[c], min(cap, display_width(cell.text)))
    pos = [0] * (g.ncols + 1)
    for c in range(g.ncols):
        pos[c + 1] = pos[c] + widths[c] + gap
    middle = style.extra.get("values_line") == "middle"
    # where each rowspan label is printed (first row of its span or its middle)
    moved: dict[int, list[tuple[int, Any]]] = {}
    rows: list[list[tuple[int, Any]]] = []
    for r, row in enumerate(placed):
        keep = []
        for c, cell in row:
            if cell.rs > 1 and cell.kind == "label" and middle:
                moved.setdefault(r + cell.rs // 2, []).append((c, cell))
            else:
                keep.append((c, cell))
        rows.append(keep)
    for r, extra in moved.items():
        rows[r] = sorted(extra + rows[r], key=lambda x: x[0])
    lines: list[str] = []
    page_break_at = rng.randint(10, 20) if (g.name == "t3" and rng.random() < 0.7) else -1
    if g.name == "t3" and "page_break" in style.extra:
        page_break_at = 14 if style.extra["page_break"] else -1
    if g.name == "t3":
        style.extra["page_break_in_table3"] = page_break_at >= 0
    for r, row in enumerate(rows):
        if r == page_break_at:
            lines.append("")
            lines.append(" " * 40 + rng.choice(("-3-", "- 3 -", "—3—")))
            lines.append("\f")
        chunks: list[tuple[int, int, list[str], bool]] = []  # start col, width, lines, is value
        for c, cell in row:
            span_w = pos[c + cell.cs] - pos[c] - gap
            text = cell.text
            if cell.kind == "value":
                chunks.append((c, span_w, [text], True))
                continue
            if style.spaced_labels and cell.rs > 1:
                text = _spaced(text, rng)
            chunks.append((c, span_w, _wrap(text, max(span_w, 4)), False))
        height = max((len(ch[2]) for ch in chunks), default=1)
        vline = (height - 1) // 2 if middle else 0
        for k in range(height):
            buf = ""
            for c, span_w, texts, is_value in chunks:
                if is_value:
                    t = texts[0] if k == vline else ""
                else:
                    t = texts[k] if k < len(texts) else ""
                if not t:
                    continue
                x = pos[c]
                if is_value:
                    x = pos[c] + span_w - display_width(t)
                cur = display_width(buf)
                if cur > x - (1 if buf else 0):
                    buf += " " * 2
                else:
                    buf += " " * (x - cur)
                buf += t
            lines.append(buf.rstrip())
    return lines


# ----------------------------------------------------------------------------------------
# markdown


def _markdown_table(g: Grid, style: Style, rng: random.Random, truth: Truth) -> list[str]:
    exp = g.expand()
    out = []
    for r, row in enumerate(exp):
        out.append("| " + " | ".join("" if c is None else c.text for c in row) + " |")
        if r == 0:
            out.append("|" + "---|" * g.ncols)
    return out


_TABLES = {
    "tsv": _tsv_table,
    "pipe": _pipe_table,
    "cell_pipe": _cell_pipe_table,
    "cell_blankline": _cell_blankline_table,
    "row_bar": _row_bar_table,
    "spaces": _spaces_table,
    "markdown": _markdown_table,
}


def render_text(truth: Truth, layout: str, style: Style) -> tuple[bytes, dict[str, Any]]:
    rng = random.Random(f"layout:{truth.seed}:{layout}")
    if layout == "cell_pipe":
        draw = rng.choice(("vanish", "bar"))
        style.extra.setdefault("blank_cells", draw)
    if layout == "spaces":
        draw = rng.choice(("first", "middle"))
        style.extra.setdefault("values_line", draw)
    table = _TABLES[layout]
    md = layout == "markdown"
    lines: list[str] = []
    for b in blocks(truth, style, markdown=md):
        if b.kind == "title":
            lines += [_title(style, b) if md or layout in ("tsv", "spaces") else b.text, ""]
        elif b.kind == "heading":
            lines += [("## " + b.text if md else (_heading(style, b, rng) if layout == "tsv" else b.text)), ""]
        elif b.kind == "para":
            lines += [b.text, ""]
        else:
            assert b.grid is not None
            lines += table(b.grid, style, rng, truth)
            lines.append("")
    text = "\n".join(lines)
    if layout == "spaces":
        text = text.replace("\n\f\n", "\n\f")
    text = postprocess(text, style)
    encs = ENCODINGS_MD if md else ENCODINGS_TXT
    enc = rng.choices([e for e, _ in encs], weights=[w for _, w in encs])[0]
    enc = style.extra.pop("encoding", enc)
    crlf = rng.random() < 0.12
    if crlf:
        text = text.replace("\n", "\r\n")
    info = {"encoding": enc, "line_endings": "crlf" if crlf else "lf"}
    return text.encode(enc), info


__all__ = ["TEXT_LAYOUTS", "render_text"]
