"""The set-up pages: forms that call the audited actions, refusals beside their field."""

import io
import re
from html.parser import HTMLParser

from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client
from openpyxl import Workbook

from lianghui.audit.models import Event
from lianghui.people.models import Membership, Person
from lianghui.sessions.models import AgendaItem, Meeting, PresidingOfficer, Session


def staff(hall) -> Client:
    client = Client()
    client.force_login(hall.officer)
    return client


def test_the_pages_are_the_secretariats(hall):
    delegate = Client()
    delegate.force_login(hall.delegate_user)
    for url in [
        "/setup/",
        f"/setup/sessions/{hall.session.pk}/",
        f"/setup/meetings/{hall.plenary.pk}/",
        "/people/import/",
        f"/people/{hall.delegates[0].pk}/edit/",
    ]:
        assert delegate.get(url).status_code == 404
        assert staff(hall).get(url).status_code == 200
    home = staff(hall).get("/").content.decode()
    assert 'href="/setup/"' in home  # in the secretariat's navigation


def test_a_session_and_its_meetings_from_the_forms(hall):
    client = staff(hall)
    response = client.post(
        "/setup/",
        {
            "step": "session",
            "session-term": hall.term.pk,
            "session-number": 6,
            "session-title": "测试区第十七届人民代表大会第六次会议",
            "session-start_date": "2025-01-13",
            "session-end_date": "2025-01-15",
            "session-public": "on",
        },
    )
    session = Session.objects.get(number=6)
    assert response.status_code == 302 and response.url == f"/setup/sessions/{session.pk}/"
    url = response.url
    ok = client.post(
        url,
        {
            "step": "meeting",
            "meeting-kind": "plenary",
            "meeting-title": "第一次全体会议",
            "meeting-starts_at": "2025-01-13T09:00",
            "meeting-ends_at": "2025-01-13T11:00",
            "meeting-venue": "会堂",
        },
    )
    assert ok.status_code == 302
    clash = client.post(
        url,
        {
            "step": "meeting",
            "meeting-kind": "presidium",
            "meeting-title": "主席团第一次会议",
            "meeting-starts_at": "2025-01-13T10:30",
            "meeting-ends_at": "2025-01-13T11:30",
        },
    )
    assert clash.status_code == 422
    page = clash.content.decode()
    assert 'data-field="starts_at"' in page and "开始时间：与“第一次全体会议”" in page
    outside = client.post(
        url,
        {
            "step": "meeting",
            "meeting-kind": "plenary",
            "meeting-title": "闭幕会",
            "meeting-starts_at": "2025-01-16T09:00",
        },
    )
    assert outside.status_code == 422 and "不在本次会议的会期" in outside.content.decode()
    foreign = client.post(
        url,
        {
            "step": "item",
            "item-meeting": hall.plenary.pk,
            "item-title": "别处的议程",
            "item-kind": "report",
        },
    )
    assert foreign.status_code == 422
    assert 'data-field="meeting"' in foreign.content.decode()
    assert "所属会议：" in foreign.content.decode()
    assert Meeting.objects.filter(session=session).count() == 1
    assert AgendaItem.objects.filter(meeting__session=session).count() == 0
    assert [e.kind for e in Event.objects.order_by("id")] == [
        "sessions.session_created",
        "sessions.meeting_created",
    ]


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_roster_is_stored_only_when_confirmed(hall):
    client = staff(hall)
    people = Person.objects.count()
    bad = io.BytesIO(
        _xlsx([["姓名", "性别", "代表团"], ["王芳", "女", "东区代表团"], ["", "男", "东区代表团"]])
    )
    bad.name = "bad.xlsx"
    response = client.post(
        "/people/import/", {"step": "preview", "body": hall.congress.pk, "file": bad}
    )
    assert response.status_code == 422
    assert (
        'data-row="3"' in response.content.decode()
        and "confirm-import" not in response.content.decode()
    )
    good = io.BytesIO(_xlsx([["姓名", "性别", "代表团"], ["王芳", "女", "东区代表团"]]))
    good.name = "good.xlsx"
    response = client.post(
        "/people/import/", {"step": "preview", "body": hall.congress.pk, "file": good}
    )
    assert response.status_code == 200 and "confirm-import" in response.content.decode()
    assert Person.objects.count() == people and not Event.objects.exists()
    token = response.context["token"]
    done = client.post("/people/import/", {"step": "confirm", "token": token})
    assert done.status_code == 302
    assert Person.objects.count() == people + 1
    assert Event.objects.get().kind == "people.roster_imported"
    again = client.post("/people/import/", {"step": "confirm", "token": token}, follow=True)
    assert "预览已过期或已导入" in again.content.decode()
    assert Person.objects.count() == people + 1


def test_editing_a_membership_from_the_page_needs_a_reason(hall):
    client = staff(hall)
    person = hall.delegates[3]
    m = Membership.objects.get(person=person, organisation=hall.congress)
    url = f"/people/{person.pk}/edit/"
    refused = client.post(url, {"step": f"m{m.pk}", f"m{m.pk}-end": "2024-01-09"})
    assert refused.status_code == 422 and "修改原因" in refused.content.decode()
    ok = client.post(
        url,
        {
            "step": f"m{m.pk}",
            f"m{m.pk}-end": "2024-01-09",
            f"m{m.pk}-start": "2022-01-01",
            f"m{m.pk}-reason": "辞职",
        },
    )
    assert ok.status_code == 302
    m.refresh_from_db()
    assert m.end.isoformat() == "2024-01-09"
    assert Event.objects.get().data["reason"] == "辞职"


HAN = re.compile(r"[\u3400-\u9fff]+")


class _Text(HTMLParser):
    """What a reader sees: text outside scripts and styles, and tooltips."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style")
        self.words += [v for k, v in attrs if k in ("title", "placeholder") and v]

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style") and self._hidden > 0

    def handle_data(self, data):
        if not self._hidden:
            self.words.append(data)


def _stored_text() -> str:
    """Every text the users stored (names, titles): shown as entered in any language."""
    texts = []
    for model in apps.get_models():
        if model.__module__.startswith("lianghui."):
            fields = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField) and not f.choices
            ]
            for row in model.objects.values_list(*fields) if fields else ():
                texts += [str(v) for v in row if v]
    return "\n".join(texts)


def test_the_pages_in_english_show_no_chinese_but_the_users_data(hall):
    PresidingOfficer.objects.create(
        meeting=hall.plenary, person=hall.delegates[0], role="executive_chair", title="主任"
    )
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(hall.officer)
    stored = _stored_text()
    for url in [
        "/setup/",
        f"/setup/sessions/{hall.session.pk}/",
        f"/setup/meetings/{hall.plenary.pk}/",
        "/people/import/",
        f"/people/{hall.delegates[0].pk}/edit/",
    ]:
        response = client.get(url)
        assert response.status_code == 200
        page = _Text()
        page.feed(response.content.decode())
        chinese = {run for w in page.words for run in HAN.findall(w) if run not in stored}
        chinese.discard("中文")  # the language switch names Chinese in Chinese
        assert not chinese, (url, chinese)
