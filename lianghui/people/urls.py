from django.urls import path

from lianghui.people import views

app_name = "people"

urlpatterns = [
    path("me/", views.my_page, name="me"),
    path("people/", views.people_list, name="list"),
]
