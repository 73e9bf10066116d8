"""The project's bundled sample corpus (`samples/`), made by the generator with fixed seeds.

    python -m ingest.generator.samples --out samples

Each entry pins what it is meant to exercise (a layout, a format, a knob, a violation); a
seed is searched deterministically from the entry's base seed until the truth has the
property the entry needs (a blank table-4 block, figures over 1,000, ...).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import orjson

from ingest import codes as C

from .render import render
from .truth import BLANK, NA, NUM, Truth, make_truth


def _has_blank_t4(t: Truth) -> bool:
    return any(t.t4[(p, "total")][1] == BLANK for p in C.PROCEEDINGS)


def _has_thousands(t: Truth) -> bool:
    vals = [v for v, s in t.t2.values() if s == NUM] + [r["total"][0] for r in t.t3.values() if r["total"][1] == NUM]
    return any(isinstance(v, (int, float)) and v >= 1000 for v in vals)


def _has_blank_rows(t: Truth) -> bool:
    return any(r["total"][1] == BLANK for r in t.t3.values())


def _has_na(t: Truth) -> bool:
    return any(s == NA for _, s in t.t2.values())


def _busy(t: Truth) -> bool:
    return (t.t3["new_received"]["total"][0] or 0) >= 20


def _decimal_fee(t: Truth) -> bool:
    v, s = t.t2[("administrative_fee", "amount_10k_yuan")]
    return s == NUM and isinstance(v, float)


def _negative_change(t: Truth) -> bool:
    return any(m == "change" and s == NUM and v < 0 for (_, m), (v, s) in t.t2.items())


def _procurement(t: Truth) -> bool:
    v, s = t.t2[("centralized_procurement", "procurement_amount_10k_yuan")]
    return s == NUM and v > 0


def _any(t: Truth) -> bool:
    return True


@dataclass
class Sample:
    name: str  # file stem
    layout: str
    fmt: str
    exercises: str
    base_seed: int
    want: Callable[[Truth], bool] = _any
    truth_kw: dict[str, Any] = field(default_factory=dict)
    overrides: dict[str, Any] = field(default_factory=dict)
    previous: str | None = None  # name of the sample whose next year this is
    want_render: Callable[[dict[str, Any]], bool] | None = None  # on the renderer's layout info


SAMPLES: list[Sample] = [
    Sample("s01_tsv", "tsv", "txt", "tab-separated like the seed: rowspan labels leave leading empty fields, "
           "merged cells trailing ones, a row split over two lines, a blank 行政复议 block in table 4",
           101, _has_blank_t4, overrides={"split_headers": True, "encoding": "utf-8"}),
    Sample("s02_pipe", "pipe", "txt", "pipe-separated rows with stray `||` for merged cells; thousands separators",
           102, _has_thousands, overrides={"thousands": True}),
    Sample("s03_cell_pipe", "cell_pipe", "txt", "one cell per line (`规章 |`), blank cells vanish; whole table-3 "
           "rows printed blank instead of 0", 103, _has_blank_rows, truth_kw={"blank_rows": True},
           overrides={"blank_cells": "vanish"}),
    Sample("s04_cell_blankline", "cell_blankline", "txt", "one cell per line with blank lines between, no pipes; "
           "GB18030-encoded", 104, overrides={"encoding": "gb18030"}),
    Sample("s05_row_bar", "row_bar", "txt", "a lone `|` line opening each row; UTF-16 with BOM", 105,
           overrides={"encoding": "utf-16"}),
    Sample("s06_spaces", "spaces", "txt", "`pdftotext -layout`-like: columns by runs of spaces, wrapped labels "
           "with the figures on the middle line, a `-3-` page footer inside table 3, Kangxi radicals (⼆, ⾏)",
           106, _busy, overrides={"kangxi": True, "values_line": "middle", "page_break": True,
                                  "spaced_labels": True}),
    Sample("s07_markdown", "markdown", "md", "Markdown with `## 二、` headings and pipe tables; label typos "
           "(`只计这一情况`, `属于三类内容事务信息`, `2.其他法律行政止公开`, `4.无正当理由大量反复 申请`)",
           107, overrides={"variants": ["only_this_situation", "internal_typo", "prohibited_typo",
                                        "excessive_space"]}),
    Sample("s08_html", "grid", "html", "HTML with real rowspan/colspan, UTF-8; `第二十条 第(一)项`, "
           "`现行有效件数 (历史累计)`, a decimal fee amount", 108, _decimal_fee,
           overrides={"variants": ["article_spaced", "in_force_history"], "encoding": "utf-8"}),
    Sample("s09_html_gbk", "grid", "html", "HTML declared and encoded GBK; `/` for items the body does not "
           "handle; full-width digits", 109, _has_na,
           overrides={"encoding": "gbk", "fullwidth": True, "na_mark": "/"}),
    Sample("s10_docx", "grid", "docx", "DOCX with merged cells (gridSpan / vMerge); `商业 企业` headers split "
           "by a space", 110, _busy, overrides={"split_headers": True}),
    Sample("s11_xlsx", "grid", "xlsx", "XLSX with merged ranges; the narrative's application count disagrees "
           "with table 3 (soft: narrative_applications)", 111,
           truth_kw={"violations": ["narrative_applications"]}),
    Sample("s12_pdf", "grid", "pdf", "PDF with a text layer: ruled grid, wrapped labels, page footers `-N-`, "
           "table 3 running over a page break (its merged labels left empty on the next page)", 112, _busy,
           overrides={"fullwidth": False},
           want_render=lambda info: "t3" in info.get("tables_across_pages", ())),
    Sample("s13_layout2019", "tsv", "txt", "the 2019 layout (国办公开办函〔2019〕60号): its table 2 (22 cells: "
           "本年新制作/新公开/对外公开总数量, 上一年项目数量, a negative 本年增/减, 处理决定数量, 采购总金额 "
           "in 万元), （六）其他处理 as one row", 113, _negative_change,
           truth_kw={"format_version": "2019", "year": 2020}),
    Sample("s14_other_one_row", "grid", "html", "2021 layout printing （六）其他处理 as one row: the truth has "
           "outcome `other`, the three other.* rows `missing`", 114, _busy,
           truth_kw={"other_as_one_row": True}),
    Sample("s15_t4_violation", "pipe", "txt", "a table-4 total that does not add up (t4_total fails)", 115,
           truth_kw={"violations": ["t4_total"]}),
    Sample("s16_series_y1", "tsv", "txt", "first of two consecutive years of one body", 116,
           lambda t: t.year <= 2023 and (t.t3["carried_forward"]["total"][0] or 0) > 0,
           truth_kw={"format_version": "2021"}),
    Sample("s17_series_y2", "grid", "html", "next year of s16's body: 上年结转 disagrees with s16's 结转下年度 "
           "(cross_year_carry fails), in_force carried on consistently", 117,
           truth_kw={"violations": ["cross_year_carry"]}, previous="s16_series_y1"),
    Sample("s18_traditional", "tsv", "txt", "a whole report in traditional characters (繁體); table 4 "
           "flattened to one line of 15 numbers under `行政复议行政诉讼`", 118,
           lambda t: not _has_blank_t4(t), overrides={"traditional": True, "flat_t4": True}),
    Sample("s19_layout2019_mixed", "grid", "html", "a 2022 report that kept the 2019 table 2 beside the 2021 "
           "table 3 (the mixed case); 采购总金额 printed in 元 after each amount, stored in 万元", 119,
           lambda t: t.money_unit == "元" and not t.money_unit_in_header and _procurement(t),
           truth_kw={"format_version": "2019", "year": 2022}),
    Sample("s20_layout2019_pdf", "grid", "pdf", "a 2019 report of the 2019 layout as a PDF: ruled grid, "
           "采购总金额（单位：元） in the header", 120,
           lambda t: t.money_unit == "元" and t.money_unit_in_header and _procurement(t),
           truth_kw={"format_version": "2019", "year": 2019}),
]


_README_HEAD = """# Sample corpus

