"""Recall and resignation through the HTTP API, with the vote held by the votes app."""

from django.test import Client

from lianghui.audit.models import Event
from lianghui.people.models import Membership
from lianghui.recall.models import Recall, Resignation
from lianghui.votes import actions as votes
from lianghui.votes.models import Poll


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def proposal(hall, **extra):
    return {
        "session_id": hall.session.pk,
        "person_id": hall.head.pk,
        "post": "gov_leader",
        "title": "测试区区长",
        "reasons": "对重大安全事故负有领导责任。",
        "proposer": "delegates",
        "signer_ids": [p.pk for p in hall.delegates[:3]],
        "membership_id": hall.head_post.pk,
        **extra,
    }


def proposed(hall, **extra):
    r = post(hall.office, "/api/recalls/", proposal(hall, **extra))
    assert r.status_code == 201, r.content.decode()
    return r.json()


def count(hall, poll_id, yes):
    poll = Poll.objects.get(pk=poll_id)
    poll, _ = votes.open_poll(poll, hall.officer)
    poll = votes.enter_counts(poll, yes, 21 - yes, 0, hall.officer)
    if poll.state == "closed":  # not published at once
        votes.publish(poll, hall.officer)


def test_a_tenth_of_the_delegates_propose_and_two_are_refused(congress):
    made = proposed(congress)
    assert made["state"] == "proposed" and len(made["signers"]) == 3
    r = post(
        congress.office,
        "/api/recalls/",
        proposal(congress, signer_ids=[p.pk for p in congress.delegates[:2]]),
    )
    assert r.status_code == 422 and "十分之一以上" in r.json()["message"]
    assert Recall.objects.count() == 1


def test_the_presidium_proposes_only_with_its_adopted_decision(congress):
    r = post(congress.office, "/api/recalls/", proposal(congress, proposer="presidium"))
    assert r.status_code == 422 and "地方组织法第三十一条" in r.json()["message"]
    assert not Recall.objects.exists()
    made = proposed(
        congress, proposer="presidium", decision_id=congress.decide("主席团决定提出罢免案。")
    )
    assert made["proposal_decision_id"] and made["signers"] == []


def test_the_vote_waits_for_the_defence_and_needs_the_presidiums_decision(congress):
    pk = proposed(congress)["id"]
    body = {"meeting_id": congress.plenary.pk, "decision_id": congress.decide()}
    r = post(congress.office, f"/api/recalls/{pk}/vote", body)
    assert r.status_code == 422 and "申辩" in r.json()["message"]
    r = post(congress.office, f"/api/recalls/{pk}/defence", {"form": "plenary", "text": "我申辩。"})
    assert r.status_code == 422  # no meeting named
    r = post(
        congress.office,
        f"/api/recalls/{pk}/defence",
        {"form": "written", "text": "本人对事故处置过程作如下说明。"},
    )
    assert r.status_code == 200 and r.json()["defence"] == "written"
    r = post(congress.office, f"/api/recalls/{pk}/vote", {**body, "decision_id": None})
    assert r.status_code == 422 and "提请全体会议表决" in r.json()["message"]
    # A decision of the presidium on another matter is not one on this recall.
    other = congress.decide(subject="resignation")
    r = post(congress.office, f"/api/recalls/{pk}/vote", {**body, "decision_id": other})
    assert r.status_code == 422 and "地方组织法第三十一条" in r.json()["message"]
    r = post(congress.office, f"/api/recalls/{pk}/vote", {**body, "mode": "hands"})
    assert r.status_code == 422 and "无记名" in r.json()["message"]
    r = post(congress.office, f"/api/recalls/{pk}/vote", {**body, "meeting_id": congress.group.pk})
    assert r.status_code == 422
    assert not Poll.objects.filter(question__contains="罢免").exists()


def _to_vote(hall, yes: int) -> dict:
    pk = proposed(hall)["id"]
    post(hall.office, f"/api/recalls/{pk}/defence", {"form": "declined"})
    r = post(
        hall.office,
        f"/api/recalls/{pk}/vote",
        {"meeting_id": hall.plenary.pk, "decision_id": hall.decide(), "mode": "paper"},
    )
    assert r.status_code == 200, r.content.decode()
    poll = Poll.objects.get(pk=r.json()["vote"]["poll_id"])
    assert (poll.base, poll.fraction_numerator, poll.fraction_denominator, poll.strict) == (
        "all",
        1,
        2,
        True,
    )
    assert poll.secret and "罢免周区长的测试区区长职务" in poll.decides
    r = post(hall.office, f"/api/recalls/{pk}/conclude")
    assert r.status_code == 409  # the vote has not been held
    count(hall, poll.pk, yes)
    return post(hall.office, f"/api/recalls/{pk}/conclude").json()


