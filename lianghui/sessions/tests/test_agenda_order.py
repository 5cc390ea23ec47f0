"""Where an agenda item added to a meeting goes (sessions.setup.agenda.add_item): after the
last one, unless an order within the agenda is asked for, which moves the later items down."""

import pytest

from lianghui.errors import ActionError
from lianghui.sessions.setup.agenda import ItemDraft, add_item

pytestmark = pytest.mark.django_db


def titles(meeting):
    return list(meeting.items.order_by("order").values_list("order", "title"))


def test_an_item_goes_last_unless_placed_within_the_agenda(hall):
    meeting = hall.plenary
    first = meeting.items.get()
    assert add_item(meeting, ItemDraft("乙"), hall.officer).order == 2
    assert add_item(meeting, ItemDraft("丙"), hall.officer, order=9).order == 3
    assert add_item(meeting, ItemDraft("丁"), hall.officer, order=4).order == 4
    assert add_item(meeting, ItemDraft("甲"), hall.officer, order=1).order == 1
    assert titles(meeting) == [(1, "甲"), (2, first.title), (3, "乙"), (4, "丙"), (5, "丁")]
    with pytest.raises(ActionError):
        add_item(meeting, ItemDraft("戊"), hall.officer, order=0)
