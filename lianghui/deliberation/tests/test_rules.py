"""Who swears at the session, and how a batch is formed (Constitution 27; Shanghai rules, SH)."""

import pytest

from lianghui.deliberation import rules
from lianghui.deliberation.rules import Appointment, Form, Source


def elected(title, **kw):
    return Appointment(Source.ELECTED, title, **kw)


def test_the_2018_oath_text():
    # 沪宣誓办法 3 (docs/law.md).
    assert rules.OATH_TEXT_2018.startswith("我宣誓：忠于中华人民共和国宪法，维护宪法权威")
    assert "富强民主文明和谐美丽的社会主义现代化强国" in rules.OATH_TEXT_2018
    assert rules.OATH_TEXT_2018.endswith("努力奋斗！")


@pytest.mark.parametrize(
    "appointment",
    [
        elected("区人民法院院长"),  # SH 4(2)
        elected("区人大常委会委员"),
        elected("区长"),
        elected("区监察委员会主任"),
        Appointment(Source.CONFIRMED, "城市建设环境保护委员会主任委员"),  # 表决通过
    ],
)
def test_office_holders_elected_or_confirmed_here_swear_here(appointment):
    assert rules.oath_at_session(appointment)


def test_the_procurator_swears_later_after_approval():
    # SH 4(4): after the upper level approves, at the standing committee's ceremony.
    by_flag = rules.oath_at_session(elected("区人民检察院检察长", needs_approval=True))
    by_title = rules.oath_at_session(elected("区人民检察院检察长"))
    for verdict in (by_flag, by_title):
        assert not verdict and verdict.code == "after_approval"
        assert "第四条第四款" in verdict.reason and "批准" in verdict.reason
    assert "主任会议" in by_title.reason
    assert not rules.needs_upper_approval("区人民检察院副检察长")  # appointed, not elected


def test_not_here_not_yet_or_not_an_office():
    assert rules.oath_at_session(elected("区长", this_session=False)).code == "other_session"
    assert rules.oath_at_session(elected("区长", announced=False)).code == "not_announced"
    deputy = elected("市人民代表大会代表", office_kind="city_deputy")
    assert rules.oath_at_session(deputy).code == "not_an_office"
    confirmed = Appointment(Source.CONFIRMED, "主任委员", announced=False)
    assert "表决结果" in rules.oath_at_session(confirmed).reason


def test_batches():
    # SH 8(2), 10: one alone; a collective batch is led by one of its takers.
    assert rules.check_batch(Form.INDIVIDUAL, {1}, None)
    assert rules.check_batch(Form.INDIVIDUAL, {1, 2}, None).code == "individual_one"
    assert rules.check_batch(Form.COLLECTIVE, {1, 2, 3}, 1)
    assert rules.check_batch(Form.COLLECTIVE, {1, 2}, None).code == "leader_required"
    assert rules.check_batch(Form.COLLECTIVE, {1, 2}, 9).code == "leader_not_taker"
    assert rules.check_batch(Form.COLLECTIVE, {1}, 1).code == "collective_two"
    assert rules.check_batch("collective", set(), None).code == "empty_batch"
