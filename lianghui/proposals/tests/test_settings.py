"""A body's settings: the law's defaults, shorter local deadlines, a holiday table."""

import datetime as dt

import pytest

from lianghui.errors import ActionError, PermissionDenied
from lianghui.proposals import actions
from lianghui.proposals.models import ProposalSettings
from lianghui.proposals.tests.conftest import at
from lianghui.proposals.tests.flows import assigned, suggestion


@pytest.mark.django_db
def test_defaults_are_the_laws(desk):
    conf = ProposalSettings.for_body(desk.congress.pk)
    assert conf.pk is None
    assert (conf.reply_months, conf.difficult_reply_months, conf.cohandler_months) == (3, 6, 1)
    assert (conf.rating_working_days, conf.rereply_months) == (15, 1)
    assert not conf.delegations_may_file_motions and not conf.township


@pytest.mark.django_db
def test_no_setting_beyond_the_law(desk):
    d = desk
    with pytest.raises(PermissionDenied):
        actions.update_settings(d.congress, d.users[0], reply_months=2)
    with pytest.raises(ActionError) as e:
        actions.update_settings(d.congress, d.officer, reply_months=4)
    assert e.value.code == "bad_setting" and "DL 51" in e.value.message
    with pytest.raises(ActionError) as e:
        actions.update_settings(d.congress, d.officer, holidays=["2024-13-01"])
    assert e.value.code == "bad_date"
    with pytest.raises(ActionError) as e:
        actions.update_settings(d.congress, d.officer, colour="red")
    assert e.value.code == "bad_setting"
    for bad in ({"reply_months": "2"}, {"reply_months": True}, {"township": 1}):
        with pytest.raises(ActionError) as e:
            actions.update_settings(d.congress, d.officer, **bad)
        assert e.value.code == "bad_setting" and e.value.status == 422
    with pytest.raises(ActionError) as e:
        actions.update_settings(d.congress, d.officer, workdays="2024-04-28")
    assert e.value.code == "bad_date" and "调休工作日" in e.value.message
    assert not ProposalSettings.objects.exists()


@pytest.mark.django_db
def test_the_local_rules_deadlines_are_upper_bounds(desk):
    """沪建议规定 14, 17, 21: seven working days, one month, one month — at most."""
    d = desk
    conf = actions.update_settings(
        d.congress, d.officer, reassign_working_days=7, cohandler_months=1, rereply_months=1
    )
    assert (conf.reassign_working_days, conf.cohandler_months, conf.rereply_months) == (7, 1, 1)
    conf = actions.update_settings(d.congress, d.officer, reassign_working_days=5)
    assert conf.reassign_working_days == 5
    for name, value, article in (
        ("reassign_working_days", 8, "沪建议规定 14"),
        ("cohandler_months", 2, "沪建议规定 17"),
        ("rereply_months", 2, "沪建议规定 21"),
        ("cohandler_months", 0, "沪建议规定 17"),
    ):
        with pytest.raises(ActionError) as e:
            actions.update_settings(d.congress, d.officer, **{name: value})
        assert e.value.code == "bad_setting" and article in e.value.message
    conf.refresh_from_db()
    assert (conf.reassign_working_days, conf.cohandler_months, conf.rereply_months) == (5, 1, 1)


@pytest.mark.django_db
def test_none_keeps_a_setting(desk):
    d = desk
    actions.update_settings(d.congress, d.officer, reply_months=2, holidays=["2024-05-01"])
    conf = actions.update_settings(
        d.congress, d.officer, reply_months=None, holidays=None, township=None, remind_days=5
    )
    conf.refresh_from_db()
    assert (conf.reply_months, conf.holidays, conf.township, conf.remind_days) == (
        2,
        ["2024-05-01"],
        False,
        5,
    )


@pytest.mark.django_db
def test_shorter_local_deadlines_and_holidays_apply(desk):
    d = desk
    actions.update_settings(
        d.congress,
        d.officer,
        reply_months=2,
        difficult_reply_months=4,
        holidays=["2024-05-01", "2024-05-02", "2024-05-03"],
        workdays=["2024-04-28"],
    )
    with at("2024-03-01"):
        (a,) = assigned(d, suggestion(d))
    assert a.due == dt.date(2024, 5, 1)
    with at("2024-04-24"):
        reply = actions.reply(a, "答复", "solved", d.clerks[0])
    # 15 working days from Wed 24 Apr: Sun 28 Apr is worked, 1–3 May are off → Fri 17 May
    # (without the table it would be Wed 15 May).
    with at("2024-05-18"), pytest.raises(ActionError) as e:
        actions.rate(reply, "satisfied", d.users[0])
    assert "2024年05月17日" in e.value.message
    with at("2024-05-17"):
        assert actions.rate(reply, "satisfied", d.users[0]).level == "satisfied"
