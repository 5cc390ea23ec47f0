"""manage.py proposals_remind with a moved clock and the mail outbox."""

import io

import pytest
from django.core.management import call_command

from lianghui.proposals import actions
from lianghui.proposals.actions import UnitOrder
from lianghui.proposals.due import open_duties, overdue
from lianghui.proposals.models import ReminderSent
from lianghui.proposals.tests.conftest import at
from lianghui.proposals.tests.flows import assigned, suggestion


def remind(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("proposals_remind", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def handled(desk):
    d = desk
    with at("2024-01-15"):
        d.lead, d.co = assigned(
            d, suggestion(d), UnitOrder(d.units[0].pk, "lead"), UnitOrder(d.units[1].pk, "co")
        )
    return d


@pytest.mark.django_db
def test_reminders_before_each_deadline_once(handled, mailoutbox):
    with at("2024-02-07"):  # the co-handler's deadline (15 Feb) is 8 days away
        out, _ = remind()
    assert mailoutbox == [] and "已发送到期提醒 0 封" in out
    with at("2024-02-08"):  # 7 days away
        out, _ = remind()
        assert len(mailoutbox) == 1
        (mail,) = mailoutbox
        assert mail.to == ["unit1@example.org"] and "会办意见" in mail.subject
        assert "区教育局会办意见，期限 2024年02月15日，7 天后到期" in mail.body
        remind()  # the same day again: nothing twice
    assert len(mailoutbox) == 1
    with at("2024-02-12"):
        remind()  # still the same deadline: no second reminder
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_overdue_items_are_listed_and_sent_to_the_secretariat_daily(handled, mailoutbox):
    with at("2024-02-16"):
        out, _ = remind()
        assert (
            "逾期｜第 1 号建议“关于优化公交线路的建议”：区教育局会办意见，期限 2024年02月15日，逾期 1 天"
            in out
        )
        (digest,) = mailoutbox
        assert digest.to == ["mishu@example.org"] and "【逾期清单】" in digest.subject
        remind()
        assert len(mailoutbox) == 1
        assert [x.what for x in overdue()] == ["co_opinion"]
    with at("2024-02-17"):
        remind()
    assert len(mailoutbox) == 2  # a new day, a new list


@pytest.mark.django_db
def test_reply_and_rating_reminders_follow_the_moved_clock(handled, mailoutbox):
    d = handled
    with at("2024-02-01"):
        actions.co_opinion(d.co, "同意。", d.clerks[1])
    with at("2024-04-08"):
        remind()
    assert [m.to for m in mailoutbox] == [["unit0@example.org"]]
    assert "区交通委答复，期限 2024年04月15日" in mailoutbox[0].body
    with at("2024-04-10"):  # a Wednesday: rating due 15 working days later, 1 May
        reply = actions.reply(d.lead, "答复", "solved", d.clerks[0])
        (duty,) = open_duties()
        assert (duty.what, str(duty.due)) == ("rating", "2024-05-01")
    with at("2024-04-24"):
        remind()
    assert mailoutbox[-1].to == ["daibiao@example.org"] and "评价" in mailoutbox[-1].subject
    with at("2024-04-25"):
        actions.rate(reply, "satisfied", d.users[0])
        assert open_duties() == []


@pytest.mark.django_db
def test_an_extension_brings_a_new_reminder(handled, mailoutbox):
    d = handled
    with at("2024-04-08"):
        remind()
        actions.extend(d.lead, d.lead.due.replace(month=5), "需协调", d.officer)
    with at("2024-05-08"):
        remind()
    lead_mails = [m for m in mailoutbox if m.to == ["unit0@example.org"]]
    assert len(lead_mails) == 2 and "2024年05月15日" in lead_mails[1].body


@pytest.mark.django_db
def test_dry_run_and_units_without_an_address(handled, mailoutbox):
    d = handled
    d.clerks[1].email = ""
    d.clerks[1].save(update_fields=["email"])
    with at("2024-02-08"):
        out, err = remind("--dry-run")
        assert "无邮箱，未能提醒｜" in err and "区教育局" in err
    assert mailoutbox == [] and not ReminderSent.objects.exists()
