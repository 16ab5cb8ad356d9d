"""Pages of the career part of workforce plans."""

urlpatterns = []
