"""The secretariat's settings page (views/settings.py): a body's proposal settings and the
motion deadline, through the Django test client."""

import datetime as dt

import pytest
from django.test import Client

from lianghui.audit.models import Event
from lianghui.proposals.models import MotionDeadline, ProposalSettings
from lianghui.proposals.tests.conftest import SHANGHAI, at

GOOD = {
    "action": "settings",
    "township": "1",
    "reply_months": "2",
    "difficult_reply_months": "5",
    "cohandler_months": "1",
    "reassign_working_days": "5",
    "rating_working_days": "10",
    "rereply_months": "1",
    "remind_days": "3",
    "holidays": "2024-05-01\n2024-05-02，2024-05-03",
    "workdays": "2024-04-28",
}


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def url(body) -> str:
    return f"/proposals/settings/{body.pk}/"


@pytest.mark.django_db
def test_only_the_secretariat_gets_the_page(desk):
    d = desk
    for user in (d.users[0], d.clerks[0], d.presidium_user, d.party_officer.user):
        assert client(user).get(url(d.congress)).status_code == 404
        assert client(user).post(url(d.congress), GOOD).status_code == 404
        assert client(user).get("/proposals/settings/").status_code == 404
    assert Client().get(url(d.congress)).status_code == 302  # to sign in
    officer = client(d.officer)
    assert officer.get(f"/proposals/settings/{d.units[0].pk}/").status_code == 404  # not a body
    assert "办理设置与议案截止时间" in officer.get("/proposals/desk/").content.decode()
    chooser = officer.get("/proposals/settings/").content.decode()
    assert url(d.congress) in chooser and url(d.cppcc) in chooser
    assert not ProposalSettings.objects.exists()


@pytest.mark.django_db
def test_the_secretariat_changes_the_settings(desk):
    d = desk
    officer = client(d.officer)
    page = officer.get(url(d.congress)).content.decode()
    assert 'name="reply_months"' in page and 'value="3"' in page  # the law's default
    assert "沪建议规定 14" in page and "代表提出议案的截止时间" in page
    r = officer.post(url(d.congress), GOOD)
    assert r.status_code == 302 and r.url == url(d.congress)
    conf = ProposalSettings.objects.get(body=d.congress)
    assert (conf.township, conf.delegations_may_file_motions) == (True, False)
    assert (conf.reply_months, conf.difficult_reply_months, conf.reassign_working_days) == (2, 5, 5)
    assert (conf.rating_working_days, conf.remind_days) == (10, 3)
    assert conf.holidays == ["2024-05-01", "2024-05-02", "2024-05-03"]
    assert conf.workdays == ["2024-04-28"]
    assert Event.objects.filter(kind="proposals.settings_changed").count() == 1
    page = officer.get(url(d.congress)).content.decode()
    assert "办理设置已保存。" in page and "2024-05-02" in page
    # A CPPCC has no motions: no motion switches, no deadline form, the switches kept.
    page = officer.get(url(d.cppcc)).content.decode()
    assert 'name="township"' not in page and "代表提出议案的截止时间" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reassign_working_days": "8"}, "沪建议规定 14"),
        ({"cohandler_months": "2"}, "沪建议规定 17"),
        ({"rereply_months": "3"}, "沪建议规定 21"),
        ({"reply_months": "4"}, "DL 51"),
        ({"reply_months": "三"}, "“答复期限（月）”须为整数。"),
        ({"reply_months": ""}, "“答复期限（月）”须为整数。"),
        ({"holidays": "2024-13-01"}, "节假日须为日期"),
        ({"holidays": "2024-05-01", "workdays": "2024-05-01"}, "既是节假日又是调休工作日"),
    ],
)
def test_a_refusal_keeps_the_form_as_typed_and_changes_nothing(desk, change, message):
    d = desk
    officer = client(d.officer)
    officer.post(url(d.congress), GOOD)
    before = list(ProposalSettings.objects.values())
    events = Event.objects.count()
    typed = GOOD | change | {"remind_days": "9"}
    r = officer.post(url(d.congress), typed)
    assert r.status_code == 422
    page = r.content.decode()
    assert message in page
    for name in change:
        if change[name]:
            assert change[name] in page, name
    assert 'name="remind_days" min="1" max="60" required value="9"' in page
    assert list(ProposalSettings.objects.values()) == before
    assert Event.objects.count() == events


@pytest.mark.django_db
def test_the_motion_deadline(desk):
    d = desk
    officer = client(d.officer)
    form = {"action": "motion_deadline", "session": str(d.session.pk)}
    with at("2024-01-10"):
        r = officer.post(url(d.congress), form | {"closes_at": "2024-01-11T12:00"})
        assert r.status_code == 302
        deadline = MotionDeadline.objects.get(session=d.session)
        assert deadline.closes_at == dt.datetime(2024, 1, 11, 12, tzinfo=SHANGHAI)
        assert "2024年1月11日 12:00" in officer.get(url(d.congress)).content.decode()
        for typed, message in (
            ({"closes_at": "2024-01-20T12:00"}, "截止时间不能晚于大会闭幕。"),
            ({"closes_at": "明天中午"}, "请填写截止时间"),
            ({"closes_at": "2024-01-11T18:00", "session": "x"}, "请选择会议。"),
            (
                {"closes_at": "2024-01-11T18:00", "session": str(d.session.pk + 99)},
                "请选择本级人民代表大会的会议。",
            ),
        ):
            r = officer.post(url(d.congress), form | typed)
            assert r.status_code == 422 and message in r.content.decode(), typed
            assert typed["closes_at"] in r.content.decode()
        # A CPPCC's page takes no motion deadline.
        r = officer.post(url(d.cppcc), form | {"closes_at": "2024-01-11T18:00"})
        assert r.status_code == 422
    deadline.refresh_from_db()
    assert deadline.closes_at == dt.datetime(2024, 1, 11, 12, tzinfo=SHANGHAI)
    assert Event.objects.filter(kind="proposals.motion_deadline_set").count() == 1
