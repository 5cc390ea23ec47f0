from django.urls import path

from lianghui.people import edit_views, roster_views, views

app_name = "people"

# people:me, the delegate's own page, is lianghui/web/me.py (mounted in lianghui/urls.py).

urlpatterns = [
    path("people/", views.people_list, name="list"),
    path("people/import/", roster_views.roster_import, name="import"),
    path("people/<int:pk>/edit/", edit_views.edit_person, name="edit"),
]
