"""Read-only: people and memberships change through the roster import and
lianghui.people.actions (audited, with a reason), not here."""

from django.contrib import admin

from lianghui.audit.readonly import ReadOnlyAdmin, ReadOnlyInline
from lianghui.people.models import Membership, Organisation, Person, SecretariatSeat


class MembershipInline(ReadOnlyInline):
    model = Membership


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "gender", "ethnicity", "work", "synthetic"]
    list_filter = ["gender", "synthetic", "memberships__organisation"]
    search_fields = ["name", "pinyin", "work"]
    inlines = [MembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "parent", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["person", "organisation", "role", "title", "start", "end"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["person__name", "organisation__name"]


@admin.register(SecretariatSeat)
class SecretariatSeatAdmin(ReadOnlyAdmin):
    # Granted and revoked through lianghui.people.seats (audited): manage.py secretariat_seat.
    list_display = ["user", "body"]
    list_filter = ["body"]
