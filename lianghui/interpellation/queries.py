"""What the pages, the API, the chronicle and open data read of an interpellation."""

from dataclasses import dataclass

from lianghui.interpellation import rules
from lianghui.interpellation.models import Answer, Interpellation, State


@dataclass
class AnswerView:
    answer: Answer
    tally: rules.Tally
    responses: dict[int, bool]  # person id -> satisfied


@dataclass
class InterpellationView:
    item: Interpellation
    filers: list  # Person, in order
    answers: list[AnswerView]

    @property
    def may_ask_again(self) -> bool:
        return (
            self.item.state == State.ANSWERED
            and bool(self.answers)
            and self.answers[-1].tally.may_ask_again
        )


def view(item: Interpellation) -> InterpellationView:
    rows = list(item.filer_rows.select_related("person"))
    answers = []
    for a in item.answers.select_related("meeting", "decision").prefetch_related(
        "responses__filer"
    ):
        responses = {r.filer.person_id: r.satisfied for r in a.responses.all()}
        satisfied = sum(1 for v in responses.values() if v)
        answers.append(
            AnswerView(a, rules.Tally(len(rows), satisfied, len(responses) - satisfied), responses)
        )
    return InterpellationView(item, [r.person for r in rows], answers)


def of_session(session) -> list[Interpellation]:
    return list(
        Interpellation.objects.filter(session=session)
        .select_related("meeting")
        .prefetch_related("filer_rows")
        .order_by("number")
    )
