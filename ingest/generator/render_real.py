"""Renderings made by the tools bodies and crawlers really use, not by string templates.

The generator's truth is printed as DOCX or HTML (render_office / render_html) and pushed
through LibreOffice, Chromium, poppler, w3m, lynx and a Python HTML-to-text converter; a
few kinds that no installed tool makes (flattened pipe rows, fixed-column text, page text
with every separator stripped) are made from the HTML page the way crawlers make them.
Every kind name below is the truth's `layout.name`, so `gongkai accuracy` groups by it.

The HTML-to-text converter is inscriptis (Apache-2.0): it lays tables out as text columns
the way crawlers' text dumps do; html2text is GPL-3.0 and prints Markdown pipe tables,
which `pipes_flattened` and the generator's own `markdown` layout already cover.

Tools run one at a time (the machine is shared): LibreOffice converts many files per call
with a private profile, Chromium prints one page per call with a throw-away profile.
Document i is a function of (seed, i) as far as the tools allow (LibreOffice and Chromium
stamp creation dates into their output).

    python -m ingest.generator.render_real --out /tmp/rendered --count 1500 --seed 13
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field, replace
from html import escape, unescape
from pathlib import Path
from typing import Any

import orjson

from .corpus import truth_for
from .render_common import Style, blocks, display_width, draw_style, postprocess
from .render_html import render_html
from .render_office import DocxPage, render_docx
from .render_text import _wrap
from .truth import Truth

# kind -> suffix of the document a reader gets
KINDS: dict[str, str] = {
    "lo_pdf_ruled": "pdf",
    "lo_pdf_narrow": "pdf",
    "lo_pdf_borderless": "pdf",
    "pdftotext_layout": "txt",
    "pdftotext_plain": "txt",
    "w3m": "txt",
    "lynx": "txt",
    "html2text": "txt",
    "chromium_pdf_narrow": "pdf",
    "pipes_flattened": "txt",
    "fixed_columns": "txt",
    "lo_xlsx": "xlsx",
    "lo_ods": "ods",
    "run_together": "txt",
}
DOCX_KINDS = ("lo_pdf_ruled", "lo_pdf_narrow", "lo_pdf_borderless", "pdftotext_layout", "pdftotext_plain")
FONTS = ("Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "AR PL UMing CN")
FOOTERS = ("- {n} -", "- {n} -", "-{n}-", "— {n} —", "第 {n} 页", None)
# The official template's tables (A4, 15.5 cm of text): wide label column(s), narrow values.
TEMPLATE_WIDTHS = {"t2": [2400, 2130, 2130, 2130], "t3": [620, 900, 2300] + [710] * 7, "t4": [586] * 15}
SOFFICE_BATCH = 40
TOOL_TIMEOUT = 900


class ToolError(RuntimeError):
    pass


@dataclass(slots=True)
class Job:
    index: int
    kind: str
    truth: Truth
    style: Style
    work: Path  # the document's own scratch folder
    info: dict[str, Any] = field(default_factory=dict)
    out: bytes | None = None
    error: str | None = None
    page: DocxPage | None = None  # how the DOCX kinds print their DOCX

    @property
    def stem(self) -> str:
        return f"{self.index:06d}_{self.kind}"


# ----------------------------------------------------------------------------------------
# sources: DOCX pages and HTML pages


def docx_page(kind: str, rng: random.Random) -> DocxPage:
    font = rng.choice(FONTS)
    size = rng.choice((21, 21, 24))  # 五号 10.5 pt, 小四 12 pt
    footer = rng.choice(FOOTERS)
    header_rows = rng.choice((0, 0, 3))
    if kind == "lo_pdf_narrow":
        w = rng.randint(560, 700)  # two ideographs a line at 10.5 pt, one at 12 pt
        widths = {"t2": [w] * 4, "t3": [w] * 10, "t4": [w] * 15}
    else:
        widths = TEMPLATE_WIDTHS
    return DocxPage(widths=widths, borders=kind != "lo_pdf_borderless", header_rows=header_rows, font=font,
                    font_half_points=size, footer=footer)


def html_page(truth: Truth, style: Style) -> bytes:
    style.extra["encoding"] = "utf-8"  # the tools below are told the charset; GBK pages are the html format's job
    data, info = render_html(truth, style)
    style.extra.update({f"html_{k}": v for k, v in info.items()})
    return data


_NARROW_CSS = """<style>
body {{ font-family: "{font}"; font-size: {size}px; }}
table {{ width: {table_em}em; border-collapse: collapse; }}
td {{ word-break: break-all; overflow-wrap: anywhere; padding: 1px 2px; }}
</style>"""


# Chromium embeds TrueType fonts (WenQuanYi, like SimSun on Windows) as subsets but the
# OpenType-CFF Noto and bitmap-carrying UMing as Type 3 glyph procedures, 3-5x the bytes
# (UMing is left to the LibreOffice kinds).
CHROMIUM_FONTS = ("WenQuanYi Zen Hei", "WenQuanYi Zen Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC")


def narrow_html(page: bytes, rng: random.Random) -> tuple[bytes, dict[str, Any]]:
    """The page with tables squeezed so numbers wrap digit by digit down their cells."""
    font = rng.choice(CHROMIUM_FONTS)
    size = rng.choice((12, 14, 16))
    table_em = rng.randint(14, 26)
    css = _NARROW_CSS.format(font=font, size=size, table_em=table_em)
    html = page.decode("utf-8").replace("</head>", css + "\n</head>", 1)
    return html.encode("utf-8"), {"font": font, "font_px": size, "table_width_em": table_em}


# ----------------------------------------------------------------------------------------
# crawler-made text from the HTML page


def _page_tree(page: bytes) -> Any:
    import lxml.html

    return lxml.html.fromstring(page.decode("utf-8"))


def _text(el: Any) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip().replace("\xa0", "")


def flatten_pipes(page: bytes, rng: random.Random) -> tuple[str, dict[str, Any]]:
    """Tables as `|` rows, as crawlers flatten them: a row whose first column is covered by a
    cell merged from above drops its leading pipe (or every row does), a merged cell leaves
    padding `||`, and rows end with a pipe."""
    tree = _page_tree(page)
    lead = rng.choice(("merged_drop", "merged_drop", "none"))
    pad = rng.random() < 0.7
    lines: list[str] = []
    for el in tree.iter("h1", "h2", "h3", "h4", "h5", "p", "table"):
        if el.tag != "table":
            if el.getparent() is not None and el.getparent().tag == "td" or any(a.tag == "td" for a in el.iterancestors()):
                continue
            t = _text(el)
            if t:
                lines.append(t)
            continue
        rows = el.findall(".//tr")
        width = max(sum(int(td.get("colspan", 1)) for td in tr.findall("td")) for tr in rows)
        covered = [0] * len(rows)  # columns covered by rowspans from above
        for r, tr in enumerate(rows):
            for td in tr.findall("td"):
                for k in range(1, int(td.get("rowspan", 1))):
                    if r + k < len(rows):
                        covered[r + k] += int(td.get("colspan", 1))
        for r, tr in enumerate(rows):
            parts = []
            for td in tr.findall("td"):
                parts.append(" " + _text(td) + " ")
                if pad:
                    parts.extend([""] * (int(td.get("colspan", 1)) - 1))
            line = "|".join(parts) + "|"
            short = covered[r] > 0 and sum(int(td.get("colspan", 1)) for td in tr.findall("td")) < width
            if lead == "merged_drop" and not short:
                line = "|" + line
            lines.append(re.sub(r"  +", " ", line).strip())
    return "\n".join(lines) + "\n", {"leading_pipe": lead, "padding_pipes": pad}


def run_together(page: bytes, truth: Truth, rng: random.Random) -> tuple[str, dict[str, Any]]:
    """The article's text as one run, every tag dropped without a separator (a crawl of a
    government site), under the crawler's own header lines."""
    tree = _page_tree(page)
    art = tree.find_class("article-content")[0]
    run = re.sub(r"[\r\n\t]+", "", "".join(art.itertext())).replace("\xa0", "")
    title = _text(tree.find(".//title"))
    head = ""
    if rng.random() < 0.6:
        head = f"标题:{title}\n发布时间:{truth.year + 1}-01-{rng.randint(10, 31):02d}\n\n"
    return head + run + "\n", {"crawler_header": bool(head)}


