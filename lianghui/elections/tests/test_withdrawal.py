"""Withdrawing a nomination before the slate is fixed: on the nominee's written request, or
on the nominators' (the presidium, or every signer of a joint nomination); kept and marked,
no longer offered to the slate nor counted against a nominator's LOL 26 limit."""

import pytest
from django.test import Client

from conftest import PASSWORD
from lianghui.audit.log import verify_chain
from lianghui.audit.models import Event
from lianghui.elections import actions
from lianghui.elections.models import ElectionState, Nomination, Office
from lianghui.errors import ActionError, PermissionDenied
from lianghui.people.models import Membership, Person, Role


@pytest.fixture
def ten(decide, hall):
    """The hall with ten delegates (ten may nominate jointly, LOL 26); a court president to
    elect, one seat; 麦珏 nominated by the presidium, 林岚 jointly by the ten."""
    for name in ("周一", "吴二", "郑九", "冯十"):
        person = Person.objects.create(name=name)
        Membership.objects.create(
            person=person, organisation=hall.congress, role=Role.DELEGATE, start=hall.term.start
        )
        hall.delegates.append(person)
    office = Office.objects.create(body=hall.congress, title="区人民法院院长", kind="head")
    hall.election = actions.create_election(hall.plenary, office, 1, hall.officer)
    hall.mai, hall.lin = Person.objects.create(name="麦珏"), Person.objects.create(name="林岚")
    hall.by_presidium = actions.nominate(
        hall.election,
        hall.mai,
        hall.officer,
        by_presidium=True,
        decision=decide.nomination(hall.election, [hall.mai]),
    )
    hall.signer_ids = [d.pk for d in hall.delegates]
    hall.joint = actions.nominate(
        hall.election, hall.lin, hall.officer, by_presidium=False, signer_ids=hall.signer_ids
    )
    return hall


def withdrawals():
    return Event.objects.filter(kind="elections.nomination_withdrawn")


def test_nominee_declines_audited_and_left_off_the_slate(decide, ten):
    hall = ten
    n = actions.withdraw_nomination(
        hall.by_presidium, "麦珏书面表示不接受提名。", hall.officer, by="nominee"
    )
    assert n.withdrawn and n.withdrawn_at and n.withdrawn_by == hall.officer
    assert (n.withdrawn_on_request_of, n.withdrawn_reason) == (
        "nominee",
        "麦珏书面表示不接受提名。",
    )
    assert Nomination.objects.filter(pk=n.pk).exists()  # kept, marked
    (event,) = withdrawals()
    assert (
        event.data["person"] == hall.mai.pk and event.data["reason"] == "麦珏书面表示不接受提名。"
    )
    assert event.data["on_request_of"] == "nominee"
    with pytest.raises(ActionError) as e:
        actions.fix_candidates(
            hall.election,
            [hall.mai.pk],
            decide.candidates(hall.election, [hall.mai.pk]),
            hall.officer,
        )
    assert e.value.code == "not_nominated"
    # Only 林岚 is still nominated: a head may then stand uncontested (LOL 27).
    slate = actions.fix_candidates(
        hall.election, [hall.lin.pk], decide.candidates(hall.election, [hall.lin.pk]), hall.officer
    )
    assert [c.person_id for c in slate] == [hall.lin.pk]
    assert verify_chain().ok


def test_refusals_change_nothing(decide, ten):
    hall = ten

    def refused(nomination, reason="本人书面要求撤回。", user=None, **kw):
        kw.setdefault("by", "nominee")
        with pytest.raises(ActionError) as e:
            actions.withdraw_nomination(nomination, reason, user or hall.officer, **kw)
        return e.value

    assert refused(hall.by_presidium, "  ").code == "reason_required"
    assert "理由" in refused(hall.by_presidium, "").message
    assert isinstance(refused(hall.by_presidium, user=hall.delegate_user), PermissionDenied)
    assert refused(hall.by_presidium, by="someone").code == "bad_requester"
    # A joint nomination: every signer must ask; the missing one is named.
    e = refused(hall.joint, by="nominators", requested_by=hall.signer_ids[:-1])
    assert e.code == "signers_missing" and hall.delegates[-1].name in e.message
    assert not withdrawals().exists()
    assert not Nomination.objects.filter(withdrawn=True).exists()
    # After the slate is fixed, nothing can be withdrawn.
    actions.withdraw_nomination(
        hall.joint,
        "联名代表全体书面要求撤回。",
        hall.officer,
        by="nominators",
        requested_by=hall.signer_ids,
    )
    assert refused(hall.joint, by="nominee").code == "already_withdrawn"
    actions.fix_candidates(
        hall.election, [hall.mai.pk], decide.candidates(hall.election, [hall.mai.pk]), hall.officer
    )
    e = refused(hall.by_presidium)
    assert e.code == "bad_state" and "提名中" in e.message
    hall.by_presidium.refresh_from_db()
    assert not hall.by_presidium.withdrawn and withdrawals().count() == 1


