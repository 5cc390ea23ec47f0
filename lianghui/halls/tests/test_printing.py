"""The printed papers of a seat plan, read back: names in the right places."""

import io

import pytest
from pypdf import PdfReader

from lianghui.attendance.models import Badge
from lianghui.halls import printing
from lianghui.halls.models import SeatPlan

pytestmark = pytest.mark.django_db


def text_of(data: bytes) -> list[str]:
    assert data.startswith(b"%PDF")
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_the_whole_hall_chart_names_everyone_on_one_page(hall, seated, officer_client):
    r = officer_client.get(f"/meetings/{hall.plenary.pk}/seating/chart.pdf?paper=A3")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    pages = text_of(r.content)
    assert len(pages) == 1
    for name in ("张三", "李四", "王五", "赵六", "钱七", "孙八", "列席人"):
        assert name in pages[0]
    assert "座次图" in pages[0]
    a4 = PdfReader(io.BytesIO(printing.chart_pdf(SeatPlan.objects.get(), "A4"))).pages[0]
    assert round(float(a4.mediabox.width) / 72 * 25.4) == 297


def test_the_chart_lays_the_seats_out_as_the_hall_is_drawn(hall, seated):
    layout = printing.chart_layout(SeatPlan.objects.get(), "A3")
    by_name = {s.name: s for s in layout["seats"] if s.name}
    assert by_name["张三"].css == "rostrum" and by_name["列席人"].css == "nonvoting"
    # The rostrum above the floor, the balcony below it; row 1 of a block left of seat 2.
    assert by_name["张三"].top < by_name["李四"].top < by_name["列席人"].top


def test_a_delegations_chart_marks_and_lists_its_seats(hall, seated, officer_client):
    r = officer_client.get(
        f"/meetings/{hall.plenary.pk}/seating/chart.pdf?paper=A4&group=西区代表团"
    )
    chart, listing = text_of(r.content)
    assert "西区代表团" in chart
    assert "西区代表团 座位表（3 人）" in listing
    assert "中区2排1号　孙八" in listing and "李四" not in listing


def test_the_rostrum_chart_reads_as_the_hall_sees_it(hall, seated, officer_client):
    from lianghui.people.models import Person
    from lianghui.sessions.models import PresidingOfficer

    # Three on the rostrum: 张三 first in the middle, 李四 on his left (the hall's right).
    for i, person in enumerate(hall.delegates[1:3], 2):
        PresidingOfficer.objects.create(
            meeting=hall.plenary, person=person, role="executive_chair", order=i
        )
    SeatPlan.objects.all().delete()
    officer_client.post(
        f"/api/halls/meetings/{hall.plenary.pk}/seating",
        {"hall_id": seated["hall_id"]},
        content_type="application/json",
    )
    assert printing.rostrum_rows(SeatPlan.objects.get()) == [["王五", "张三", "李四"]]
    r = officer_client.get(f"/meetings/{hall.plenary.pk}/seating/rostrum.pdf")
    page = text_of(r.content)[0]
    assert page.index("王五") < page.index("张三") < page.index("李四")
    assert Person.objects.count()


def test_name_cards_print_each_name_twice_one_card_a_page(hall, seated, officer_client):
    r = officer_client.get(f"/meetings/{hall.plenary.pk}/seating/cards.pdf")
    pages = text_of(r.content)
    # Letter-spaced, the name reads back with spaces; once per face.
    assert len(pages) == 1 and pages[0].replace(" ", "").count("张三") == 2
    everyone = text_of(
        officer_client.get(f"/meetings/{hall.plenary.pk}/seating/cards.pdf?all=1").content
    )
    assert len(everyone) == 7


def test_badges_carry_the_seat_and_the_check_in_code(hall, seated, officer_client):
    r = officer_client.get(f"/meetings/{hall.plenary.pk}/seating/badges.pdf")
    (page,) = text_of(r.content)
    assert "座位：主席台1排2号" in page and "座位：楼座1排1号" in page
    assert Badge.objects.filter(person=hall.delegates[0]).exists()
    assert page.count("座位：") == 7


def test_only_the_secretariat_prints(hall, seated):
    from django.test import Client

    delegate = Client()
    delegate.force_login(hall.delegate_user)
    assert delegate.get(f"/meetings/{hall.plenary.pk}/seating/chart.pdf").status_code == 404


def test_the_api_prints_the_same_papers(hall, seated, officer_client):
    from django.test import Client

    base = f"/api/halls/meetings/{hall.plenary.pk}/seating"
    r = officer_client.get(f"{base}/chart.pdf?paper=A4&group=西区代表团")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    chart, listing = text_of(r.content)
    assert "西区代表团" in chart and "中区2排1号　孙八" in listing
    (rostrum,) = text_of(officer_client.get(f"{base}/rostrum.pdf").content)
    assert "张三" in rostrum
    cards = text_of(officer_client.get(f"{base}/cards.pdf?all=true").content)
    assert len(cards) == 7
    (badges,) = text_of(officer_client.get(f"{base}/badges.pdf").content)
    assert badges.count("座位：") == 7
    assert officer_client.get(f"{base}/chart.pdf?paper=B5").status_code == 422
    missing = officer_client.get("/api/halls/meetings/999999/seating/chart.pdf")
    assert missing.status_code == 404 and "未找到该会议" in missing.json()["message"]
    unseated = officer_client.get(f"/api/halls/meetings/{hall.group.pk}/seating/rostrum.pdf")
    assert unseated.status_code == 404 and "尚未编排座次" in unseated.json()["message"]
    delegate = Client()
    delegate.force_login(hall.delegate_user)
    assert delegate.get(f"{base}/chart.pdf").status_code == 403
