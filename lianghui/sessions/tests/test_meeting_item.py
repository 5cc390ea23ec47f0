"""An agenda item named by id is taken only from the meeting it belongs to (sessions.queries)."""

import logging

import pytest

from lianghui.errors import ActionError
from lianghui.sessions.queries import meeting_item

pytestmark = pytest.mark.django_db


def test_an_item_of_the_meeting_is_found_and_another_meetings_refused(hall, caplog):
    item = hall.plenary.items.get()
    assert meeting_item(hall.plenary, item.pk) == item
    with pytest.raises(ActionError) as e:
        meeting_item(hall.group, item.pk)
    assert (e.value.code, e.value.status, e.value.message) == (
        "bad_item",
        422,
        "该议程不属于本次会议。",
    )
    log = logging.getLogger("lianghui.deliberation.actions")
    with caplog.at_level(logging.WARNING, logger=log.name), pytest.raises(ActionError) as e:
        meeting_item(hall.group, item.pk, where="本次分组会议", log=log)
    assert e.value.message == "该议程不属于本次分组会议。"
    assert [r.getMessage() for r in caplog.records] == ["deliberation refused: bad_item"]
