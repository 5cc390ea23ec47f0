import datetime as dt

import pytest
import time_machine
from django.test import Client

from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Method
from lianghui.people.models import Membership, Organisation, OrgKind, Person, Role

# The hall's session sits 10–12 January 2024: interpellations, recalls and resignations are
# only for the congress in session (LOL 24, 31, 32), so these tests run on its second day.
IN_SESSION = dt.datetime(2024, 1, 11, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def in_session():
    with time_machine.travel(IN_SESSION, tick=True) as traveller:
        yield traveller


@pytest.fixture
def congress(hall, decide):
    """The hall's congress grown to 21 delegates (a tenth: 3), its presidium (``decide``),
    all checked in at the plenary; a district head in office (``hall.head``)."""
    for i in range(15):
        person = Person.objects.create(name=f"代表{i + 7}")
        Membership.objects.create(
            person=person, organisation=hall.congress, role=Role.DELEGATE, start=hall.term.start
        )
        hall.delegates.append(person)
    for person in hall.delegates:
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
    government = Organisation.objects.create(kind=OrgKind.GOVERNMENT, name="测试区人民政府")
    hall.head = Person.objects.create(name="周区长")
    hall.head_post = Membership.objects.create(
        person=hall.head,
        organisation=government,
        role=Role.OFFICIAL,
        title="区长",
        start=hall.term.start,
    )
    hall.decide = lambda text="主席团决定。", subject="recall", **kw: decide(subject, text, **kw).pk
    hall.office = Client()
    hall.office.force_login(hall.officer)
    return hall
