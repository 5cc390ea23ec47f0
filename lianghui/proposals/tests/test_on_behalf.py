"""The form for filing on someone's behalf or in an organisation's name (views/on_behalf.py),
through the Django test client: the secretariat keys in a delegate's paper filing and a
party's proposal; the government's officer files a motion; each refusal is shown in Chinese,
with what was typed kept, and changes nothing."""

import pytest
from django.test import Client

from lianghui.audit.models import Event
from lianghui.proposals import actions
from lianghui.proposals.access import filing_for
from lianghui.proposals.models import Filer, Filing
from lianghui.proposals.tests.conftest import at

URL = "/proposals/file/"


def client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def refused(response, status: int, *words) -> str:
    assert response.status_code == status, response.status_code
    html = response.content.decode()
    for word in words:
        assert word in html, word
    return html


@pytest.mark.django_db
def test_the_secretariat_keys_in_a_delegates_paper_filing(desk):
    d = desk
    officer = client(d.officer)
    with at("2024-01-11"):
        html = officer.get(URL).content.decode()
        assert "测试区人民代表大会" in html and "测试区政协" in html
        assert (
            "代为录入或以机构名义提出" in client(d.officer).get("/proposals/desk/").content.decode()
        )
        html = officer.get(URL, {"body": d.congress.pk, "kind": "suggestion"}).content.decode()
        assert 'name="lead"' in html and 'name="organisation"' not in html  # 建议: people only
        # The name search works for the secretariat in any body.
        found = officer.get("/proposals/people/", {"body": d.cppcc.pk, "q": "周"})
        assert 'data-name="周一（经济界）"' in found.content.decode()
        r = officer.post(
            URL,
            {
                "kind": "suggestion",
                "body": d.congress.pk,
                "session": d.session.pk,
                "by": "person",
                "lead": "张三",
                "cosigners": "李四、王五",
                "title": "关于增设社区食堂的建议",
                "text": "建议在老年人集中的社区增设食堂。",
            },
            follow=True,
        )
        filing = Filing.objects.get()
        assert r.redirect_chain[-1][0] == f"/proposals/{filing.pk}/"
        assert any("已保存为草稿" in m for m in messages_of(r))
        assert (filing.kind, filing.filer_type, filing.state) == (
            "suggestion",
            "delegates",
            "draft",
        )
        assert filing.created_by == d.officer
        lead = Filer.objects.get(filing=filing, lead=True)
        assert (lead.person, lead.signature, lead.on_paper) == (d.delegates[0], "confirmed", True)
        # The co-signers: one confirms on their own account, the other's paper signature is
        # recorded by the secretariat; then the secretariat submits.
        assert "录入书面联名签名" in r.content.decode()
        client(d.users[1]).post(f"/proposals/{filing.pk}/do/confirm/", {"agree": "1"})
        officer.post(
            f"/proposals/{filing.pk}/do/confirm/", {"person": d.delegates[2].pk, "agree": "1"}
        )
        r = officer.post(f"/proposals/{filing.pk}/do/submit/", follow=True)
        assert "已提交。" in messages_of(r)
    filing.refresh_from_db()
    assert filing.state == "submitted" and filing.number == 1
    signed = dict(filing.filers.values_list("person_id", "on_paper"))
    assert signed == {d.delegates[0].pk: True, d.delegates[1].pk: False, d.delegates[2].pk: True}
    # The delegate finds it among their own.
    assert "关于增设社区食堂的建议" in client(d.users[0]).get("/proposals/").content.decode()


@pytest.mark.django_db
def test_the_secretariat_files_in_an_organisations_name(desk):
    d = desk
    officer = client(d.officer)
    with at("2024-01-11"):
        html = officer.get(URL, {"body": d.cppcc.pk, "kind": "proposal"}).content.decode()
        assert f'value="party:{d.party.pk}"' in html and f'value="sector:{d.sector.pk}"' in html
        assert f'value="committee:{d.committee.pk}"' not in html  # the congress's committee
        r = officer.post(
            URL,
            {
                "kind": "proposal",
                "body": d.cppcc.pk,
                "by": "organisation",
                "organisation": f"party:{d.party.pk}",
                "title": "关于促进民营经济发展的提案",
                "text": "建议完善民营企业服务机制。",
            },
        )
        proposal = Filing.objects.get()
        assert r.status_code == 302 and r["Location"] == f"/proposals/{proposal.pk}/"
        assert (proposal.filer_type, proposal.organisation) == ("party", d.party)
        assert not proposal.filers.exists()
        assert filing_for(d.party_officer.user, proposal.pk) == proposal  # the party's own
        officer.post(f"/proposals/{proposal.pk}/do/submit/")
        # A motion by the government, with its grounds and solution.
        html = officer.get(URL, {"body": d.congress.pk, "kind": "motion"}).content.decode()
        assert f'value="presidium:{d.presidium.pk}"' in html
        assert f'value="government:{d.government.pk}"' in html
        # A delegation is offered only where the local rules let it file motions (LOL 22).
        assert f'value="delegation:{d.hall.east.pk}"' not in html
        actions.update_settings(d.congress, d.officer, delegations_may_file_motions=True)
        html = officer.get(URL, {"body": d.congress.pk, "kind": "motion"}).content.decode()
        assert f'value="delegation:{d.hall.east.pk}"' in html
        officer.post(
            URL,
            {
                "kind": "motion",
                "body": d.congress.pk,
                "session": d.session.pk,
                "by": "organisation",
                "organisation": f"government:{d.government.pk}",
                "title": "关于提请审议区生活垃圾管理办法的议案",
                "grounds": "需要统一规范。",
                "solution": "制定管理办法。",
            },
        )
    proposal.refresh_from_db()
    assert proposal.state == "submitted"
    motion = Filing.objects.get(kind="motion")
    assert (motion.filer_type, motion.organisation, motion.session) == (
        "government",
        d.government,
        d.session,
    )
    event = Event.objects.get(kind="proposals.filed", subject=f"proposals.filing:{motion.pk}")
    assert event.data["organisation"] == d.government.pk and event.data["lead"] is None