def html_to_text(page: bytes) -> str:
    from inscriptis import get_text
    from inscriptis.css_profiles import CSS_PROFILES
    from inscriptis.model.config import ParserConfig

    return get_text(page.decode("utf-8"), ParserConfig(css=CSS_PROFILES["strict"]))


# ----------------------------------------------------------------------------------------
# fixed-column text whose headers wrap


def fixed_columns(truth: Truth, style: Style, rng: random.Random) -> tuple[str, dict[str, Any]]:
    """Fixed-width columns: values right-aligned in narrow columns, header cells wrapped to
    their column (`结果` over `维持`), long labels continued on the next line."""
    value_w = 5  # two ideographs a line: 结果 over 维持
    label_w = {"t2": [rng.randint(24, 32)], "t3": [18, rng.randint(14, 18), rng.randint(30, 44)], "t4": []}
    gap = rng.randint(2, 3)
    lines: list[str] = []
    for b in blocks(truth, style):
        if b.kind != "table":
            lines.append(postprocess(b.text, style))
            continue
        g = b.grid
        assert g is not None
        widths = label_w[g.name] + [value_w] * (g.ncols - len(label_w[g.name]))
        pos = [0]
        for w in widths:
            pos.append(pos[-1] + w + gap)
        for row in g.placed():
            chunks = []
            for c, cell in row:
                span = pos[c + cell.cs] - pos[c] - gap
                text = postprocess(cell.text, style)
                wrapped = [text] if cell.kind == "value" else _wrap(text, span)
                chunks.append((pos[c], span, wrapped, cell.kind == "value"))
            for k in range(max(len(ch[2]) for ch in chunks)):
                buf = ""
                for x, span, texts, right in chunks:
                    t = texts[k] if k < len(texts) else ""
                    if not t:
                        continue
                    if right:
                        x += span - display_width(t)
                    buf += " " * max(x - display_width(buf), 1 if buf else 0) + t
                lines.append(buf.rstrip())
    return "\n".join(lines) + "\n", {"value_width": value_w, "gap": gap}


