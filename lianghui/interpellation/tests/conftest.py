import datetime as dt

import pytest
import time_machine
from django.test import Client

from lianghui.people.models import Membership, Person, Role
from lianghui.sessions.models import Meeting, MeetingKind

SHANGHAI = dt.timezone(dt.timedelta(hours=8))

# The hall's session sits 10–12 January 2024: interpellations, recalls and resignations are
# only for the congress in session (LOL 24, 31, 32), so these tests run on its second day.
IN_SESSION = dt.datetime(2024, 1, 11, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def in_session():
    with time_machine.travel(IN_SESSION, tick=True) as traveller:
        yield traveller


@pytest.fixture
def congress(hall, decide):
    """The hall's congress grown to 12 delegates, its presidium (``decide``) and a second
    presidium meeting (``hall.presidium``) to answer at; ``hall.decide(text)`` records an
    adopted decision of the presidium and returns its id."""
    for i in range(6):
        person = Person.objects.create(name=f"代表{i + 7}")
        Membership.objects.create(
            person=person, organisation=hall.congress, role=Role.DELEGATE, start=hall.term.start
        )
        hall.delegates.append(person)
    hall.presidium = Meeting.objects.create(
        session=hall.session,
        kind=MeetingKind.PRESIDIUM,
        title="主席团第二次会议",
        starts_at=dt.datetime(2024, 1, 10, 18, 0, tzinfo=SHANGHAI),
    )
    hall.decide = lambda text="主席团决定交受质询机关答复。", **kw: (
        decide("interpellation", text, **kw).pk
    )
    hall.office = Client()
    hall.office.force_login(hall.officer)
    return hall
