"""A CPPCC member files a proposal; the secretariat registers it and assigns it to a handling
unit; the unit's clerk replies on a phone; the member rates the reply."""

import pytest

from tests.browser.conftest import assert_chinese_renders, confirms, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于完善社区嵌入式养老服务设施的提案"


def new_context(browser, **kw):
    return browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **kw)


@pytest.fixture
def unit_clerk(demo):
    """The demo has no handling units: one, with a clerk who has an account."""
    from django.contrib.auth import get_user_model

    from lianghui.people.models import Membership, Organisation, OrgKind, Person, Role

    _, password = demo
    unit = Organisation.objects.create(kind=OrgKind.HANDLING_UNIT, name="区民政局")
    Organisation.objects.create(kind=OrgKind.HANDLING_UNIT, name="区卫生健康委")
    user = get_user_model().objects.create_user("minzheng", password=password)
    clerk = Person.objects.create(name="民政局经办人", user=user)
    Membership.objects.create(person=clerk, organisation=unit, role=Role.STAFF)
    return unit, user.username


def test_member_files_secretariat_assigns_unit_replies_member_rates(
    browser, page, phone, live_server, demo, unit_clerk
):
    from lianghui.proposals.models import Filing

    accounts, password = demo
    unit, clerk_username = unit_clerk
    base = live_server.url

    # The member files a proposal from 我的 page and submits it.
    sign_in(page, base, accounts.cppcc_member, password)
    page.goto(f"{base}/proposals/")
    page.click("text=提出提案")
    page.fill("input[name=title]", TITLE)
    page.fill(
        "textarea[name=text]",
        "建议在老旧小区集中的街道统筹布局社区嵌入式养老服务设施，提供助餐、日间照料和上门服务。",
    )
    page.fill("input[name=subject]", "民生保障")
    # Co-signers are picked by name: a search, a click adds the name (none kept here).
    page.fill("input[name=q]", "王")
    page.wait_for_selector(".person-pick")
    page.click(".person-pick >> nth=0")
    assert page.input_value("#cosigners").startswith("王")
    page.fill("#cosigners", "")
    screenshot(page, "proposal-member-form")
    page.click("button:has-text('保存草稿')")
    page.wait_for_selector("text=已保存为草稿")
    page.click("button:has-text('提交')")
    page.wait_for_selector(".messages >> text=已提交。")
    filing = Filing.objects.get(title=TITLE)
    assert filing.state == "submitted" and filing.number
    assert "待审查" in page.inner_text(".tag.state")
    assert_chinese_renders(page, page.inner_text("main"))
    screenshot(page, "proposal-member-submitted")

    # The secretariat registers it from the desk and assigns it to the unit as lead.
    officer_ctx = new_context(browser, viewport={"width": 1280, "height": 900})
    try:
        officer = officer_ctx.new_page()
        sign_in(officer, base, accounts.secretariat, password)
        officer.goto(f"{base}/proposals/desk/")
        officer.click(f"#to-review >> text={TITLE}")
        officer.check("input[name=outcome][value=register]")
        officer.click("button:has-text('记录审查结果')")
        officer.wait_for_selector(".messages >> text=已记录审查结果。")
        officer.select_option(f"select[name=role_{unit.pk}]", "lead")
        screenshot(officer, "proposal-secretariat-assign")
        officer.click("form.assign-form button:has-text('交办')")
        officer.wait_for_selector(".messages >> text=已交办")
        assert "区民政局" in officer.inner_text("section.handling")
        assert_chinese_renders(officer, officer.inner_text("main"))
        screenshot(officer, "proposal-secretariat-assigned")
    finally:
        officer_ctx.close()
    filing.refresh_from_db()
    assignment = filing.assignments.get()
    assert filing.state == "assigned"

    # The unit's clerk, on a phone: the due date in big type, three big choices, a reply.
    sign_in(phone, base, clerk_username, password)
    phone.goto(f"{base}/proposals/unit/")
    due = phone.locator(".unit-item .due-big").first
    assert (
        due.inner_text()
        == f"{assignment.effective_due.year}年{assignment.effective_due.month}月{assignment.effective_due.day}日"
    )
    assert float(due.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 28
    assert TITLE in phone.inner_text(".unit-items")
    screenshot(phone, "proposal-unit-list-phone")
    phone.click("text=办理（答复）")
    choices = phone.locator("label.choice")
    assert choices.count() == 3
    assert [c.strip() for c in choices.all_inner_texts()] == [
        "解决或采纳",
        "正在解决或列入计划",
        "说明解释、留作参考",
    ]
    box = choices.first.bounding_box()
    assert box["width"] > 300 and box["height"] >= 56  # a thumb's worth on a 390px screen
    phone.click("label.choice:has-text('正在解决或列入计划')")
    phone.fill(
        "textarea[name=text]",
        "已将社区嵌入式养老服务设施纳入本年度民生实事项目，年内新建两处综合为老服务中心。",
    )
    assert_chinese_renders(phone, phone.inner_text("main"))
    screenshot(phone, "proposal-unit-reply-phone")
    phone.click("button:has-text('送出答复')")
    phone.wait_for_selector(".messages >> text=答复已送出")
    assert "目前没有需要办理的件" in phone.inner_text("main")
    assert "不能修改" in confirms(phone).asked[-1]
    filing.refresh_from_db()
    assert filing.state == "replied"

    # The member reads the reply and rates it.
    page.goto(f"{base}/proposals/{filing.pk}/")
    assert "纳入本年度民生实事项目" in page.inner_text("section.replies")
    page.click("form.rate-form label.choice:has-text('基本满意')")
    page.fill("form.rate-form textarea[name=comment]", "希望尽快落地。")
    screenshot(page, "proposal-member-rate")
    page.click("button:has-text('提交评价')")
    page.wait_for_selector(".messages >> text=感谢您的评价。")
    assert "评价：基本满意" in page.inner_text("section.replies")
    assert page.inner_text(".tag.state") == "已办结"
    assert "评价（办结）" in page.inner_text(".timeline")
    assert_chinese_renders(page, page.inner_text("section.replies"))
    screenshot(page, "proposal-member-rated")
    filing.refresh_from_db()
    assert filing.state == "closed" and filing.replies.get().rating.level == "basic"
