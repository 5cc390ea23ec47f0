"""Read-only: sessions change through lianghui.sessions.setup (audited), not here."""

from django.contrib import admin

from lianghui.audit.readonly import ReadOnlyAdmin, ReadOnlyInline
from lianghui.sessions.models import AgendaItem, Document, Meeting, PresidingOfficer, Session, Term


@admin.register(Term)
class TermAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "body", "number", "start", "end"]


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["title", "start_date", "end_date", "venue", "public"]


class OfficerInline(ReadOnlyInline):
    model = PresidingOfficer


class ItemInline(ReadOnlyInline):
    model = AgendaItem


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "starts_at", "venue", "checkin_open"]
    list_filter = ["session", "kind"]
    inlines = [OfficerInline, ItemInline]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "item", "visibility", "original_name", "size", "uploaded_at"]
