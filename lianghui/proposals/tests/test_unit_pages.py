"""The handling unit's pages (views/unit.py) as a government clerk meets them: finished work
shows no alarm, closed filings offer no buttons, a late reply turns into a request for an
extension that the secretariat grants or refuses, the request to return a filing only within
its window, and the list of what the unit has done."""

import datetime as dt

import pytest
from django.test import Client

from lianghui.audit.models import Event
from lianghui.errors import ActionError
from lianghui.proposals import actions
from lianghui.proposals.actions import UnitOrder
from lianghui.proposals.models import Assignment, ExtensionRequest, Reply
from lianghui.proposals.tests.conftest import at
from lianghui.proposals.tests.flows import assigned, proposal, suggestion
from lianghui.proposals.views import unit as unit_views

API = "/api/proposals"


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def html(c, url, status=200) -> str:
    r = c.get(url)
    assert r.status_code == status, (url, r.status_code)
    return r.content.decode()


def due_box(page: str) -> str:
    """The big deadline box at the top of an assignment's page."""
    start = page.index('class="due-box')
    return page[start : page.index("</div>\n</div>", start)]


@pytest.mark.django_db
def test_finished_work_shows_no_overdue_notice_and_no_buttons(desk):
    """The lead replied, the co-handling unit never sent its opinion, the filing was closed:
    long after the deadlines neither unit is told it is late or offered a form."""
    d = desk
    with at("2024-01-15"):
        lead, co = assigned(
            d, suggestion(d), UnitOrder(d.units[0].pk, "lead"), UnitOrder(d.units[1].pk, "co")
        )
    with at("2024-02-20"):
        answer = actions.reply(lead, "已落实。", "solved", d.clerks[0])
    with at("2024-05-20"):
        lead_clerk, co_clerk = client(d.clerks[0]), client(d.clerks[1])
        # Replied, still open for the filer's rating: the lead's page is calm.
        page = html(lead_clerk, f"/proposals/unit/{lead.pk}/")
        box = due_box(page)
        assert "已逾期" not in box and "已过期限" not in box and "overdue" not in box
        assert "本单位已于 2024年2月20日 答复" in box and 'value="reply"' not in page
        filing = html(lead_clerk, f"/proposals/{lead.filing_id}/")
        assert "办理并答复" not in filing and "本单位的办理记录" in filing
        # The co-handling unit may still send its opinion (沪建议规定 17) until it closes.
        assert "提出会办意见" in html(co_clerk, f"/proposals/{lead.filing_id}/")
        # The filer never rated; the secretariat closes it after the rating time.
        actions.conclude(answer.filing, d.officer)
        for c, a in ((lead_clerk, lead), (co_clerk, co)):
            page = html(c, f"/proposals/unit/{a.pk}/")
            assert "已逾期" not in due_box(page) and "overdue" not in due_box(page), a.role
            assert 'value="co_opinion"' not in page and 'value="reply"' not in page
            assert "申请退回改办" not in page and "申请延期" not in page
            filing = html(c, f"/proposals/{a.filing_id}/")
            assert "提出会办意见" not in filing and "办理并答复" not in filing
        assert "此件已办结，本单位无需再办理。" in html(co_clerk, f"/proposals/unit/{co.pk}/")
        # Both are listed as done, none as owed.
        home = html(co_clerk, "/proposals/unit/")
        assert "目前没有需要办理的件" in home and "已办结" in home


@pytest.mark.django_db
def test_a_withdrawn_filing_leaves_the_units_page(desk):
    d = desk
    with at("2024-01-15"):
        (a,) = assigned(d, suggestion(d, cosigners=()))
    with at("2024-05-01"):
        actions.withdraw(a.filing, d.users[0], reason="问题已解决")
        clerk = client(d.clerks[0])
        assert "办理（答复）" not in html(clerk, "/proposals/unit/")
        html(clerk, f"/proposals/{a.filing_id}/", 404)
        html(clerk, f"/proposals/unit/{a.pk}/", 404)


