from django.contrib import admin

from lianghui.people.models import Membership, Organisation, Person


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "gender", "ethnicity", "work", "synthetic"]
    list_filter = ["gender", "synthetic", "memberships__organisation"]
    search_fields = ["name", "pinyin", "work"]
    inlines = [MembershipInline]
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "organisation", "role", "title", "start", "end"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["person__name", "organisation__name"]
    autocomplete_fields = ["person", "organisation"]
