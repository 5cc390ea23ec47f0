"""The annual report on proposal work: its generated text and tables, the secretariat's
edit kept apart, the PDF and XLSX exports, and the pages.

The story is test_stats.year: six proposals (three registered, two answered, one overdue),
three opinion reports.
"""

import datetime as dt
import io
import zipfile

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from lianghui import pdf
from lianghui.audit.models import Event
from lianghui.errors import PermissionDenied
from lianghui.people.models import Organisation
from lianghui.proposals import report
from lianghui.proposals.models import ReportDraft
from lianghui.proposals.tests.conftest import at
from lianghui.proposals.tests.flows import proposal
from lianghui.proposals.tests.test_stats import TODAY, year  # noqa: F401 (a fixture)
from lianghui.sessions.models import Session, Term


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def data(year):  # noqa: F811
    return report.report_data(year.cppcc, 2024, today=TODAY)


@pytest.mark.django_db
def test_the_generated_text_states_the_figures(data):
    text = report.generated_text(data)
    title, *_ = text.splitlines()
    assert title == "关于2024年以来提案工作情况的报告"
    for sentence in (
        "2024年以来，共收到提案6件。其中，委员个人或联名提出5件，各民主党派提出1件。",
        "经审查，立案3件，立案率50%；转为社情民意信息1件，不予立案1件，尚在审查1件。",
        "一、提案提交和审查立案情况",
        "立案的提案交由3家承办单位办理，其中主办3件次，会办1件次。",
        "截至2024年9月30日，已办复2件，办复率66.7%；承办单位共答复3件次，按期答复率66.7%。",
        "尚有1件次逾期未答复",
        "所提问题已经解决或采纳的2件次，占100%",
        "委员对承办单位的答复，表示满意的1件次、基本满意的1件次，满意和基本满意率66.7%；"
        "表示不满意的1件次。因委员不满意而再次办理的提案1件。",
        "2024年，共收到社情民意信息3篇，编报采用2篇，采用率66.7%；报送区委、区政府领导和"
        "有关部门1篇，获区领导批示1篇（1次）。",
        "从内容看，涉及城市建设方面的2件，占33.3%；涉及教育方面的2件，占33.3%；"
        "涉及交通方面的1件，占16.7%。",
    ):
        assert sentence in text, sentence


@pytest.mark.django_db
def test_the_session_names_the_period(year):  # noqa: F811
    d = year
    term = Term.objects.get(body=d.cppcc, number=15)
    Session.objects.create(
        term=term,
        number=4,
        title="政协测试区第十五届委员会第四次会议",
        short_title="区政协十五届四次会议",
        start_date=dt.date(2024, 1, 9),
        end_date=dt.date(2024, 1, 12),
    )
    text = report.generated_text(report.report_data(d.cppcc, 2024, today=TODAY))
    assert text.startswith("关于区政协十五届四次会议以来提案工作情况的报告")
    assert "区政协十五届四次会议以来，共收到提案6件。" in text


@pytest.mark.django_db
def test_a_congress_reports_on_suggestions(year):  # noqa: F811
    d = year
    text = report.generated_text(report.report_data(d.congress, 2024, today=TODAY))
    # The session has no short title: its full title names the period.
    since = "测试区第十七届人民代表大会第五次会议以来"
    assert text.startswith(f"关于{since}代表建议、批评和意见办理情况的报告")
    assert "共收到建议1件" in text and "受理0件" in text and "尚在审查1件" in text


@pytest.mark.django_db
def test_the_review_figures_add_up_to_what_was_received(desk):
    """Each suggestion counts once, where it stands now: one registered then merged or then
    withdrawn is not counted as registered as well, and a motion the presidium handled as a
    suggestion (registered by that decision, with no review of its own) is registered."""
    import re

    from lianghui.proposals import actions, stats
    from lianghui.proposals.tests.flows import assigned, motion, registered, suggestion

    d = desk
    with at("2024-01-15"):
        main = suggestion(d, title="关于公交线路的建议")
        assigned(d, main)
        later_merged = registered(d, suggestion(d, title="关于增开公交的建议"))
        actions.merge(later_merged, main, d.officer, reasons="同一事项")
        later_withdrawn = registered(d, suggestion(d, title="关于路灯的建议"))
        actions.withdraw(later_withdrawn, d.officer, reason="代表书面要求撤回")
        actions.review(suggestion(d, title="关于个人诉求"), "decline", d.officer, reasons="个案")
        suggestion(d, title="关于菜场的建议")  # not yet reviewed
        actions.decide_motion(motion(d), "as_suggestion", d.officer, reasons="不属于本级职权")
    f = stats.statistics(d.congress.pk, main.year).kind_figures("suggestion")
    assert f.received == 6 and f.registered == 2  # the first, and the motion's
    assert f.registered + sum(f.state(code) for code in stats.REVIEW_OUTCOMES) == 6
    text = report.generated_text(
        report.report_data(d.congress, main.year, today=dt.date(2024, 2, 1))
    )
    assert "共收到建议6件" in text
    sentence = re.search(r"经审查，受理(\d+)件，受理率[^；]*；([^。]*)。", text)
    assert sentence.group(1) == "2"
    assert sentence.group(2) == "并案处理1件，退回1件，尚在审查1件，提出后撤回1件"
    parts = [int(n) for n in re.findall(r"(\d+)件", sentence.group(2))]
    assert int(sentence.group(1)) + sum(parts) == 6


