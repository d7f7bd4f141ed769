"""URL map. Public: the questionnaire (/s/), the landing page, the glossary and the method,
login, /healthz."""

from django.urls import include, path
from django.views.i18n import set_language

from ..responses import api as responses_api
from ..results import api as results_api
from . import too_large, views

urlpatterns = [
    path("", views.home, name="home"),
    path("glosarium/", views.glossary, name="glossary"),
    path("metode/", views.method, name="method"),
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    path("terlalu-besar/", too_large.too_large, name="too_large"),
    path("api/v1/responses", responses_api.submit, name="api_submit"),
    path("api/v1/openapi.json", results_api.openapi, name="api_openapi"),
    path("api/v1/cycles", results_api.cycles, name="api_cycles"),
    path("api/v1/cycles/<int:pk>/results", results_api.cycle, name="api_cycle"),
    path("api/v1/national/<int:year>", results_api.national, name="api_national"),
    path("bahasa/", set_language, name="set_language"),
    path("", include("berakhlak.responses.urls")),
    path("akun/", include("berakhlak.accounts.urls")),
    path("instansi/", include("berakhlak.orgs.urls")),
    path("siklus/", include("berakhlak.surveys.urls")),
    path("hasil/", include("berakhlak.results.urls")),
    path("laporan/", include("berakhlak.reports.urls")),
    path("evaluasi/", include("berakhlak.evaluation.urls")),
    path("audit/", include("berakhlak.audit.urls")),
    path("tindak-lanjut/", include("berakhlak.followup.urls")),
    path("data/", include("berakhlak.opendata.urls")),
]

handler404 = "berakhlak.site.views.not_found"
