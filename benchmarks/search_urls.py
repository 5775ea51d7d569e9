"""The site's URLs plus the stock search view the search benchmark compares with."""

from benchmarks.search import urlpatterns as _patterns

urlpatterns = _patterns()
