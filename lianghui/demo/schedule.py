"""When each agenda item of a seed meeting was taken: the moments the demo replays it at.

The newspaper (徐汇报, January 2024) gives each meeting's day and, for most, its hour, and
the order of business; it gives no minute for any item. Each item is dated from its
meeting's start, the items before it taking the usual time of their kind (a report is read,
a paper-ballot election is issued, marked and counted, a vote takes a few minutes). The
votes, elections and oath the demo replays are stamped at these moments
(lianghui.demo.clock), so their pages, reports and the open data tell the session's times.
"""

from datetime import datetime, timedelta

from lianghui.demo import facts

MINUTES = {"report": 45, "election": 35, "vote": 5, "ceremony": 10, "speech": 15}
OTHER_MINUTES = 10
# The meeting opens (chair's words, roll call) before its first item.
OPENING_MINUTES = 5


def item_starts(mf: facts.MeetingFact, title: str) -> datetime:
    """When the item of `mf` whose title contains `title` starts (the first such item)."""
    at = mf.starts_at + timedelta(minutes=OPENING_MINUTES)
    for item in mf.items:
        if title in item.title:
            return at
        at += timedelta(minutes=MINUTES.get(item.kind, OTHER_MINUTES))
    raise LookupError(f"{mf.key} has no agenda item {title!r}")


def meeting_fact(key: str) -> facts.MeetingFact:
    for session in facts.SESSIONS:
        for mf in session.meetings:
            if mf.key == key:
                return mf
    raise LookupError(key)
