"""The HTML run report: what a run put in the warehouse, as charts an analyst can read offline.

`write_run_report(warehouse, reports_dir)` reads the marts (read-only) and writes one
self-contained HTML file: inline SVG charts drawn here, inline CSS, no script, no CDN.
The same figures feed the `run_report` Dagster asset (orchestration/run_report_asset.py),
whose metadata carries them as Markdown tables and the charts as SVG data URIs.

Charts:
- outcomes of applications by report year (table 3, 总计 column, current reports),
  stacked by how the applications were handled;
- failing accounting identities: reports failing each identity, and per province;
- documents by format and parse status (files in quarantine as their own status).

Only the standard library and duckdb: cheap to import from the CLI.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ingest import codes
from ingest.identity_table import SEVERITIES
from ingest.states import NUMBER
from warehouse.store import connect, warehouse_lock

# How table-3 result rows are grouped in the outcomes chart, in printed order.
OUTCOME_GROUPS: tuple[tuple[str, str], ...] = (
    ("granted", "予以公开 granted"),
    ("partially_granted", "部分公开 partially granted"),
    ("denied", "不予公开 denied"),
    ("unavailable", "无法提供 unavailable"),
    ("not_processed", "不予处理 not processed"),
    ("other", "其他处理 other"),
)
NOT_RESULT_ROWS = tuple(o for o in codes.T3_OUTCOMES if o not in codes.RESULT_OUTCOMES)  # received … carried forward
PARSE_STATUSES: tuple[str, ...] = ("ok", "partial", "failed", "quarantined")
UNKNOWN = "(unknown)"

# Colour-blind-safe palette (Okabe–Ito), then greys.
PALETTE = ("#0072B2", "#56B4E9", "#D55E00", "#E69F00", "#CC79A7", "#009E73", "#F0E442", "#999999", "#555555")
STATUS_COLOURS = {"ok": "#009E73", "partial": "#E69F00", "failed": "#D55E00", "quarantined": "#555555"}
SEVERITY_COLOURS = {"error": "#D55E00", "warning": "#E69F00"}

_OUTCOMES_SQL = f"""
select d.year,
       case when a.outcome in ('granted', 'partially_granted') then a.outcome
            else split_part(a.outcome, '.', 1) end as grp,
       sum(a.value) as applications
from marts.fct_applications as a
join marts.dim_report as d using (report_id)
where d.is_current and d.year is not null and a.applicant = 'total' and a.state = '{NUMBER}'
  and a.outcome not in ({", ".join(f"'{o}'" for o in NOT_RESULT_ROWS)})
group by all
order by 1, 2
"""

_IDENTITY_SQL = """
select c.identity, c.severity, count(distinct c.report_id) as reports, count(*) as rows_failing
from marts.fct_identity_checks as c
join marts.dim_report as d using (report_id)
where d.is_current and c.status = 'fail'
group by all
order by reports desc, c.identity
"""

_IDENTITY_CHECKED_SQL = """
select c.identity, count(distinct c.report_id)
from marts.fct_identity_checks as c
join marts.dim_report as d using (report_id)
where d.is_current
group by all
"""

_PROVINCE_SQL = f"""
select coalesce(d.province, '{UNKNOWN}') as province, c.severity, count(distinct c.report_id) as reports
from marts.fct_identity_checks as c
join marts.dim_report as d using (report_id)
where d.is_current and c.status = 'fail'
group by all
order by 1, 2
"""

_DOCUMENTS_SQL = """
select coalesce(source_format, '?') as source_format, parse_status, count(*) as documents
from marts.dim_report
group by all
order by 1, 2
"""

_QUARANTINE_SQL = """
select lower(coalesce(nullif(regexp_extract(source_path, '\\.([A-Za-z0-9]+)$', 1), ''), '?')) as ext, count(*)
from marts.quarantine
group by all
"""

_TOTALS_SQL = """
select (select count(*) from marts.dim_report),
       (select count(*) from marts.dim_report where is_current),
       (select count(*) from marts.fct_proactive_disclosure)
         + (select count(*) from marts.fct_applications)
         + (select count(*) from marts.fct_review_litigation),
       (select count(*) from marts.fct_identity_checks where status = 'pass'),
       (select count(*) from marts.fct_identity_checks where status = 'fail'),
       (select count(*) from marts.fct_identity_checks where status = 'undecidable'),
       (select count(*) from marts.quarantine)
