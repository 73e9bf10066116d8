"""The real seed report (赣县区商务局 2024) read through the whole parser."""

from __future__ import annotations

import json

import pytest

from ingest import codes
from ingest.parse import parse_file
from tests.conftest import SEED_EXPECTED, SEED_TXT


@pytest.fixture(scope="module")
def seed():
    return parse_file(SEED_TXT).to_dict()


def _cells(report, table, k1, k2):
    return {(c[k1], c[k2]): (c["value"], c["state"]) for c in report[table]}


def test_title_metadata(seed):
    assert seed["report"]["agency"] == "赣县区商务局"
    assert seed["report"]["year"] == 2024
    assert seed["report"]["format_version"] == "2021"
    assert seed["source"]["format"] == "txt"


def test_region_resolved_from_the_body_and_text(seed):
    r = seed["report"]
    assert (r["province"], r["city"], r["county"], r["division_code"]) == ("江西省", "赣州市", "赣县区", "360704")
    assert r["agency_kind"] == "department"


def test_table2_all_zero(seed):
    assert len(seed["proactive"]) == 10
    assert all(c["value"] == 0 and c["state"] == "number" for c in seed["proactive"])


def test_table3_figures(seed):
    t3 = _cells(seed, "applications", "outcome", "applicant")
    assert len(t3) == 175
    nonzero = {
        ("new_received", "natural_person"): 2, ("new_received", "total"): 2,
        ("denied.internal_affairs", "natural_person"): 1, ("denied.internal_affairs", "total"): 1,
        ("unavailable.not_held", "natural_person"): 1, ("unavailable.not_held", "total"): 1,
        ("results_total", "natural_person"): 2, ("results_total", "total"): 2,
    }
    for key, (value, state) in t3.items():
        assert state == "number", key
        assert value == nonzero.get(key, 0), key


def test_table4_review_blank_litigation_zero(seed):
    t4 = _cells(seed, "review_litigation", "proceeding", "outcome")
    assert len(t4) == 15
    for outcome in codes.T4_OUTCOMES:
        assert t4[("administrative_review", outcome)] == (None, "blank")
        assert t4[("litigation_direct", outcome)] == (0, "number")
        assert t4[("litigation_after_review", outcome)] == (0, "number")


def test_every_hard_identity_passes(seed):
    hard = [i for i in seed["identities"] if i["id"] in codes.HARD_IDENTITIES]
    assert {i["id"] for i in hard} == set(codes.HARD_IDENTITIES)
    assert [i for i in hard if i["status"] != "pass"] == []
    review = next(i for i in hard if i["id"] == "t4_total" and i["scope"] == "administrative_review")
    assert review["zero_filled"] is True


def test_narrative_figures(seed):
    n = seed["narrative"]
    assert n["published_total"] == 1290
    assert sum(n["published_parts"]) == 1290
    assert n["published_parts"] == [1022, 178, 2, 1, 5, 39, 39, 4]
    assert n["applications_received"] == 2
    soft = {i["id"]: i["status"] for i in seed["identities"] if i["id"].startswith("narrative")}
    assert soft == {"narrative_applications": "pass", "narrative_published_sum": "pass"}


def test_matches_hand_read_expected(seed):
    expected = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))
    for table, (k1, k2) in (("proactive", ("item", "measure")), ("applications", ("outcome", "applicant")),
                            ("review_litigation", ("proceeding", "outcome"))):
        assert _cells(seed, table, k1, k2) == _cells(expected, table, k1, k2)


def test_raw_text_and_provenance_kept():
    report = parse_file(SEED_TXT)
    cell = next(c for c in report.cells if c.key == "denied.internal_affairs" and c.sub == "natural_person")
    assert cell.raw == "1"
    assert "属于三类内部事务信息" in cell.row_label
    assert cell.where.startswith("line ")
