from django.urls import path

from . import views, views_attachments, views_gateway

app_name = "competencies"
urlpatterns = [
    path("portfolio/<int:pk>/", views.portfolio, name="portfolio"),
    path("portfolio/<int:pk>/evidence/new/", views.evidence_create, name="evidence_create"),
    path("portfolio/<int:pk>/ksbs/<int:ksb_pk>/achieve/", views.ksb_achieve, name="ksb_achieve"),
    path("portfolio/<int:pk>/gateway/", views_gateway.gateway, name="gateway"),
    path("portfolio/<int:pk>/gateway/confirm/", views_gateway.gateway_confirm, name="gateway_confirm"),
    path("portfolio/<int:pk>/gateway/sign/", views_gateway.gateway_sign, name="gateway_sign"),
    path("portfolio/<int:pk>/assessment/book/", views_gateway.assessment_book, name="assessment_book"),
    path("portfolio/<int:pk>/assessment/result/", views_gateway.assessment_result, name="assessment_result"),
    path("evidence/<int:pk>/", views.evidence_detail, name="evidence_detail"),
    path("evidence/<int:pk>/edit/", views.evidence_edit, name="evidence_edit"),
    path("evidence/<int:pk>/submit/", views.evidence_submit, name="evidence_submit"),
    path("evidence/<int:pk>/decide/", views.evidence_decide, name="evidence_decide"),
    path("evidence/<int:pk>/new-version/", views.evidence_new_version, name="evidence_new_version"),
    path("evidence/<int:pk>/attachments/", views_attachments.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views_attachments.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/remove/", views_attachments.attachment_remove, name="attachment_remove"),
    path("mentor/queue/", views.mentor_queue, name="mentor_queue"),
    path("cohorts/<int:pk>/matrix/", views.cohort_matrix, name="cohort_matrix"),
]
