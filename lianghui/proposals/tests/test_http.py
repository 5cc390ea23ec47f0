"""The proposals API through HTTP, for each member of the cast: the filer, a co-signer, the
secretariat, the staff of the assigned unit, the staff of another unit (404), the public
(only what is published); and every bad input of the issue refused with a Chinese 4xx that
changes nothing."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lianghui.audit.models import Event
from lianghui.proposals.models import (
    Assignment,
    Attachment,
    Filer,
    Filing,
    Rating,
    ReassignRequest,
    Reply,
)
from lianghui.proposals.tests.conftest import PDF_BYTES, at
from lianghui.proposals.tests.flows import assigned, proposal, suggestion

API = "/api/proposals"
HAN = re.compile(r"[\u4e00-\u9fff]")


def client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def post(c, url, body=None):
    return c.post(f"{API}{url}", body or {}, content_type="application/json")


def ok(response, status=200) -> dict:
    assert response.status_code == status, response.content.decode()
    return response.json()


def refused(response, status: int, code: str) -> str:
    assert response.status_code == status, response.content.decode()
    body = response.json()
    assert body["code"] == code, body
    assert HAN.search(body["message"]), body  # a message a clerk can read
    return body["message"]


def steps(body) -> set[str]:
    return {a["action"] for a in body["actions"]}


def pdf(name="答复.pdf", data=PDF_BYTES):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def snapshot():
    models = (Filing, Filer, Assignment, Reply, Rating, Attachment, ReassignRequest, Event)
    return {m.__name__: m.objects.count() for m in models}


@pytest.mark.django_db
def test_a_suggestion_from_filing_to_rating_for_each_role(desk, django_capture_on_commit_callbacks):
    d = desk
    filer, cosigner, officer = client(d.users[0]), client(d.users[1]), client(d.officer)
    lead, co, other, public = (
        client(d.clerks[0]),
        client(d.clerks[1]),
        client(d.clerks[2]),
        client(),
    )
    with at("2024-01-11"):
        body = ok(
            post(
                filer,
                "/",
                {
                    "kind": "suggestion",
                    "body_id": d.congress.pk,
                    "session_id": d.session.pk,
                    "title": "关于优化公交线路的建议",
                    "filer_type": "delegates",
                    "cosigner_ids": [d.delegates[1].pk],
                    "text": "建议增开社区巴士。",
                },
            ),
            201,
        )
        pk = body["id"]
        assert body["state"] == "draft" and body["filed_by"] == d.delegates[0].name
        assert {"submit", "edit_draft", "withdraw"} <= steps(body)
        assert [f["signature"] for f in body["filers"]] == ["confirmed", "pending"]
        assert steps(ok(cosigner.get(f"{API}/{pk}"))) == {"confirm"}
        assert other.get(f"{API}/{pk}").status_code == 404
        refused(post(filer, f"/{pk}/submit"), 409, "signatures_pending")
        assert ok(post(cosigner, f"/{pk}/confirm", {"agree": True}))["signature"] == "confirmed"
        attached = ok(filer.post(f"{API}/{pk}/attachments", {"file": pdf("说明.pdf")}), 201)
        assert attached["name"] == "说明.pdf" and attached["url"].startswith("/proposals/")
        body = ok(post(filer, f"/{pk}/submit"))
        assert (body["state"], body["number"]) == ("submitted", 1)
        assert steps(body) == {"request_withdrawal", "withdraw"}
        refused(post(filer, f"/{pk}/review", {"outcome": "register"}), 403, "forbidden")
    with at("2024-01-15"), django_capture_on_commit_callbacks(execute=True):
        assert ok(post(officer, f"/{pk}/review", {"outcome": "register"}))["state"] == "registered"
        body = ok(
            post(
                officer,
                f"/{pk}/assign",
                {
                    "units": [
                        {"unit_id": d.units[0].pk, "role": "lead"},
                        {"unit_id": d.units[1].pk, "role": "co"},
                    ]
                },
            )
        )
    assert body["state"] == "assigned"
    dues = {a["unit_id"]: (a["role"], a["due"]) for a in body["assignments"]}
    assert dues == {d.units[0].pk: ("lead", "2024-04-15"), d.units[1].pk: ("co", "2024-02-15")}
    lead_a, co_a = (a["id"] for a in sorted(body["assignments"], key=lambda a: a["role"] != "lead"))

    # Each unit sees the filing with its own steps; a third unit does not see it at all.
    assert {"reply", "request_reassign"} <= steps(ok(lead.get(f"{API}/{pk}")))
    assert steps(ok(co.get(f"{API}/{pk}"))) == {"co_opinion", "request_reassign"}
    assert other.get(f"{API}/{pk}").status_code == 404
    assert ok(other.get(f"{API}/"))["count"] == 0
    assert ok(lead.get(f"{API}/"))["count"] == 1
    with at("2024-02-01"):
        assert ok(post(co, f"/assignments/{co_a}/co-opinion", {"text": "同意主办意见。"}), 201)
        refused(
            co.post(f"{API}/assignments/{co_a}/reply", {"text": "x", "result": "solved"}),
            409,
            "co_unit_cannot_reply",
        )
    with at("2024-03-01"):
        answer = ok(
            lead.post(
                f"{API}/assignments/{lead_a}/reply",
                {"text": "已开通社区巴士 3 条。", "result": "solved", "files": [pdf()]},
            ),
            201,
        )
    assert answer["result_label"] == "解决或采纳" and answer["on_time"]
    assert [a["name"] for a in answer["attachments"]] == ["答复.pdf"]
    assert steps(ok(filer.get(f"{API}/{pk}"))) == {"rate", "rate_satisfied", "rate_unsatisfied"}
    assert steps(ok(cosigner.get(f"{API}/{pk}"))) == set()  # only the lead filer rates
    with at("2024-03-05"):
        refused(
            post(cosigner, f"/replies/{answer['id']}/rate", {"level": "satisfied"}),
            403,
            "forbidden",
        )
        rating = ok(post(filer, f"/replies/{answer['id']}/rate", {"level": "satisfied"}), 201)
        assert rating["label"] == "满意"
        assert public.get(f"{API}/{pk}").status_code == 404  # not published yet
        assert ok(post(officer, f"/{pk}/publish"))["public"] is True
    body = ok(filer.get(f"{API}/{pk}"))
    assert body["state"] == "closed" and body["replies"][0]["rating"]["level"] == "satisfied"
    labels = [e["label"] for e in body["history"]]
    assert labels[0] == "填写" and "提出会办意见" in labels
    assert [e["action"] for e in body["history"]][-3:] == ["reply", "rate_satisfied", "publish"]

    # The public: the published filing and its public reply; no rating, no history.
    listing = ok(public.get(f"{API}/"))
    assert [row["id"] for row in listing["items"]] == [pk]
    seen = ok(public.get(f"{API}/{pk}"))
    assert seen["actions"] == [] and seen["history"] == []
    assert seen["replies"][0]["text"] == "已开通社区巴士 3 条。"
    assert seen["replies"][0]["rating"] is None
    assert (
        public.get(f"/proposals/attachments/{answer['attachments'][0]['id']}/").status_code == 200
    )
    assert post(public, f"/{pk}/publish").status_code == 401


@pytest.mark.django_db
def test_fewer_cosigners_than_a_joint_motion_needs(desk):
    d = desk
    before = snapshot()
    with at("2024-01-11"):
        message = refused(
            post(
                client(d.users[0]),
                "/",
                {
                    "kind": "motion",
                    "body_id": d.congress.pk,
                    "session_id": d.session.pk,
                    "title": "关于制定区生活垃圾分类管理办法的议案",
                    "filer_type": "delegates",
                    "cosigner_ids": [p.pk for p in d.delegates[1:4]],
                    "grounds": "缺乏统一规范。",
                    "solution": "由区政府制定管理办法。",
                },
            ),
            422,
            "too_few_signers",
        )
    assert "10 名以上代表联名" in message and "现有 4 名" in message
    assert snapshot() == before


@pytest.mark.django_db
def test_a_cosigner_who_is_not_a_delegate(desk):
    d = desk
    before = snapshot()
    with at("2024-01-11"):
        message = refused(
            post(
                client(d.users[0]),
                "/",
                {
                    "kind": "suggestion",
                    "body_id": d.congress.pk,
                    "title": "关于学校午餐的建议",
                    "filer_type": "delegates",
                    "cosigner_ids": [d.members[0].pk],
                    "text": "建议改进。",
                },
            ),
            422,
            "not_a_delegate",
        )
    assert d.members[0].name in message and "不能参加联名" in message
    assert snapshot() == before


@pytest.mark.django_db
def test_assigning_to_a_unit_that_does_not_exist(desk):
    d = desk
    with at("2024-01-15"):
        filing = suggestion(d)
        post(client(d.officer), f"/{filing.pk}/review", {"outcome": "register"})
        before = snapshot()
        message = refused(
            post(
                client(d.officer),
                f"/{filing.pk}/assign",
                {"units": [{"unit_id": 999999, "role": "lead"}]},
            ),
            422,
            "unknown_unit",
        )
        # Not a handling unit either: the congress itself.
        refused(
            post(
                client(d.officer),
                f"/{filing.pk}/assign",
                {"units": [{"unit_id": d.congress.pk, "role": "lead"}]},
            ),
            422,
            "unknown_unit",
        )
    assert "承办单位不存在" in message
    assert snapshot() == before
    assert Filing.objects.get(pk=filing.pk).state == "registered"


@pytest.mark.django_db
def test_replying_after_the_deadline_without_an_extension(desk):
    d = desk
    with at("2024-01-15"):
        (a,) = assigned(d, suggestion(d))
    lead = client(d.clerks[0])
    with at("2024-04-16"):
        before = snapshot()
        message = refused(
            lead.post(
                f"{API}/assignments/{a.pk}/reply",
                {"text": "列入计划。", "result": "planned", "files": [pdf()]},
            ),
            409,
            "reply_overdue",
        )
        assert "2024年04月15日" in message and snapshot() == before
        refused(
            post(lead, f"/assignments/{a.pk}/extend", {"due": "2024-05-15", "reason": "协调"}),
            403,
            "forbidden",
        )
        body = ok(
            post(
                client(d.officer),
                f"/assignments/{a.pk}/extend",
                {"due": "2024-05-15", "reason": "涉及多部门，需协调"},
            )
        )
        assert body["assignments"][0]["effective_due"] == "2024-05-15"
        answer = ok(
            lead.post(
                f"{API}/assignments/{a.pk}/reply", {"text": "列入计划。", "result": "planned"}
            ),
            201,
        )
    assert answer["due"] == "2024-05-15" and answer["on_time"] is False


@pytest.mark.django_db
def test_rating_a_reply_twice(desk):
    d = desk
    with at("2024-01-15"):
        (a,) = assigned(d, suggestion(d))
        lead = client(d.clerks[0])
        answer = ok(
            lead.post(f"{API}/assignments/{a.pk}/reply", {"text": "已办。", "result": "solved"}),
            201,
        )
    filer = client(d.users[0])
    with at("2024-01-20"):
        refused(
            post(filer, f"/replies/{answer['id']}/rate", {"level": "unsatisfied"}),
            422,
            "comment_required",
        )
        ok(post(filer, f"/replies/{answer['id']}/rate", {"level": "basic", "comment": "尚可"}), 201)
        before = snapshot()
        message = refused(
            post(filer, f"/replies/{answer['id']}/rate", {"level": "unsatisfied", "comment": "x"}),
            409,
            "already_rated",
        )
    assert "只能评价一次" in message and snapshot() == before
    assert Rating.objects.get().level == "basic"


@pytest.mark.django_db
def test_a_handling_unit_opening_another_units_filing(desk):
    d = desk
    with at("2024-01-15"):
        (a,) = assigned(d, suggestion(d))
        theirs = client(d.clerks[1])
        before = snapshot()
        for response in (
            theirs.get(f"{API}/{a.filing_id}"),
            post(theirs, f"/assignments/{a.pk}/co-opinion", {"text": "意见"}),
            post(theirs, f"/assignments/{a.pk}/reassign-request", {"reason": "不属于我们"}),
            theirs.post(f"{API}/assignments/{a.pk}/reply", {"text": "答复", "result": "solved"}),
            theirs.get(f"/proposals/{a.filing_id}/"),
            theirs.get(f"/proposals/unit/{a.pk}/"),
        ):
            assert response.status_code == 404
            if response["Content-Type"].startswith("application/json"):
                assert HAN.search(response.json()["message"])
    assert snapshot() == before


@pytest.mark.django_db
def test_an_upload_that_is_not_a_document(desk):
    d = desk
    with at("2024-01-15"):
        draft = suggestion(d, cosigners=(), submit=False)
        filer = client(d.users[0])
        before = snapshot()
        for name, data in [("材料.exe", PDF_BYTES), ("材料.pdf", b"MZ\x90\x00 not a pdf")]:
            message = refused(
                filer.post(f"{API}/{draft.pk}/attachments", {"file": pdf(name, data)}),
                422,
                "bad_document",
            )
            assert name in message
        other = suggestion(d, title="关于学校午餐的建议")
        (a,) = assigned(d, other)
        before = snapshot()
        refused(
            client(d.clerks[0]).post(
                f"{API}/assignments/{a.pk}/reply",
                {"text": "答复", "result": "solved", "files": [pdf(), pdf("答复.exe")]},
            ),
            422,
            "bad_document",
        )
    assert snapshot() == before and Filing.objects.get(pk=other.pk).state == "assigned"


@pytest.mark.django_db
def test_a_joint_motion_through_the_presidium(desk):
    d = desk
    officer = client(d.officer)
    with at("2024-01-10", hour=9):
        ok(
            post(
                officer,
                f"/sessions/{d.session.pk}/motion-deadline",
                {"closes_at": "2024-01-11T12:00:00+08:00"},
            )
        )
        refused(
            post(
                client(d.users[0]),
                f"/sessions/{d.session.pk}/motion-deadline",
                {"closes_at": "2024-01-11T12:00:00+08:00"},
            ),
            403,
            "forbidden",
        )
        body = ok(
            post(
                client(d.users[0]),
                "/",
                {
                    "kind": "motion",
                    "body_id": d.congress.pk,
                    "session_id": d.session.pk,
                    "title": "关于制定区生活垃圾分类管理办法的议案",
                    "filer_type": "delegates",
                    "cosigner_ids": [p.pk for p in d.delegates[1:10]],
                    "grounds": "缺乏统一规范。",
                    "solution": "由区政府制定管理办法。",
                },
            ),
            201,
        )
        pk = body["id"]
        for user in d.users[1:10]:
            ok(post(client(user), f"/{pk}/confirm", {"agree": True}))
        assert ok(post(client(d.users[0]), f"/{pk}/submit"))["state"] == "submitted"
        refused(post(officer, f"/{pk}/decision", {"decision": "refer"}), 422, "reasons_required")
        body = ok(
            post(
                officer,
                f"/{pk}/decision",
                {"decision": "refer", "reasons": "涉及立法", "committee_id": d.committee.pk},
            )
        )
        assert body["state"] == "committee_review"
        committee = client(d.committee_user)
        body = ok(
            post(
                committee,
                f"/{pk}/committee-opinion",
                {"text": "建议列入议程。", "recommend_listing": True},
            )
        )
        assert body["state"] == "committee_reported"
        body = ok(
            post(officer, f"/{pk}/decision", {"decision": "list", "reasons": "同意委员会意见"})
        )
        assert body["state"] == "on_agenda"
        body = ok(post(officer, f"/{pk}/decision", {"decision": "put_to_vote"}))
    assert body["state"] == "voted"
    assert [x["kind"] for x in body["decisions"]] == [
        "refer",
        "committee_opinion",
        "list",
        "put_to_vote",
    ]


@pytest.mark.django_db
def test_review_merge_key_reassign_and_withdraw(desk):
    d = desk
    officer, member = client(d.officer), client(d.member_users[0])
    with at("2024-01-15"):
        first = proposal(d)
        second = proposal(d, title="关于加强小微企业融资服务的提案")
        refused(
            post(officer, f"/{second.pk}/review", {"outcome": "decline"}), 422, "reasons_required"
        )
        into = ok(
            post(officer, f"/{second.pk}/merge", {"into_id": first.pk, "reasons": "同一事项"})
        )
        assert into["id"] == first.pk
        assert ok(member.get(f"{API}/{second.pk}"))["state"] == "merged"
        ok(post(officer, f"/{first.pk}/review", {"outcome": "register"}))
        refused(post(officer, f"/{first.pk}/key", {"key": True}), 422, "leader_required")
        assert not ok(officer.get(f"{API}/{first.pk}"))["key"]
        body = ok(post(officer, f"/{first.pk}/key", {"key": True, "leader_id": d.leader.pk}))
        assert body["key"] and body["key_leader"] == d.leader.name
        assert ok(client(d.leader.user).get(f"{API}/{first.pk}"))["id"] == first.pk
        body = ok(post(officer, f"/{first.pk}/assign", {"units": [{"unit_id": d.units[0].pk}]}))
        a = body["assignments"][0]["id"]
        request = ok(
            post(
                client(d.clerks[0]),
                f"/assignments/{a}/reassign-request",
                {"reason": "不属于本单位职权", "suggested_unit_id": d.units[2].pk},
            ),
            201,
        )
        refused_row = ok(
            post(officer, f"/reassign-requests/{request['id']}/refuse", {"answer": "属于职权"})
        )
        assert refused_row["state"] == "refused"
        request = ok(
            post(client(d.clerks[0]), f"/assignments/{a}/reassign-request", {"reason": "再次说明"}),
            201,
        )
        body = ok(
            post(
                officer,
                f"/assignments/{a}/reassign",
                {"unit_id": d.units[2].pk, "reason": "同意", "request_id": request["id"]},
            )
        )
    active = [x for x in body["assignments"] if x["active"]]
    assert [x["unit_id"] for x in active] == [d.units[2].pk]
    assert client(d.clerks[0]).get(f"{API}/{first.pk}").status_code == 404
    # A draft is withdrawn at once by its lead.
    draft = proposal(d, submit=False, title="关于社区养老的提案")
    assert ok(post(member, f"/{draft.pk}/withdraw", {"reason": "重复"}))["state"] == "withdrawn"


@pytest.mark.django_db
def test_an_opinion_report_from_submission_to_feedback(desk):
    d = desk
    officer, member = client(d.officer), client(d.member_users[1])
    with at("2024-03-01"):
        body = ok(
            post(
                member,
                "/",
                {
                    "kind": "opinion",
                    "body_id": d.cppcc.pk,
                    "title": "关于老旧小区加装电梯后续管理的建议",
                    "filer_type": "member",
                    "text": "部分小区电梯维保费用分摊困难。",
                },
            ),
            201,
        )
        pk = body["id"]
        ok(post(member, f"/{pk}/submit"))
        body = ok(
            post(officer, f"/{pk}/edit", {"text": "部分老旧小区加装电梯后维保费用分摊困难。"})
        )
        assert body["original_text"] == "部分小区电梯维保费用分摊困难。"
        assert ok(member.get(f"{API}/{pk}"))["original_text"] == "部分小区电梯维保费用分摊困难。"
        ok(post(officer, f"/{pk}/adopt", {"adopted": True, "note": "《社情民意》第 5 期"}))
        body = ok(post(officer, f"/{pk}/forward", {"recipients": [{"unit_id": d.units[2].pk}]}))
        assert body["state"] == "forwarded" and body["forwards"][0]["recipient"] == "区住建委"
        ok(
            post(
                officer,
                f"/{pk}/feedback",
                {"kind": "instruction", "source": "副区长", "text": "请住建委研究。"},
            ),
            201,
        )
        body = ok(post(officer, f"/{pk}/conclude"))
    assert body["state"] == "closed" and body["feedback"][0]["kind_label"] == "领导批示"


@pytest.mark.django_db
def test_list_filters_and_pages(desk):
    d = desk
    with at("2024-01-15"):
        for i in range(3):
            suggestion(d, title=f"关于第{i}件事的建议")
        (a,) = assigned(d, proposal(d))
    officer = client(d.officer)
    page = ok(officer.get(f"{API}/", {"page_size": 2}))
    assert (page["count"], len(page["items"])) == (4, 2)
    assert len(ok(officer.get(f"{API}/", {"page_size": 2, "page": 2}))["items"]) == 2
    assert ok(officer.get(f"{API}/", {"kind": "proposal"}))["count"] == 1
    assert ok(officer.get(f"{API}/", {"state": "submitted", "year": 2024}))["count"] == 3
    assert ok(officer.get(f"{API}/", {"unit_id": d.units[0].pk}))["items"][0]["id"] == a.filing_id
    assert ok(officer.get(f"{API}/", {"year": 2023}))["count"] == 0
    assert ok(client(d.users[5]).get(f"{API}/"))["count"] == 0
    assert ok(client().get(f"{API}/"))["count"] == 0
    refused(officer.get(f"{API}/", {"page": "x"}), 422, "invalid_input")


@pytest.mark.django_db
def test_settings_never_beyond_the_law(desk):
    d = desk
    officer = client(d.officer)
    assert ok(officer.get(f"{API}/bodies/{d.congress.pk}/settings"))["reply_months"] == 3
    body = ok(post(officer, f"/bodies/{d.congress.pk}/settings", {"reply_months": 2}))
    assert body["reply_months"] == 2
    refused(
        post(officer, f"/bodies/{d.congress.pk}/settings", {"reply_months": 4}), 422, "bad_setting"
    )
    refused(
        post(client(d.users[0]), f"/bodies/{d.congress.pk}/settings", {"reply_months": 2}),
        403,
        "forbidden",
    )
    assert ok(officer.get(f"{API}/bodies/{d.congress.pk}/settings"))["reply_months"] == 2


@pytest.mark.django_db
def test_settings_null_keeps_a_setting_and_bad_values_are_refused_in_chinese(desk):
    d = desk
    officer = client(d.officer)
    url = f"/bodies/{d.congress.pk}/settings"
    ok(post(officer, url, {"reply_months": 2, "holidays": ["2024-05-01"]}))
    # Every field null: nothing changes (and nothing crashes).
    nulls = dict.fromkeys(
        [
            "township",
            "delegations_may_file_motions",
            "reply_months",
            "difficult_reply_months",
            "cohandler_months",
            "rating_working_days",
            "rereply_months",
            "reassign_working_days",
            "remind_days",
            "holidays",
            "workdays",
        ]
    )
    body = ok(post(officer, url, nulls))
    assert (body["reply_months"], body["holidays"], body["township"]) == (2, ["2024-05-01"], False)
    body = ok(post(officer, url, {"reply_months": None, "township": True}))
    assert (body["reply_months"], body["township"]) == (2, True)
    # A null body keeps everything too.
    body = ok(officer.post(f"{API}{url}", "null", content_type="application/json"))
    assert (body["reply_months"], body["township"]) == (2, True)
    # Wrong types: a Chinese 422, nothing changed.
    before = snapshot()
    for bad in ({"reply_months": "三"}, {"holidays": [None]}, {"holidays": "2024-05-01"}):
        refused(post(officer, url, bad), 422, "invalid_input")
    assert snapshot() == before
    assert ok(officer.get(f"{API}{url}"))["reply_months"] == 2


@pytest.mark.django_db
def test_units_and_members_by_name(desk):
    d = desk
    c = client(d.users[0])
    assert {u["name"] for u in ok(c.get(f"{API}/units"))} == {"区交通委", "区教育局", "区住建委"}
    found = ok(c.get(f"{API}/bodies/{d.congress.pk}/members", {"q": "李"}))
    assert [p["name"] for p in found] == ["李四"] and found[0]["group"] == "东区代表团"
    assert client().get(f"{API}/units").status_code == 401


def test_openapi_lists_the_proposals_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in [
        "/api/proposals/",
        "/api/proposals/{filing_id}",
        "/api/proposals/{filing_id}/draft",
        "/api/proposals/{filing_id}/confirm",
        "/api/proposals/{filing_id}/attachments",
        "/api/proposals/{filing_id}/submit",
        "/api/proposals/{filing_id}/withdraw",
        "/api/proposals/sessions/{session_id}/motion-deadline",
        "/api/proposals/{filing_id}/decision",
        "/api/proposals/{filing_id}/committee-opinion",
        "/api/proposals/{filing_id}/study-report",
        "/api/proposals/{filing_id}/review",
        "/api/proposals/{filing_id}/merge",
        "/api/proposals/{filing_id}/key",
        "/api/proposals/{filing_id}/publish",
        "/api/proposals/{filing_id}/assign",
        "/api/proposals/assignments/{assignment_id}/reassign-request",
        "/api/proposals/assignments/{assignment_id}/reassign",
        "/api/proposals/reassign-requests/{request_id}/refuse",
        "/api/proposals/assignments/{assignment_id}/extend",
        "/api/proposals/assignments/{assignment_id}/co-opinion",
        "/api/proposals/assignments/{assignment_id}/reply",
        "/api/proposals/replies/{reply_id}/rate",
        "/api/proposals/{filing_id}/conclude",
        "/api/proposals/{filing_id}/edit",
        "/api/proposals/{filing_id}/adopt",
        "/api/proposals/{filing_id}/forward",
        "/api/proposals/{filing_id}/feedback",
        "/api/proposals/bodies/{body_id}/settings",
    ]:
        assert path in paths, path
    assert "201" in paths["/api/proposals/"]["post"]["responses"]
    reply = paths["/api/proposals/assignments/{assignment_id}/reply"]["post"]
    assert "multipart/form-data" in reply["requestBody"]["content"]
