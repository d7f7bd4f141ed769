from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.instansi_list, name="list"),
    path("impor/", views.import_upload, name="import_all"),
    path("impor/pratinjau/", views.import_preview, name="import_preview_all"),
    path("nilai-lokal/templat/", views.local_templates, name="local_templates"),
    path("nilai-lokal/templat/<int:pk>/", views.local_templates, name="local_template"),
    path("<str:code>/", views.instansi_detail, name="instansi"),
    path("<str:code>/unit/tambah/", views.unit_edit, name="unit_add"),
    path("<str:code>/unit/<str:unit_code>/ubah/", views.unit_edit, name="unit_edit"),
    path("<str:code>/impor/", views.import_upload, name="import"),
    path("<str:code>/nilai-lokal/", views.local_values, name="local_values"),
    path("<str:code>/struktur.<str:fmt>", views.export_units, name="export"),
    path("<str:code>/impor/pratinjau/", views.import_preview, name="import_preview"),
]
