"""The stories of change: told by staff or through the public link, selected by a session."""

urlpatterns: list = []
