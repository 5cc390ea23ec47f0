"""The chronicle of the demo (the seed replayed) states every fact in the seed README's tables.

The expected facts are written out here from the page (徐汇报, January 2024; docs/seed.md), not read from
lianghui.demo.facts, so a slip in the loader or in the wording fails a test. Each fact is
looked for in the paragraph of its meeting, which must begin with the meeting's date (and
half day or hour, where the README gives one). Spaces are ignored: the text spaces digits
from Chinese characters (1 月 10 日), as the project's sentences do.
"""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from docx import Document
from pypdf import PdfReader

from lianghui.audit.models import Event
from lianghui.demo import DEMO_PASSWORD
from lianghui.records import actions, chronicle, export
from lianghui.records.models import ChronicleDraft
from lianghui.sessions.models import Session

# Marked so that pytest-django creates the test database; the module's demo is loaded once
# (conftest.demo) and each test runs in a savepoint inside it.
pytestmark = pytest.mark.django_db

CONGRESS = "徐汇区第十七届人民代表大会第五次会议"
CPPCC = "政协徐汇区第十五届委员会第四次会议"

EXECUTIVE_CHAIRS = "曹立强、李新华、沈权、徐国文、陈奇忠、卢鉴、朱伟红、赵允"
XUJIAHUI_SPEAKERS = ["万小岚", "王育松", "雷煌", "程金华", "张桑"]
XUJIAHUI_TOPICS = ["STEM教科文中心", "科创策源", "大徐家汇功能区", "文化软实力", "治理现代化"]
TIANPING_TOPICS = ["教育", "医疗卫生", "科技创新", "城市更新"]


def flat(text: str) -> str:
    return "".join(text.split())


def paragraphs(text: str) -> list[str]:
    return [flat(p) for p in re.split(r"\n\s*\n", text) if p.strip()]


def the_paragraph(text: str, *, starts: str, has: str) -> str:
    """The one paragraph that begins with ``starts`` and mentions ``has``."""
    found = [p for p in paragraphs(text) if p.startswith(starts) and has in p]
    assert len(found) == 1, (starts, has, paragraphs(text))
    return found[0]


def assert_states(paragraph: str, *facts: str) -> None:
    for fact in facts:
        assert fact in paragraph, (fact, paragraph)


@pytest.fixture(scope="module")
def congress(demo):
    return chronicle.draft(Session.objects.get(title=CONGRESS))


@pytest.fixture(scope="module")
def cppcc(demo):
    return chronicle.draft(Session.objects.get(title=CPPCC))


# --- Body 1: 徐汇区人民代表大会, 第十七届第五次会议 -----------------------------------------


def test_congress_session_dates_length_and_place(congress):
    assert congress.title == "区十七届人大五次会议纪实"
    lead = flat(congress.lead)
    assert_states(
        lead,
        "本报讯",
        "上海市徐汇区第十七届人民代表大会第五次会议",  # Chinese numerals, as the seed
        "2024年1月10日至12日",
        "上海市委党校",
        "会期三天",
    )


def test_congress_preparatory_meeting(congress):
    p = the_paragraph(congress.text, starts="1月10日上午，", has="预备会议")
    assert_states(p, "选举产生了大会主席团和秘书长", "通过了会议议程")


def test_congress_opening_first_plenary(congress):
    p = the_paragraph(congress.text, starts="1月10日上午10时，", has="第一次全体会议")
    assert_states(
        p,
        "开幕",
        "区长钟晓咏所作的政府工作报告",
        "表决通过了大会补选和通过人选办法",
    )


def test_congress_xujiahui_deliberation(congress):
    p = the_paragraph(congress.text, starts="1月10日，", has="徐家汇代表团")
    assert_states(
        p,
        "区委书记曹立强参加徐家汇代表团分组审议",
        "审议政府工作报告",
        "、".join(XUJIAHUI_SPEAKERS) + "等代表",
        *XUJIAHUI_TOPICS,
        "曹立强指出",
    )


