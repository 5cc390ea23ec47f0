"""The pages, for each member of the cast: what each sees, and each step through its form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lianghui.proposals import actions
from lianghui.proposals.actions import UnitOrder
from lianghui.proposals.models import Filer, Filing, Rating, Reply
from lianghui.proposals.tests.conftest import PDF_BYTES, at
from lianghui.proposals.tests.flows import assigned, proposal, suggestion


def client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def page(c, url, status=200) -> str:
    response = c.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode() if status == 200 else ""


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def world(desk):
    """A suggestion by delegate 0 with co-signer 1, assigned to unit 0 (lead) and unit 1
    (co) and replied; a proposal assigned to unit 2."""
    d = desk
    with at("2024-01-15"):
        d.mine = suggestion(d, cosigners=(1,))
        d.lead, d.co = assigned(
            d, d.mine, UnitOrder(d.units[0].pk, "lead"), UnitOrder(d.units[1].pk, "co")
        )
        actions.co_opinion(d.co, "同意主办单位意见。", d.clerks[1])
        d.reply = actions.reply(d.lead, "已开通社区巴士。", "solved", d.clerks[0])
        d.theirs = proposal(d)
        (d.theirs_a,) = assigned(d, d.theirs, UnitOrder(d.units[2].pk))
    return d


@pytest.mark.django_db
def test_each_role_sees_its_pages(world):
    d = world
    mine = f"/proposals/{d.mine.pk}/"
    with at("2024-01-20"):
        filer = page(client(d.users[0]), mine)
        assert "关于优化公交线路的建议" in filer and "请评价这份答复" in filer
        assert "办理经过" in filer and "已开通社区巴士。" in filer
        assert "请评价这份答复" not in page(client(d.users[1]), mine)  # co-signer reads
        officer = page(client(d.officer), mine)
        assert "向公众公开" in officer and "设为重点督办" in officer
        assert "办理并答复" not in officer
        lead = page(client(d.clerks[0]), mine)
        assert f"/proposals/unit/{d.lead.pk}/" in lead
        assert f"/proposals/unit/{d.co.pk}/" in page(client(d.clerks[1]), mine)
        page(client(d.clerks[2]), mine, 404)
        page(client(d.users[5]), mine, 404)
        page(client(), mine, 404)

        # 我的: the filer's own list; the new-filing buttons by body.
        home = page(client(d.users[0]), "/proposals/")
        assert "提出建议" in home and "发起联名议案" in home and "提出提案" not in home
        member = page(client(d.member_users[0]), "/proposals/")
        assert "提出提案" in member and "提出社情民意信息" in member
        assert "关于加强中小企业融资服务的提案" in member
        assert "案据" in page(client(d.users[0]), "/proposals/new/?kind=motion")
        assert "联名人" in page(client(d.users[0]), "/proposals/new/?kind=suggestion")
        page(client(d.users[0]), "/proposals/new/?kind=proposal", 404)
        page(client(d.member_users[0]), "/proposals/new/?kind=opinion")
        page(client(d.clerks[0]), "/proposals/new/?kind=suggestion", 404)

        # The desk: the secretariat only.
        desk_page = page(client(d.officer), "/proposals/desk/")
        assert "待审查" in desk_page and "待提出人评价" in desk_page
        assert "关于优化公交线路的建议" in desk_page  # awaiting its rating
        page(client(d.users[0]), "/proposals/desk/", 404)
        page(client(d.clerks[0]), "/proposals/desk/", 404)

        # A unit's page: what is assigned to the unit, nothing else.
        unit2 = page(client(d.clerks[2]), "/proposals/unit/")
        assert "关于加强中小企业融资服务的提案" in unit2 and "关于优化公交线路" not in unit2
        assert "2024年4月15日" in unit2 and "办理（答复）" in unit2
        co = page(client(d.clerks[1]), "/proposals/unit/")
        assert "目前没有需要办理的件" in co and "已提出会办意见" in co
        page(client(d.clerks[2]), f"/proposals/unit/{d.lead.pk}/", 404)
        page(client(d.users[0]), "/proposals/unit/", 404)
        page(client(d.users[0]), f"/proposals/unit/{d.lead.pk}/", 404)

        # Lists.
        assert "关于优化公交线路的建议" in page(client(d.users[0]), "/proposals/browse/")
        assert "关于加强中小企业" not in page(client(d.users[0]), "/proposals/browse/")
        assert "暂无公开的件" in page(client(), "/proposals/public/")
        actions.publish(d.mine, d.officer)
        public = page(client(), "/proposals/public/")
        assert "关于优化公交线路的建议" in public and "已开通社区巴士" in public
        anonymous = page(client(), mine)
        assert "已开通社区巴士。" in anonymous
        assert "办理经过" not in anonymous and "会办意见" not in anonymous


@pytest.mark.django_db
def test_from_filing_to_rating_through_the_pages(desk):
    d = desk
    filer, cosigner, officer, clerk = (
        client(d.users[0]),
        client(d.users[1]),
        client(d.officer),
        client(d.clerks[0]),
    )
    with at("2024-01-11"):
        r = filer.post(
            "/proposals/new/",
            {
                "kind": "suggestion",
                "body": d.congress.pk,
                "session": d.session.pk,
                "title": "关于增设非机动车停放点的建议",
                "text": "地铁站周边非机动车乱停放。",
                "cosigners": "李四",
                "files": SimpleUploadedFile("照片说明.pdf", PDF_BYTES),
            },
        )
        filing = Filing.objects.get(title="关于增设非机动车停放点的建议")
        assert r.status_code == 302 and r["Location"] == f"/proposals/{filing.pk}/"
        assert filing.state == "draft" and filing.attachments.get().original_name == "照片说明.pdf"
        assert list(filing.filers.values_list("person__name", "signature")) == [
            ("张三", "confirmed"),
            ("李四", "pending"),
        ]
        assert "确认联名" in page(cosigner, f"/proposals/{filing.pk}/")
        cosigner.post(f"/proposals/{filing.pk}/do/confirm/", {"agree": "1"})
        r = filer.post(f"/proposals/{filing.pk}/do/submit/", follow=True)
        assert "已提交。" in messages_of(r)
    with at("2024-01-15"):
        officer.post(f"/proposals/{filing.pk}/do/review/", {"outcome": "register"})
        r = officer.post(
            f"/proposals/{filing.pk}/do/assign/",
            {
                f"role_{d.units[0].pk}": "lead",
                f"role_{d.units[1].pk}": "co",
                f"role_{d.units[2].pk}": "",
            },
            follow=True,
        )
        assert "已交办，承办单位将收到通知。" in messages_of(r)
    a = filing.assignments.get(role="lead")
    co = filing.assignments.get(role="co")
    with at("2024-01-20"):
        todo = page(client(d.clerks[1]), "/proposals/unit/")
        assert "办理（提出会办意见）" in todo and "2024年2月15日" in todo
        r = client(d.clerks[1]).post(
            f"/proposals/unit/{co.pk}/", {"action": "co_opinion", "text": "建议结合非机动车治理。"}
        )
        assert r.status_code == 302
        assert "建议结合非机动车治理。" in page(clerk, f"/proposals/unit/{a.pk}/")
    with at("2024-02-01"):
        form = page(clerk, f"/proposals/unit/{a.pk}/")
        assert (
            "解决或采纳" in form and "正在解决或列入计划" in form and "说明解释、留作参考" in form
        )
        r = clerk.post(
            f"/proposals/unit/{a.pk}/",
            {
                "action": "reply",
                "result": "planned",
                "text": "已列入年度计划。",
                "files": SimpleUploadedFile("答复函.pdf", PDF_BYTES),
            },
        )
        assert r.status_code == 302 and r["Location"] == "/proposals/unit/"
    reply = Reply.objects.get()
    assert (reply.result, reply.attachments.get().original_name) == ("planned", "答复函.pdf")
    with at("2024-02-05"):
        r = filer.post(
            f"/proposals/replies/{reply.pk}/rate/", {"level": "satisfied", "comment": "感谢"}
        )
        assert r.status_code == 302
    assert Rating.objects.get().level == "satisfied"
    assert Filing.objects.get(pk=filing.pk).state == "closed"


@pytest.mark.django_db
def test_the_lead_units_page_shows_co_opinions_received_and_missing(desk):
    d = desk
    with at("2024-01-15"):
        lead, co, _ = assigned(
            d,
            proposal(d),
            UnitOrder(d.units[0].pk, "lead"),
            UnitOrder(d.units[1].pk, "co"),
            UnitOrder(d.units[2].pk, "co"),
        )
        actions.co_opinion(co, "建议结合非机动车治理。", d.clerks[1])
    clerk, url = client(d.clerks[0]), f"/proposals/unit/{lead.pk}/"
    with at("2024-02-01"):
        html = page(clerk, url)
        assert "建议结合非机动车治理。" in html and "尚未收到会办意见的单位" in html
        assert "区住建委" in html and "2024年2月15日" in html
        # Waiting for it: no reply form, and the reason why.
        assert "会办意见尚未送达" in html and 'name="result"' not in html
        r = clerk.post(url, {"action": "reply", "result": "solved", "text": "先写好的答复"})
        html = r.content.decode()
        assert r.status_code == 409 and "会办意见尚未送达" in html and "先写好的答复" in html
        assert not Reply.objects.exists()
    with at("2024-02-16"):
        html = page(clerk, url)
        assert 'name="result"' in html and "已逾期 1 天" in html
        r = clerk.post(url, {"action": "reply", "result": "solved", "text": "答复"})
        assert r.status_code == 302
    assert Reply.objects.get().assignment == lead


@pytest.mark.django_db
def test_refusals_are_shown_and_change_nothing(desk):
    d = desk
    filer = client(d.users[0])
    with at("2024-01-11"):
        # A co-signer who is not a delegate: the form comes back with the text kept.
        r = filer.post(
            "/proposals/new/",
            {
                "kind": "suggestion",
                "body": d.congress.pk,
                "title": "关于学校午餐的建议",
                "text": "建议改进学校午餐。",
                "cosigners": d.members[0].name,
            },
        )
        assert r.status_code == 422
        html = r.content.decode()
        assert "不能参加联名" in html and "建议改进学校午餐。" in html
        r = filer.post(
            "/proposals/new/",
            {
                "kind": "suggestion",
                "body": d.congress.pk,
                "title": "x",
                "text": "y",
                "cosigners": "无此人",
            },
        )
        assert r.status_code == 422 and "未找到“无此人”" in r.content.decode()
        # Too few for a joint motion.
        r = filer.post(
            "/proposals/new/",
            {
                "kind": "motion",
                "body": d.congress.pk,
                "session": d.session.pk,
                "title": "关于制定管理办法的议案",
                "grounds": "理由",
                "solution": "办法",
                "cosigners": "李四、王五",
            },
        )
        assert r.status_code == 422 and "10 名以上代表联名" in r.content.decode()
    assert not Filing.objects.exists()

    with at("2024-01-15"):
        (a,) = assigned(d, suggestion(d))
        # Assigning to a unit that does not exist.
        other = suggestion(d, title="关于学校午餐的建议")
        actions.review(other, "register", d.officer)
        r = client(d.officer).post(
            f"/proposals/{other.pk}/do/assign/", {"role_999999": "lead"}, follow=True
        )
        assert any("承办单位不存在" in m for m in messages_of(r))
        assert not other.assignments.exists()
    clerk = client(d.clerks[0])
    with at("2024-04-16"):
        # Replying after the deadline: refused; no reply form now, but the text typed is
        # kept to copy, and the request for an extension is offered.
        r = clerk.post(
            f"/proposals/unit/{a.pk}/",
            {"action": "reply", "result": "planned", "text": "迟到的答复内容"},
        )
        assert r.status_code == 409
        html = r.content.decode()
        assert "已过，且未获延期" in html and "迟到的答复内容" in html
        assert 'value="reply"' not in html and 'value="request_extension"' in html
    with at("2024-03-01"):
        # Not a document.
        r = clerk.post(
            f"/proposals/unit/{a.pk}/",
            {
                "action": "reply",
                "result": "solved",
                "text": "答复",
                "files": SimpleUploadedFile("答复.exe", PDF_BYTES),
            },
        )
        assert r.status_code == 422 and "只接受 PDF 或 Word" in r.content.decode()
        # No result class chosen.
        r = clerk.post(f"/proposals/unit/{a.pk}/", {"action": "reply", "text": "答复"})
        assert r.status_code == 422 and "请选择办理结果" in r.content.decode()
        assert not Reply.objects.exists()
        clerk.post(
            f"/proposals/unit/{a.pk}/", {"action": "reply", "result": "solved", "text": "好"}
        )
        reply = Reply.objects.get()
        filer.post(f"/proposals/replies/{reply.pk}/rate/", {"level": "basic"})
        r = filer.post(f"/proposals/replies/{reply.pk}/rate/", {"level": "satisfied"}, follow=True)
        assert any("只能评价一次" in m for m in messages_of(r))
    assert Rating.objects.get().level == "basic"


@pytest.mark.django_db
def test_a_secretariat_keys_in_a_paper_signature_and_a_cosigner_declines(desk):
    d = desk
    with at("2024-01-11"):
        filing = suggestion(d, cosigners=(), submit=False)
        actions.update_draft(
            filing, d.users[0], cosigner_ids=[d.delegates[1].pk, d.delegates[2].pk]
        )
        client(d.officer).post(
            f"/proposals/{filing.pk}/do/confirm/", {"person": d.delegates[1].pk, "agree": "1"}
        )
        r = client(d.users[2]).post(f"/proposals/{filing.pk}/do/confirm/", {"agree": "0"})
        assert r["Location"] == "/proposals/"  # one who declined no longer sees it
    signatures = dict(filing.filers.values_list("person_id", "signature"))
    assert (
        signatures[d.delegates[1].pk] == "confirmed" and signatures[d.delegates[2].pk] == "declined"
    )
    assert Filer.objects.get(filing=filing, person=d.delegates[1]).on_paper


def _queries(c, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(url).status_code == 200
    return len(ctx.captured_queries)


def _more(d, n, start):
    """n suggestions assigned to unit 0; every other one replied and published."""
    for i in range(start, start + n):
        (a,) = assigned(d, suggestion(d, title=f"关于第{i}件的建议"))
        if i % 2:
            actions.reply(a, "答复", "solved", d.clerks[0])
            actions.publish(a.filing, d.officer)
    suggestion(d, title=f"关于第{start}件待审查的建议")


@pytest.mark.django_db
def test_list_pages_cost_the_same_with_more_filings(desk):
    d = desk
    urls = ["/proposals/desk/", "/proposals/browse/", "/proposals/public/"]
    with at("2024-01-15"):
        _more(d, 2, 0)
        officer, clerk, filer = client(d.officer), client(d.clerks[0]), client(d.users[0])
        before = [_queries(officer, u) for u in urls]
        unit_before = _queries(clerk, "/proposals/unit/")
        mine_before = _queries(filer, "/proposals/")
        _more(d, 6, 2)
        assert [_queries(officer, u) for u in urls] == before
        assert _queries(clerk, "/proposals/unit/") == unit_before
        assert _queries(filer, "/proposals/") == mine_before


@pytest.mark.django_db
def test_people_are_found_by_name_for_cosigning(desk):
    d = desk
    html = page(client(d.users[0]), f"/proposals/people/?body={d.congress.pk}&q=李")
    assert 'data-name="李四（东区代表团）"' in html
    page(client(d.users[0]), f"/proposals/people/?body={d.cppcc.pk}&q=周", 404)


@pytest.mark.django_db
def test_a_motion_through_the_presidiums_and_the_committees_pages(desk):
    from lianghui.proposals.tests.flows import motion

    d = desk
    presidium, committee = client(d.presidium_user), client(d.committee_user)
    with at("2024-01-11"):
        filing = motion(d)
        url = f"/proposals/{filing.pk}/"
        html = page(presidium, url)
        assert "主席团决定" in html and "交专门委员会审议" in html and "法制委员会" in html
        page(committee, url, 404)  # not referred to it yet
        presidium.post(
            f"{url}do/decide/",
            {"decision": "refer", "committee": d.committee.pk, "reasons": "涉及立法"},
        )
        html = page(committee, url)
        assert "专门委员会审议意见" in html
        committee.post(
            f"{url}do/committee_opinion/", {"text": "建议列入议程。", "recommend_listing": "1"}
        )
        r = presidium.post(f"{url}do/decide/", {"decision": "list"}, follow=True)
        assert any("请写明决定的理由" in m for m in messages_of(r))
        presidium.post(f"{url}do/decide/", {"decision": "list", "reasons": "同意"})
    filing.refresh_from_db()
    assert filing.state == "on_agenda"
    assert list(filing.decisions.values_list("kind", flat=True)) == [
        "refer",
        "committee_opinion",
        "list",
    ]
    assert "建议列入大会议程" in page(client(d.users[0]), url)


@pytest.mark.django_db
def test_an_opinion_report_through_the_secretariats_page(desk):
    d = desk
    member, officer = client(d.member_users[0]), client(d.officer)
    with at("2024-03-01"):
        member.post(
            "/proposals/new/",
            {
                "kind": "opinion",
                "body": d.cppcc.pk,
                "title": "关于老旧小区加装电梯后续管理的建议",
                "text": "维保费用分摊困难。",
            },
        )
        filing = Filing.objects.get()
        url = f"/proposals/{filing.pk}/"
        member.post(f"{url}do/submit/")
        assert "采用" in page(officer, url)
        officer.post(
            f"{url}do/edit/", {"title": filing.title, "text": "加装电梯后维保费用分摊困难。"}
        )
        officer.post(f"{url}do/adopt/", {"adopted": "1", "note": "《社情民意》第 5 期"})
        officer.post(f"{url}do/forward/", {"unit": [d.units[2].pk], "leader": "督办领导"})
        officer.post(
            f"{url}do/feedback/",
            {"kind": "instruction", "source": "督办领导", "text": "请住建委研究。"},
        )
        html = page(member, url)
    filing.refresh_from_db()
    assert filing.state == "forwarded" and filing.original_text == "维保费用分摊困难。"
    assert list(filing.forwards.values_list("recipient", flat=True)) == ["区住建委", "督办领导"]
    assert "领导批示" in html and "请住建委研究。" in html and "《社情民意》第 5 期" in html


@pytest.mark.django_db
def test_a_key_filing_needs_its_overseeing_leader_on_the_page(desk):
    d = desk
    with at("2024-01-15"):
        (a,) = assigned(d, proposal(d))
        url = f"/proposals/{a.filing_id}/do/flag_key/"
        r = client(d.officer).post(url, {"key": "1", "leader": ""}, follow=True)
        assert any("设为重点督办须指定督办领导" in m for m in messages_of(r))
        assert not Filing.objects.get(pk=a.filing_id).key
        client(d.officer).post(url, {"key": "1", "leader": "督办领导"})
        assert Filing.objects.get(pk=a.filing_id).key_leader == d.leader
