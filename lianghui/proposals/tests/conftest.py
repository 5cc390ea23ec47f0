"""The proposals cast, built on the shared `hall`: twelve delegates with accounts, a CPPCC
with a sector and four members, three handling units with a clerk each, a presidium member,
a special committee, a leader, and the secretariat officer.

Dates: the clock is set by each test (time_machine); assignment on 15 Jan 2024 makes a
three-month reply due on 15 Apr 2024.
"""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def at(day: str, hour: int = 10):
    """A time_machine travel to 10:00 Shanghai time on an ISO day, clock frozen."""
    return time_machine.travel(
        dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI), tick=False
    )


def _user(username, email=True):
    from django.contrib.auth.models import User

    return User.objects.create_user(
        username, password="x", email=f"{username}@example.org" if email else ""
    )


def _person_with_user(name, username):
    from lianghui.people.models import Person

    person = Person.objects.create(name=name, user=_user(username))
    return person


@pytest.fixture
def desk(hall, settings, tmp_path):
    from lianghui.people.models import Membership, Organisation, OrgKind, Person, Role
    from lianghui.sessions.models import Term

    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    d = SimpleNamespace(hall=hall, congress=hall.congress, session=hall.session)
    hall.officer.email = "mishu@example.org"
    hall.officer.save(update_fields=["email"])
    d.officer = hall.officer
    hall.delegate_user.email = "daibiao@example.org"
    hall.delegate_user.save(update_fields=["email"])

    # Twelve delegates, each with an account: users[i] is delegates[i]'s.
    delegates = list(hall.delegates)
    for i in range(6):
        person = Person.objects.create(name=f"代表{i + 7}")
        Membership.objects.create(
            person=person, organisation=hall.congress, role=Role.DELEGATE, start=hall.term.start
        )
        delegates.append(person)
    users = [hall.delegate_user]
    for i, person in enumerate(delegates[1:], start=1):
        person.user = _user(f"d{i}")
        person.save(update_fields=["user"])
        users.append(person.user)
    d.delegates, d.users = delegates, users

    # The CPPCC, a sector, four members.
    d.cppcc = Organisation.objects.create(kind=OrgKind.CPPCC, name="测试区政协")
    Term.objects.create(body=d.cppcc, number=15, start=dt.date(2022, 1, 1))
    d.sector = Organisation.objects.create(kind=OrgKind.SECTOR, name="经济界", parent=d.cppcc)
    d.members, d.member_users = [], []
    for i, name in enumerate(["周一", "吴二", "郑三", "冯四"]):
        person = _person_with_user(name, f"m{i}")
        Membership.objects.create(
            person=person, organisation=d.cppcc, role=Role.MEMBER, start=dt.date(2022, 1, 1)
        )
        Membership.objects.create(
            person=person, organisation=d.sector, role=Role.GROUP_MEMBER, start=dt.date(2022, 1, 1)
        )
        d.members.append(person)
        d.member_users.append(person.user)
    d.party = Organisation.objects.create(kind=OrgKind.PARTY_GROUP, name="民盟测试区委")
    d.party_officer = _person_with_user("民盟干事", "party")
    Membership.objects.create(person=d.party_officer, organisation=d.party, role=Role.STAFF)

    # Handling units with one clerk each.
    d.units, d.clerks = [], []
    for i, name in enumerate(["区交通委", "区教育局", "区住建委"]):
        unit = Organisation.objects.create(kind=OrgKind.HANDLING_UNIT, name=name)
        clerk = _person_with_user(f"{name}经办人", f"unit{i}")
        Membership.objects.create(person=clerk, organisation=unit, role=Role.STAFF)
        d.units.append(unit)
        d.clerks.append(clerk.user)

    # The presidium, a special committee, the government, an overseeing leader.
    d.presidium = Organisation.objects.create(
        kind=OrgKind.PRESIDIUM, name="主席团", parent=hall.congress
    )
    d.presidium_user = _person_with_user("主席团成员", "presidium").user
    Membership.objects.create(
        person=d.presidium_user.person, organisation=d.presidium, role=Role.GROUP_MEMBER
    )
    d.committee = Organisation.objects.create(
        kind=OrgKind.SPECIAL_COMMITTEE, name="法制委员会", parent=hall.congress
    )
    d.committee_user = _person_with_user("法制委员", "committee").user
    Membership.objects.create(
        person=d.committee_user.person, organisation=d.committee, role=Role.COMMITTEE_CHAIR
    )
    d.government = Organisation.objects.create(kind=OrgKind.GOVERNMENT, name="测试区人民政府")
    d.government_user = _person_with_user("政府办干部", "gov").user
    Membership.objects.create(
        person=d.government_user.person, organisation=d.government, role=Role.STAFF
    )
    d.leader = _person_with_user("督办领导", "leader")
    d.outsider = hall.outsider
    return d


@pytest.fixture
def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
