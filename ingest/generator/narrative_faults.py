"""A small corpus of two years of reports of the bodies of two regions, with planted narrative
faults and the findings they must raise (fct_narrative_checks), for tests and demonstrations.

Every body writes its own wording (random sentences over a policy vocabulary, so two bodies'
texts share no 8-character run by chance beyond the template's figure paragraphs), except where
a fault is planted:

- copied     year 2 prints year 1's wording again     -> narrative_copied_from_previous_year
- template   three bodies of region 1 print one text  -> narrative_shared_in_region (each)
  (a body of region 2 prints it too: another region, no finding)
- missing    the body has no report of year 2         -> report_missing
- empty_five section 五 reads only "无。"             -> problems_section_empty
- fee        section 六 says no fee notice was sent, table 3 counts an application closed for an
             unpaid fee                               -> fee_statement_vs_table3
- applications  the narrative's application count differs from table 3 -> narrative_applications

`python -m ingest.generator.narrative_faults OUT` writes the documents and planted.json.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from ingest import codes as C

from . import places
from .render import render
from .truth import NUM, Body, Truth, _add, make_truth

YEARS = (2022, 2023)
_PLAIN_STYLE = {"traditional": False, "kangxi": False}

_VERBS = ("加强", "完善", "推进", "落实", "深化", "规范", "优化", "提升", "健全", "强化", "拓展", "夯实",
          "统筹", "细化", "压实", "推动", "创新", "改进", "巩固", "聚焦")
_NOUNS = ("政务", "公开", "制度", "平台", "机制", "队伍", "培训", "解读", "回应", "考核", "监督", "栏目",
          "网站", "服务", "政策", "数据", "基层", "标准", "目录", "流程", "审查", "档案", "台账", "窗口",
          "热线", "渠道", "专栏", "清单", "事项", "会议", "意见", "调研", "督查", "整改", "指引", "规程",
          "文件", "公报", "办件", "群众", "企业", "社区", "乡镇", "部门", "系统", "终端", "载体", "阵地")
_JOINS = ("，", "，同时", "，并", "，着力", "，持续", "，进一步")


def wording(rng: random.Random) -> dict[str, list[str]]:
    """One body's own paragraphs for sections 一 (three), 五 (three) and 六 (one)."""
    def sentence() -> str:
        clauses = [rng.choice(_VERBS) + "".join(rng.choice(_NOUNS) for _ in range(3)) for _ in range(rng.randint(2, 4))]
        return "".join(c if i == 0 else rng.choice(_JOINS) + c for i, c in enumerate(clauses)) + "。"

    def paragraph(n: int, title: str) -> str:
        return f"{n}. {title}。" + "".join(sentence() for _ in range(rng.randint(2, 3)))

    return {
        "一": [paragraph(3, "政府信息管理情况"), paragraph(4, "政府信息公开平台建设情况"), paragraph(5, "监督保障情况")],
        "五": [paragraph(1, "存在的主要问题"), paragraph(2, "改进措施"), "下一步，" + sentence()],
        "六": [paragraph(2, "政务公开工作要点完成情况")],
    }


@dataclass(frozen=True)
class Planted:
    check_name: str
    agency: str
    year: int


@dataclass(frozen=True)
class Document:
    name: str
    data: bytes
    truth: Truth


def _bodies() -> list[tuple[str, Body]]:
    """(role, body): ten departments of 赣州市, two of 长沙市."""
    region_1 = next(c for c in places.CITIES if c[1] == "赣州市")
    region_2 = next(c for c in places.CITIES if c[1] == "长沙市")
    roles_1 = ("copied", "template", "template", "template", "missing", "empty_five", "fee", "applications",
               "clean", "clean")
    roles_2 = ("template_elsewhere", "clean")
    out = []
    depts = iter(places.DEPARTMENTS)
    for (province, city, code, _), roles in ((region_1, roles_1), (region_2, roles_2)):
        for role in roles:
            dept = next(depts)
            out.append((role, Body(agency=f"{city}{dept}", kind="department", level="city", province=province,
                                   city=city, county=None, division_code=code, dept=dept)))
    return out


