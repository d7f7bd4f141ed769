from django.urls import path

from . import views

app_name = "results"
urlpatterns = [
    path("siklus/<int:pk>/", views.dashboard, name="dashboard"),
    path("siklus/<int:pk>/unit/<str:code>/", views.unit, name="unit"),
    path("unit-saya/", views.my_unit, name="my_unit"),
    path("nasional/", views.national, name="national"),
    path("nasional/<int:year>/", views.national, name="national_year"),
    path(
        "nasional/partisipasi/",
        views.national_participation_page,
        name="national_participation",
    ),
    path(
        "nasional/partisipasi/<int:year>/",
        views.national_participation_page,
        name="national_participation_year",
    ),
]
