import pytest
from django.test import Client

from lianghui.attendance.models import Capacity, CheckIn, Method
from lianghui.halls import actions
from lianghui.halls.layout_rules import BlockSpec
from lianghui.people.models import Membership, Role
from lianghui.people.tests.test_importer import xlsx  # noqa: F401 (the helper, reused)
from lianghui.sessions.models import PresidingOfficer


@pytest.fixture
def officer_client(hall):
    client = Client()
    client.force_login(hall.officer)
    return client


@pytest.fixture
def auditorium(hall):
    blocks = [
        BlockSpec("", 1, 3, 3, 0, rostrum=True),
        BlockSpec("中区", 3, 4, 0, 2),
        BlockSpec("楼座", 1, 4, 0, 6),
    ]
    return actions.create_from_blocks("会址", "礼堂", blocks, hall.officer)


@pytest.fixture
def seated(hall, auditorium, officer_client):
    """The plenary seated: 张三 on the rostrum, 西区's head first, 列席人 in the balcony."""
    PresidingOfficer.objects.create(
        meeting=hall.plenary, person=hall.delegates[0], role="executive_chair", order=1
    )
    Membership.objects.filter(person=hall.delegates[5], organisation=hall.west).update(
        role=Role.CONVENER
    )
    CheckIn.objects.create(
        meeting=hall.plenary, person=hall.guest, capacity=Capacity.NONVOTING, method=Method.DESK
    )
    r = officer_client.post(
        f"/api/halls/meetings/{hall.plenary.pk}/seating",
        {"hall_id": auditorium.pk, "reserved": {"nonvoting": ["楼座"]}},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content.decode()
    return r.json()
