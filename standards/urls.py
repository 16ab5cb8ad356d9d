from django.urls import path

from . import views

app_name = "standards"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("import/", views.standard_import, name="import"),
    path("<int:pk>/", views.standard_detail, name="detail"),
    path("<int:pk>/export.json", views.standard_export, name="export"),
    path("<int:standard_pk>/organisations/<int:pk>/mapping/", views.local_mapping, name="local_mapping"),
    path(
        "<int:standard_pk>/organisations/<int:pk>/duties/<int:number>/",
        views.local_duty_mapping,
        name="local_duty_mapping",
    ),
    path(
        "<int:standard_pk>/organisations/<int:pk>/progressions/new/",
        views.local_progression_create,
        name="local_progression_create",
    ),
    path("progressions/<int:pk>/withdraw/", views.progression_withdraw, name="progression_withdraw"),
    path("frameworks/new/", views.framework_create, name="framework_create"),
    path("frameworks/<int:pk>/", views.framework_detail, name="framework_detail"),
    path("frameworks/<int:pk>/edit/", views.framework_edit, name="framework_edit"),
    path("frameworks/<int:pk>/competencies/new/", views.competency_create, name="competency_create"),
    path("competencies/<int:pk>/edit/", views.competency_edit, name="competency_edit"),
]
