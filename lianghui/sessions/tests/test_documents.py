import io
import zipfile

import pytest
from django.test import Client, override_settings

from conftest import PASSWORD
from lianghui.errors import ActionError, PermissionDenied
from lianghui.sessions import actions
from lianghui.sessions.models import Document
from lianghui.sessions.rules import DOCX, PDF, check_document

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def test_check_document_by_content_not_by_name():
    assert check_document("报告.pdf", PDF_BYTES, 10_000).content_type == PDF
    assert check_document("报告.DOCX", docx_bytes(), 10_000).content_type == DOCX
    assert not check_document("virus.pdf", b"MZ\x90\x00 executable", 10_000).ok
    assert not check_document("报告.exe", PDF_BYTES, 10_000).ok
    assert not check_document("报告.pdf", PDF_BYTES, 10).ok
    assert not check_document("报告.pdf", b"", 10_000).ok
    assert not check_document("fake.docx", b"PK\x03\x04 not a zip", 10_000).ok


@pytest.fixture
def media(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        yield tmp_path


@pytest.mark.django_db
def test_upload_is_stored_under_a_random_name_and_audited(hall, media):
    item = hall.plenary.items.get()
    doc = actions.attach_document(
        item, "../../政府工作报告.pdf", PDF_BYTES, "", "participants", hall.officer
    )
    assert doc.original_name == "政府工作报告.pdf" and doc.title == "政府工作报告"
    assert "政府" not in doc.file.name and ".." not in doc.file.name
    assert (media / doc.file.name).read_bytes() == PDF_BYTES


@pytest.mark.django_db
def test_bad_upload_changes_nothing(hall, media):
    item = hall.plenary.items.get()
    with pytest.raises(ActionError) as e:
        actions.attach_document(item, "a.pdf", b"not a pdf", "", "public", hall.officer)
    assert "不符" in e.value.message
    with pytest.raises(PermissionDenied):
        actions.attach_document(item, "a.pdf", PDF_BYTES, "", "public", hall.delegate_user)
    assert not Document.objects.exists()
    assert not any(media.rglob("*"))


@pytest.mark.django_db
def test_document_is_served_only_to_those_allowed(hall, media):
    item = hall.plenary.items.get()
    participants = actions.attach_document(
        item, "a.pdf", PDF_BYTES, "代表阅读", "participants", hall.officer
    )
    secret = actions.attach_document(
        item, "b.pdf", PDF_BYTES, "会务内部", "secretariat", hall.officer
    )
    public = actions.attach_document(item, "c.pdf", PDF_BYTES, "公开文件", "public", hall.officer)

    def status(user, doc):
        client = Client()
        if user is not None:
            client.login(username=user.username, password=PASSWORD)
        return client.get(f"/documents/{doc.pk}/").status_code

    assert [status(None, d) for d in (participants, secret, public)] == [404, 404, 200]
    assert [status(hall.outsider, d) for d in (participants, secret, public)] == [404, 404, 200]
    assert [status(hall.delegate_user, d) for d in (participants, secret, public)] == [
        200,
        404,
        200,
    ]
    assert [status(hall.officer, d) for d in (participants, secret, public)] == [200, 200, 200]


@pytest.mark.django_db
def test_upload_through_the_api(hall, media):
    item = hall.plenary.items.get()
    client = Client()
    client.login(username=hall.officer.username, password=PASSWORD)
    upload = io.BytesIO(PDF_BYTES)
    upload.name = "报告.pdf"
    r = client.post(
        f"/api/sessions/items/{item.pk}/documents", {"file": upload, "visibility": "public"}
    )
    assert r.status_code == 201, r.content
    bad = io.BytesIO(b"hello")
    bad.name = "x.pdf"
    r = client.post(f"/api/sessions/items/{item.pk}/documents", {"file": bad})
    assert r.status_code == 422 and r.json()["code"] == "bad_document"
    assert Document.objects.count() == 1
