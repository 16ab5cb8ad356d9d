from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/password/", views.set_password, name="set_password"),
    path("regions/<int:pk>/", views.region_detail, name="region_detail"),
]
