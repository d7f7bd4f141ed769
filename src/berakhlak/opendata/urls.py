from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("kelola/", views.manage, name="manage"),
    path("<int:year>/", views.year_page, name="year"),
    path("<int:year>/datapackage.json", views.datapackage, name="datapackage"),
    path("<int:year>/<str:name>", views.download, name="file"),
]
