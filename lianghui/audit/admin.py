from django.contrib import admin

from lianghui.audit.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["seq", "at", "kind", "subject", "actor"]
    list_filter = ["kind"]
    search_fields = ["subject", "kind"]

    # The log is append-only: the admin may read it, never change it.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