@pytest.mark.django_db
def test_a_late_reply_becomes_a_request_for_an_extension(desk, django_capture_on_commit_callbacks):
    from django.core import mail

    d = desk
    with at("2024-01-15"):
        (a,) = assigned(d, suggestion(d))
    clerk, officer = client(d.clerks[0]), client(d.officer)
    url = f"/proposals/unit/{a.pk}/"
    with at("2024-04-16"):
        assert "办理（申请延期）" in html(clerk, "/proposals/unit/")
        page = html(clerk, url)
        assert 'value="reply"' not in page and "答复期限已过，暂时不能答复" in page
        assert "本件的答复期限是 2024年4月15日，已过期 1 天" in page
        assert 'value="request_extension"' in page and "提出延期申请" in page
        # Bad input: no reason; a day beyond six months from assignment. Nothing written.
        r = clerk.post(url, {"action": "request_extension", "reason": " "})
        assert r.status_code == 422 and "请说明不能按期答复的原因" in r.content.decode()
        r = clerk.post(
            url, {"action": "request_extension", "reason": "需协调", "wanted_due": "2024-07-16"}
        )
        assert r.status_code == 422 and "不得晚于交办之日起 6 个月" in r.content.decode()
        assert "需协调" in r.content.decode()  # the form as typed
        r = clerk.post(url, {"action": "request_extension", "reason": "需协调", "wanted_due": "x"})
        assert r.status_code == 422 and "希望延至的日期" in r.content.decode()
        assert not ExtensionRequest.objects.exists()
        with django_capture_on_commit_callbacks(execute=True):
            r = clerk.post(
                url,
                {
                    "action": "request_extension",
                    "reason": "涉及三个部门，需协调",
                    "wanted_due": "2024-05-15",
                },
            )
        assert r.status_code == 302 and r["Location"] == "/proposals/unit/"
        request = ExtensionRequest.objects.get()
        assert (request.state, request.wanted_due) == ("pending", dt.date(2024, 5, 15))
        assert Event.objects.filter(kind="proposals.request_extension").count() == 1
        (sent,) = mail.outbox
        assert sent.to == ["mishu@example.org"] and "涉及三个部门" in sent.body
        page = html(clerk, url)
        assert "正在等待秘书处处理" in page and 'value="request_extension"' not in page
        with pytest.raises(ActionError) as e:
            actions.request_extension(a, "再申请", d.clerks[0])
        assert e.value.code == "request_pending"
        # The secretariat's desk shows it; granting is the extend step, back to the desk.
        desk_page = html(officer, "/proposals/desk/")
        assert "延期申请" in desk_page and "涉及三个部门，需协调" in desk_page
        assert 'value="2024-05-15"' in desk_page
        r = officer.post(
            f"/proposals/assignments/{a.pk}/do/extend/",
            {"due": "2024-05-15", "reason": "同意：需协调", "next": "/proposals/desk/"},
        )
        assert r.status_code == 302 and r["Location"] == "/proposals/desk/"
        request.refresh_from_db()
        assert (request.state, request.answer) == ("granted", "同意：需协调")
        assert "涉及三个部门" not in html(officer, "/proposals/desk/")
        # Now the unit answers; the answer is late against the first deadline.
        page = html(clerk, url)
        assert 'value="reply"' in page and "已延期" in page and "已过期" not in page
        r = clerk.post(url, {"action": "reply", "result": "planned", "text": "列入计划。"})
        assert r.status_code == 302
    reply = Reply.objects.get()
    assert not reply.on_time and reply.due == dt.date(2024, 5, 15)


@pytest.mark.django_db
def test_the_secretariat_refuses_an_extension(desk):
    d = desk
    with at("2024-01-15"):
        (a,) = assigned(d, proposal(d))
    clerk, officer = client(d.clerks[0]), client(d.officer)
    with at("2024-04-20"):
        request = actions.request_extension(a, "人手不足", d.clerks[0])
        refuse = f"/proposals/extension-requests/{request.pk}/refuse/"
        # Only the secretariat; a reason is required; another unit does not see it.
        assert client(d.clerks[1]).post(refuse, {"answer": "不行"}).status_code == 404
        r = clerk.post(refuse, {"answer": "不行"}, follow=True)
        assert any("无权" in str(m) for m in r.context["messages"])
        r = officer.post(refuse, {"answer": " ", "next": "/proposals/desk/"}, follow=True)
        assert any("请说明不同意延期的理由" in str(m) for m in r.context["messages"])
        request.refresh_from_db()
        assert request.state == "pending"
        r = officer.post(refuse, {"answer": "理由不充分，请尽快答复", "next": "/proposals/desk/"})
        assert r["Location"] == "/proposals/desk/"
        request.refresh_from_db()
        assert request.state == "refused"
        page = html(clerk, f"/proposals/unit/{a.pk}/")
        assert "理由不充分，请尽快答复" in page and 'value="request_extension"' in page
        assert Event.objects.filter(kind="proposals.refuse_extension").count() == 1
        # Through the API: the unit asks again, the secretariat refuses again.
        r = client(d.clerks[0]).post(
            f"{API}/assignments/{a.pk}/extension-request",
            {"reason": "补充说明", "wanted_due": "2024-06-30"},
            content_type="application/json",
        )
        assert r.status_code == 201 and r.json()["state"] == "pending"
        again = r.json()["id"]
        r = client(d.clerks[1]).post(
            f"{API}/assignments/{a.pk}/extension-request",
            {"reason": "x"},
            content_type="application/json",
        )
        assert r.status_code == 404
        r = client(d.officer).post(
            f"{API}/extension-requests/{again}/refuse",
            {"answer": "不同意"},
            content_type="application/json",
        )
        assert r.status_code == 200 and r.json()["state_label"] == "不同意延期"
        filing = client(d.officer).get(f"{API}/{a.filing_id}").json()
        assert [x["state"] for x in filing["assignments"][0]["extension_requests"]] == [
            "refused",
            "refused",
        ]


