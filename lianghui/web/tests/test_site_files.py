"""Files every site needs, served from the project itself: the API docs' Swagger UI, the favicon."""

import pytest
from django.contrib.staticfiles import finders


@pytest.mark.django_db
def test_api_docs_need_no_internet(client):
    html = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "/static/ninja/swagger-ui.css" in html
    assert "cdn" not in html.lower() and "https://" not in html
    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui.css", "ninja/swagger-ui-init.js"):
        assert finders.find(name), name


@pytest.mark.django_db
def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/lianghui/favicon.ico"
    with open(finders.find("lianghui/favicon.ico"), "rb") as f:
        assert f.read(4) == b"\x00\x00\x01\x00"  # an ICO file's header
    assert 'rel="icon" href="/static/lianghui/favicon.svg"' in client.get("/").content.decode()
