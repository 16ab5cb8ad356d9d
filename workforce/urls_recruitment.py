"""Pages of the recruitment part of workforce plans."""

urlpatterns = []
