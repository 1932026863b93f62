"""The one exception the client raises for anything the server or the network refused."""

from __future__ import annotations

from typing import Any, Dict, List, Optional


class CasegraphError(Exception):
    """A request to casegraph failed.

    Attributes:
        message: what went wrong, in words (also ``str(err)``).
        errors: the server's GraphQL errors as it sent them
            (``[{"message", "path", "extensions": {"code", "requestId"}}]``);
            empty when the request never got an answer.
        status: the HTTP status, or None when there was no answer
            (connection refused, timeout).
        code: the first error's code (``unauthenticated``, ``forbidden``,
            ``invalid``, ``not_found``, ``unavailable``, ``too_much``, ``internal``), or
            ``connection`` / ``timeout`` / ``protocol`` for client-side failures.
        request_id: the server's request id, to find the request in its log.
        data: whatever partial data came back alongside the errors.
        retry_after: the seconds the server asked to wait before trying
            again (its Retry-After, on 429 and 503), or None.
    """

    def __init__(
        self,
        message: str,
        *,
        errors: Optional[List[Dict[str, Any]]] = None,
        status: Optional[int] = None,
        code: Optional[str] = None,
        request_id: Optional[str] = None,
        data: Any = None,
        retry_after: Optional[float] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.errors: List[Dict[str, Any]] = list(errors or [])
        self.status = status
        self.code = code
        self.request_id = request_id
        self.data = data
        self.retry_after = retry_after

    @property
    def messages(self) -> List[str]:
        """The server's error messages, one per GraphQL error."""
        return [str(e.get("message", "")) for e in self.errors]

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"CasegraphError({self.message!r}, status={self.status!r}, code={self.code!r})"