Twenty synthetic annual reports (政府信息公开工作年度报告) made by the project's generator
(`ingest/generator/`) with fixed seeds, each with its truth beside it. They are not real
reports: bodies, places and codes are real, the figures are drawn at random so that every
accounting identity holds, except where a violation is listed below.

Regenerate (byte-identical; `tests/test_generator.py` checks it):

    python -m ingest.generator.samples --out samples

## Files

- `<name>.<ext>`: the document.
- `<name>.truth.json`: what a perfect reader reads from it, in the shape of
  `gongkai parse --json` (`source`, `report`, `proactive`, `applications`,
  `review_litigation`, `narrative`), plus
  `expected_identity_failures` (`[{id, scope}]`, the identities that fail in this document),
  `expected_cross_year_failures` (against the previous year's report of the same body),
  `layout` (how it was printed: layout name, encoding, knobs such as full-width digits or
  label typos) and `generator` (seed, injected violations, the unit 采购总金额 is printed in).
  Truth files are not reports: ingest must skip `*.truth.json` (and this README).

A cell the document prints blank is `blank` in the truth even where the layout lets the
blank vanish; a cell the layout does not have (the three （六） sub-rows when 其他处理 is one
row) is `missing`. A report of the 2019 layout (`format_version` 2019) has the 22 cells of
the 2019 table 2 in `proactive` instead of the 2021 table's 10.

## What each file exercises

| file | layout | encoding | body, year (layout version) | failing identities | exercises |
|---|---|---|---|---|---|
"""

_README_TAIL = """
`s16_series_y1.txt` and `s17_series_y2.html` are consecutive years of one body: s17's
二、上年结转 does not equal s16's 四、结转下年度继续办理 (cross_year_carry fails for the scopes
listed in s17's truth), while 现行有效件数 carries on consistently (cross_year_in_force passes).

## Bigger corpora

    python -m ingest.generator --out DIR --count N --seed S [--violation-rate 0.2] [--rate-2019 0.04]
        [--layouts tsv pipe cell_pipe cell_blankline row_bar spaces markdown grid]
        [--formats txt md html docx xlsx pdf] [--jobs 2] [--pretty]

writes N documents round-robin over the (layout, format) pairs, `<name>.truth.json` for
each and `manifest.jsonl` (one line per document: file, truth, seed, layout, format,
encoding, agency, year, injected violations, sha256). `--rate-2019` is the share of reports
of the 2019 template (those of 2021 and later print the 2021 table 3: the mixed case).
"""


def write_readme(out: Path, index: list[dict[str, Any]], truths: dict[str, dict[str, Any]]) -> None:
    rows = []
    for e in index:
        t = truths[e["file"]]
        fails = sorted({f["id"] for f in t["expected_identity_failures"]}
                       | {f["id"] for f in t["expected_cross_year_failures"]})
        r = t["report"]
        rows.append(f"| `{e['file']}` | {e['layout']} | {e['encoding'] or '-'} | "
                    f"{r['agency']} {r['year']} ({r['format_version']}) | {', '.join(fails) or 'none'} | "
                    + e["exercises"].replace("|", "\\|") + " |")
    (out / "README.md").write_text(_README_HEAD + "\n".join(rows) + "\n" + _README_TAIL, encoding="utf-8")


def build(out_dir: str | Path) -> list[dict[str, Any]]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    made: dict[str, Truth] = {}
    truths: dict[str, dict[str, Any]] = {}
    index = []
    for s in SAMPLES:
        prev = made.get(s.previous) if s.previous else None
        seed = s.base_seed * 1000
        while True:
            t = make_truth(seed, previous=prev, **s.truth_kw)
            if s.want(t):
                data, info = render(t, s.layout, s.fmt, s.overrides)
                if s.want_render is None or s.want_render(info):
                    break
            seed += 1
        made[s.name] = t
        name = f"{s.name}.{s.fmt}"
        (out / name).write_bytes(data)
        truth = t.to_dict(path=name, fmt=s.fmt, layout=info)
        truth["generator"]["exercises"] = s.exercises
        truths[name] = truth
        (out / f"{s.name}.truth.json").write_bytes(orjson.dumps(truth, option=orjson.OPT_INDENT_2) + b"\n")
        index.append({"file": name, "truth": f"{s.name}.truth.json", "seed": seed, "layout": s.layout,
                      "format": s.fmt, "agency": t.body.agency, "year": t.year,
                      "format_version": t.format_version, "encoding": info.get("encoding"),
                      "violations": t.injected, "exercises": s.exercises})
    write_readme(out, index, truths)
    return index


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ingest.generator.samples")
    ap.add_argument("--out", default="samples")
    a = ap.parse_args(argv)
    for e in build(a.out):
        print(f"{e['file']:28} {e['agency']} {e['year']} {e['format_version']} {e['violations']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