def test_eleven_of_twenty_one_carry_the_recall_and_end_the_post(congress):
    done = _to_vote(congress, 11)
    assert done["state"] == "carried" and done["vote"]["passed"] is True
    assert Membership.objects.get(pk=congress.head_post.pk).end is not None
    kinds = set(Event.objects.filter(kind__startswith="recall.").values_list("kind", flat=True))
    assert kinds == {"recall.proposed", "recall.defence", "recall.put_to_vote", "recall.concluded"}


def test_ten_of_twenty_one_do_not(congress):
    done = _to_vote(congress, 10)
    assert done["state"] == "failed"
    assert Membership.objects.get(pk=congress.head_post.pk).end is None


def test_a_resignation_accepted_by_a_majority_of_all_delegates(congress):
    r = post(
        congress.office,
        "/api/resignations/",
        {
            "session_id": congress.session.pk,
            "person_id": congress.head.pk,
            "post": "gov_leader",
            "title": "测试区区长",
            "letter": "因工作调动，请求辞去测试区区长职务。",
            "membership_id": congress.head_post.pk,
        },
    )
    assert r.status_code == 201, r.content.decode()
    pk = r.json()["id"]
    r = post(congress.office, f"/api/resignations/{pk}/vote", {"meeting_id": congress.plenary.pk})
    assert r.status_code == 422 and "地方组织法第三十二条" in r.json()["message"]
    r = post(
        congress.office,
        f"/api/resignations/{pk}/vote",
        {
            "meeting_id": congress.plenary.pk,
            "decision_id": congress.decide(subject="resignation"),
            "mode": "hands",
        },
    )
    assert r.status_code == 200 and r.json()["state"] == "voting"
    count(congress, r.json()["vote"]["poll_id"], 11)
    done = post(congress.office, f"/api/resignations/{pk}/conclude").json()
    assert done["state"] == "carried" and "全体代表" in done["vote"]["sentence"]
    assert Membership.objects.get(pk=congress.head_post.pk).end is not None


def test_a_department_head_does_not_resign_to_the_congress(congress):
    r = post(
        congress.office,
        "/api/resignations/",
        {
            "session_id": congress.session.pk,
            "person_id": congress.head.pk,
            "post": "gov_department",
            "title": "测试区教育局局长",
            "letter": "请求辞职。",
        },
    )
    assert r.status_code == 422 and "地方组织法第三十二条" in r.json()["message"]
    assert not Resignation.objects.exists()


def test_a_procurators_recall_waits_for_approval(congress):
    pk = proposed(congress, post="procurator", title="测试区人民检察院检察长")["id"]
    post(congress.office, f"/api/recalls/{pk}/defence", {"form": "declined"})
    r = post(
        congress.office,
        f"/api/recalls/{pk}/vote",
        {"meeting_id": congress.plenary.pk, "decision_id": congress.decide(), "mode": "paper"},
    )
    count(congress, r.json()["vote"]["poll_id"], 15)
    done = post(congress.office, f"/api/recalls/{pk}/conclude").json()
    assert done["state"] == "awaiting_approval"
    assert Membership.objects.get(pk=congress.head_post.pk).end is None


def test_only_the_secretariat_records_and_outsiders_read_a_public_session(congress):
    delegate = Client()
    delegate.force_login(congress.delegate_user)
    assert post(delegate, "/api/recalls/", proposal(congress)).status_code == 403
    pk = proposed(congress)["id"]
    assert Client().get(f"/api/recalls/{pk}").json()["reasons"].startswith("对重大")
    assert len(Client().get(f"/api/recalls/sessions/{congress.session.pk}").json()) == 1
    congress.session.public = False
    congress.session.save(update_fields=["public"])
    assert Client().get(f"/api/recalls/{pk}").status_code in (401, 404)


def test_the_secretariat_of_this_congress_records_and_that_of_another_body_may_not(congress):
    from django.contrib.auth.models import User

    from lianghui.people import seats
    from lianghui.people.models import Organisation, OrgKind

    other = Organisation.objects.create(kind=OrgKind.CPPCC, name="测试区政协")
    own, foreign = (User.objects.create_user(n) for n in ("benjie", "bieren"))
    seats.grant(own, congress.congress, congress.officer, "本届人大会务组")
    seats.grant(foreign, other, congress.officer, "政协会务组")
    for user, status in ((foreign, 403), (own, 201)):
        client = Client()
        client.force_login(user)
        assert post(client, "/api/recalls/", proposal(congress)).status_code == status
        r = post(
            client,
            "/api/interpellations/",
            {
                "session_id": congress.session.pk,
                "filer_ids": [p.pk for p in congress.delegates[:10]],
                "target_kind": "court",
                "target": "测试区人民法院",
                "subject": "关于执行难的质询",
                "questions": "为何？",
            },
        )
        assert r.status_code == status
