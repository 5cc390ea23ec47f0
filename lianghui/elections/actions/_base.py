"""What every election step shares: who acts "for the presidium", refusals, the row lock,
the state check, the presidium's cited decision, the delegates of the election's body."""

from datetime import timedelta

from django.utils import timezone, translation

from lianghui.elections import catalogue
from lianghui.elections.models import (
    Election,
    ElectionState,
)
from lianghui.errors import refusal
from lianghui.people.models import Membership, OrgKind, Person
from lianghui.presidium import actions as presidium
from lianghui.presidium.models import Decision
from lianghui.rows import locked
from lianghui.sessions.access import PRESIDIUM_ONLY, require_chair
from lianghui.sessions.models import Meeting

JOINT_NOMINATION_MINIMUM = 10  # LOL 26: ten or more delegates at county level (see catalogue)


NEW_TERM_DELIBERATION = timedelta(days=2)  # LOL 27


def _require_presidium(user, meeting: Meeting):
    # The presidium's decisions are entered by the secretariat or the presiding officers.
    require_chair(user, meeting, PRESIDIUM_ONLY)


def _presidium_decision(election: Election, decision, subject: str, actor) -> Decision:
    """The adopted decision of this session's presidium, on this election, that an action
    "by the presidium" relies on (LOL 26 nominations, LOL 27 the candidates list, EL 46
    validity); refused with the article otherwise. ``decision``: a Decision or its id."""
    cited = presidium.cite(
        getattr(decision, "pk", decision),
        session=election.meeting.session,
        subject=subject,
        actor=actor,
    )
    if cited.election_id != election.pk:
        raise refusal(
            "presidium_decision_other_election",
            f"所引用的主席团决定是关于另一项选举的，不是对本次选举（{election}）作出的。",
            422,
        )
    return cited


def _names(person_ids) -> str:
    return "、".join(
        Person.objects.filter(pk__in=person_ids).order_by("pk").values_list("name", flat=True)
    )


def _locked(election_id: int) -> Election:
    return locked(Election, election_id, "office", "meeting__session__term__body")


def _state(election: Election, *allowed: str):
    if election.state not in allowed:
        with translation.override("zh-hans"):  # the API's messages are Chinese
            labels = "、".join(str(ElectionState(s).label) for s in allowed)
            current = election.get_state_display()
        raise refusal("bad_state", f"选举当前为“{current}”，此操作只能在“{labels}”时进行。")


def _locked_in(election_id: int, *allowed: str) -> Election:
    """The election, locked until the transaction ends, if its state is one of `allowed`;
    else the refusal that names its state and the states the step needs."""
    election = _locked(election_id)
    _state(election, *allowed)
    return election


def joint_nomination_minimum(election: Election) -> int:
    """LOL 26: 10 delegates at county level, 20 in a city with districts, 30 in a province;
    EL 30: 10 for deputies to the congress above. A CPPCC body: 10, as before."""
    body = election.office.body
    if body.kind != OrgKind.CONGRESS:
        return JOINT_NOMINATION_MINIMUM
    return catalogue.joint_nomination_minimum(body.level, election.office.code)


def _refuse_non_delegates(election: Election, person_ids) -> None:
    """LOL 47: the standing committee's officers are elected from among the delegates."""
    if not election.office.delegate_only:
        return
    strangers = set(person_ids) - set(delegates_of(election))
    if strangers:
        names = "、".join(
            Person.objects.filter(pk__in=strangers).order_by("pk").values_list("name", flat=True)
        )
        raise refusal("not_delegate", catalogue.delegate_refusal(election.office.code, names), 422)


def delegates_of(election: Election):
    """Person ids of the body's delegates in office on the meeting's day."""
    return Membership.objects.voting_in(
        election.office.body, election.meeting.local_day
    ).values_list("person_id", flat=True)


def _deliberated_nominees(election: Election) -> list[int]:
    """The standing nominees, once the delegates have had the time to deliberate on them:
    at least two days at a new term's elections (LOL 27)."""
    if election.new_term and timezone.now() - election.nominations_open_at < NEW_TERM_DELIBERATION:
        raise refusal("too_early", "换届选举的提名、酝酿时间不得少于两天（LOL 27）。")
    return list(
        dict.fromkeys(
            election.nominations.filter(withdrawn=False).values_list("person_id", flat=True)
        )
    )


def _candidate_ids(election: Election) -> list[int]:
    return list(election.candidates.order_by("order").values_list("person_id", flat=True))
