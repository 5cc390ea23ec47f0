"""The sheet of slips as PDF, read back: every name, every code, every link works."""

import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from conftest import PASSWORD
from lianghui.accounts.models import SignInSlip
from lianghui.audit.models import Event

pytestmark = pytest.mark.django_db


def office(hall) -> Client:
    client = Client()
    assert client.login(username=hall.officer.username, password=PASSWORD)
    return client


def links_in(reader: PdfReader) -> list[str]:
    found = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and action.get("/URI") and str(action["/URI"]) not in found:
                found.append(str(action["/URI"]))  # an image link may get two boxes
    return found


def test_the_secretariat_prints_every_slip_and_each_link_signs_its_person_in(hall):
    r = office(hall).post(f"/sessions/{hall.session.pk}/slips/print/", {"valid_days": "30"})
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Cache-Control"] == "private, no-store"
    reader = PdfReader(io.BytesIO(r.content))
    text = "".join(page.extract_text() for page in reader.pages)
    compact = re.sub(r"\s+", "", text)
    for d in hall.delegates:
        assert d.name in compact
    assert "东区代表团" in compact and "西区代表团" in compact
    assert "列席人" not in compact
    codes = re.findall(r"[0-9A-Z]{5}-[0-9A-Z]{5}", text)
    assert len(set(codes)) == 6
    links = links_in(reader)
    assert len(links) == 6 and all(u.startswith("http://testserver/signin/") for u in links)
    assert "testserver/signin/" in compact  # where to type the code
    # Each printed link signs in exactly the person named beside it: use them all.
    signed = set()
    for url in links:
        phone = Client()
        assert phone.post(url.removeprefix("http://testserver")).status_code == 302
        signed.add(phone.get("/").wsgi_request.user.person.pk)
    assert signed == {d.pk for d in hall.delegates}
    assert Event.objects.filter(kind="accounts.slip_used").count() == 6


def test_a_typed_code_from_the_sheet_signs_in(hall):
    r = office(hall).post(f"/sessions/{hall.session.pk}/slips/print/", {"valid_days": "30"})
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    code = re.findall(r"[0-9A-Z]{5}-[0-9A-Z]{5}", text)[0]
    phone = Client()
    assert phone.post("/signin/", {"code": code}).status_code == 302
    assert phone.get("/").wsgi_request.user.is_authenticated


def test_nothing_to_print_says_so_and_reissue_prints_one(hall):
    client = office(hall)
    url = f"/sessions/{hall.session.pk}/slips/print/"
    client.post(url, {"valid_days": "30"})
    again = client.post(url, {"valid_days": "30"}, follow=True)
    assert "没有需要签发的人员" in again.content.decode()
    bad = client.post(url, {"valid_days": "0"}, follow=True)
    assert "有效天数须在 1 至 180 天之间" in bad.content.decode()
    one = client.post(f"/sessions/{hall.session.pk}/slips/people/{hall.delegates[4].pk}/reissue/")
    assert one["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(one.content)).pages)
    assert "钱七" in re.sub(r"\s+", "", text) and "张三" not in text
    assert (
        SignInSlip.objects.filter(person=hall.delegates[4], revoked_at__isnull=False).count() == 1
    )


def test_without_cjk_fonts_no_slip_is_issued(hall, monkeypatch):
    from lianghui import pdf

    monkeypatch.setattr(pdf, "cjk_fonts_installed", lambda: False)
    client = office(hall)
    r = client.post(f"/sessions/{hall.session.pk}/slips/print/", {"valid_days": "30"}, follow=True)
    assert r.status_code == 200 and "服务器未安装中文字体" in r.content.decode()
    one = client.post(
        f"/sessions/{hall.session.pk}/slips/people/{hall.delegates[4].pk}/reissue/", follow=True
    )
    assert "服务器未安装中文字体" in one.content.decode()
    assert not SignInSlip.objects.exists()
