"""The progress markers (Outcome Mapping) and the criteria of work well done."""

urlpatterns: list = []
