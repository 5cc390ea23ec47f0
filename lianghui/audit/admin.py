from django.contrib import admin

from lianghui.audit.models import Event
from lianghui.audit.readonly import ReadOnlyAdmin


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    """The log is append-only: the admin may read it, never change it."""

    list_display = ["seq", "at", "kind", "subject", "actor"]
    list_filter = ["kind"]
    search_fields = ["subject", "kind"]
