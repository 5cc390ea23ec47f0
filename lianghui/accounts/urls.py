from django.urls import path

from lianghui.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sessions/<int:pk>/slips/", views.slips_page, name="slips"),
    path("sessions/<int:pk>/slips/print/", views.print_slips, name="print"),
    path(
        "sessions/<int:pk>/slips/people/<int:person_pk>/reissue/",
        views.reissue,
        name="reissue",
    ),
    path("sessions/<int:pk>/slips/<int:slip_pk>/revoke/", views.revoke, name="revoke"),
    path("signin/", views.signin_code, name="signin_code"),
    path("signin/<str:token>/", views.signin_link, name="signin_link"),
]
