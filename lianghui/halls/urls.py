from django.urls import path

from lianghui.halls import views

app_name = "halls"

urlpatterns = [
    path("halls/", views.hall_list, name="list"),
    path("halls/new/", views.hall_create, name="create"),
    path("halls/import/", views.hall_import, name="import"),
    path("halls/<int:pk>/", views.hall_detail, name="hall"),
    path("halls/<int:pk>/blocks/", views.add_block, name="add_block"),
    path("halls/<int:pk>/blocks/remove/", views.remove_block, name="remove_block"),
]
