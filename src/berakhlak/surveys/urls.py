from django.urls import path

from . import distribution_views, views

app_name = "surveys"
urlpatterns = [
    path("baru/<str:code>/", views.create, name="create"),
    path("rubrik/<int:year>/", views.rubric, name="rubric"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ubah/", views.edit, name="edit"),
    path("<int:pk>/kelompok/", views.apply_groups, name="apply_groups"),
    path("<int:pk>/perpanjang/", views.extend, name="extend"),
    path("<int:pk>/status/<str:action>/", views.transition, name="transition"),
    path("<int:pk>/status/<str:action>/konfirmasi/", views.confirm, name="confirm"),
    path("<int:pk>/tautan/", distribution_views.links, name="links"),
    path("<int:pk>/tautan/poster.pdf", distribution_views.poster, name="posters"),
    path("<int:pk>/tautan/<str:unit_code>/qr.<str:fmt>", distribution_views.qr, name="qr"),
    path("<int:pk>/tautan/<str:unit_code>/poster.pdf", distribution_views.poster, name="poster"),
    path("<int:pk>/kode/", distribution_views.tokens, name="tokens"),
    path("<int:pk>/partisipasi/", views.participation_page, name="participation"),
    path(
        "<int:pk>/partisipasi/di-bawah-target.<str:fmt>",
        views.participation_export,
        name="participation_export",
    ),
]