@pytest.mark.django_db
def test_the_tables_are_filled_from_the_data(data):
    tables = {t.title: t for t in report.tables(data)}
    assert list(tables) == [
        "收到件数",
        "按提出者统计",
        "按代表团界别统计",
        "按内容类别统计",
        "审查和办理状态",
        "承办单位办理情况",
        "办理结果",
        "社情民意信息按界别统计",
        "社情民意信息按委员统计",
    ]
    units = tables["承办单位办理情况"]
    assert units.rows[0] == ["区交通委", 2, 0, 0, 3, 2, "66.7%", 1, 1, 1, "66.7%", 0]
    assert units.footer == ["合计", 3, 0, 1, 3, 2, "66.7%", 1, 1, 1, "66.7%", 1]
    assert tables["收到件数"].rows == [["提案", 6], ["社情民意信息", 3]]
    assert tables["办理结果"].rows[0] == ["解决或采纳", 2, "100%"]
    assert tables["社情民意信息按委员统计"].rows[0] == ["周一", 1, 1, "100%", 1, 1, 1]


@pytest.mark.django_db
def test_the_edit_is_kept_apart_from_the_generated_text(year):  # noqa: F811
    d = year
    with pytest.raises(PermissionDenied):
        report.generate(d.cppcc, 2024, d.member_users[0], today=TODAY)
    with at("2024-09-30"):
        draft = report.generate(d.cppcc, 2024, d.officer)
        generated = draft.generated_text
        assert "共收到提案6件" in generated and draft.edited_text == "" and draft.text == generated
        edited = generated.replace("现将", "受区政协常委会委托，现将")
        draft = report.save_edit(d.cppcc, 2024, edited, d.officer)
    assert draft.edited_text == edited and draft.generated_text == generated
    assert draft.text == edited and draft.edited_by == d.officer
    assert not report.stale_edit(draft)
    # New data, generated again: the generated text changes, the edit stays, and the page
    # can say that the edit was made from an older generated text.
    with at("2024-10-08"):
        proposal(d, title="关于社区食堂的提案")
        draft = report.generate(d.cppcc, 2024, d.officer)
    assert "共收到提案7件" in draft.generated_text and draft.edited_text == edited
    assert report.stale_edit(draft)
    assert ReportDraft.objects.count() == 1
    # Saving the generated text unchanged, or discarding, leaves no edit.
    report.save_edit(d.cppcc, 2024, draft.generated_text, d.officer)
    assert ReportDraft.objects.get().edited_text == ""
    kinds = list(
        Event.objects.filter(subject=f"proposals.reportdraft:{draft.pk}").values_list(
            "kind", flat=True
        )
    )
    assert kinds == [
        "proposals.report_generated",
        "proposals.report_edited",
        "proposals.report_generated",
        "proposals.report_edited",
    ]
    with pytest.raises(PermissionDenied):
        report.save_edit(d.cppcc, 2024, "改写", d.member_users[0])


@pytest.mark.django_db
def test_the_pdf_prints_the_edited_text_and_the_tables(year):  # noqa: F811
    d = year
    report.save_edit(
        d.cppcc, 2024, "关于提案工作情况的报告\n\n一、概况\n\n这是编辑过的正文。", d.officer
    )
    data = report.report_data(d.cppcc, 2024, today=TODAY)
    content = report.pdf(data, report.draft_of(d.cppcc, 2024))
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    for words in (
        "关于提案工作情况的报告",
        "这是编辑过的正文",
        "附表",
        "承办单位办理情况",
        "区交通委",
    ):
        assert words in text.replace(" ", ""), words


@pytest.mark.django_db
def test_the_xlsx_has_the_text_and_one_sheet_per_table(data):
    book = load_workbook(io.BytesIO(report.xlsx(data, None)))
    tables = report.tables(data)
    assert book.sheetnames == ["报告正文", *(t.sheet_name for t in tables)]
    assert book["报告正文"]["A1"].value == "关于2024年以来提案工作情况的报告"
    units = book["承办单位办理情况"]
    assert [c.value for c in units[2]][:3] == ["承办单位", "主办", "分办"]
    assert [c.value for c in units[3]] == ["区交通委", 2, 0, 0, 3, 2, "66.7%", 1, 1, 1, "66.7%", 0]
    assert units.cell(row=units.max_row, column=1).value == tables[5].note


