from django.urls import path

from lianghui.attendance import views

app_name = "attendance"

urlpatterns = [
    path("meetings/<int:pk>/desk/checkin/", views.desk_checkin, name="desk_checkin"),
    path("meetings/<int:pk>/desk/open/", views.desk_open, name="desk_open"),
    path("meetings/<int:pk>/desk/leave/", views.desk_leave, name="desk_leave"),
    path("meetings/<int:pk>/self-checkin/", views.self_checkin, name="self_checkin"),
    path("me/badge.svg", views.my_badge, name="my_badge"),
    path("meetings/<int:pk>/attendance.xlsx", views.sheet, {"kind": "xlsx"}, name="sheet_xlsx"),
    path("meetings/<int:pk>/attendance.pdf", views.sheet, {"kind": "pdf"}, name="sheet_pdf"),
]
