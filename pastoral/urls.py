from django.urls import path

from . import views

app_name = "pastoral"

urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("organisations/<int:pk>/start/", views.start_assessment, name="start"),
    path("organisations/<int:pk>/revisit/", views.set_revisit_interval, name="revisit_interval"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/details/", views.edit_details, name="edit_details"),
    path("assessments/<int:pk>/themes/<int:theme_id>/", views.rate_theme, name="rate_theme"),
    path("assessments/<int:pk>/complete/", views.complete, name="complete"),
    path("assessments/<int:pk>/word/", views.export_word, name="export_word"),
    path("regions/<int:pk>/", views.region, name="region"),
    path("tool/", views.tool_versions, name="tool_versions"),
    path("tool/<int:pk>/", views.tool_version, name="tool_version"),
]
