"""Who is talking in the web chat: sessions the server issues, never a value the page picks.

A browser gets a random session id in a signed cookie (HttpOnly, SameSite=Strict, Secure over
HTTPS); each tab then asks the server for a tab id, signed together with that session id, and
keeps it in sessionStorage. A member is one tab of one browser: their address is a keyed hash
of session and tab, so the database holds neither, and a tab id copied into another browser
(another cookie) is refused. POSTs must come from our own origin and be `application/json`:
a cross-site form or `text/plain` request is refused before anything is read.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from bot.core.common.keyed_hash import KeyedHash

COOKIE = "josoor_session"
#: Characters of a signature in a cookie or tab id (192 bits).
_SIGNATURE = 32


class WebChatSessions:
    def __init__(self, keyed_hash: KeyedHash) -> None:
        self._hash = keyed_hash

    def _sign(self, purpose: str, value: str) -> str:
        return f"{value}.{self._hash(purpose, value)[:_SIGNATURE]}"

    def _verify(self, purpose: str, signed: str) -> str | None:
        value, dot, signature = signed.rpartition(".")
        if not dot or not value or len(signature) != _SIGNATURE:
            return None
        expected = self._hash(purpose, value)[:_SIGNATURE]
        if not secrets.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
            return None
        return value

    def browser(self, request: Request) -> str | None:
        """The session id of the request's valid cookie, or None."""
        return self._verify("webchat-cookie", request.cookies.get(COOKIE, ""))

    @staticmethod
    def new_session() -> str:
        return secrets.token_urlsafe(24)

    def set_cookie(self, response: Response, request: Request, session: str) -> None:
        """The browser's session cookie: not readable by scripts, never sent cross-site."""
        response.set_cookie(
            COOKIE,
            self._sign("webchat-cookie", session),
            path="/",
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )

    def new_tab(self, session: str) -> str:
        """A tab id for one tab of this browser: 16 random characters, signed with the session."""
        tab = secrets.token_urlsafe(12)
        return f"{tab}.{self._hash('webchat-tab', f'{session}:{tab}')[:_SIGNATURE]}"

    def member_address(self, session: str, tab_id: object) -> str | None:
        """The member's external id for this browser and tab id, or None if it is not ours."""
        if not isinstance(tab_id, str) or len(tab_id) > 64:
            return None
        tab, dot, signature = tab_id.partition(".")
        if not dot or len(signature) != _SIGNATURE:
            return None
        expected = self._hash("webchat-tab", f"{session}:{tab}")[:_SIGNATURE]
        if not secrets.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
            return None
        return self._hash("webchat-member", f"{session}:{tab}")


def same_origin(request: Request) -> bool:
    """False for a request a page of another site made (Origin or Sec-Fetch-Site say so).

    Requests without either header are no browser's cross-site requests (browsers send
    Origin with every POST); they still need the cookie and a tab id.
    """
    origin = request.headers.get("origin")
    if origin is None:
        return request.headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none")
    host = request.headers.get("host", "")
    return bool(host) and urlsplit(origin).netloc.lower() == host.lower()


def is_json(request: Request) -> bool:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return media_type == "application/json"
