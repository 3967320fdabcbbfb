"""A thin client for the two Cloud API endpoints we use: send a message, upload a file.

Errors come back as `GraphError` carrying only Meta's numeric code, the HTTP status and a
Retry-After hint: Meta's error texts may quote what we sent, so they are never kept or logged.
The access token lives in the client's default headers, never in a URL or a log line.
"""

from __future__ import annotations

from typing import Any

import httpx
from pydantic import SecretStr

from bot.channels.whatsapp.identities import recipient_field

#: Graph error codes we act on (https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes).
RE_ENGAGEMENT = 131047  # the 24-hour customer service window is closed
UNDELIVERABLE = 131026  # not a WhatsApp user, an old app, or they blocked us
RATE_LIMIT = 130429  # Cloud API throughput reached
PAIR_RATE_LIMIT = 131056  # too many messages to the same person in a short time
SPAM_RATE_LIMIT = 131048
TOO_MANY_CALLS = (4, 80007)
SERVICE_UNAVAILABLE = (131016, 131000)
ACCESS_TOKEN = 190
#: The template does not exist in that language (or is not approved), is paused or disabled.
TEMPLATE_UNUSABLE = (132001, 132015, 132016)

#: Code used when the server answered without a Graph error body (proxy error, timeout page).
NO_GRAPH_CODE = 0


class GraphError(Exception):
    """The Graph API refused a request."""

    def __init__(self, http_status: int, code: int, retry_after: float | None = None) -> None:
        super().__init__(f"graph error {code} (HTTP {http_status})")
        self.http_status = http_status
        self.code = code
        self.retry_after = retry_after


class GraphClient:
    """`POST /{version}/{phone_id}/messages` and `/media` with a bearer token."""

    def __init__(
        self,
        api_base: str,
        api_version: str,
        phone_id: str,
        token: SecretStr,
        *,
        timeout: float = 15.0,
    ) -> None:
        self._root = f"{api_base.rstrip('/')}/{api_version}/{phone_id}"
        self._http = httpx.AsyncClient(
            timeout=timeout,
            headers={"Authorization": f"Bearer {token.get_secret_value()}"},
            follow_redirects=False,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def send(self, to: str, message: dict[str, Any]) -> str:
        """Send one message to a number (`to`) or a business-scoped user id (`recipient`);
        returns the message id (wamid)."""
        body = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            recipient_field(to): to,
        }
        response = await self._http.post(f"{self._root}/messages", json={**body, **message})
        answer = answer_of(response)
        messages = answer.get("messages")
        if not isinstance(messages, list) or not messages or "id" not in messages[0]:
            raise GraphError(response.status_code, NO_GRAPH_CODE)
        return str(messages[0]["id"])

    async def upload(self, content: bytes, mime_type: str, filename: str) -> str:
        """Upload a file for a later document or image message; returns the media id."""
        response = await self._http.post(
            f"{self._root}/media",
            data={"messaging_product": "whatsapp", "type": mime_type},
            files={"file": (filename, content, mime_type)},
        )
        answer = answer_of(response)
        if "id" not in answer:
            raise GraphError(response.status_code, NO_GRAPH_CODE)
        return str(answer["id"])


def answer_of(response: httpx.Response) -> dict[str, Any]:
    """The JSON answer of a successful call; a `GraphError` with Meta's code otherwise."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.is_success and isinstance(body, dict):
        return body
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    raise GraphError(
        response.status_code,
        code if isinstance(code, int) else NO_GRAPH_CODE,
        _retry_after(response.headers.get("retry-after")),
    )


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
