"""Pages of the targets part of workforce plans."""

from django.urls import path

from . import views_targets as views

urlpatterns = [
    path("returns/organisations/<int:pk>/", views.returns, name="returns"),
    path("returns/organisations/<int:pk>/add/", views.return_add, name="return_add"),
    path("returns/organisations/<int:pk>/import/", views.returns_import, name="returns_import"),
    path(
        "returns/organisations/<int:pk>/import/template.csv",
        views.returns_import_template,
        name="returns_import_template",
    ),
    path("returns/<int:pk>/edit/", views.return_edit, name="return_edit"),
    path("returns/<int:pk>/remove/", views.return_remove, name="return_remove"),
    path("targets/<int:pk>/", views.target, name="target"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/remove/", views.target_remove, name="target_remove"),
    path(
        "targets/organisations/<int:pk>/add/", views.target_add_organisation, name="target_add_organisation"
    ),
    path("targets/regions/<int:pk>/", views.targets_region, name="targets_region"),
    path("targets/regions/<int:pk>/add/", views.target_add_region, name="target_add_region"),
    path("targets/national/", views.targets_national, name="targets_national"),
    path("targets/national/add/", views.target_add_national, name="target_add_national"),
]