# ----------------------------------------------------------------------------------------
# tools


def _run(cmd: list[str], timeout: int = TOOL_TIMEOUT, **kw: Any) -> subprocess.CompletedProcess:
    try:
        p = subprocess.run(["nice", "-n", "10", *cmd], capture_output=True, timeout=timeout, **kw)
    except subprocess.TimeoutExpired as exc:
        raise ToolError(f"{cmd[0]} timed out after {timeout}s") from exc
    if p.returncode != 0:
        raise ToolError(f"{' '.join(cmd[:3])} … exited {p.returncode}: {p.stderr.decode(errors='replace')[-300:]}")
    return p


def tool_versions() -> dict[str, str]:
    def first(cmd: list[str]) -> str:
        try:
            out = subprocess.run(cmd, capture_output=True, timeout=60)
            return (out.stdout or out.stderr).decode(errors="replace").strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "unknown"

    return {"soffice": first(["soffice", "--version"]), "chromium": first(["chromium", "--version"]),
            "pdftotext": first(["pdftotext", "-v"]), "w3m": first(["w3m", "-version"]),
            "lynx": first(["lynx", "-version"])}


def soffice_convert(sources: list[Path], target: str, outdir: Path, profile: Path,
                    infilter: str | None = None) -> None:
    """Convert many files per LibreOffice start (one start costs seconds)."""
    outdir.mkdir(parents=True, exist_ok=True)
    for k in range(0, len(sources), SOFFICE_BATCH):
        cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore"]
        if infilter:
            cmd.append(f"--infilter={infilter}")
        cmd += ["--convert-to", target, "--outdir", str(outdir), *map(str, sources[k:k + SOFFICE_BATCH])]
        _run(cmd)


def chromium_pdf(html: Path, pdf: Path, profile: Path) -> None:
    _run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
          html.as_uri()], timeout=180)
    if not pdf.exists():
        raise ToolError(f"chromium wrote no PDF for {html.name}")


# ----------------------------------------------------------------------------------------
# the corpus


def plan_jobs(seed: int, lo: int, hi: int, kinds: tuple[str, ...], violation_rate: float, work: Path,
              only: tuple[str, ...] | None = None) -> list[Job]:
    combos = tuple((k, KINDS[k]) for k in kinds)
    jobs = []
    for i in range(lo, hi):
        if only is not None and combos[i % len(combos)][0] not in only:
            continue
        p, t = truth_for(seed, i, combos, violation_rate)
        style = draw_style(t, p.layout, p.fmt)
        d = work / f"{i:06d}"
        d.mkdir(parents=True, exist_ok=True)
        jobs.append(Job(i, p.layout, t, style, d))
    return jobs


