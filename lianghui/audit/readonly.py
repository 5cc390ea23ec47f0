"""A Django admin that only reads.

The models these admins show decide who chairs, the quorum and every majority; they change
only through their domain's actions, each with an audit event (the set-up pages, the roster
import, the desk). The admin may list and search them, never add, change or delete.
"""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
