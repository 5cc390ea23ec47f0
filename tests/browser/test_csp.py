"""The Content-Security-Policy breaks no page: each role's main pages load in Chromium with the
policy enforced and not one violation (no inline script or style, nothing from elsewhere).

A violation is caught twice: Chromium's console message ("Refused to …") and the page's own
securitypolicyviolation event, reported to the console by an init script before any page
script runs.
"""

import re

import pytest
from playwright.sync_api import expect

from lianghui.hall.tokens import screen_token
from lianghui.sessions.models import Meeting
from tests.browser.conftest import DEMO_TITLE, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error("CSP-VIOLATION " + e.violatedDirective + " " + (e.blockedURI || "inline")
    + " at " + e.sourceFile + ":" + e.lineNumber + " sample=" + e.sample);
});
"""


class Violations:
    def __init__(self, page):
        self.seen: list[str] = []
        page.add_init_script(REPORT_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message):
        text = message.text
        if "CSP-VIOLATION" in text or "Content Security Policy" in text:
            self.seen.append(f"{message.location.get('url', '')}: {text}")


def visit(page, violations, url, ready="main, body"):
    response = page.goto(url)
    assert response.ok, f"{url}: {response.status}"
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "style-src 'self'" in policy, (url, policy)
    page.wait_for_selector(ready)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(200)  # a late htmx swap or websocket message would show here


def test_each_roles_pages_load_under_the_policy(browser, asgi_server, demo):
    from lianghui.elections.models import Election
    from lianghui.people.models import Person
    from lianghui.votes.models import Poll

    accounts, password = demo
    base = asgi_server.url
    meeting = Meeting.objects.get(session__title=DEMO_TITLE, title__contains="第三次全体会议")
    session = meeting.session
    poll = Poll.objects.filter(meeting__session=session).first()
    assert poll is not None, "the demo replays the session's votes"

    def context():
        ctx = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
        page = ctx.new_page()
        return ctx, page, Violations(page)

    # Anyone: the home page, the public proposals, the API documentation (Swagger UI).
    ctx, page, seen = context()
    visit(page, seen, f"{base}/")
    visit(page, seen, f"{base}/proposals/public/")
    visit(page, seen, f"{base}/api/docs", ready=".swagger-ui .opblock-tag")
    # The big screen opened by its token, live over the websocket.
    visit(page, seen, f"{base}/hall/{meeting.pk}/screen?token={screen_token(meeting.pk)}")
    expect(page.locator("[data-hall]")).to_have_attribute("data-version", re.compile(r"^[0-9]+$"))
    violations = seen.seen
    ctx.close()

    # The secretariat: session, meeting, vote console, check-in desk, hall console, proposals.
    ctx, page, seen = context()
    sign_in(page, base, accounts.secretariat, password)
    for path in (
        f"/sessions/{session.pk}/",
        f"/meetings/{meeting.pk}/",
        f"/votes/{poll.pk}/console/",
        f"/meetings/{meeting.pk}/desk/",
        f"/hall/{meeting.pk}/console",
        "/proposals/desk/",
        "/setup/",
        f"/sessions/{session.pk}/chronicle/",
        "/people/",
        "/proposals/reports/",
        "/proposals/reports/annual/",
        f"/meetings/{meeting.pk}/elections/new/",
        *(f"/elections/{e.pk}/" for e in Election.objects.filter(meeting__session=session)[:2]),
    ):
        visit(page, seen, base + path)
    screenshot(page, "csp-secretariat-people")
    violations += seen.seen
    ctx.close()

    # A delegate: their page, their proposals, the ballot page of a vote.
    ctx, page, seen = context()
    sign_in(page, base, accounts.delegate, password)
    assert Person.objects.filter(user__username=accounts.delegate).exists()
    for path in ("/me/", "/proposals/", f"/votes/{poll.pk}/", f"/meetings/{meeting.pk}/"):
        visit(page, seen, base + path)
    screenshot(page, "csp-delegate-meeting")
    violations += seen.seen
    ctx.close()
    assert not violations, "\n".join(violations)


def test_an_inline_style_is_refused_and_reported(page, live_server):
    """The check itself: a page that breaks the policy is seen breaking it."""
    seen = Violations(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')")
    page.wait_for_timeout(200)
    assert any("style-src" in v for v in seen.seen), seen.seen
