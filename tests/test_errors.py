"""The refusal helpers every app shares (lianghui/errors.py) and the pages' gate (pages.py)."""

import logging

import pytest
from django.http import Http404

from lianghui.errors import ActionError, NotFound, invalid, named_row, refusal, refuse_if
from lianghui.pages import gate


def test_a_refusal_is_a_conflict_unless_told_otherwise_and_keeps_its_details():
    e = refusal("record_final", "审议记录已定稿，不能再修改。")
    assert isinstance(e, ActionError)
    assert (e.code, e.message, e.status, e.details) == (
        "record_final",
        "审议记录已定稿，不能再修改。",
        409,
        {},
    )
    e = refusal("bad_filing", "未返回有效的编号。", 502, filing=7)
    assert (e.status, e.details) == (502, {"filing": 7})
    assert invalid("bad_kind", "未知的类别。").status == 422


def test_a_refusal_logs_its_code_under_the_app_never_the_message(caplog):
    log = logging.getLogger("lianghui.proposals")
    with caplog.at_level(logging.WARNING, logger="lianghui.proposals"):
        invalid("title_required", "请填写标题：某某", log=log)
        refusal("quiet", "不记录")
    assert [r.getMessage() for r in caplog.records] == ["proposals refused: title_required"]


def test_refuse_if_raises_only_the_reason_a_rule_gave():
    refuse_if("bad_form", None)
    refuse_if("bad_form", "")
    with pytest.raises(ActionError) as e:
        refuse_if("bad_form", "答复形式不正确。")
    assert (e.value.code, e.value.message, e.value.status) == ("bad_form", "答复形式不正确。", 422)
    with pytest.raises(ActionError) as e:
        refuse_if("late", "已过期限。", 409)
    assert e.value.status == 409


class _Rows:
    """As much of a queryset as the lookups use: filter(pk=...).first()."""

    def __init__(self, *pks):
        self.pks = pks

    def filter(self, pk):
        return _Rows(*[p for p in self.pks if p == pk])

    def first(self):
        return self.pks[0] if self.pks else None


def test_named_row_is_the_row_a_request_names_none_or_its_refusal():
    rows = _Rows(1, 2)
    assert named_row(rows, 2, "no_meeting", "未找到该会议。") == 2
    assert named_row(rows, None, "no_meeting", "未找到该会议。") is None
    with pytest.raises(ActionError) as e:
        named_row(rows, 3, "no_meeting", "未找到该会议。")
    assert (e.value.code, e.value.message, e.value.status) == ("no_meeting", "未找到该会议。", 422)
    with pytest.raises(ActionError) as e:
        named_row(rows, 3, "unknown_person", "未找到该人员。", status=404)
    assert (e.value.code, e.value.status) == ("unknown_person", 404)


def test_a_gate_that_does_not_find_the_object_is_the_404_page():
    def gate_fn(user, pk):
        if pk != 1:
            raise NotFound("未找到该会议。")
        return ("meeting", pk)

    assert gate(gate_fn, None, 1) == ("meeting", 1)
    with pytest.raises(Http404):
        gate(gate_fn, None, 2)


def test_a_refused_action_is_the_message_the_next_page_shows():
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    from lianghui.pages import refusal_shown

    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)
    with refusal_shown(request):
        raise ActionError("record_final", "审议记录已定稿，不能再修改。")
    with refusal_shown(request):
        pass
    assert [m.message for m in get_messages(request)] == ["审议记录已定稿，不能再修改。"]
    with pytest.raises(KeyError), refusal_shown(request):
        raise KeyError("not a refusal")