def test_congress_tianping_deliberation(congress):
    p = the_paragraph(congress.text, starts="1月10日，", has="天平代表团")
    assert_states(p, "区委副书记、区长钟晓咏参加天平代表团分组审议", *TIANPING_TOPICS, "钟晓咏指出")


def test_congress_second_plenary_reports(congress):
    p = the_paragraph(congress.text, starts="1月11日下午，", has="第二次全体会议")
    assert_states(
        p,
        "常委会主任李新华所作的区人大常委会工作报告",
        "代理院长麦珏所作的区人民法院工作报告",
        "检察长朱庆华所作的区人民检察院工作报告",
    )


def test_congress_third_plenary_elections_votes_oath_and_closing(congress):
    p = the_paragraph(congress.text, starts="1月12日下午，", has="第三次全体会议")
    assert_states(
        p,
        "上海市委党校大礼堂",
        "选举麦珏为区人民法院院长",
        "选举张岚、张剑、徐颖为区人大常委会委员",
        "表决通过徐颖为城市建设环境保护委员会主任委员",
        "表决通过了各项决议",
        "举行了宪法宣誓仪式",
        "麦珏、张岚、张剑、徐颖集体进行了宪法宣誓",
        "区委书记曹立强在闭幕式上讲话",
        "于1月12日下午在上海市委党校大礼堂胜利闭幕",
    )


def test_congress_executive_chairs_in_order_and_rostrum(congress):
    p = the_paragraph(congress.text, starts="1月12日下午，", has="第三次全体会议")
    assert f"大会执行主席{EXECUTIVE_CHAIRS}在主席台前排就座" in p
    assert (
        "区委副书记、区长钟晓咏，区政协主席黄冲，区人民法院院长麦珏，区人民检察院检察长朱庆华"
        "在主席台就座"
    ) in p


def test_congress_days_in_order(congress):
    starts = [p[: p.index("日") + 1] for p in paragraphs(congress.text)[2:]]
    # 1月12日: the presidium's meeting before the plenary, the plenary, and the presidium's
    # meeting on the rostrum once the counts are in.
    assert starts == ["1月10日"] * 4 + ["1月11日"] + ["1月12日"] * 3


def test_congress_presidium_decisions_where_they_happen(congress):
    """The elections rest on the presidium's decisions (LOL 26, 27; EL 46): the chronicle
    states them at the presidium's meetings, before the plenary and after the counts."""
    before = the_paragraph(congress.text, starts="1月12日中午，", has="主席团第三次会议")
    assert_states(
        before,
        "决定提名麦珏为区人民法院院长候选人",
        "决定麦珏为区人民法院院长正式候选人",
        "决定提名张岚、张剑、徐颖为区人大常委会委员补选候选人",
    )
    after = the_paragraph(congress.text, starts="1月12日下午，", has="主席团第四次会议")
    assert_states(
        after,
        "决定区人民法院院长的选举结果为有效",
        "决定区人大常委会委员补选的选举结果为有效",
    )


def test_congress_guesses_are_notes_not_text(congress):
    """The demo's guesses (speaker-topic pairing, invented speakers, the 领誓人) are notes for
    the secretariat, never stated as facts."""
    text = flat(congress.text)
    assert "领誓" not in text
    assert "万小岚围绕" not in text  # no speaker paired with a topic
    notes = "".join(congress.notes)
    assert "徐家汇代表团" in notes and "天平代表团" in notes and "领誓人（麦珏）" in notes


# --- Body 2: 政协徐汇区委员会, 第十五届第四次会议 ------------------------------------------


def test_cppcc_session(cppcc):
    assert cppcc.title == "区政协十五届四次会议纪实"
    assert_states(
        flat(cppcc.lead),
        "中国人民政治协商会议上海市徐汇区第十五届委员会第四次会议",
        "2024年1月9日至12日",
        "上海市委党校",
    )