def _sources(job: Job) -> None:
    """Write what the tools start from: doc.docx or page.html (and narrow.html)."""
    rng = random.Random(f"real:{job.truth.seed}:{job.kind}")
    if job.kind in DOCX_KINDS:
        page = job.page = docx_page(job.kind, rng)
        data, info = render_docx(job.truth, job.style, page)
        (job.work / "doc.docx").write_bytes(data)
        job.info.update(info, font=page.font, font_pt=page.font_half_points / 2, page_footer=page.footer,
                        repeated_header_rows=page.header_rows, borders=page.borders,
                        column_widths="narrow_equal" if job.kind == "lo_pdf_narrow" else "template")
        return
    if job.kind == "fixed_columns":
        text, info = fixed_columns(job.truth, job.style, rng)
        job.out = text.encode("utf-8")
        job.info.update(info)
        return
    page_bytes = html_page(job.truth, job.style)
    (job.work / "page.html").write_bytes(page_bytes)
    if job.kind == "chromium_pdf_narrow":
        data, info = narrow_html(page_bytes, rng)
        (job.work / "narrow.html").write_bytes(data)
        job.info.update(info)
    elif job.kind == "pipes_flattened":
        text, info = flatten_pipes(page_bytes, rng)
        job.out = text.encode("utf-8")
        job.info.update(info)
    elif job.kind == "run_together":
        text, info = run_together(page_bytes, job.truth, rng)
        job.out = text.encode("utf-8")
        job.info.update(info)
    elif job.kind == "html2text":
        job.out = html_to_text(page_bytes).encode("utf-8")
        job.info["converter"] = "inscriptis"


def _after_tools(job: Job, pdf_dir: Path, calc_dir: Path, chrome: Path) -> None:
    rng = random.Random(f"real-tool:{job.truth.seed}:{job.kind}")
    k = job.kind
    if k in DOCX_KINDS:
        pdf = pdf_dir / f"{job.index:06d}.pdf"
        if not pdf.exists():
            raise ToolError("LibreOffice wrote no PDF")
        if k.startswith("lo_pdf"):
            job.out = pdf.read_bytes()
        else:
            args = ["-layout"] if k == "pdftotext_layout" else []
            job.out = _run(["pdftotext", *args, "-enc", "UTF-8", str(pdf), "-"]).stdout
    elif k in ("lo_xlsx", "lo_ods"):
        out = calc_dir / f"{job.index:06d}.{KINDS[k]}"
        if not out.exists():
            raise ToolError(f"LibreOffice Calc wrote no {KINDS[k]}")
        job.out = out.read_bytes()
    elif k == "chromium_pdf_narrow":
        pdf = job.work / "out.pdf"
        chromium_pdf(job.work / "narrow.html", pdf, chrome)
        job.out = pdf.read_bytes()
    elif k == "w3m":
        cols = rng.choice((80, 120, 200))
        job.info["columns"] = cols
        job.out = _run(["w3m", "-dump", "-cols", str(cols), "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8",
                        str(job.work / "page.html")]).stdout
    elif k == "lynx":
        cols = rng.choice((80, 120, 200))
        job.info["columns"] = cols
        job.out = _run(["lynx", "-dump", "-nolist", f"-width={cols}", "-assume_charset=utf-8",
                        "-display_charset=utf-8", str(job.work / "page.html")]).stdout


_W_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_WHITE = re.compile(r"\s+")


def lost_text(docx: bytes, printed: str) -> str:
    """The characters of the DOCX's text (paragraphs and table cells) missing from the text
    printed in its PDF, sorted ("" when none is): a multiset difference, blind to where
    lines wrap and in which order the cells are read."""
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    want = Counter(_WHITE.sub("", unescape("".join(_W_TEXT.findall(xml)))))
    return "".join(sorted((want - Counter(_WHITE.sub("", printed))).elements()))


def pdf_text(pdf: Path) -> str:
    # -layout: plain pdftotext takes a lone `-` at a line end for a hyphen and drops it
    return _run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"]).stdout.decode("utf-8", "replace")


