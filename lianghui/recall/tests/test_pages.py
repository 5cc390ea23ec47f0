"""The recall and resignation pages: the secretariat's forms and what everyone reads."""

from django.test import Client

from lianghui.recall.models import Recall, Resignation


def test_the_secretariat_records_a_recall_and_a_resignation_on_the_pages(congress):
    office = congress.office
    url = f"/sessions/{congress.session.pk}/recalls/"
    assert "登记罢免案" in office.get(url).content.decode()
    recall = {
        "kind": "recall",
        "person": congress.head.pk,
        "post": "gov_leader",
        "title": "测试区区长",
        "reasons": "严重失职。",
        "proposer": "delegates",
        "signers": [str(p.pk) for p in congress.delegates[:2]],
    }
    refused = office.post(url, recall, follow=True).content.decode()
    assert "十分之一以上" in refused and not Recall.objects.exists()
    done = office.post(url, {**recall, "signers": [str(p.pk) for p in congress.delegates[:3]]})
    made = Recall.objects.get()
    assert done.url == f"/recalls/{made.pk}/"
    office.post(f"/recalls/{made.pk}/defence/", {"form": "written", "text": "书面申辩。"})
    office.post(
        f"/recalls/{made.pk}/vote/",
        {"meeting": congress.plenary.pk, "decision": congress.decide(), "mode": "paper"},
    )
    made.refresh_from_db()
    assert made.state == "voting" and made.poll is not None
    page = Client().get(f"/recalls/{made.pk}/").content.decode()
    assert "书面申辩" in page and "严重失职" in page and "建立表决" not in page
    office.post(
        url,
        {
            "kind": "resignation",
            "person": congress.head.pk,
            "post": "gov_leader",
            "title": "测试区区长",
            "letter": "请求辞去职务。",
        },
    )
    resignation = Resignation.objects.get()
    assert "请求辞去职务" in Client().get(f"/resignations/{resignation.pk}/").content.decode()
    assert Client().get(url).status_code == 200


def test_others_may_not_post(congress):
    delegate = Client()
    delegate.force_login(congress.delegate_user)
    url = f"/sessions/{congress.session.pk}/recalls/"
    assert delegate.post(url, {"kind": "recall"}).status_code == 403
