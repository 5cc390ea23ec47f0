"""What a step the law allows only "while the congress is in session" asks of the session, for
the apps that take such steps (recall, interpellation): that it is sitting today, and who its
delegates are."""

from django.utils import timezone

from lianghui.errors import refuse_if
from lianghui.people.models import Membership, Person
from lianghui.sessions.models import Session
from lianghui.sessions.rules import outside_session_refusal


def refuse_unless_sitting(session: Session, *, article: str, act: str, otherwise: str = "") -> None:
    """409 on a day (today, in Asia/Shanghai) outside the session's days, citing `article` for
    `act`; `otherwise` says where the act goes instead, if anywhere."""
    refuse_if(
        "not_in_session",
        outside_session_refusal(
            session.start_date,
            session.end_date,
            timezone.localdate(),
            article=article,
            act=act,
            title=session.title,
            otherwise=otherwise,
        ),
        409,
    )


def _voting(session: Session):
    return Membership.objects.voting_in(session.term.body, session.start_date)


def delegate_ids(session: Session) -> set[int]:
    """The body's voting members in office on the session's opening day."""
    return set(_voting(session).values_list("person_id", flat=True))


def delegates(session: Session):
    """The same delegates as persons, in stroke order (the lists a page offers to choose from)."""
    return Person.objects.filter(pk__in=_voting(session).values("person_id")).order_by("strokes")
