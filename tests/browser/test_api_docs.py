"""/api/docs works with no internet: every request the page makes goes to the server itself."""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_offline(page, live_server):
    outside = []

    def only_the_server(route):
        if urlsplit(route.request.url).netloc == urlsplit(live_server.url).netloc:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_server)
    page.goto(f"{live_server.url}/api/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=60_000)
    page.wait_for_selector(".opblock-tag")  # the operations, read from /api/openapi.json
    assert not outside, outside
    screenshot(page, "api-docs-offline")
