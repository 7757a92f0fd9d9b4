"""GET never writes: a page that is read (GET, HEAD, OPTIONS) may only run SELECT statements.

The middleware wraps every safe request's view in a database execute wrapper that refuses any other
statement, the way gip-inclusion/les-emplois guards its read-only views. A write reached from a page
that is only read is a bug (a page a browser or a proxy may load twice, prefetch or replay); it
fails loudly in the tests instead of slipping into the data. The session, saved by its own middleware
after the view, is outside the guard. Two addresses of django-allauth are exempt, by protocol or by
design: an identity provider sends the person back to Ouvrage by GET (OpenID Connect), and signing in
there writes the session and the link to the account; the page of recovery codes notes that they were
shown (so that they can be shown once only).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ALLOWED = ("SELECT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")
LIBRARY_WRITES_ON_GET = re.compile(r"^/compte/(oidc/[^/]+/login/callback|2fa/recovery-codes(/download)?)/$")


class WriteDuringSafeRequest(RuntimeError):
    pass


class OnlyReads:
    """The execute wrapper of one request. It watches only the thread that serves that request: test
    servers share one in-memory SQLite connection between the threads of parallel requests."""

    def __init__(self) -> None:
        self.thread = threading.get_ident()

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
    ) -> Any:
        if threading.get_ident() == self.thread and not sql.lstrip().upper().startswith(ALLOWED):
            raise WriteDuringSafeRequest(f"Écriture refusée pendant une requête de lecture : {sql[:200]}")
        return execute(sql, params, many, context)


class ReadOnlySafeMethodsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in SAFE_METHODS or LIBRARY_WRITES_ON_GET.match(request.path):
            return self.get_response(request)
        guard = OnlyReads()
        # Added and removed by identity, not with `execute_wrapper()`: that context manager pops the
        # last wrapper, which on a connection shared by parallel requests (test servers) may be
        # another request's guard, leaving this one behind to refuse that request's session save.
        watched = [connections[alias] for alias in connections]
        for connection in watched:
            connection.execute_wrappers.append(guard)
        try:
            return self.get_response(request)
        finally:
            for connection in watched:
                if guard in connection.execute_wrappers:
                    connection.execute_wrappers.remove(guard)
