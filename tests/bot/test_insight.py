"""Customer insight rules: what a segment may be, and what chosen segments add up to."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from bot.insight.model import Segment, SegmentDraft, TouchPoint, exposure, segment_problems
from bot.insight.service import import_problems

EMAIL, PHONE, STATUS = TouchPoint.EMAIL, TouchPoint.CALL_CENTRE, TouchPoint.STATUS_PAGE


def segment(name: str, customers: int, share: float, *points: TouchPoint, id: int = 1) -> Segment:
    return Segment(id, "T0001", name, customers, share, points, "U001")


def draft(**changes: object) -> SegmentDraft:
    base = SegmentDraft("Resellers", 75, 9.5, (EMAIL,), "U003", "")
    return replace(base, **changes)


def test_a_sound_segment_has_no_problems():
    assert segment_problems(draft(), [segment("SMB", 10, 90.5)]) == {}


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"name": "  "}, "name", "Give the segment a name"),
        ({"name": "x" * 81}, "name", "80 characters"),
        ({"name": " smb MERCHANTS "}, "name", "already a segment called 'smb MERCHANTS'"),
        ({"customers": -1}, "customers", "can't be negative"),
        ({"revenue_share": -0.5}, "revenue_share", "from 0 to 100"),
        ({"revenue_share": 100.5}, "revenue_share", "from 0 to 100"),
        ({"revenue_share": math.nan}, "revenue_share", "from 0 to 100"),
        ({"revenue_share": 60.0}, "revenue_share", "add up to 110.0%, over 100%"),
        ({"owner_id": ""}, "owner", "Choose who owns"),
        ({"owner_id": "bob"}, "owner", "not a Slack user id"),
        ({"notes": "n" * 2001}, "notes", "2000 characters"),
    ],
)
def test_each_bad_field_is_named_with_a_message(changes, field, words):
    problems = segment_problems(draft(**changes), [segment("SMB merchants", 10, 50)])
    assert list(problems) == [field]
    assert words in problems[field]


def test_shares_may_add_up_to_exactly_100_percent_with_decimals():
    others = [segment("A", 1, 33.3, id=1), segment("B", 1, 33.3, id=2)]
    assert segment_problems(draft(revenue_share=33.4), others) == {}
    assert "over 100%" in segment_problems(draft(revenue_share=33.5), others)["revenue_share"]


def test_several_problems_are_reported_together():
    problems = segment_problems(draft(name="", customers=-3, owner_id=""), [])
    assert set(problems) == {"name", "customers", "owner"}


def test_exposure_sums_customers_and_revenue_and_unites_touch_points_in_order():
    found = exposure(
        [
            segment("SMB", 11800, 27.0, TouchPoint.SUPPORT_LINE, EMAIL, id=1),
            segment("Marketplaces", 600, 11.5, EMAIL, STATUS, id=2),
        ]
    )
    assert (found.customers, found.revenue_share) == (12400, 38.5)
    assert found.touch_points == ("support line", "email", "status page")
    assert found.segment_names == ("SMB", "Marketplaces")


def test_exposure_of_nothing_is_zero():
    found = exposure([])
    assert (found.customers, found.revenue_share, found.touch_points) == (0, 0.0, ())


def test_touch_points_read_as_words():
    assert [tp.label for tp in (TouchPoint.IN_APP_BANNER, PHONE)] == [
        "in app banner",
        "call centre",
    ]


def test_an_import_names_every_bad_line_and_judges_the_total_as_a_whole():
    current = [segment("SMB merchants", 10, 40.0, id=1), segment("Enterprise", 5, 30.0, id=2)]
    rows = [
        (2, draft(name="smb merchants", revenue_share=20.0)),  # updates SMB: 40% -> 20%
        (3, draft(name="Resellers", revenue_share=45.0)),  # 30 + 20 + 45 = 95%: fine
        (4, draft(name="Agencies", revenue_share=10.0, customers=-1)),  # 105%, and negative
        (5, draft(name="RESELLERS", revenue_share=0.0)),  # twice in one file
    ]
    problems = import_problems("T0001", rows, current)
    assert [p.split(":")[0] for p in problems] == ["line 4", "line 4", "line 5"]
    assert "line 4: customers: The number of customers can't be negative." in problems
    assert any("add up to 105.0%" in p for p in problems)
    assert "already a segment called 'RESELLERS'" in problems[2]
