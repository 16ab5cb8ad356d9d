"""Pages of the profiles part of workforce plans."""

urlpatterns = []
