import datetime as dt

import pytest
from django.test import Client

from lianghui.people.models import Membership, Person, Role
from lianghui.sessions.models import Meeting, MeetingKind

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


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
