"""The demo's venue: the auditorium of the municipal Party school (上海市委党校大礼堂).

The newspaper names the venue and its auditorium, not the auditorium's seats: the layout
below is invented (``synthetic=True``) — a rostrum of three rows, three blocks on the
floor with two aisles, and a balcony — big enough for the congress, the CPPCC members
attending without a vote (列席) and the guests of the closing plenary.
"""

from django.db import transaction

from lianghui.demo import facts
from lianghui.halls import actions, layout_rules, seating
from lianghui.halls.layout_rules import BlockSpec
from lianghui.halls.models import Hall
from lianghui.people.models import Organisation

VENUE = "上海市委党校"
AUDITORIUM = "大礼堂"

# Grid steps: the floor is 8 + 2 + 16 + 2 + 8 = 36 wide; the rostrum is centred over it.
BLOCKS = (
    BlockSpec("主席台", rows=3, seats=19, x=8, y=0, rostrum=True),
    BlockSpec("左区", rows=20, seats=8, x=0, y=5),
    BlockSpec("中区", rows=20, seats=16, x=10, y=5),
    BlockSpec("右区", rows=20, seats=8, x=28, y=5),
    BlockSpec("楼座", rows=10, seats=36, x=0, y=27),
)


def load_halls(actor, meetings=()) -> Hall:
    """The auditorium, and the congress's closing plenary (held there) seated and published:
    the rostrum as the newspaper lists it, the delegations on the floor, the CPPCC members
    attending without a vote in the balcony."""
    seats = layout_rules.grid(list(BLOCKS))
    hall = actions.create_hall(VENUE, AUDITORIUM, seats, actor, synthetic=True)
    for fact, meeting in meetings:
        if fact.venue == f"{VENUE}{AUDITORIUM}":
            names = [facts.CPPCC_NAME] if "cppcc" in fact.observers else []
            bodies = Organisation.objects.filter(name__in=names, parent__isnull=True)
            try:
                with transaction.atomic():
                    plan = seating.make_plan(
                        meeting,
                        hall,
                        actor,
                        nonvoting_orgs=[b.pk for b in bodies],
                        reserved={"nonvoting": ["楼座"]},
                    )
                    seating.publish(plan, actor)
            except seating.SeatingRefused:
                # The demo scaled to thousands of delegates (load_demo(delegates=3000), the
                # benchmarks) does not fit this auditorium: the meeting is left unseated, as
                # a secretariat would leave it until it has a larger hall.
                continue
    return hall