"""


@dataclass
class Table:
    """A chart's figures: rows of categories × series, plus how to show them."""

    title: str
    category_label: str
    categories: list[str]
    series: list[str]  # codes
    series_labels: list[str]
    values: dict[tuple[str, str], float]  # (category, series) → value
    colours: list[str]
    note: str = ""

    def value(self, category: str, series: str) -> float:
        return self.values.get((category, series), 0)

    def total(self, category: str) -> float:
        return sum(self.value(category, s) for s in self.series)

    def is_empty(self) -> bool:
        return not self.categories or not any(self.values.values())


@dataclass
class RunReportData:
    warehouse: Path
    generated_at: datetime
    totals: dict[str, int]
    outcomes_by_year: Table
    identity_failures: Table
    failures_by_province: Table
    documents: Table
    identities_checked: dict[str, int] = field(default_factory=dict)
    note: str = ""

    def tables(self) -> list[Table]:
        return [self.outcomes_by_year, self.identity_failures, self.failures_by_province, self.documents]


def collect(warehouse: Path, note: str = "") -> RunReportData:
    """Read the figures of the report from the warehouse's marts (read-only)."""

    # Shared lock: waits for another run's raw load or dbt build on the same file to end.
    with warehouse_lock(Path(warehouse), shared=True), connect(Path(warehouse), read_only=True) as con:
        outcomes = con.execute(_OUTCOMES_SQL).fetchall()
        identities = con.execute(_IDENTITY_SQL).fetchall()
        checked = dict(con.execute(_IDENTITY_CHECKED_SQL).fetchall())
        provinces = con.execute(_PROVINCE_SQL).fetchall()
        documents = con.execute(_DOCUMENTS_SQL).fetchall()
        quarantined = con.execute(_QUARANTINE_SQL).fetchall()
        totals_row = con.execute(_TOTALS_SQL).fetchone()

    totals = dict(zip(("reports", "current_reports", "cells", "identities_pass", "identities_fail",
                       "identities_undecidable", "quarantined"), (int(v) for v in totals_row)))

    years = sorted({str(y) for y, _, _ in outcomes})
    outcomes_table = Table(
        title="Outcomes of applications by report year",
        category_label="year",
        categories=years,
        series=[code for code, _ in OUTCOME_GROUPS],
        series_labels=[label for _, label in OUTCOME_GROUPS],
        values={(str(y), g): float(v) for y, g, v in outcomes},
        colours=list(PALETTE[: len(OUTCOME_GROUPS)]),
        note="Table 3, column 总计 (all applicants), current report versions; blank cells count as 0.",
    )

    identity_names = list(dict.fromkeys(name for name, *_ in identities))
    identity_table = Table(
        title="Reports failing each accounting identity",
        category_label="identity",
        categories=identity_names,
        series=list(SEVERITIES),
        series_labels=["error (hard identity)", "warning (soft identity)"],
        values={(name, sev): float(n) for name, sev, n, _ in identities},
        colours=[SEVERITY_COLOURS[s] for s in SEVERITIES],
        note="Current report versions. A report counts once per identity however many scopes fail; "
             "undecidable identities (a missing cell) are not failures.",
    )

    province_names = sorted({p for p, _, _ in provinces}, key=lambda p: (p == UNKNOWN, p))
    province_table = Table(
        title="Reports failing an identity, by province",
        category_label="province",
        categories=province_names,
        series=list(SEVERITIES),
        series_labels=["with an error (hard identity)", "with a warning (soft identity)"],
        values={(p, sev): float(n) for p, sev, n in provinces},
        colours=[SEVERITY_COLOURS[s] for s in SEVERITIES],
        note="Current report versions; a report with both an error and a warning counts in both.",
    )

    doc_values: dict[tuple[str, str], float] = {(fmt, st): float(n) for fmt, st, n in documents}
    for ext, n in quarantined:
        doc_values[(ext, "quarantined")] = doc_values.get((ext, "quarantined"), 0) + float(n)
    formats = sorted({fmt for fmt, _ in doc_values})
    documents_table = Table(
        title="Documents by format and parse status",
        category_label="format",
        categories=formats,
        series=list(PARSE_STATUSES),
        series_labels=["ok (all cells read)", "partial (some cells missing)", "failed", "quarantined (unreadable)"],
        values=doc_values,
        colours=[STATUS_COLOURS[s] for s in PARSE_STATUSES],
        note="Every ingested document version; unreadable files are only in quarantine (by file extension).",
    )

    return RunReportData(
        warehouse=Path(warehouse), generated_at=datetime.now(UTC), totals=totals,
        outcomes_by_year=outcomes_table, identity_failures=identity_table,
        failures_by_province=province_table, documents=documents_table,
        identities_checked={str(k): int(v) for k, v in checked.items()}, note=note,
    )


