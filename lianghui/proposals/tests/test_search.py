"""Keyword search in Chinese (jieba words in SQLite FTS5 or PostgreSQL full text), filters,
who sees what, and keeping the words current. Runs on whichever database the tests use."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lianghui.proposals import actions, search
from lianghui.proposals.actions import FilingDraft, UnitOrder
from lianghui.proposals.models import Filer, Filing, SearchText
from lianghui.proposals.tests.conftest import at
from lianghui.proposals.tests.flows import proposal, suggestion


@pytest.fixture(autouse=True)
def indexing():
    """Keep the words current on save, as ProposalsConfig.ready() does once registered."""
    was = search.connected()
    search.connect()
    yield
    if not was:
        search.disconnect()


def titles(result) -> list[str]:
    return [f.title for f in result.filings]


@pytest.fixture
def filings(desk):
    d = desk
    with at("2024-01-10"):
        d.loan = proposal(d, title="关于加强中小企业融资服务的提案", text="设立融资担保基金。")
        d.lift = proposal(
            d, cosigners=(1,), title="关于老旧小区加装电梯的提案", text="简化审批流程。"
        )
        d.school = proposal(
            d, title="关于中小学课后服务的提案", text="课后服务应当覆盖所有小学，减轻企业职工负担。"
        )
        d.bus = suggestion(d, title="关于优化社区巴士线路的建议", text="增开巴士。")
    return d


def test_words_are_cut_for_the_index_and_whole_for_queries():
    words = search.document_words("关于加强中小企业融资服务的提案")
    assert {"中小企业", "中小", "企业", "融资", "服务"} <= set(words)
    assert "的" not in words and "关于" not in words
    assert search.query_words("中小企业 融资！") == ["中小企业", "融资"]
    assert search.query_words("5G基站") == ["5g", "基站"]
    assert search.query_words("的 了") == []


@pytest.mark.django_db
def test_a_word_finds_the_filings_that_contain_it(filings):
    d = filings
    officer = d.officer
    assert titles(search.search(officer, "企业")) == [d.loan.title, d.school.title]
    # The title weighs more than the text: both contain 企业, the title one comes first.
    assert titles(search.search(officer, "加装电梯")) == [d.lift.title]
    assert set(titles(search.search(officer, "中小"))) == {d.loan.title, d.school.title}
    result = search.search(officer, "社区巴士")
    assert result.mode == "words" and result.words == ["社区", "巴士"]
    assert titles(result) == [d.bus.title]
    assert search.search(officer, "飞机场").total == 0


@pytest.mark.django_db
def test_all_words_must_match(filings):
    d = filings
    assert titles(search.search(d.officer, "中小 融资")) == [d.loan.title]
    assert titles(search.search(d.officer, "融资 电梯")) == []


@pytest.mark.django_db
def test_a_single_character_matches_words_that_start_with_it(filings):
    d = filings
    assert titles(search.search(d.officer, "电")) == [d.lift.title]


@pytest.mark.django_db
def test_without_a_word_match_it_falls_back_to_the_substring(filings):
    d = filings
    result = search.search(d.officer, "企业融")  # cut into 企业 + 融: no such word
    assert result.mode == "substring" and titles(result) == [d.loan.title]


@pytest.mark.django_db
def test_no_keyword_lists_what_the_filters_leave_and_never_drafts(filings):
    d = filings
    with at("2024-01-11"):
        actions.file(
            FilingDraft(
                kind="proposal",
                body_id=d.cppcc.pk,
                title="关于企业的草稿",
                filer_type="member",
                text="未提交",
            ),
            d.member_users[0],
        )
    result = search.search(d.officer)
    assert result.mode == "all" and result.total == 4
    assert "关于企业的草稿" not in titles(search.search(d.officer, "企业"))


@pytest.mark.django_db
def test_filters_by_filer_unit_state_year_kind_and_body(filings):
    d = filings
    with at("2024-01-15"):
        actions.review(d.lift, "register", d.officer)
        actions.assign(d.lift, [UnitOrder(d.units[2].pk, "lead")], d.officer)
    officer = d.officer
    assert titles(search.search(officer, "", kind="suggestion")) == [d.bus.title]
    assert set(titles(search.search(officer, "", body_id=d.cppcc.pk))) == {
        d.loan.title,
        d.lift.title,
        d.school.title,
    }
    assert titles(search.search(officer, "", unit_id=d.units[2].pk)) == [d.lift.title]
    assert titles(search.search(officer, "", state="assigned")) == [d.lift.title]
    # A co-signer is a filer too.
    assert titles(search.search(officer, "电梯", filer_id=d.members[1].pk)) == [d.lift.title]
    assert titles(search.search(officer, "", filer_name="吴二")) == [d.lift.title]
    assert search.search(officer, "", year=2023).total == 0
    assert search.search(officer, "服务", year=2024).total == 2


@pytest.mark.django_db
def test_each_reader_finds_only_what_they_may_see(filings):
    d = filings
    with at("2024-01-15"):
        actions.review(d.lift, "register", d.officer)
        actions.assign(d.lift, [UnitOrder(d.units[2].pk, "lead")], d.officer)
    # The unit's clerk: only what is assigned to the unit.
    assert titles(search.search(d.clerks[2], "")) == [d.lift.title]
    assert search.search(d.clerks[0], "电梯").total == 0
    # A member: their own filings and those they co-signed.
    assert titles(search.search(d.member_users[1], "")) == [d.lift.title]
    assert search.search(d.member_users[3], "企业").total == 0
    # The public: published filings only.
    assert search.search(AnonymousUser(), "电梯").total == 0
    Filing.objects.filter(pk=d.lift.pk).update(public=True)
    assert titles(search.search(AnonymousUser(), "电梯")) == [d.lift.title]


@pytest.mark.django_db
def test_edited_text_is_searched_by_its_new_words(desk):
    d = desk
    with at("2024-01-10"):
        draft = proposal(d, submit=False, title="关于垃圾分类的提案", text="设置分类投放点。")
        assert titles(search.search(d.officer, "垃圾分类", kind="proposal")) == []  # a draft
        actions.update_draft(draft, d.member_users[0], title="关于河道整治的提案")
        actions.submit(draft, d.member_users[0])
    assert titles(search.search(d.officer, "河道")) == ["关于河道整治的提案"]
    assert search.search(d.officer, "垃圾分类").total == 0
    words = SearchText.objects.get(filing=draft)
    assert "河道" in words.title_words.split() and "投放" in words.body_words.split()


@pytest.mark.django_db
def test_a_state_change_does_not_cut_the_words_again(filings):
    d = filings
    before = SearchText.objects.get(filing=d.loan).indexed_at
    with at("2024-02-01"):
        actions.review(d.loan, "register", d.officer)
    assert SearchText.objects.get(filing=d.loan).indexed_at == before


@pytest.mark.django_db
def test_filings_written_in_bulk_are_found_once_their_writer_indexes_them(desk):
    """A search only reads: whoever writes without save() indexes what it wrote."""
    d = desk
    rows = Filing.objects.bulk_create(
        Filing(
            kind="proposal",
            body=d.cppcc,
            year=2024,
            number=500 + i,
            title=title,
            filer_type="member",
            state="submitted",
        )
        for i, title in enumerate(["关于夜间经济的提案", "关于口袋公园建设的提案"])
    )
    Filer.objects.bulk_create(
        Filer(filing=f, person=d.members[0], lead=True, signature="confirmed") for f in rows
    )
    assert not SearchText.objects.filter(filing__in=rows).exists()
    found = search.search(d.officer, "口袋公园")
    assert found.mode != "words"  # not in the index: found only by the plain-text fallback
    assert not SearchText.objects.filter(filing__in=rows).exists()  # and nothing written
    assert search.index_missing() == 2
    found = search.search(d.officer, "口袋公园")
    assert found.mode == "words" and titles(found) == ["关于口袋公园建设的提案"]
    # Rebuilding from scratch finds the same.
    assert search.reindex() == 2
    assert titles(search.search(d.officer, "夜间经济")) == ["关于夜间经济的提案"]
    # Words deleted (the index follows its table) are written again on the next search.
    SearchText.objects.all().delete()
    assert titles(search.search(d.officer, "夜间经济")) == ["关于夜间经济的提案"]


@pytest.mark.django_db
def test_paging_and_a_fixed_number_of_queries(desk):
    d = desk
    rows = Filing.objects.bulk_create(
        Filing(
            kind="proposal",
            body=d.cppcc,
            year=2024,
            number=i + 1,
            title=f"关于养老服务第{i}项的提案",
            filer_type="member",
            state="submitted",
        )
        for i in range(30)
    )
    search.index_filings([f.pk for f in rows])
    first = search.search(d.officer, "养老服务", per_page=20)
    second = search.search(d.officer, "养老服务", per_page=20, page=2)
    assert (first.total, first.pages, len(first.filings), len(second.filings)) == (30, 2, 20, 10)
    assert not {f.pk for f in first.filings} & {f.pk for f in second.filings}
    with CaptureQueriesContext(connection) as ctx:
        search.search(d.officer, "养老服务", year=2024, unit_id=d.units[0].pk, filer_name="周")
    assert len(ctx.captured_queries) <= 4


@pytest.mark.django_db
def test_the_search_page(filings, client):
    d = filings
    client.force_login(d.officer)
    page = client.get("/proposals/reports/search/", {"q": "加装电梯"})
    assert page.status_code == 200
    html = page.content.decode()
    assert d.lift.title in html and d.loan.title not in html and "周一" in html
    page = client.get("/proposals/reports/search/", {"q": "", "kind": "suggestion"})
    assert d.bus.title in page.content.decode()
    anonymous = type(client)()
    page = anonymous.get("/proposals/reports/search/", {"q": "电梯"})
    assert page.status_code == 200 and d.lift.title not in page.content.decode()
