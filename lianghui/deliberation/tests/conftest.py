"""The hall's 东区代表团 group meeting, with a cast for its deliberation record.

- hall.officer: the secretariat (records anything)
- conv_user: 李四, the delegation's convener (records)
- rec_user: 记录员, a staff member who is not a delegate (records once named recorder)
- hall.delegate_user: 张三, a delegate of the delegation (reads)
- west_user: 赵六, a delegate of 西区代表团 (neither)
- hall.outsider: a signed-in account with no person (neither)
"""

import pytest
from django.contrib.auth.models import User

from conftest import PASSWORD
from lianghui.people.models import Membership, Person, Role
from lianghui.sessions.models import AgendaItem, PresidingOfficer, PresidingRole


@pytest.fixture
def group(hall):
    hall.item = AgendaItem.objects.create(
        meeting=hall.group, order=1, kind="deliberation", title="审议政府工作报告"
    )
    convener = hall.delegates[1]
    Membership.objects.create(
        person=convener, organisation=hall.east, role=Role.CONVENER, start=hall.term.start
    )
    hall.conv_user = User.objects.create_user("zhaojiren", password=PASSWORD)
    convener.user = hall.conv_user
    convener.save(update_fields=["user"])
    hall.rec_user = User.objects.create_user("jilu", password=PASSWORD)
    hall.recorder = Person.objects.create(name="记录员", user=hall.rec_user)
    hall.west_user = User.objects.create_user("xiqu", password=PASSWORD)
    hall.delegates[3].user = hall.west_user
    hall.delegates[3].save(update_fields=["user"])
    PresidingOfficer.objects.create(
        meeting=hall.group, person=hall.guest, role=PresidingRole.ATTENDING, title="区长"
    )
    return hall


@pytest.fixture
def unwired():
    """The deliberation app as if no suggestions workflow were plugged in (and restore it)."""
    from lianghui.deliberation.actions import routing

    wired = routing._router
    routing.register_router(None)
    yield
    routing.register_router(wired)
