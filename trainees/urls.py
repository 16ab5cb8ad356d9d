from django.urls import path

from . import views, views_import, views_plan

app_name = "trainees"
urlpatterns = [
    path("cohorts/", views.cohort_list, name="cohort_list"),
    path("cohorts/new/", views.cohort_create, name="cohort_create"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("cohorts/<int:pk>/edit/", views.cohort_edit, name="cohort_edit"),
    path("cohorts/<int:pk>/trainees/add/", views_import.add_trainee, name="add_trainee"),
    path("cohorts/<int:pk>/import/", views_import.cohort_import, name="cohort_import"),
    path("cohorts/<int:pk>/import/template.csv", views_import.import_template, name="import_template"),
    path("cohorts/<int:pk>/import/<int:job>/", views_import.import_job, name="import_job"),
    path("cohorts/<int:pk>/import/<int:job>/progress/", views_import.import_progress, name="import_progress"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("organisations/<int:pk>/contract-template/", views.contract_template, name="contract_template"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("enrolments/<int:pk>/", views.enrolment_detail, name="enrolment_detail"),
    path("enrolments/<int:pk>/edit/", views.enrolment_edit, name="enrolment_edit"),
    path("enrolments/<int:pk>/status/", views.enrolment_status, name="enrolment_status"),
    path("enrolments/<int:pk>/breaks/new/", views.break_add, name="break_add"),
    path("breaks/<int:pk>/end/", views.break_end, name="break_end"),
    path("enrolments/<int:pk>/contract/", views.contract_current, name="contract_current"),
    path("enrolments/<int:pk>/study-time/", views.study_time, name="study_time"),
    path("enrolments/<int:pk>/reviews/new/", views.review_create, name="review_create"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/edit/", views.contract_edit, name="contract_edit"),
    path("contracts/<int:pk>/sign/", views.contract_sign, name="contract_sign"),
    path("contracts/<int:pk>/cover/", views.contract_cover, name="contract_cover"),
    path("enrolments/<int:pk>/reviews/book/", views.review_book, name="review_book"),
    path("study-time/<int:pk>/decide/", views.study_time_decide, name="study_time_decide"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/sign/", views.review_sign, name="review_sign"),
    # Training plan (formerly the commitment statement), with its skills scan of prior learning
    path("enrolments/<int:pk>/training-plan/", views_plan.plan_current, name="plan_current"),
    path("enrolments/<int:pk>/training-plan/new/", views_plan.plan_create, name="plan_create"),
    path("training-plans/<int:pk>/", views_plan.plan_detail, name="plan_detail"),
    path("training-plans/<int:pk>/edit/", views_plan.plan_edit, name="plan_edit"),
    path("training-plans/<int:pk>/delivery/add/", views_plan.plan_delivery_add, name="plan_delivery_add"),
    path(
        "training-plans/<int:pk>/delivery/<int:row>/remove/",
        views_plan.plan_delivery_remove,
        name="plan_delivery_remove",
    ),
    path("training-plans/<int:pk>/skills-scan/", views_plan.plan_scan, name="plan_scan"),
    path("training-plans/<int:pk>/sign/", views_plan.plan_sign, name="plan_sign"),
]