def test_signers_may_nominate_again_within_the_limit(decide, ten):
    hall = ten
    other = Person.objects.create(name="高远")
    with pytest.raises(ActionError) as e:  # each of the ten has nominated 1 for 1 seat
        actions.nominate(
            hall.election, other, hall.officer, by_presidium=False, signer_ids=hall.signer_ids
        )
    assert e.value.code == "nomination_limit"
    actions.withdraw_nomination(
        hall.joint,
        "联名代表全体书面要求撤回。",
        hall.officer,
        by="nominators",
        requested_by=hall.signer_ids,
    )
    actions.nominate(
        hall.election, other, hall.officer, by_presidium=False, signer_ids=hall.signer_ids
    )
    # The presidium withdraws its own nomination by its own decision, and may nominate anew.
    actions.withdraw_nomination(
        hall.by_presidium, "主席团决定撤回。", hall.officer, by="nominators"
    )
    actions.nominate(
        hall.election,
        hall.lin,
        hall.officer,
        by_presidium=True,
        decision=decide.nomination(hall.election, [hall.lin]),
    )
    standing = hall.election.nominations.filter(withdrawn=False)
    assert sorted(standing.values_list("person_id", flat=True)) == sorted([other.pk, hall.lin.pk])


def _client(user):
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def test_api_and_page(ten):
    hall = ten
    url = f"/api/elections/nominations/{hall.by_presidium.pk}/withdraw"
    body = {"by": "nominee", "reason": "麦珏书面表示不接受提名。"}
    r = _client(hall.delegate_user).post(url, body, content_type="application/json")
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    chair = _client(hall.officer)
    r = chair.post(url, {"by": "nominee", "reason": ""}, content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "reason_required"
    r = chair.post(url, body, content_type="application/json")
    assert r.status_code == 200, r.content.decode()
    data = r.json()
    assert [n["name"] for n in data["nominations"]] == ["林岚"]
    (w,) = data["withdrawn_nominations"]
    assert w["withdrawn"] and w["name"] == "麦珏" and w["withdrawn_reason"] == body["reason"]
    assert w["withdrawn_on_request_of"] == "nominee"

    # The page: the joint nomination withdrawn through its form, then both shown withdrawn.
    page = f"/elections/{hall.election.pk}/"
    html = chair.get(page).content.decode()
    assert "撤回提名" in html and "已撤回的提名" in html and body["reason"] in html
    step = f"/elections/{hall.election.pk}/step/withdraw/"
    form = {"nomination": hall.joint.pk, "by": "nominators", "reason": "联名代表全体书面要求撤回。"}
    r = chair.post(step, {**form, "requested_by": hall.signer_ids[:3]}, follow=True)
    assert "尚缺" in r.content.decode()
    assert not Nomination.objects.get(pk=hall.joint.pk).withdrawn
    chair.post(step, {**form, "requested_by": hall.signer_ids})
    assert Nomination.objects.get(pk=hall.joint.pk).withdrawn
    html = chair.get(page).content.decode()
    assert "暂无提名" in html and "联名代表全体书面要求撤回。" in html
    assert html.count("<s>") == 2
    # Nothing standing: no slate form; the public sees the withdrawals, not the forms.
    assert "确定正式候选人名单" not in html
    public = _client(hall.delegate_user).get(page).content.decode()
    assert "已撤回的提名" in public and 'name="nomination"' not in public
    # Why someone declined may be personal: the reason is for the presidium only.
    assert "联名代表全体书面要求撤回。" not in public
    seen = _client(hall.delegate_user).get(f"/api/elections/{hall.election.pk}").json()
    assert {w["withdrawn_reason"] for w in seen["withdrawn_nominations"]} == {""}
    assert hall.election.state == ElectionState.DRAFT
