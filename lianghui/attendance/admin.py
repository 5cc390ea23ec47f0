from django.contrib import admin

from lianghui.attendance.models import CheckIn, Leave


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["person", "meeting", "capacity", "method", "at"]
    list_filter = ["meeting", "capacity", "method"]
    search_fields = ["person__name"]

    # Check-ins change only through the desk and its audited actions.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Leave)
class LeaveAdmin(admin.ModelAdmin):
    list_display = ["person", "meeting", "reason", "at"]
    list_filter = ["meeting"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
