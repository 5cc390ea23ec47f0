"""The chronicle page, its actions and exports, and the records API, for each of the cast."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from conftest import PASSWORD
from lianghui.records import actions
from lianghui.records.models import ChronicleDraft, ChronicleEdit

pytestmark = pytest.mark.django_db

ANON, SECRETARIAT, MEMBER, OUTSIDER = "anonymous", "secretariat", "member", "outsider"
CAST = (ANON, SECRETARIAT, MEMBER, OUTSIDER)
UNPUBLISHED = "尚未发布的编辑内容"


def client_for(hall, who) -> Client:
    user = {SECRETARIAT: hall.officer, MEMBER: hall.delegate_user, OUTSIDER: hall.outsider}.get(who)
    c = Client()
    if user is not None:
        assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.fixture
def published(hall):
    """A published chronicle, and a newer edit not yet published."""
    actions.generate(hall.session, hall.officer)
    hall.published = actions.publish(hall.session, hall.officer)
    actions.save_edit(hall.session, f"标题\n\n{UNPUBLISHED}", hall.officer)
    return hall


@pytest.mark.parametrize("who", CAST)
def test_page_shows_the_published_text_to_all_and_the_desk_to_the_secretariat(published, who):
    page = client_for(published, who).get(reverse("records:chronicle", args=[published.session.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "区长张三所作的政府工作报告" in html  # the published text
    desk = ("重新生成草稿", "保存编辑稿", "发布编辑稿", UNPUBLISHED, "?text=working")
    for marker in desk:
        assert (marker in html) == (who == SECRETARIAT), marker


def test_page_before_anything_is_published(hall):
    url = reverse("records:chronicle", args=[hall.session.pk])
    assert "尚未发布" in Client().get(url).content.decode()
    html = client_for(hall, SECRETARIAT).get(url).content.decode()
    assert "生成草稿" in html and "保存编辑稿" not in html


def test_page_warns_when_the_generated_text_changed_since_the_edit(hall):
    actions.generate(hall.session, hall.officer)
    actions.save_edit(hall.session, "标题\n\n编辑过的正文", hall.officer)
    hall.plenary.items.create(order=2, kind="report", title="新增的报告")
    actions.generate(hall.session, hall.officer)
    html = client_for(hall, SECRETARIAT).get(f"/sessions/{hall.session.pk}/chronicle/")
    html = html.content.decode()
    assert 'id="stale"' in html and "新增的报告" in html
    assert "编辑过的正文" in html  # the edit is still what the form holds


# who: (page of a private session, POST of an action)
EXPECTED = {
    ANON: (404, 302),  # a POST sends to the sign-in page
    SECRETARIAT: (200, 302),
    MEMBER: (200, 403),  # a delegate of the body sees a private session, may not act
    OUTSIDER: (404, 404),
}


@pytest.mark.parametrize("who", CAST)
def test_private_session_and_actions_for_each_of_the_cast(hall, who):
    hall.session.public = False
    hall.session.save(update_fields=["public"])
    c = client_for(hall, who)
    page, post = EXPECTED[who]
    pk = hall.session.pk
    assert c.get(reverse("records:chronicle", args=[pk])).status_code == page
    assert c.post(reverse("records:generate", args=[pk])).status_code == post
    created = ChronicleDraft.objects.count()
    assert created == (1 if who == SECRETARIAT else 0)
    if created:
        assert (
            c.post(reverse("records:save_edit", args=[pk]), {"text": "标题\n\n正文"}).status_code
            == 302
        )
        assert c.post(reverse("records:publish", args=[pk])).status_code == 302
        assert ChronicleEdit.objects.get().published
    else:
        assert c.post(reverse("records:publish", args=[pk])).status_code == post


def test_a_refusal_is_shown_on_the_page(hall):
    c = client_for(hall, SECRETARIAT)
    response = c.post(reverse("records:publish", args=[hall.session.pk]), follow=True)
    assert "请先生成会议纪实草稿" in response.content.decode()


def pdf_text(data: bytes) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def test_exports_of_the_published_and_the_working_text(published, cjk_font):
    pk = published.session.pk
    anon, mishu = Client(), client_for(published, SECRETARIAT)
    pdf = anon.get(reverse("records:chronicle_pdf", args=[pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "区长张三所作的政府工作报告" in pdf_text(pdf.content)
    word = anon.get(reverse("records:chronicle_docx", args=[pk]))
    assert word.status_code == 200 and "attachment" in word["Content-Disposition"]
    paras = [p.text for p in Document(io.BytesIO(word.content)).paragraphs]
    assert any("区长张三所作的政府工作报告" in "".join(p.split()) for p in paras)

    for which in ("working", "draft", "bogus"):
        assert (
            anon.get(reverse("records:chronicle_pdf", args=[pk]), {"text": which}).status_code
            == 404
        )
    working = mishu.get(reverse("records:chronicle_docx", args=[pk]), {"text": "working"})
    paras = [p.text for p in Document(io.BytesIO(working.content)).paragraphs]
    assert UNPUBLISHED in paras and "（未发布稿）" in paras
    draft = mishu.get(reverse("records:chronicle_pdf", args=[pk]), {"text": "draft"})
    assert "系统生成稿" in pdf_text(draft.content)


def test_no_export_before_publishing(hall):
    pk = hall.session.pk
    assert Client().get(reverse("records:chronicle_pdf", args=[pk])).status_code == 404
    assert Client().get(reverse("records:chronicle_docx", args=[pk])).status_code == 404


# --- the API ------------------------------------------------------------------------------


def test_api_published_chronicle(hall):
    url = f"/api/records/sessions/{hall.session.pk}/chronicle"
    assert Client().get(url).status_code == 404
    actions.generate(hall.session, hall.officer)
    edit = actions.publish(hall.session, hall.officer)
    body = Client().get(url).json()
    assert body["session_id"] == hall.session.pk and body["text"] == edit.text
    assert body["title"] == "测试区第十七届人民代表大会第五次会议纪实"
    hall.session.public = False
    hall.session.save(update_fields=["public"])
    assert Client().get(url).status_code == 404
    assert client_for(hall, MEMBER).get(url).status_code == 200


@pytest.mark.parametrize(
    ("who", "status"), [(ANON, 401), (MEMBER, 403), (OUTSIDER, 403), (SECRETARIAT, 201)]
)
def test_api_actions(hall, who, status):
    c = client_for(hall, who)
    base = f"/api/records/sessions/{hall.session.pk}/chronicle"
    response = c.post(f"{base}/generate")
    assert response.status_code == status
    if status != 201:
        assert c.get(f"{base}/desk").status_code in (401, 403)
        return
    draft_id = response.json()["id"]
    edit = c.post(
        f"{base}/edit",
        {"text": "标题\n\n正文", "based_on": draft_id},
        content_type="application/json",
    )
    assert edit.status_code == 201 and edit.json()["based_on"] == draft_id
    assert c.post(f"{base}/publish").json()["published"] is True
    desk = c.get(f"{base}/desk").json()
    assert desk["published"]["id"] == edit.json()["id"] and desk["stale"] is False
    assert desk["draft"]["id"] == draft_id
    again = c.post(f"{base}/publish")
    assert again.status_code == 409 and again.json()["code"] == "already_published"


def test_openapi_lists_the_records_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/records/sessions/{session_id}/chronicle",
        "/api/records/sessions/{session_id}/opendata",
        "/api/records/opendata/schema",
        "/api/records/sessions/{session_id}/chronicle/desk",
        "/api/records/sessions/{session_id}/chronicle/generate",
        "/api/records/sessions/{session_id}/chronicle/edit",
        "/api/records/sessions/{session_id}/chronicle/publish",
    ):
        assert path in paths, path
