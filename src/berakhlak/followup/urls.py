from django.urls import path

from . import change_views, views

app_name = "followup"
urlpatterns = [
    path("siklus/<int:pk>/", views.plan, name="plan"),
    path("siklus/<int:pk>/fokus/", views.focus, name="focus"),
    path("siklus/<int:pk>/kegiatan/baru/", views.activity_add, name="activity_add"),
    path("kegiatan/<int:pk>/", views.activity, name="activity"),
    path("kegiatan/<int:pk>/ubah/", views.activity_edit, name="activity_edit"),
    path("kegiatan/<int:pk>/bukti/", views.evidence_add, name="evidence_add"),
    path("berkas/<int:pk>/", views.file, name="file"),
    path("instansi/<str:code>/agen/", views.register, name="register"),
    path("instansi/<str:code>/unit/<str:unit>/laporan/", views.reports, name="reports"),
    path("agen/<int:pk>/", change_views.agent, name="agent"),
    path("role-model/<int:pk>/", change_views.role_model, name="role_model"),
    path("laporan/<int:pk>/", change_views.report, name="report"),
    path("bukti/<int:pk>/", change_views.evidence, name="evidence"),
]
