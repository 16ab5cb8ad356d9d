"""Pages of the recruitment part of workforce plans."""

from django.urls import path

from . import views_recruitment as views

urlpatterns = [
    path("recruitment/", views.recruitment, name="recruitment"),
    path("recruitment/organisations/<int:pk>/vacancies/add/", views.vacancy_add, name="vacancy_add"),
    path("recruitment/vacancies/<int:pk>/", views.vacancy_detail, name="vacancy_detail"),
    path("recruitment/vacancies/<int:pk>/edit/", views.vacancy_edit, name="vacancy_edit"),
    path("recruitment/vacancies/<int:pk>/candidates/add/", views.candidate_add, name="candidate_add"),
    path("recruitment/candidates/<int:pk>/", views.candidate_detail, name="candidate_detail"),
    path("recruitment/candidates/<int:pk>/edit/", views.candidate_edit, name="candidate_edit"),
    path("recruitment/candidates/<int:pk>/delete/", views.candidate_delete, name="candidate_delete"),
    path("recruitment/candidates/<int:pk>/score/<str:stage>/", views.candidate_score, name="candidate_score"),
    path("recruitment/candidates/<int:pk>/shortlist/", views.candidate_shortlist, name="candidate_shortlist"),
    path("recruitment/candidates/<int:pk>/appoint/", views.candidate_appoint, name="candidate_appoint"),
    path("recruitment/candidates/<int:pk>/enrol/", views.candidate_enrol, name="candidate_enrol"),
]
