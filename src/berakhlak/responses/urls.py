from django.urls import path

from . import views

app_name = "responses"
urlpatterns = [
    path("s/<str:link>/", views.step, name="start"),
    path("s/<str:link>/kode/", views.code, name="code"),
    path("s/<str:link>/kode/<str:token>/", views.personal, name="personal"),
    path("s/<str:link>/<str:step>/", views.step, name="step"),
    path("s/<str:link>/<str:step>/urutan/", views.rank, name="rank"),
]
