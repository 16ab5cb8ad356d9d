from django.http import HttpResponse
from django.urls import include, path


def forgotten(request):
    return HttpResponse("forgotten view ran")


urlpatterns = [path("forgotten/", forgotten), path("", include("apprentice_portal.urls"))]
