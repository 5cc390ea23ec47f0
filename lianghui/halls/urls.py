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
    path("meetings/<int:pk>/seating/", views.seating_page, name="seating"),
    path("meetings/<int:pk>/seating/make/", views.seating_make, name="seating_make"),
    path("meetings/<int:pk>/seating/move/", views.seating_move, name="seating_move"),
    path("meetings/<int:pk>/seating/lock/", views.seating_lock, name="seating_lock"),
    path("meetings/<int:pk>/seating/publish/", views.seating_publish, name="seating_publish"),
    path("meetings/<int:pk>/seating/chart.pdf", views.seating_chart_pdf, name="seating_chart_pdf"),
    path(
        "meetings/<int:pk>/seating/rostrum.pdf",
        views.seating_rostrum_pdf,
        name="seating_rostrum_pdf",
    ),
    path("meetings/<int:pk>/seating/cards.pdf", views.seating_cards_pdf, name="seating_cards_pdf"),
    path(
        "meetings/<int:pk>/seating/badges.pdf", views.seating_badges_pdf, name="seating_badges_pdf"
    ),
]
