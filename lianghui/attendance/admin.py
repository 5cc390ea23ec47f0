"""Read-only: check-ins and leave change only through the desk and its audited actions."""

from django.contrib import admin

from lianghui.attendance.models import CheckIn, Leave
from lianghui.audit.readonly import ReadOnlyAdmin


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    list_display = ["person", "meeting", "capacity", "method", "at"]
    list_filter = ["meeting", "capacity", "method"]
    search_fields = ["person__name"]


@admin.register(Leave)
class LeaveAdmin(ReadOnlyAdmin):
    list_display = ["person", "meeting", "reason", "at"]
    list_filter = ["meeting"]
