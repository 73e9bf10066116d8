"""HTML rendering: a government-website article page with real rowspan/colspan tables.

Charset is declared in the page (``<meta charset>`` or the http-equiv form); about a quarter
of the pages are GBK-encoded, as many county sites still are.
"""

from __future__ import annotations

import random
from html import escape
from typing import Any

from .render_common import Grid, Style, blocks, postprocess
from .truth import Truth


def _cell(c: Any, rng: random.Random, wrap: str, blank: str) -> str:
    attrs = ""
    if c.rs > 1:
        attrs += f' rowspan="{c.rs}"'
    if c.cs > 1:
        attrs += f' colspan="{c.cs}"'
    text = escape(c.text, quote=False) if c.text else blank
    if wrap == "p-span":
        inner = f'<p style="text-align:center"><span style="font-size:14px">{text}</span></p>'
    elif wrap == "span":
        inner = f"<span>{text}</span>"
    else:
        inner = text
    return f"<td{attrs}>{inner}</td>"


def _table(g: Grid, rng: random.Random, wrap: str, blank: str) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">', "<tbody>"]
    for row in g.rows:
        out.append("<tr>" + "".join(_cell(c, rng, wrap, blank) for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def render_html(truth: Truth, style: Style) -> tuple[bytes, dict[str, Any]]:
    rng = random.Random(f"layout:{truth.seed}:html")
    wrap = rng.choice(("plain", "span", "p-span"))
    blank = rng.choice(("", "", "&nbsp;"))
    gbk = rng.random() < 0.25
    if "encoding" in style.extra:
        gbk = style.extra.pop("encoding").lower() in ("gbk", "gb2312", "gb18030")
    parts: list[str] = []
    title = ""
    for b in blocks(truth, style):
        if b.kind == "title":
            title = b.text
            parts.append(f'<h1 class="title">{escape(b.text)}</h1>' if rng.random() < 0.6
                         else f'<p style="text-align:center"><strong>{escape(b.text)}</strong></p>')
        elif b.kind == "heading":
            parts.append(f"<h{b.level + 1}>{escape(b.text)}</h{b.level + 1}>" if rng.random() < 0.5
                         else f'<p style="text-indent:2em"><strong>{escape(b.text)}</strong></p>')
        elif b.kind == "para":
            parts.append(f'<p style="text-indent:2em">{escape(b.text)}</p>')
        else:
            assert b.grid is not None
            parts.append(_table(b.grid, rng, wrap, blank))
    body = "\n".join(parts)
    charset = "utf-8"
    if gbk:
        charset = "gbk"
    page_tpl = (
        "<!DOCTYPE html>\n<html>\n<head>\n{meta}\n<title>{title}</title>\n</head>\n<body>\n"
        '<div class="article-content">\n{body}\n</div>\n</body>\n</html>\n'
    )

    def page(cs: str) -> str:
        meta = (f'<meta charset="{cs}">' if rng.random() < 0.5
                else f'<meta http-equiv="Content-Type" content="text/html; charset={cs}">')
        return postprocess(page_tpl.format(meta=meta, title=escape(title), body=body), style)

    text = page(charset)
    if gbk:
        try:
            data = text.encode("gbk")
        except UnicodeEncodeError:
            charset = "gb18030"
            text = page(charset)
            data = text.encode("gb18030")
    else:
        data = text.encode("utf-8")
    return data, {"encoding": charset, "cell_markup": wrap, "blank_cell": blank or "empty"}
