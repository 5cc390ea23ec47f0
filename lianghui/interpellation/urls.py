from django.urls import path

from lianghui.interpellation import views

app_name = "interpellation"

urlpatterns = [
    path("sessions/<int:session_id>/interpellations/", views.session_list, name="list"),
    path("interpellations/<int:pk>/", views.detail, name="detail"),
    path("interpellations/<int:pk>/<str:action>/", views.act, name="act"),
]
