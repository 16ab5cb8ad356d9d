from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from accounts import access
from accounts.forms import SignInForm
from accounts.views import PasswordChangeView

from . import dashboard, views_todo
from .health import healthz

admin.site.site_header = "AP Workforce Portal administration"
admin.site.site_title = "AP Workforce Portal admin"
# A database outage answers 503 "briefly unavailable"; anything else, the 500 page.
handler500 = "apprentice_portal.health.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=SignInForm),
        name="login",
    ),
    path(
        "accounts/logout/", access.permit(access.is_signed_in)(auth_views.LogoutView.as_view()), name="logout"
    ),
    path(
        "accounts/password/",
        access.permit(access.is_signed_in)(PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        access.permit(access.is_signed_in)(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    # One sign-in page for everyone, so throttling and messages are the same for administrators.
    path(
        "admin/login/",
        access.public(RedirectView.as_view(pattern_name="login", query_string=True)),
        name="admin_login",
    ),
    path("admin/", admin.site.urls),
    path("standards/", include("standards.urls")),
    path("reports/", include("reports.urls")),
    path("reminders/", include("reminders.urls")),
    path("pastoral/", include("pastoral.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("integrity/", include("integrity.urls")),
    path("workforce/", include("workforce.urls")),
    path("", include("trainees.urls")),
    path("", include("competencies.urls")),
    path("", include("accounts.urls")),
    # The composition pages: every app's panels and to-do sources (core.plugins).
    path("", dashboard.dashboard, name="dashboard"),
    path("todo/", views_todo.todo, name="todo"),
    path("todo/count/", views_todo.todo_count, name="todo_count"),
]
