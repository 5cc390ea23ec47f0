"""The demo session's sign-in slips print for its delegates (the secretariat as `mishu`)."""

import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from lianghui.demo import DEMO_PASSWORD
from lianghui.people.models import Organisation
from lianghui.sessions.models import Session
from tests.demo_copy import load_demo_once

pytestmark = pytest.mark.django_db

SPEAKERS = ["万小岚", "王育松", "雷煌", "程金华", "张桑"]  # 徐家汇代表团, named by the newspaper


def test_slips_print_for_the_demo_session():
    accounts = load_demo_once(votes=False)
    session = Session.objects.get(term__body__name="上海市徐汇区人民代表大会", number=5)
    office = Client()
    assert office.login(username=accounts.secretariat, password=DEMO_PASSWORD)
    page = office.get(f"/sessions/{session.pk}/").content.decode()
    assert f"/sessions/{session.pk}/slips/" in page  # the secretariat finds the slips
    listing = office.get(f"/sessions/{session.pk}/slips/").content.decode()
    assert "共 300 人：未签发 300" in listing
    xujiahui = Organisation.objects.get(name="徐家汇代表团")
    r = office.post(
        f"/sessions/{session.pk}/slips/print/", {"valid_days": "30", "org": xujiahui.pk}
    )
    assert r["Content-Type"] == "application/pdf"
    text = re.sub(
        r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    )
    for name in SPEAKERS:
        assert name in text
    assert "徐汇区第十七届人民代表大会第五次会议·登录签到条" in text
