"""The 纪要 as a real PDF, read back with pypdf; and as a page.

Needs a CJK font (Debian: fonts-noto-cjk). Without one the tests skip; under CI=true a skip
fails the run (conftest.py). With LIANGHUI_ARTIFACTS set the PDF is kept in
$LIANGHUI_ARTIFACTS/print/ to be looked at.
"""

import io
import os
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from conftest import PASSWORD
from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Method
from lianghui.deliberation import actions
from lianghui.deliberation.printing import record_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cjk_font():
    try:
        fonts = subprocess.run(
            ["fc-list", ":lang=zh"], capture_output=True, text=True, check=False
        ).stdout
    except FileNotFoundError:
        fonts = ""
    if not fonts.strip():
        pytest.skip("no CJK font installed: apt-get install fonts-noto-cjk")


def _keep(name: str, data: bytes) -> bytes:
    if os.environ.get("LIANGHUI_ARTIFACTS"):
        folder = Path(os.environ["LIANGHUI_ARTIFACTS"]) / "print"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return data


def _text(data: bytes) -> str:
    """All pages' text with whitespace removed (lines wrap, spaces around digits vary)."""
    reader = PdfReader(io.BytesIO(data))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def minutes(group):
    hall = group
    for person in hall.delegates[:2]:
        attendance.check_in(hall.group, person, Method.DESK, hall.officer)
    record = actions.open_record(hall.group, hall.officer, recorder=hall.recorder)
    first = actions.add_speech(
        record, hall.delegates[0], "教育事业发展", "建议扩大托育和课后服务供给。", hall.officer
    )
    actions.add_opinion(first, "建议新建一所社区托育园。", hall.officer)
    actions.add_speech(record, hall.delegates[2], "城市更新", "", hall.officer)
    actions.add_speech(
        record, hall.guest, "今年四方面工作", "一是推动经济高质量发展。", hall.officer
    )
    actions.set_summary(record, "代表们一致认为，报告定位精准、路径清晰。", hall.officer)
    hall.record = record
    return hall


def test_the_pdf_states_the_record_in_chinese(minutes):
    hall = minutes
    data = _keep("deliberation-record-draft.pdf", record_pdf(hall.record))
    assert data.startswith(b"%PDF-")
    text = _text(data)
    for words in (
        "测试区第十七届人民代表大会第五次会议",
        "东区代表团分组审议纪要",
        "（草稿，尚未定稿）",
        "审议事项审议政府工作报告",
        "召集人李四",
        "出席领导列席人（区长，列席）",
        "应到3人，实到2人，请假0人",
        "记录人记录员",
        "张三：教育事业发展",
        "建议扩大托育和课后服务供给。",
        "意见建议：建议新建一所社区托育园。",
        "王五：城市更新",
        "列席人（出席领导）：今年四方面工作",
        "代表们一致认为，报告定位精准、路径清晰。",
    ):
        assert words in text, words
    assert text.index("张三：") < text.index("王五：") < text.index("列席人（出席领导）")
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(data)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Noto" in f and "CJK" in f for f in fonts), fonts

    actions.finalise(hall.record, hall.officer)
    final = _text(_keep("deliberation-record.pdf", record_pdf(hall.record)))
    assert "草稿" not in final and "定稿时间" in final


def test_the_pdf_and_the_page_over_http(minutes):
    hall = minutes
    c = Client()
    assert c.login(username=hall.delegate_user.username, password=PASSWORD)
    r = c.get(reverse("deliberation:minutes_pdf", args=[hall.group.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert "东区代表团分组审议纪要" in _text(r.content)
    # An English reader still gets the official paper in Chinese.
    c.cookies["django_language"] = "en"
    assert "东区代表团分组审议纪要" in _text(
        c.get(reverse("deliberation:minutes_pdf", args=[hall.group.pk])).content
    )
    page = c.get(reverse("deliberation:minutes", args=[hall.group.pk])).content.decode()
    assert "Group deliberation minutes: 东区代表团" in page  # the page follows the reader
    assert "教育事业发展" in page and "建议新建一所社区托育园。" in page
