from django.urls import path

from . import urls_career, urls_profiles, urls_recruitment, urls_targets, views

app_name = "workforce"

urlpatterns = [
    path("", views.home, name="home"),
    *urls_targets.urlpatterns,
    *urls_profiles.urlpatterns,
    *urls_recruitment.urlpatterns,
    *urls_career.urlpatterns,
]
