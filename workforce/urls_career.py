"""Pages of the career part of workforce plans: the catalogue of workforce roles, the career framework and
the code of practice."""

from django.urls import path

from . import views_career as views

urlpatterns = [
    # The catalogue of workforce roles
    path("roles/", views.role_list, name="role_list"),
    path("roles/new/", views.role_add_national, name="role_add_national"),
    path("roles/organisations/<int:pk>/new/", views.role_add, name="role_add"),
    path("roles/<int:pk>/", views.role_detail, name="role_detail"),
    path("roles/<int:pk>/edit/", views.role_edit, name="role_edit"),
    path("roles/<int:pk>/variants/new/", views.variant_add, name="variant_add"),
    path("roles/variants/<int:pk>/edit/", views.variant_edit, name="variant_edit"),
    path("roles/variants/<int:pk>/delete/", views.variant_delete, name="variant_delete"),
    # The career framework
    path("career/", views.career_national, name="career_national"),
    path("career/steps/new/", views.career_national_step_add, name="career_national_step_add"),
    path("career/organisations/<int:pk>/", views.career_framework, name="career_framework"),
    path("career/organisations/<int:pk>/steps/new/", views.career_step_add, name="career_step_add"),
    path("career/organisations/<int:pk>/copy/", views.career_copy_national, name="career_copy_national"),
    path("career/regions/<int:pk>/", views.career_region, name="career_region"),
    path("career/steps/<int:pk>/", views.career_step, name="career_step"),
    path("career/steps/<int:pk>/edit/", views.career_step_edit, name="career_step_edit"),
    path("career/steps/<int:pk>/delete/", views.career_step_delete, name="career_step_delete"),
    path("career/steps/<int:pk>/agreements/new/", views.agreement_add, name="agreement_add"),
    path("career/agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("career/agreements/<int:pk>/delete/", views.agreement_delete, name="agreement_delete"),
    # The code of practice
    path("code/organisations/<int:pk>/", views.code, name="code"),
    path("code/organisations/<int:pk>/draft/", views.code_draft_start, name="code_draft_start"),
    path(
        "code/organisations/<int:pk>/acknowledgements/",
        views.code_acknowledgements,
        name="code_acknowledgements",
    ),
    path("code/versions/<int:pk>/", views.code_version, name="code_version"),
    path("code/versions/<int:pk>/edit/", views.code_version_edit, name="code_version_edit"),
    path("code/versions/<int:pk>/publish/", views.code_publish, name="code_publish"),
    path("code/versions/<int:pk>/discard/", views.code_discard, name="code_discard"),
    path("code/versions/<int:pk>/acknowledge/", views.code_acknowledge, name="code_acknowledge"),
    path("code/versions/<int:pk>/scope/new/", views.code_scope_add, name="code_scope_add"),
    path("code/scope/<int:pk>/edit/", views.code_scope_edit, name="code_scope_edit"),
    path("code/scope/<int:pk>/delete/", views.code_scope_delete, name="code_scope_delete"),
]
