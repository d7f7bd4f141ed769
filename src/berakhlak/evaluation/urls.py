from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("", views.evaluations, name="list"),
    path("siklus/<int:pk>/", views.cycle, name="cycle"),
    path("siklus/<int:pk>/unit/<str:code>/", views.unit, name="unit"),
    path("berkas/<int:pk>/", views.file, name="file"),
]
