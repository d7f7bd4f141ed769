from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("siklus/<int:pk>/laporan.pdf", views.cycle_pdf, name="cycle_pdf"),
    path("siklus/<int:pk>/hasil.xlsx", views.cycle_xlsx, name="cycle_xlsx"),
    path("siklus/<int:pk>/unit/<str:code>/laporan.pdf", views.unit_pdf, name="unit_pdf"),
    path("siklus/<int:pk>/unit/<str:code>/hasil.xlsx", views.unit_xlsx, name="unit_xlsx"),
    path("siklus/<int:pk>/evaluasi-rb.xlsx", views.evaluation_xlsx, name="evaluation_xlsx"),
    path("nasional/<int:year>/laporan.pdf", views.national_pdf, name="national_pdf"),
    path("nasional/<int:year>/hasil.xlsx", views.national_xlsx, name="national_xlsx"),
]