def test_cppcc_opening(cppcc):
    p = the_paragraph(cppcc.text, starts="1月9日下午2时30分，", has="开幕")
    assert_states(
        p,
        "上海市委党校",
        "施斌主持会议并宣布大会开幕",
        "全体起立唱国歌",
        "主席黄冲代表政协徐汇区十五届委员会常务委员会向大会作报告",
        "副主席俞晓红代表政协徐汇区第十五届委员会常务委员会作关于十五届二次会议以来提案工作情况的报告",
        "以书面形式下发了《2023年反映社情民意信息工作情况报告》",
        "主席黄冲，副主席俞晓红、施斌、张黎明、冯志刚，秘书长陈华在主席台就座",
        "区委书记曹立强，区人大常委会主任李新华，十四届区政协主席胡敏，区委副书记沈权应邀出席大会",
    )


def test_cppcc_closing(cppcc):
    p = the_paragraph(cppcc.text, starts="1月12日上午，", has="闭幕")
    assert_states(
        p,
        "区委书记曹立强讲话",
        "主席黄冲讲话，围绕落实区委书记曹立强讲话",
        "通过了区政协十五届四次会议决议",
        "胜利闭幕",
    )
    assert p.index("曹立强讲话") < p.index("黄冲讲话") < p.index("决议")


# --- generation, storage, query count, exports -------------------------------------------


def test_draft_reads_a_fixed_number_of_queries(demo):
    session = Session.objects.get(title=CONGRESS)
    with CaptureQueriesContext(connection) as queries:
        chronicle.draft(session)
    # 11, and one each for interpellations answered and questions asked in the groups.
    assert len(queries.captured_queries) <= 13


@pytest.fixture(scope="module")
def stored(demo):
    mishu = get_user_model().objects.get(username=demo.secretariat)
    session = Session.objects.get(title=CONGRESS)
    draft = actions.generate(session, mishu)
    return session, draft, mishu


def test_generated_draft_is_stored_and_audited(stored, congress):
    session, draft, mishu = stored
    assert draft.text == congress.text
    assert draft.notes == list(congress.notes)
    event = Event.objects.filter(kind="records.chronicle_generated").order_by("id").last()
    assert event.subject == f"records.chronicledraft:{draft.pk}"
    assert event.actor_id == mishu.pk and event.data["digest"] == draft.digest
    assert ChronicleDraft.objects.filter(session=session).count() == 1


def pdf_text(data: bytes) -> str:
    return "".join(flat(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages)


def test_pdf_of_the_demo_chronicle(stored, cjk_font):
    session, draft, _ = stored
    data = export.pdf(session, draft.text)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for fact in (
        "区十七届人大五次会议纪实",
        "选举麦珏为区人民法院院长",
        "选举张岚、张剑、徐颖为区人大常委会委员",
        f"大会执行主席{EXECUTIVE_CHAIRS}",
        "区委书记曹立强参加徐家汇代表团分组审议",
    ):
        assert fact in text, fact


def test_docx_of_the_demo_chronicle(stored):
    session, draft, _ = stored
    document = Document(io.BytesIO(export.docx(session, draft.text, status="（未发布稿）")))
    paras = [p.text for p in document.paragraphs]
    assert paras[:3] == [CONGRESS, "区十七届人大五次会议纪实", "（未发布稿）"]
    assert flat(paras[3]).startswith("本报讯")
    body = flat("".join(paras))
    assert "选举麦珏为区人民法院院长" in body and "钟晓咏参加天平代表团分组审议" in body
    assert document.core_properties.title == "区十七届人大五次会议纪实"
    # Chinese text is set in the East Asian font, not left to Word's Latin one.
    run = document.paragraphs[3].runs[0]
    fonts = run._element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")


def test_published_demo_chronicle_through_the_api_and_the_page(stored):
    session, draft, mishu = stored
    actions.publish(session, mishu)
    anonymous = Client()
    body = anonymous.get(f"/api/records/sessions/{session.pk}/chronicle").json()
    assert body["title"] == "区十七届人大五次会议纪实" and body["text"] == draft.text
    page = anonymous.get(f"/sessions/{session.pk}/chronicle/").content.decode()
    assert "选举麦珏为区人民法院院长" in page
    signed_in = Client()
    assert signed_in.login(username=mishu.username, password=DEMO_PASSWORD)
    assert "重新生成草稿" in signed_in.get(f"/sessions/{session.pk}/chronicle/").content.decode()