def _render_lost_text_again(jobs: list[Job], pdf_dir: Path, work: Path, profile: Path, log: Any) -> None:
    """LibreOffice leaves text out of some PDFs: the rows of table 3 after a header cell
    merged over three rows that a page break splits (000784 of seed 13: 一 … （六）1 in no
    page), the wrapped rest of a row split at a page's foot (`2,29` for 2291). Such a PDF does
    not hold its truth. Its document is rendered again with no row split by a page break and
    table 3's header rows repeated; text still left out makes the document an error."""
    redo: list[tuple[Job, Path]] = []
    for job in jobs:
        pdf = pdf_dir / f"{job.index:06d}.pdf"
        if job.kind in DOCX_KINDS and job.page is not None and pdf.exists():
            lost = lost_text((job.work / "doc.docx").read_bytes(), pdf_text(pdf))
            if lost:
                print(f"[render_real] {job.stem}: LibreOffice left {len(lost)} characters out ({lost[:30]}): "
                      "rendered again with whole rows", file=log)
                job.page = replace(job.page, whole_rows=True, header_rows=max(job.page.header_rows, 3))
                data, _ = render_docx(job.truth, job.style, job.page)
                (job.work / "doc.docx").write_bytes(data)
                src = work / "docx-whole-rows" / f"{job.index:06d}.docx"
                src.parent.mkdir(exist_ok=True)
                src.write_bytes(data)
                job.info.update(whole_rows=True, repeated_header_rows=job.page.header_rows,
                                text_left_out_before=len(lost))
                redo.append((job, src))
    if not redo:
        return
    try:
        soffice_convert([src for _, src in redo], "pdf:writer_pdf_Export", pdf_dir, profile)
    except ToolError as exc:
        print(f"[render_real] LibreOffice → pdf (whole rows): {exc}", file=log)
    for job, src in redo:
        pdf = pdf_dir / f"{job.index:06d}.pdf"
        lost = lost_text(src.read_bytes(), pdf_text(pdf)) if pdf.exists() else ""
        if lost:
            job.error = f"LibreOffice left {len(lost)} characters of the text out of the PDF ({lost[:30]})"


def render_corpus(out_dir: Path, count: int, seed: int, *, kinds: tuple[str, ...] = tuple(KINDS),
                  violation_rate: float = 0.2, start: int = 0, only: tuple[str, ...] | None = None,
                  log: Any = sys.stderr) -> dict[str, int]:
    """Write documents start..start+count-1 under out_dir/<kind>/ with their truth files and
    append to out_dir/manifest.jsonl. Returns documents written per kind. only: of the
    documents round-robin over kinds, write those of these kinds (re-render one kind of a corpus)."""
    unknown = set(kinds) - set(KINDS) | set(only or ()) - set(kinds)
    if unknown:
        raise SystemExit(f"unknown kind(s) {', '.join(sorted(unknown))}; known: {', '.join(kinds)}")
    versions = tool_versions()
    written: dict[str, int] = {}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="gongkai-render-") as tmp:
        work = Path(tmp)
        jobs = plan_jobs(seed, start, start + count, kinds, violation_rate, work / "docs", only)
        for job in jobs:
            _sources(job)
        print(f"[render_real] {len(jobs)} sources written ({time.perf_counter() - t0:.0f}s)", file=log)
        profile = work / "lo-profile"
        pdf_dir, calc_dir = work / "pdf", work / "calc"
        # LibreOffice names its output after the input: give each input its index as name.
        staged: dict[str, list[Path]] = {"pdf": [], "xlsx": [], "ods": []}
        for job in jobs:
            if job.kind in DOCX_KINDS:
                src = work / "docx" / f"{job.index:06d}.docx"
                src.parent.mkdir(exist_ok=True)
                shutil.copyfile(job.work / "doc.docx", src)
                staged["pdf"].append(src)
            elif job.kind in ("lo_xlsx", "lo_ods"):
                ext = KINDS[job.kind]
                src = work / f"html-{ext}" / f"{job.index:06d}.html"
                src.parent.mkdir(exist_ok=True)
                shutil.copyfile(job.work / "page.html", src)
                staged[ext].append(src)
        for target, sources in staged.items():
            if not sources:
                continue
            try:
                if target == "pdf":
                    soffice_convert(sources, "pdf:writer_pdf_Export", pdf_dir, profile)
                else:
                    soffice_convert(sources, target, calc_dir, profile, infilter="HTML (StarCalc)")
            except ToolError as exc:  # the jobs of this batch report it below
                print(f"[render_real] LibreOffice → {target}: {exc}", file=log)
            print(f"[render_real] LibreOffice → {target}: {len(sources)} files ({time.perf_counter() - t0:.0f}s)",
                  file=log)
        if staged["pdf"]:
            _render_lost_text_again(jobs, pdf_dir, work, profile, log)
        chrome = work / "chromium-profile"
        out_dir.mkdir(parents=True, exist_ok=True)
        manifest = (out_dir / "manifest.jsonl").open("ab")
        for job in jobs:
            try:
                if job.out is None and job.error is None:
                    _after_tools(job, pdf_dir, calc_dir, chrome)
            except ToolError as exc:
                job.error = str(exc)
            entry = _write(job, out_dir, versions)
            manifest.write(orjson.dumps(entry) + b"\n")
            if job.error is None:
                written[job.kind] = written.get(job.kind, 0) + 1
            else:
                print(f"[render_real] {job.stem}: {job.error}", file=log)
        manifest.close()
    dt = time.perf_counter() - t0
    print(f"[render_real] wrote {sum(written.values())} of {len(jobs)} documents to {out_dir} in {dt:.0f}s", file=log)
    return written


