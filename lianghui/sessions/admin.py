from django.contrib import admin

from lianghui.sessions.models import AgendaItem, Document, Meeting, PresidingOfficer, Session, Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["__str__", "body", "number", "start", "end"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "start_date", "end_date", "venue", "public"]


class OfficerInline(admin.TabularInline):
    model = PresidingOfficer
    extra = 0
    autocomplete_fields = ["person"]


class ItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["presenter"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "venue", "checkin_open"]
    list_filter = ["session", "kind"]
    inlines = [OfficerInline, ItemInline]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "item", "visibility", "original_name", "size", "uploaded_at"]
    readonly_fields = [
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    ]
