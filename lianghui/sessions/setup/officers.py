"""Presiding officers of a meeting: the presiding officer (主持人), executive chairs
(执行主席), those seated on the rostrum and leaders attending.

Spec: the secretariat; a person holds each role at most once per meeting. Who chairs
decides who may open and close votes, so every change is an event:
sessions.officer_added, sessions.officer_removed.
"""

from django.db import transaction

from lianghui.audit.log import record
from lianghui.people.models import Person
from lianghui.sessions.models import Meeting, PresidingOfficer, PresidingRole
from lianghui.sessions.setup import _base


def add_officer(
    meeting: Meeting, person: Person, role: str, actor, title: str = "", order: int | None = None
) -> PresidingOfficer:
    _base.require_secretariat(actor)
    if role not in PresidingRole.values:
        raise _base.refuse("role", "身份：未知的身份。")
    with transaction.atomic():
        Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
        same_role = PresidingOfficer.objects.filter(meeting=meeting, role=role)
        if same_role.filter(person=person).exists():
            raise _base.refuse("person", f"人员：{person.name}已是本场会议的这一身份。", "exists")
        if order is None:
            order = same_role.count() + 1
        officer = PresidingOfficer.objects.create(
            meeting=meeting, person=person, role=role, title=title.strip()[:100], order=order
        )
        record(
            "sessions.officer_added",
            officer,
            actor=actor,
            data={"meeting": meeting.pk, "person": person.pk, "role": role, "title": officer.title},
        )
    return officer


def remove_officer(officer: PresidingOfficer, actor) -> None:
    _base.require_secretariat(actor)
    with transaction.atomic():
        record(
            "sessions.officer_removed",
            officer,
            actor=actor,
            data={
                "meeting": officer.meeting_id,
                "person": officer.person_id,
                "role": officer.role,
            },
        )
        officer.delete()
