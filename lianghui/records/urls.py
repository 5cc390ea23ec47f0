from django.urls import path

from lianghui.records import views

app_name = "records"

urlpatterns = [
    path("sessions/<int:pk>/chronicle/", views.chronicle_page, name="chronicle"),
    path("sessions/<int:pk>/chronicle/generate/", views.generate, name="generate"),
    path("sessions/<int:pk>/chronicle/edit/", views.save_edit, name="save_edit"),
    path("sessions/<int:pk>/chronicle/publish/", views.publish, name="publish"),
    path("sessions/<int:pk>/chronicle.pdf", views.chronicle_pdf, name="chronicle_pdf"),
    path("sessions/<int:pk>/chronicle.docx", views.chronicle_docx, name="chronicle_docx"),
]
