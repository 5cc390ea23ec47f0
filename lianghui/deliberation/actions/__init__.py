"""Deliberation and oath actions: each checks permission and state, writes, records its audit
event in the same transaction, and tells the meeting's screens only after the commit.

Group deliberation (分组审议), what each action does and who may:

| action | effect | who |
|---|---|---|
| open_record | the record of a group meeting, on one of its agenda items | secretariat, chairs, conveners |
| set_roles | its convener (召集人) and recorder (记录人) | as above, and the record's convener |
| add_attending | a leader or official attending: the meeting's PresidingOfficer "attending" | secretariat, chairs |
| add_speech / edit_speech | a speech in order: speaker, topic, summary | those who may record |
| add_opinion | an opinion or suggestion raised in a speech | those who may record |
| route_opinion | hand an opinion to the suggestions and proposals workflow (pluggable) | those who may record |
| set_summary / finalise | the record's summary; then it is final and no longer edited | those who may record |

"Those who may record": the secretariat, the meeting's chairs, the delegation's conveners, and
the record's convener and recorder (access.can_record). Delegation members read only.

The oath (宪法宣誓, Constitution 27; SH = 《上海市实施宪法宣誓制度办法》): the presidium's
decisions, entered by the secretariat or the meeting's chairs (sessions.access.can_chair):
create_ceremony, add_taker (refuses whoever rules.oath_at_session refuses: the 检察长 swears
later, SH 4(4)), form_batch (individual, or collective with a leader, SH 8), record_oath_taken.
"""

from lianghui.deliberation.actions._base import TOPIC_MAX, UNCHANGED, attending_ids, may_speak
from lianghui.deliberation.actions.oath import (
    add_taker,
    create_ceremony,
    form_batch,
    record_oath_taken,
)
from lianghui.deliberation.actions.record import (
    add_attending,
    finalise,
    open_record,
    set_roles,
    set_summary,
)
from lianghui.deliberation.actions.routing import Router, register_router, route_opinion
from lianghui.deliberation.actions.speeches import add_opinion, add_speech, edit_speech

__all__ = [
    "TOPIC_MAX",
    "UNCHANGED",
    "Router",
    "add_attending",
    "add_opinion",
    "add_speech",
    "add_taker",
    "attending_ids",
    "create_ceremony",
    "edit_speech",
    "finalise",
    "form_batch",
    "may_speak",
    "open_record",
    "record_oath_taken",
    "register_router",
    "route_opinion",
    "set_roles",
    "set_summary",
]