def _fee_unpaid(t: Truth) -> int:
    cell = t.t3["other.fee_unpaid"]["total"]
    return cell[0] if cell[1] == NUM and cell[0] else 0


def _close_one_for_unpaid_fee(t: Truth) -> bool:
    """Move one application of a result row to other.fee_unpaid (table 3 stays balanced)."""
    for outcome in C.RESULT_OUTCOMES:
        if outcome.startswith("other."):
            continue
        for col in C.APPLICANT_COLUMNS:
            value, state = t.t3[outcome][col]
            if state == NUM and value:
                for row, d in ((outcome, -1), ("other.fee_unpaid", 1)):
                    _add(t.t3, row, col, d)
                    _add(t.t3, row, "total", d)
                return True
    return False


def _consistent_fees(t: Truth) -> None:
    """A clean report states at least as many fee notices as table 3 closes for an unpaid fee."""
    unpaid = _fee_unpaid(t)
    if t.narrative["fee_notices"] < unpaid:
        t.narrative["fee_notices"] = unpaid
        t.narrative["fee_amount_yuan"] = 100 * unpaid


def build(seed: int = 19) -> tuple[list[Document], list[Planted]]:
    """The documents (txt, one per body and year) and the findings planted in them."""
    rng = random.Random(f"narrative-faults:{seed}")
    template = wording(rng)
    documents: list[Document] = []
    planted: list[Planted] = []
    for n, (role, body) in enumerate(_bodies()):
        first_words = wording(rng)
        for year in YEARS:
            if role == "missing" and year == YEARS[1]:
                planted.append(Planted("report_missing", body.agency, year))
                continue
            late = year == YEARS[1]
            violations = ["narrative_applications"] if role == "applications" and late else []
            for attempt in range(50):
                t = make_truth(seed * 1000 + n * 100 + attempt * 2 + (year - YEARS[0]), body=body, year=year,
                               other_as_one_row=False, violations=violations, verify=False)
                if not (role == "fee" and late) or _close_one_for_unpaid_fee(t):
                    break
            else:  # pragma: no cover - a generator bug
                raise AssertionError(f"no truth with an application to close for {body.agency}")
            if role == "fee" and late:
                t.narrative["fee_notices"] = 0
                planted.append(Planted("fee_statement_vs_table3", body.agency, year))
            else:
                _consistent_fees(t)
            words = first_words if not late else wording(rng)
            if late and role == "copied":
                words = first_words
                planted.append(Planted("narrative_copied_from_previous_year", body.agency, year))
            if late and role in ("template", "template_elsewhere"):
                words = template
                if role == "template":
                    planted.append(Planted("narrative_shared_in_region", body.agency, year))
            if late and role == "empty_five":
                words = {**words, "五": ["无。"]}
                planted.append(Planted("problems_section_empty", body.agency, year))
            if violations:
                planted.append(Planted("narrative_applications", body.agency, year))
            t.narrative_text = words
            data, _ = render(t, "tsv", "txt", overrides=_PLAIN_STYLE)
            documents.append(Document(f"{n:02d}_{role}_{year}.txt", data, t))
    return documents, planted


def write(out_dir: str | Path, seed: int = 19) -> list[Planted]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    documents, planted = build(seed)
    for doc in documents:
        (out / doc.name).write_bytes(doc.data)
    (out / "planted.json").write_text(json.dumps([p.__dict__ for p in planted], ensure_ascii=False, indent=1),
                                      encoding="utf-8")
    return planted


if __name__ == "__main__":
    for p in write(sys.argv[1] if len(sys.argv) > 1 else "narrative_faults"):
        print(p.check_name, p.agency, p.year)
