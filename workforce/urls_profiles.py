"""Pages of the profiles part of workforce plans."""

from django.urls import path

from . import views_profiles as views

AGREEMENT = "profiles/agreements/<int:pk>/"

urlpatterns = [
    path("profiles/", views.profile_list, name="profile_list"),
    path("profiles/new/", views.profile_create, name="profile_create"),
    path("profiles/<int:pk>/", views.profile_detail, name="profile_detail"),
    path("profiles/<int:pk>/rename/", views.profile_rename, name="profile_rename"),
    path("profiles/<int:pk>/new-version/", views.profile_new_version, name="profile_new_version"),
    path("profiles/versions/<int:pk>/", views.version_detail, name="profile_version"),
    path("profiles/versions/<int:pk>/details/", views.version_details, name="profile_details"),
    path("profiles/versions/<int:pk>/sections/<str:part>/", views.version_sections, name="profile_sections"),
    path("profiles/versions/<int:pk>/criteria/", views.version_criteria, name="profile_criteria"),
    path("profiles/versions/<int:pk>/publish/", views.version_publish, name="profile_publish"),
    path(
        "profiles/versions/<int:pk>/agreements/new/", views.agreement_create, name="profile_agreement_create"
    ),
    path("profiles/agreements/<int:pk>/", views.agreement_detail, name="profile_agreement"),
    path("profiles/agreements/<int:pk>/sign/", views.agreement_sign, name="profile_agreement_sign"),
    path(
        "profiles/agreements/<int:pk>/withdraw/", views.agreement_withdraw, name="profile_agreement_withdraw"
    ),
]