# ---------------------------------------------------------------------------------------
# SVG


def _text_width(text: str, size: float) -> float:
    """Rough rendered width: CJK characters are square, Latin about half."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.6 for ch in text)


def _fmt(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"


def _nice_max(value: float, ticks: int = 4) -> float:
    """The axis maximum: `ticks` equal steps of 1, 2, 2.5, 3 or 5 × 10^k (whole numbers from 1 up)."""
    magnitude = 1
    while True:
        for base in (1, 2, 2.5, 3, 5):
            step = base * magnitude
            if step == int(step) and step * ticks >= value:
                return step * ticks
        magnitude *= 10


def _ticks(top: float, count: int = 4) -> list[float]:
    return [top * i / count for i in range(count + 1)]


def _legend(table: Table, x: float, y: float, size: float) -> tuple[list[str], float]:
    parts, cx = [], x
    for label, colour in zip(table.series_labels, table.colours):
        parts.append(f'<rect x="{cx:.1f}" y="{y - size + 2:.1f}" width="{size - 2}" height="{size - 2}" '
                     f'fill="{colour}"/>')
        parts.append(f'<text x="{cx + size + 2:.1f}" y="{y:.1f}" font-size="{size}">{html.escape(label)}</text>')
        cx += size + 6 + _text_width(label, size) + 14
    return parts, cx


def stacked_bars_svg(table: Table, horizontal: bool = False) -> str:
    """A stacked bar chart of `table` as a standalone SVG document (no script, no external font)."""
    font = 12
    if table.is_empty():
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="420" height="40" role="img" '
                f'aria-label="{html.escape(table.title)}: no data"><text x="8" y="24" font-size="{font}" '
                'font-family="sans-serif">No data.</text></svg>')
    top = _nice_max(max(table.total(c) for c in table.categories))
    body: list[str] = []
    if horizontal:
        label_w = max(_text_width(c, font) for c in table.categories) + 12
        bar_h, gap, plot_w = 20, 8, 440
        left, top_pad = label_w, 10
        plot_h = len(table.categories) * (bar_h + gap)
        width = left + plot_w + 70
        for tick in _ticks(top):
            x = left + plot_w * tick / top
            body.append(f'<line x1="{x:.1f}" y1="{top_pad}" x2="{x:.1f}" y2="{top_pad + plot_h}" stroke="#ddd"/>')
            body.append(f'<text x="{x:.1f}" y="{top_pad + plot_h + 14}" font-size="{font - 1}" '
                        f'text-anchor="middle">{_fmt(tick)}</text>')
        for i, category in enumerate(table.categories):
            y = top_pad + i * (bar_h + gap) + gap / 2
            body.append(f'<text x="{left - 6}" y="{y + bar_h * 0.7:.1f}" font-size="{font}" '
                        f'text-anchor="end">{html.escape(category)}</text>')
            x = left
            for series, label, colour in zip(table.series, table.series_labels, table.colours):
                value = table.value(category, series)
                if not value:
                    continue
                w = plot_w * value / top
                body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{bar_h}" fill="{colour}">'
                            f'<title>{html.escape(category)} · {html.escape(label)}: {_fmt(value)}</title></rect>')
                x += w
            body.append(f'<text x="{x + 4:.1f}" y="{y + bar_h * 0.7:.1f}" font-size="{font}">'
                        f'{_fmt(table.total(category))}</text>')
        legend_y = top_pad + plot_h + 34
    else:
        left, top_pad, plot_h = 56, 16, 240
        bar_w = 44 if len(table.categories) < 12 else 24
        gap = bar_w * 0.6
        plot_w = max(len(table.categories) * (bar_w + gap), 200)
        width = left + plot_w + 20
        for tick in _ticks(top):
            y = top_pad + plot_h - plot_h * tick / top
            body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
            body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="{font - 1}" '
                        f'text-anchor="end">{_fmt(tick)}</text>')
        for i, category in enumerate(table.categories):
            x = left + gap / 2 + i * (bar_w + gap)
            y = top_pad + plot_h
            for series, label, colour in zip(table.series, table.series_labels, table.colours):
                value = table.value(category, series)
                if not value:
                    continue
                h = plot_h * value / top
                y -= h
                body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w}" height="{h:.1f}" fill="{colour}">'
                            f'<title>{html.escape(category)} · {html.escape(label)}: {_fmt(value)}</title></rect>')
            body.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" font-size="{font - 1}" '
                        f'text-anchor="middle">{_fmt(table.total(category))}</text>')
            body.append(f'<text x="{x + bar_w / 2:.1f}" y="{top_pad + plot_h + 16}" font-size="{font}" '
                        f'text-anchor="middle">{html.escape(category)}</text>')
        legend_y = top_pad + plot_h + 40
    legend, legend_w = _legend(table, 8, legend_y, font)
    width = max(width, legend_w + 8)
    height = legend_y + 10
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{html.escape(table.title)}" '
            f'font-family="sans-serif" fill="#222">'
            f'<rect width="100%" height="100%" fill="#fff"/>{"".join(body)}{"".join(legend)}</svg>')


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


# ---------------------------------------------------------------------------------------
# Markdown (Dagster metadata) and HTML


def markdown_table(table: Table) -> str:
    """The chart's figures as a Markdown table: one row per category, one column per series, and total."""
    if table.is_empty():
        return "No data."
    head = [table.category_label, *table.series, "total"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for category in table.categories:
        cells = [category.replace("|", "\\|"), *(_fmt(table.value(category, s)) for s in table.series),
                 _fmt(table.total(category))]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def markdown_chart(table: Table, horizontal: bool = False) -> str:
    """The chart as a Markdown image (SVG data URI) above its figures."""
    return f"![{table.title}]({svg_data_uri(stacked_bars_svg(table, horizontal))})\n\n{markdown_table(table)}"


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;
margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2.2rem;border-bottom:1px solid #ddd}
.meta{color:#555;font-size:.9rem}.note{color:#555;font-size:.85rem;margin:.2rem 0 .6rem}
.kpis{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.kpi{border:1px solid #ddd;border-radius:6px;padding:.5rem .8rem;min-width:9rem}
.kpi b{display:block;font-size:1.3rem}.warn{background:#fff4e0;border:1px solid #E69F00;padding:.5rem .8rem}
table{border-collapse:collapse;font-size:.85rem;margin:.4rem 0}th,td{border:1px solid #ddd;padding:.2rem .5rem}
td.n{text-align:right;font-variant-numeric:tabular-nums}figure{margin:0;overflow-x:auto}
"""


def _html_table(table: Table) -> str:
    if table.is_empty():
        return "<p>No data.</p>"
    head = "".join(f"<th>{html.escape(h)}</th>" for h in [table.category_label, *table.series_labels, "total"])
    rows = []
    for category in table.categories:
        cells = "".join(f'<td class="n">{_fmt(table.value(category, s))}</td>' for s in table.series)
        rows.append(f"<tr><th>{html.escape(category)}</th>{cells}<td class=\"n\">{_fmt(table.total(category))}</td></tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _section(table: Table, horizontal: bool, anchor: str) -> str:
    return (f'<section id="{anchor}"><h2>{html.escape(table.title)}</h2>'
            f'<p class="note">{html.escape(table.note)}</p>'
            f"<figure>{stacked_bars_svg(table, horizontal)}</figure>"
            f"<details><summary>Figures</summary>{_html_table(table)}</details></section>")


CHART_SECTIONS: tuple[tuple[str, str, bool], ...] = (
    ("outcomes_by_year", "outcomes-by-year", False),
    ("identity_failures", "identity-failures", True),
    ("failures_by_province", "failures-by-province", True),
    ("documents", "documents-by-format", False),
)


def render_html(data: RunReportData) -> str:
    t = data.totals
    kpis = [
        ("documents", f"{t['reports']:,}", f"{t['current_reports']:,} current"),
        ("cells", f"{t['cells']:,}", "tables 2–4"),
        ("identities", f"{t['identities_fail']:,} fail",
         f"{t['identities_pass']:,} pass, {t['identities_undecidable']:,} undecidable"),
        ("quarantine", f"{t['quarantined']:,}", "unreadable files"),
    ]
    kpi_html = "".join(f'<div class="kpi">{html.escape(name)}<b>{html.escape(big)}</b>'
                       f'<span class="meta">{html.escape(small)}</span></div>' for name, big, small in kpis)
    note = f'<p class="warn">{html.escape(data.note)}</p>' if data.note else ""
    sections = "".join(_section(getattr(data, attr), horizontal, anchor) for attr, anchor, horizontal in CHART_SECTIONS)
    return (
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>gongkai run report</title>"
        f"<style>{_CSS}</style></head><body>"
        "<h1>gongkai run report — 政府信息公开工作年度报告</h1>"
        f'<p class="meta">Warehouse <code>{html.escape(str(data.warehouse))}</code> · generated '
        f"{data.generated_at:%Y-%m-%d %H:%M:%S} UTC · query it with <code>gongkai query</code> "
        "(relations in schema <code>marts</code>)</p>"
        f"{note}<div class=\"kpis\">{kpi_html}</div>{sections}</body></html>\n"
    )


def report_path(reports_dir: Path, run_id: str | None = None, now: datetime | None = None) -> Path:
    now = now or datetime.now(UTC)
    suffix = f"-{run_id[:8]}" if run_id else ""
    return Path(reports_dir) / f"run-report-{now:%Y%m%dT%H%M%SZ}{suffix}.html"


def write_run_report(warehouse: Path, reports_dir: Path, run_id: str | None = None, note: str = "",
                     data: RunReportData | None = None) -> Path:
    """Write the HTML report of the warehouse's current contents; return its absolute path."""
    data = data or collect(warehouse, note=note)
    path = report_path(reports_dir, run_id, data.generated_at).absolute()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(render_html(data), encoding="utf-8")
    tmp.replace(path)
    return path


def chart_count(html_text: str) -> int:
    """Charts drawn in a report (tests and the CLI's check that a report holds charts)."""
    return html_text.count('<svg xmlns="http://www.w3.org/2000/svg"')

