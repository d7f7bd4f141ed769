from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.login_view, name="login"),
    path("keluar/", views.logout_view, name="logout"),
    path("sandi/", views.password_view, name="password"),
    path("kunci-api/", views.api_keys_view, name="api_keys"),
    path("pengguna/", views.users_view, name="users"),
    path("pengguna/<int:pk>/<str:action>/", views.user_action_view, name="user_action"),
    path("pengguna/undangan/", views.invitations_view, name="invitations"),
    path("undangan/sandi/", views.invitation_password_view, name="invitation_password"),
    path("undangan/<str:token>/", views.invitation_view, name="invitation"),
]
