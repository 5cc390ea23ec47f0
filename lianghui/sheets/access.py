"""Who may take a sheet: the secretariat of the body whose session it is (of every body, or
that body's own, a SecretariatSeat). Anyone else is told it does not exist (404), as for the
meeting's attendance sheet; a result not yet counted is refused with 409."""

from django.utils.translation import gettext_noop as N_

from lianghui.elections.models import Election, ElectionState
from lianghui.errors import ActionError, NotFound
from lianghui.people.access import is_secretariat
from lianghui.people.models import Person
from lianghui.sessions.models import Session, Term
from lianghui.votes.models import Poll, State


def _gate(user, obj, body_id, message: str):
    if obj is None or not is_secretariat(user, body_id):
        raise NotFound(message)
    return obj


def session_for(user, pk: int) -> Session:
    session = Session.objects.select_related("term__body").filter(pk=pk).first()
    return _gate(
        user, session, session and session.term.body_id, N_("未找到该会议，或您无权导出。")
    )


def term_and_person(user, term_id: int, person_id: int) -> tuple[Term, Person]:
    term = Term.objects.select_related("body").filter(pk=term_id).first()
    _gate(user, term, term and term.body_id, N_("未找到该届次，或您无权导出。"))
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise NotFound(N_("未找到该人员。"))
    return term, person


def poll_for(user, pk: int) -> Poll:
    poll = Poll.objects.select_related("meeting__session__term__body").filter(pk=pk).first()
    _gate(
        user, poll, poll and poll.meeting.session.term.body_id, N_("未找到该表决，或您无权导出。")
    )
    if poll.state not in (State.CLOSED, State.PUBLISHED) or poll.yes is None:
        raise ActionError("not_counted", N_("该表决尚未结束计票，没有可导出的结果。"), status=409)
    return poll


def election_for(user, pk: int) -> Election:
    election = (
        Election.objects.select_related("meeting__session__term__body", "office")
        .filter(pk=pk)
        .first()
    )
    body_id = election and election.meeting.session.term.body_id
    _gate(user, election, body_id, N_("未找到该选举，或您无权导出。"))
    counted = (ElectionState.COUNTED, ElectionState.VOID, ElectionState.PUBLISHED)
    if election.state not in counted or not election.result:
        raise ActionError("not_counted", N_("该选举尚未计票，没有可导出的结果。"), status=409)
    return election
