"""Dispatch a truth to the renderer of one (layout, format)."""

from __future__ import annotations

from typing import Any

from .render_common import draw_style
from .render_text import TEXT_LAYOUTS, render_text
from .truth import Truth

# Every (layout, format) the generator writes, in round-robin order.
COMBOS: tuple[tuple[str, str], ...] = (
    ("tsv", "txt"),
    ("pipe", "txt"),
    ("cell_pipe", "txt"),
    ("cell_blankline", "txt"),
    ("row_bar", "txt"),
    ("spaces", "txt"),
    ("markdown", "md"),
    ("grid", "html"),
    ("grid", "docx"),
    ("grid", "xlsx"),
    ("grid", "pdf"),
)
LAYOUTS: tuple[str, ...] = tuple(dict.fromkeys(l for l, _ in COMBOS))
FORMATS: tuple[str, ...] = tuple(dict.fromkeys(f for _, f in COMBOS))
FAST_FORMATS = frozenset({"txt", "md", "html"})


def render(truth: Truth, layout: str, fmt: str,
           overrides: dict[str, Any] | None = None) -> tuple[bytes, dict[str, Any]]:
    """Bytes of the document and a description of how it was printed.

    `overrides` pins variation knobs instead of drawing them: any `Style` attribute
    (fullwidth, thousands, traditional, flat_t4, kangxi, variants, na_mark, ...) or, under
    its own name, a renderer knob kept in `Style.extra` (encoding, blank_cells, values_line).
    """
    if (layout, fmt) not in COMBOS:
        raise ValueError(f"no renderer for layout {layout!r} in format {fmt!r}")
    style = draw_style(truth, layout, fmt)
    for k, v in (overrides or {}).items():
        if k in ("encoding", "blank_cells", "values_line", "page_break"):
            style.extra[k] = v
        elif hasattr(style, k):
            setattr(style, k, frozenset(v) if k == "variants" else v)
        else:
            raise ValueError(f"unknown rendering knob {k!r}")
    if layout in TEXT_LAYOUTS:
        data, info = render_text(truth, layout, style)
    elif fmt == "html":
        from .render_html import render_html

        data, info = render_html(truth, style)
    elif fmt == "docx":
        from .render_office import render_docx

        data, info = render_docx(truth, style)
    elif fmt == "xlsx":
        from .render_office import render_xlsx

        data, info = render_xlsx(truth, style)
    elif fmt == "pdf":
        from .render_pdf import render_pdf

        data, info = render_pdf(truth, style)
    else:  # pragma: no cover
        raise ValueError(fmt)
    layout_info = {"name": layout, **style.describe(), **info}
    return data, layout_info
