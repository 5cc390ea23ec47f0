"""The interpellation pages: the list and filing form, one interpellation and its steps."""

from django.test import Client

from lianghui.interpellation.models import Interpellation


def test_the_secretariat_files_refers_answers_and_records_views_on_the_pages(congress):
    office = congress.office
    url = f"/sessions/{congress.session.pk}/interpellations/"
    page = office.get(url)
    assert page.status_code == 200 and "登记质询案" in page.content.decode()
    few = {
        "target_kind": "court",
        "target": "测试区人民法院",
        "subject": "关于执行难的质询",
        "questions": "执行到位率为何下降？",
        "filers": [str(p.pk) for p in congress.delegates[:9]],
    }
    refused = office.post(url, few, follow=True)
    assert "地方组织法第二十四条" in refused.content.decode()
    assert not Interpellation.objects.exists()
    done = office.post(url, {**few, "filers": [str(p.pk) for p in congress.delegates[:10]]})
    item = Interpellation.objects.get()
    assert done.status_code == 302 and done.url == f"/interpellations/{item.pk}/"
    act = f"/interpellations/{item.pk}/"
    office.post(
        act + "refer/",
        {"form": "written", "decision": congress.decide("主席团决定交区法院书面答复。")},
    )
    office.post(act + "answer/", {"answered_by": "院长 吴某", "text": "已专项整治。"})
    office.post(act + "respond/", {"person": congress.delegates[0].pk, "satisfied": "no"})
    shown = Client().get(act).content.decode()
    assert "已专项整治" in shown and "不满意 1 人" in shown and "登记" not in shown
    assert Client().get(url).status_code == 200


def test_others_may_not_post(congress):
    delegate = Client()
    delegate.force_login(congress.delegate_user)
    url = f"/sessions/{congress.session.pk}/interpellations/"
    assert delegate.post(url, {"target": "x"}).status_code == 403
    assert Client().post(url, {"target": "x"}).status_code == 403
