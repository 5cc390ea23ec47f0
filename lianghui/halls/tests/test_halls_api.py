"""Halls through the API and the pages: drawn, imported, refused, audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lianghui.audit.models import Event
from lianghui.halls.models import Hall, Seat
from lianghui.halls.tests.conftest import xlsx

pytestmark = pytest.mark.django_db

BLOCKS = {
    "venue": "上海市委党校",
    "name": "报告厅",
    "blocks": [
        {"name": "", "rows": 1, "seats": 5, "x": 2, "y": 0, "rostrum": True},
        {"name": "中区", "rows": 3, "seats": 9, "x": 0, "y": 2},
    ],
}


def test_the_secretariat_draws_a_hall_from_blocks(officer_client):
    r = officer_client.post("/api/halls/", BLOCKS, content_type="application/json")
    assert r.status_code == 201, r.content.decode()
    body = r.json()
    assert (body["seats"], body["rostrum_seats"], body["blocks"]) == (32, 5, ["中区"])
    labels = {s["label"] for s in body["seat_list"]}
    assert {"主席台1排3号", "中区3排9号"} <= labels
    event = Event.objects.get(kind="halls.hall_created")
    assert event.data["seats"] == 32 and event.data["venue"] == "上海市委党校"
    listed = officer_client.get("/api/halls/").json()
    assert [(h["venue"], h["name"]) for h in listed] == [("上海市委党校", "报告厅")]


def test_overlapping_blocks_are_refused_and_nothing_is_stored(officer_client):
    payload = {**BLOCKS, "blocks": [*BLOCKS["blocks"], {"name": "加座", "rows": 1, "seats": 1,
                                                         "x": 0, "y": 2}]}  # fmt: skip
    r = officer_client.post("/api/halls/", payload, content_type="application/json")
    assert r.status_code == 422
    assert "加座1排1号" in r.json()["message"] and "中区1排1号" in r.json()["message"]
    assert not Hall.objects.exists() and not Seat.objects.exists()


def test_the_same_hall_name_twice_is_a_conflict(officer_client):
    officer_client.post("/api/halls/", BLOCKS, content_type="application/json")
    r = officer_client.post("/api/halls/", BLOCKS, content_type="application/json")
    assert r.status_code == 409 and "报告厅" in r.json()["message"]


def test_a_block_added_bumps_the_layout_version(officer_client):
    hall = officer_client.post("/api/halls/", BLOCKS, content_type="application/json").json()
    r = officer_client.post(
        f"/api/halls/{hall['id']}/blocks",
        {"name": "楼座", "rows": 2, "seats": 9, "x": 0, "y": 6},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["seats"] == 50 and r.json()["layout_version"] == 2
    assert Event.objects.filter(kind="halls.block_added").count() == 1
    clash = officer_client.post(
        f"/api/halls/{hall['id']}/blocks",
        {"name": "楼座二", "rows": 1, "seats": 1, "x": 0, "y": 6},
        content_type="application/json",
    )
    assert clash.status_code == 422 and "楼座1排1号" in clash.json()["message"]


def test_a_seat_list_is_imported_from_xlsx(officer_client):
    data = xlsx([["区域", "排", "号"], *(["中区", r, n] for r in (1, 2) for n in range(1, 11)),
                 ["主席台", 1, 1], ["主席台", 1, 2]])  # fmt: skip
    r = officer_client.post(
        "/api/halls/import",
        {"venue": "区会议中心", "name": "一号厅",
         "file": SimpleUploadedFile("hall.xlsx", data)},
    )  # fmt: skip
    assert r.status_code == 201, r.content.decode()
    assert r.json()["seats"] == 22 and r.json()["rostrum_seats"] == 2


def test_a_bad_seat_list_is_rejected_whole_with_row_reasons(officer_client):
    data = xlsx([["区域", "排", "号"], ["中区", 1, 1], ["中区", "=1+1", 2], ["", 1, 3]])
    r = officer_client.post(
        "/api/halls/import",
        {"venue": "区会议中心", "name": "一号厅", "file": SimpleUploadedFile("h.xlsx", data)},
    )
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "bad_layout"
    assert [row["row"] for row in body["details"]["rows"]] == [3, 4]
    assert not Hall.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused(officer_client):
    r = officer_client.post(
        "/api/halls/import",
        {"venue": "区会议中心", "name": "一号厅",
         "file": SimpleUploadedFile("h.xlsx", b"not a zip")},
    )  # fmt: skip
    assert r.status_code == 422 and r.json()["message"].startswith("座位表：")


def test_only_the_secretariat_sees_or_draws_halls(hall):
    delegate = Client()
    delegate.force_login(hall.delegate_user)
    assert delegate.get("/api/halls/").status_code == 403
    r = delegate.post("/api/halls/", BLOCKS, content_type="application/json")
    assert r.status_code == 403 and not Hall.objects.exists()
    assert Client().get("/api/halls/").status_code == 401
    assert delegate.get("/halls/").status_code == 404


def test_the_pages_draw_a_hall_and_show_its_chart(officer_client):
    r = officer_client.post(
        "/halls/new/",
        {"venue": "上海市委党校", "hall": "大礼堂", "name": "中区", "rows": 2, "seats": 4,
         "first_row": 1, "x": 0, "y": 3},
    )  # fmt: skip
    hall = Hall.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/halls/{hall.pk}/"
    r = officer_client.post(
        f"/halls/{hall.pk}/blocks/",
        {"name": "", "rostrum": "on", "rows": 1, "seats": 3, "first_row": 1, "x": 0, "y": 0},
    )
    assert r.status_code == 302
    page = officer_client.get(f"/halls/{hall.pk}/").content.decode()
    assert "共 11 个座位，其中主席台 3 个" in page
    assert page.count('<g class="seat rostrum"') == 3 and "<title>中区2排4号</title>" in page
    r = officer_client.post(f"/halls/{hall.pk}/blocks/remove/", {"block": "主席台", "rostrum": "1"})
    assert r.status_code == 302 and hall.seats.count() == 8
    assert Event.objects.filter(kind="halls.block_removed").exists()


def test_the_import_page_lists_each_bad_row(officer_client):
    data = xlsx([["区域", "排", "号"], ["中区", 1, "x"]])
    r = officer_client.post(
        "/halls/import/",
        {"venue": "区会议中心", "hall": "一号厅", "file": SimpleUploadedFile("h.xlsx", data)},
    )
    assert r.status_code == 422
    page = r.content.decode()
    assert 'data-row="2"' in page and "号“x”不是整数" in page


def test_a_refused_block_is_shown_on_the_pages_form_and_nothing_is_stored(officer_client):
    form = {"name": "中区", "rows": 2, "seats": 4, "first_row": 1, "x": 0, "y": 3}
    officer_client.post("/halls/new/", {"venue": "上海市委党校", "hall": "大礼堂", **form})
    hall = Hall.objects.get()
    r = officer_client.post(f"/halls/{hall.pk}/blocks/", {**form, "name": "加座"})
    assert r.status_code == 422
    page = r.content.decode()
    assert "画在同一位置" in page and "区域已添加" not in page
    assert hall.seats.count() == 8
    r = officer_client.post(f"/halls/{hall.pk}/blocks/", {**form, "rows": ""})
    assert r.status_code == 422 and hall.seats.count() == 8
