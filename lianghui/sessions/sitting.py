"""What a step the law allows only "while the congress is in session" asks of the session, for
the apps that take such steps (recall, interpellation): that it is sitting today, and who its
delegates are."""

from django.utils import timezone

from lianghui.errors import refuse_if
from lianghui.people.models import Membership
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


def delegate_ids(session: Session) -> set[int]:
    """The body's voting members in office on the session's opening day."""
    return set(
        Membership.objects.voting_in(session.term.body, session.start_date).values_list(
            "person_id", flat=True
        )
    )
