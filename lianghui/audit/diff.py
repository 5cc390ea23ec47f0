"""Set the fields an action changes and say what changed, as an audit event stores it."""

from datetime import date, datetime

from django.utils import timezone


def plain(value):
    """A field value as JSON: dates as ISO text (local time), objects by primary key."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "pk", value)


def apply_changes(obj, changes: dict) -> dict:
    """Set the changed fields; return {field: [old, new]} of those that really changed."""
    diff = {}
    for field, value in changes.items():
        old = getattr(obj, field)
        if old != value:
            diff[field] = [plain(old), plain(value)]
            setattr(obj, field, value)
    return diff