@pytest.mark.django_db
def test_refusals_are_shown_in_chinese_and_change_nothing(desk):
    d = desk
    officer = client(d.officer)
    suggestion = {
        "kind": "suggestion",
        "body": d.congress.pk,
        "session": d.session.pk,
        "by": "person",
        "title": "关于增设社区食堂的建议",
        "text": "建议在老年人集中的社区增设食堂。",
    }
    motion = {
        "kind": "motion",
        "body": d.congress.pk,
        "session": d.session.pk,
        "by": "organisation",
        "title": "关于制定管理办法的议案",
        "grounds": "理由",
        "solution": "办法",
    }
    before = Event.objects.count()
    with at("2024-01-11"):
        # The lead is no delegate of the congress; the form comes back as it was typed.
        html = refused(
            officer.post(URL, {**suggestion, "lead": "周一"}),
            422,
            "周一不是测试区人民代表大会的代表，不能领衔提出。",
            "建议在老年人集中的社区增设食堂。",
        )
        assert 'value="person" checked' in html
        refused(officer.post(URL, {**suggestion, "lead": ""}), 422, "请填写领衔提出的代表姓名。")
        refused(officer.post(URL, {**suggestion, "lead": "张三、李四"}), 422, "领衔人只能填写一人")
        refused(officer.post(URL, {**suggestion, "lead": "无此人"}), 422, "未找到“无此人”")
        # Organisations: none chosen, one that may not file a motion, one of another body.
        refused(officer.post(URL, motion), 422, "请选择提出的机构。")
        refused(
            officer.post(URL, {**motion, "organisation": f"party:{d.party.pk}"}),
            422,
            "党派不能提出议案。",
        )
        refused(
            officer.post(
                URL,
                {
                    "kind": "proposal",
                    "body": d.cppcc.pk,
                    "by": "organisation",
                    "organisation": f"committee:{d.committee.pk}",
                    "title": "关于完善法规的提案",
                    "text": "内容",
                },
            ),
            422,
            "法制委员会不属于测试区政协。",
        )
        # A motion with too few delegates, keyed in on paper.
        refused(
            officer.post(
                URL,
                {**motion, "by": "person", "lead": "张三", "cosigners": "李四、王五"},
            ),
            422,
            "10 名以上代表联名",
        )
    assert not Filing.objects.exists() and Event.objects.count() == before


@pytest.mark.django_db
def test_an_organisations_officer_files_in_its_name_only(desk):
    d = desk
    party = client(d.party_officer.user)
    with at("2024-01-11"):
        assert "以机构名义提出" in party.get("/proposals/").content.decode()
        html = party.get(URL).content.decode()
        assert "测试区政协" in html and "测试区人民代表大会" not in html
        html = party.get(URL, {"body": d.cppcc.pk, "kind": "proposal"}).content.decode()
        assert f'value="party:{d.party.pk}"' in html and 'name="lead"' not in html
        assert f'value="sector:{d.sector.pk}"' not in html  # not theirs
        proposal = {
            "kind": "proposal",
            "body": d.cppcc.pk,
            "by": "organisation",
            "title": "关于促进民营经济发展的提案",
            "text": "建议完善民营企业服务机制。",
        }
        # Not in another's name, and not keying in a member's paper filing.
        refused(
            party.post(URL, {**proposal, "organisation": f"sector:{d.sector.pk}"}),
            403,
            "只有经济界的负责人、工作人员或秘书处可以以其名义提出。",
        )
        refused(
            party.post(URL, {**proposal, "by": "person", "lead": "周一"}),
            422,
            "只有秘书处可以代代表或委员录入书面提出的件。",
        )
        assert not Filing.objects.exists()
        r = party.post(URL, {**proposal, "organisation": f"party:{d.party.pk}"})
        assert r.status_code == 302
    filing = Filing.objects.get()
    assert (filing.organisation, filing.created_by) == (d.party, d.party_officer.user)
    # Neither a delegate nor a unit's clerk has this form.
    for user in (d.users[0], d.clerks[0], d.outsider):
        assert client(user).get(URL).status_code == 404
    assert client().get(URL).status_code == 302  # to sign in