_TOOL_OF = {"lo_pdf_ruled": "soffice", "lo_pdf_narrow": "soffice", "lo_pdf_borderless": "soffice",
            "pdftotext_layout": "pdftotext", "pdftotext_plain": "pdftotext", "w3m": "w3m", "lynx": "lynx",
            "chromium_pdf_narrow": "chromium", "lo_xlsx": "soffice", "lo_ods": "soffice"}


def _write(job: Job, out_dir: Path, versions: dict[str, str]) -> dict[str, Any]:
    fmt = KINDS[job.kind]
    name = f"{job.stem}.{fmt}"
    entry: dict[str, Any] = {"index": job.index, "kind": job.kind, "file": f"{job.kind}/{name}",
                             "seed": job.truth.seed, "error": job.error}
    if job.error is not None or job.out is None:
        entry["error"] = job.error or "no output"
        return entry
    folder = out_dir / job.kind
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(job.out)
    tool = _TOOL_OF.get(job.kind)
    layout = {"name": job.kind, "kind": job.kind, "renderer": "real", **job.style.describe(), **job.info}
    if tool:
        layout["tool"] = versions.get(tool, tool)
    if job.kind.startswith("pdftotext"):
        layout["pdf_by"] = versions["soffice"]
    truth = job.truth.to_dict(path=name, fmt=fmt, layout=layout)
    (folder / f"{job.stem}.truth.json").write_bytes(orjson.dumps(truth))
    entry.update(truth=f"{job.kind}/{job.stem}.truth.json", bytes=len(job.out),
                 sha256=hashlib.sha256(job.out).hexdigest(), agency=job.truth.body.agency, year=job.truth.year,
                 expected_identity_failures=len(job.truth.failures))
    return entry


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ingest.generator.render_real",
                                 description="Render generated reports through real tools (LibreOffice, Chromium, "
                                             "poppler, w3m, lynx, inscriptis) into DIR/<kind>/ with truth files.")
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--count", type=int, required=True, help="documents, round-robin over the kinds")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--start", type=int, default=0, help="index of the first document (default 0)")
    ap.add_argument("--kinds", nargs="+", default=list(KINDS), help=f"subset of: {' '.join(KINDS)}")
    ap.add_argument("--only", nargs="+", default=None,
                    help="of the documents round-robin over --kinds, write only those of these kinds")
    ap.add_argument("--violation-rate", type=float, default=0.2)
    ap.add_argument("--batch", type=int, default=300,
                    help="documents per round of tool calls (bounds the scratch space)")
    ap.add_argument("--clean", action="store_true", help="empty DIR's kind folders and manifest first")
    a = ap.parse_args(argv)
    missing = [t for t in ("soffice", "chromium", "pdftotext", "w3m", "lynx") if shutil.which(t) is None]
    if missing:
        print(f"render_real: missing tools: {', '.join(missing)} (make corpus installs them)", file=sys.stderr)
        return 2
    if a.clean:
        for k in KINDS:
            shutil.rmtree(a.out / k, ignore_errors=True)
        (a.out / "manifest.jsonl").unlink(missing_ok=True)
    a.out.mkdir(parents=True, exist_ok=True)
    for lo in range(0, a.count, a.batch):
        render_corpus(a.out, min(a.batch, a.count - lo), a.seed, kinds=tuple(a.kinds),
                      violation_rate=a.violation_rate, start=a.start + lo,
                      only=tuple(a.only) if a.only else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