@pytest.mark.django_db
def test_a_request_made_in_time_lapses_with_the_reply(desk):
    d = desk
    with at("2024-01-15"):
        (a,) = assigned(d, suggestion(d))
    with at("2024-04-01"):
        page = html(client(d.clerks[0]), f"/proposals/unit/{a.pk}/")
        assert "不能按期答复？申请延期" in page and 'value="reply"' in page
        request = actions.request_extension(a, "可能来不及", d.clerks[0])
        actions.reply(a, "已答复。", "solved", d.clerks[0])
    request.refresh_from_db()
    assert request.state == "lapsed"
    assert "可能来不及" not in html(client(d.officer), "/proposals/desk/")
    with pytest.raises(ActionError) as e:  # answered: the filing is no longer in handling
        actions.refuse_extension(request, "不同意", d.officer)
    assert e.value.code == "bad_state"


@pytest.mark.django_db
def test_the_request_to_return_a_filing_only_within_its_window(desk):
    """Assigned Monday 15 Jan 2024: seven working days run to Wednesday 24 Jan."""
    d = desk
    with at("2024-01-15"):
        (a,) = assigned(d, suggestion(d))
    clerk, url = client(d.clerks[0]), f"/proposals/unit/{a.pk}/"
    with at("2024-01-24"):
        page = html(clerk, url)
        assert "申请退回改办（2024年1月24日 前）" in page
        assert "须在交办之日起 7 个工作日内提出，即 2024年1月24日 前" in page
    with at("2024-01-25"):
        page = html(clerk, url)
        assert "申请退回改办" not in page and 'value="request_reassign"' not in page
    with at("2024-01-16"):
        actions.request_reassign(a, "不属于本单位", d.clerks[0])
        page = html(clerk, url)
        assert 'value="request_reassign"' not in page and "申请退回改办，正在等待秘书处处理" in page


@pytest.mark.django_db
def test_what_the_unit_has_done_newest_first_a_page_at_a_time(desk, monkeypatch):
    """Numbers repeat across kinds (建议第 1 号, 提案第 1 号): the list shows the year and kind."""
    monkeypatch.setattr(unit_views, "DONE_ROWS", 2)
    d = desk
    done = []
    for day, filing in (
        ("2024-01-15", lambda: suggestion(d, title="甲建议")),
        ("2024-01-16", lambda: proposal(d, title="乙提案")),
        ("2024-01-17", lambda: suggestion(d, title="丙建议")),
    ):
        with at(day):
            done.append(assigned(d, filing())[0])
    with at("2024-01-18"):
        (owing,) = assigned(d, suggestion(d, title="丁建议"))
    for day, a in zip(("2024-03-03", "2024-03-01", "2024-03-02"), done, strict=True):
        with at(day):
            actions.reply(a, "答复", "solved", d.clerks[0])
    clerk = client(d.clerks[0])
    with at("2024-03-05"):
        first = html(clerk, "/proposals/unit/")
        second = html(clerk, "/proposals/unit/?page=2")
    done_part = first[first.index('id="done"') :]
    assert done_part.index("甲建议") < done_part.index("丙建议")  # replied 3 Mar, then 2 Mar
    assert "乙提案" not in done_part and "乙提案" in second
    assert "1 / 2" in first and "下一页" in first
    assert "建议 第 1 号" in done_part and "提案 第 1 号" in second
    assert '<td class="nowrap">2024</td>' in done_part
    assert "丁建议" in first[: first.index('id="done"')]  # still owed, above the list
    assert Assignment.objects.filter(unit=d.units[0]).count() == 4


@pytest.mark.django_db
def test_no_extension_can_be_asked_after_the_longest_deadline(desk):
    d = desk
    with at("2024-01-15"):
        (a,) = assigned(d, suggestion(d))
    with at("2024-07-16"):  # six months after assignment have passed
        page = html(client(d.clerks[0]), f"/proposals/unit/{a.pk}/")
        assert 'value="request_extension"' not in page  # the page offers what the action allows
        with pytest.raises(ActionError) as e:
            actions.request_extension(a, "需协调", d.clerks[0])
        assert e.value.code == "extension_too_late" and "最长期限" in e.value.message
    assert not ExtensionRequest.objects.exists()