FORMULA = '=HYPERLINK("http://evil.example/","点击查看")'


@pytest.mark.django_db
def test_a_formula_in_a_title_or_a_name_is_exported_as_inert_text(year):  # noqa: F811
    """A proposal's title quoted in the edited text, a unit's and a member's name: each
    arrives in the XLSX as the words typed, never as a formula."""
    d = year
    unit = Organisation.objects.get(name="区交通委")
    unit.name = FORMULA
    unit.save(update_fields=["name"])
    person = d.member_users[0].person
    person.name = "@SUM(1+1)*cmd|' /C calc'!A0"
    person.save(update_fields=["name"])
    data = report.report_data(d.cppcc, 2024, today=TODAY)
    draft = report.save_edit(d.cppcc, 2024, f"报告\n\n{FORMULA}\n\n-2+3\n\n+86 电话", d.officer)
    content = report.xlsx(data, draft)

    cells = [c for ws in load_workbook(io.BytesIO(content)) for row in ws.iter_rows() for c in row]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    for typed in (FORMULA, "-2+3", "+86 电话", person.name):
        assert typed in texts, typed
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any("<f>" in archive.read(n).decode() for n in sheets)
    # Numbers stay numbers.
    assert [c.value for c in load_workbook(io.BytesIO(content))["承办单位办理情况"][3]][1] == 2


@pytest.mark.django_db
def test_without_the_cjk_fonts_the_pdf_is_refused_in_chinese(year, monkeypatch):  # noqa: F811
    monkeypatch.setattr(pdf, "cjk_fonts_installed", lambda: False)
    client = Client(raise_request_exception=False)
    client.force_login(year.officer)
    response = client.get("/proposals/reports/annual/report.pdf", {"body": year.cppcc.pk})
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "服务器未安装中文字体（Noto CJK），无法生成 PDF" in response.content.decode()


# --- pages -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_the_secretariat_sees_the_statistics_and_the_report(year, client):  # noqa: F811
    d = year
    pages = [
        "/proposals/reports/",
        "/proposals/reports/annual/",
        "/proposals/reports/annual/report.pdf",
        "/proposals/reports/annual/report.xlsx",
    ]
    for url in pages:
        assert client.get(url).status_code == 302  # to sign in
    for user in (d.member_users[0], d.clerks[0]):
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 404, url
        response = client.post("/proposals/reports/annual/generate/", {"body": d.cppcc.pk})
        assert response.status_code == 404
    assert not ReportDraft.objects.exists()


@pytest.mark.django_db
def test_the_statistics_page(year, client, django_assert_max_num_queries):  # noqa: F811
    d = year
    client.force_login(d.officer)
    with at("2024-09-30"):
        page = client.get("/proposals/reports/", {"body": d.cppcc.pk, "year": 2024})
    html = page.content.decode()
    assert page.status_code == 200
    for words in ("承办单位办理情况", "区交通委", "66.7%", "社情民意信息按委员统计", "周一"):
        assert words in html, words
    with at("2024-09-30"), django_assert_max_num_queries(25):
        page = client.get("/proposals/reports/", {"body": d.cppcc.pk, "kind": "proposal"})
    assert page.status_code == 200


@pytest.mark.django_db
def test_the_report_page_generates_edits_and_exports(year, client):  # noqa: F811
    d = year
    client.force_login(d.officer)
    query = {"body": d.cppcc.pk, "year": 2024}
    page = client.get("/proposals/reports/annual/", query)
    assert page.status_code == 200 and "共收到提案6件" in page.content.decode()
    assert not ReportDraft.objects.exists()  # reading writes nothing
    response = client.post("/proposals/reports/annual/generate/", query)
    assert response.status_code == 302 and ReportDraft.objects.count() == 1
    client.post("/proposals/reports/annual/edit/", {**query, "text": "改过的报告\n\n正文。"})
    assert ReportDraft.objects.get().edited_text == "改过的报告\n\n正文。"
    page = client.get("/proposals/reports/annual/", query)
    assert "改过的报告" in page.content.decode()
    pdf = client.get("/proposals/reports/annual/report.pdf", query)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "改过的报告" in pdf_text(pdf.content)
    xlsx = client.get("/proposals/reports/annual/report.xlsx", query)
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in xlsx["Content-Disposition"]
    client.post("/proposals/reports/annual/edit/", {**query, "discard": "1"})
    assert ReportDraft.objects.get().edited_text == ""
