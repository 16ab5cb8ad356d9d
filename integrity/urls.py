from django.urls import path

from . import views

app_name = "integrity"

urlpatterns = [
    path("fingerprints/", views.fingerprints, name="fingerprints"),
    path("fingerprints/check/", views.check_now, name="check_now"),
]
