"""Pages of the targets part of workforce plans."""

urlpatterns = []
