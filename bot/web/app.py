"""Assembles the Starlette application from the core and the enabled channels."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot import __version__
from bot.app import Core
from bot.channels.webchat.inbox import WebChatInbox
from bot.channels.webchat.routes import web_chat_routes
from bot.channels.webchat.session import WebChatSessions
from bot.core.ambassadors.invites import LINK_BUILDERS
from bot.core.common.domain import Channel
from bot.storage.database import ping
from bot.web.impact import impact_routes
from bot.web.metrics import metrics_routes
from bot.web.security import SecurityHeadersMiddleware


def build_web_app(
    core: Core,
    *,
    web_chat: bool = True,
    extra_routes: Sequence[BaseRoute] = (),
    channel_states: Callable[[], Mapping[str, str]] = dict,
) -> Starlette:
    """The ASGI app: /healthz, /metrics, the web chat, and the routes channels bring
    (webhooks).

    /healthz: 503 when the database does not answer; 200 "degraded" with the state of each
    channel that is not up (`{"status": "degraded", "telegram": "unreachable"}`): the web chat
    and the other channels serve meanwhile, so a load balancer keeps sending traffic.
    """

    async def healthz(_: Request) -> Response:
        if not await ping(core.engine):
            return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
        down = {name: state for name, state in channel_states().items() if state != "ok"}
        status = "degraded" if down else "ok"
        return JSONResponse({"status": status, "version": __version__, **down})

    routes: list[BaseRoute] = [
        Route("/healthz", healthz),
        *metrics_routes(core),
        *extra_routes,
        *impact_routes(core),
    ]
    if web_chat:
        public_url = core.settings.http.public_url
        if public_url:
            LINK_BUILDERS[Channel.WEBCHAT] = lambda token: f"{public_url}/?start={token}"
        inbox = core.senders.get(Channel.WEBCHAT)
        routes += web_chat_routes(
            core.service,
            core.catalogs,
            WebChatSessions(core.keyed_hash),
            inbox if isinstance(inbox, WebChatInbox) else None,
        )
    return Starlette(routes=routes, middleware=[Middleware(SecurityHeadersMiddleware)])
