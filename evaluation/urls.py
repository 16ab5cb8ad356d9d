"""The evaluation's pages, under /evaluation/. Each part of the app has its own section (and views module)."""

from django.urls import path  # noqa: F401 (the sections below add their paths)

from . import views_coding, views_impact, views_interviews, views_overview, views_schedule

app_name = "evaluation"

urlpatterns = [
    # --- Schedule and question sets (views_schedule.py) ---
    path("cohorts/<int:pk>/schedule/", views_schedule.cohort_schedule, name="schedule"),
    path(
        "cohorts/<int:pk>/schedule/interviews/",
        views_schedule.schedule_interviews,
        name="schedule_interviews",
    ),
    path(
        "cohorts/<int:pk>/schedule/settings/",
        views_schedule.schedule_settings,
        name="schedule_settings",
    ),
    path("organisations/<int:pk>/questions/", views_schedule.question_sets, name="question_sets"),
    path(
        "organisations/<int:pk>/questions/<str:respondent>/<str:stage>/",
        views_schedule.question_set_edit,
        name="question_set_edit",
    ),
    # --- Recording interviews, consent and import (views_interviews.py) ---
    path("interviews/<int:pk>/", views_interviews.interview_detail, name="interview"),
    path("interviews/<int:pk>/record/", views_interviews.interview_record, name="interview_record"),
    path(
        "interviews/<int:pk>/withdraw-consent/",
        views_interviews.interview_withdraw_consent,
        name="interview_withdraw_consent",
    ),
    path("mine/", views_interviews.my_interviews, name="mine"),
    path("cohorts/<int:pk>/import/", views_interviews.answers_import, name="answers_import"),
    path(
        "cohorts/<int:pk>/import/template.csv",
        views_interviews.answers_import_template,
        name="answers_import_template",
    ),
    # --- Codebook, coding, theme counts and export (views_coding.py) ---
    path("organisations/<int:pk>/codebook/", views_coding.codebook, name="codebook"),
    path("interviews/<int:pk>/code/", views_coding.code_interview, name="code_interview"),
    path("cohorts/<int:pk>/themes/", views_coding.cohort_themes, name="cohort_themes"),
    path("cohorts/<int:pk>/coded-passages.csv", views_coding.coded_passages_csv, name="coded_passages_csv"),
    # --- Service impact: audits and satisfaction; outcomes (views_impact.py) ---
    path("cohorts/<int:pk>/audits/", views_impact.audit_list, name="audit_list"),
    path("cohorts/<int:pk>/audits/add/", views_impact.audit_add, name="audit_add"),
    path("cohorts/<int:pk>/audits/<int:audit_id>/edit/", views_impact.audit_edit, name="audit_edit"),
    path("cohorts/<int:pk>/audits/import/", views_impact.audit_import, name="audit_import"),
    path(
        "cohorts/<int:pk>/audits/import/template.csv",
        views_impact.audit_import_template,
        name="audit_import_template",
    ),
    path("cohorts/<int:pk>/satisfaction/", views_impact.satisfaction_list, name="satisfaction_list"),
    path("cohorts/<int:pk>/satisfaction/add/", views_impact.satisfaction_add, name="satisfaction_add"),
    path(
        "cohorts/<int:pk>/satisfaction/<int:result_id>/edit/",
        views_impact.satisfaction_edit,
        name="satisfaction_edit",
    ),
    path(
        "cohorts/<int:pk>/satisfaction/import/", views_impact.satisfaction_import, name="satisfaction_import"
    ),
    path(
        "cohorts/<int:pk>/satisfaction/import/template.csv",
        views_impact.satisfaction_import_template,
        name="satisfaction_import_template",
    ),
    path("cohorts/<int:pk>/impact/", views_impact.impact_page, name="impact"),
    path("cohorts/<int:pk>/outcomes/", views_impact.outcome_list, name="outcome_list"),
    path("enrolments/<int:pk>/outcome/", views_impact.outcome_edit, name="outcome_edit"),
    # --- Cohort overview and region (views_overview.py) ---
    path("", views_overview.home, name="home"),
    path("cohorts/<int:pk>/", views_overview.cohort, name="cohort"),
    path("regions/<int:pk>/", views_overview.region, name="region"),
]
