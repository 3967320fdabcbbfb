"""The public impact page: what the communities did together, without exposing anyone.

Totals only, across all communities (never one community's figures, which could point at
people), and every count under 5 is shown as "<5". Figures are cached for a minute, so the
page costs the database nothing under load. The language follows Accept-Language.
"""

from __future__ import annotations

import html
import time

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.app import Core
from bot.core.ambassadors.domain import ImpactTotals
from bot.i18n.catalogs import best_locale
from bot.i18n.formatting import format_number
from bot.i18n.locales import DEFAULT_LOCALE, RTL_LOCALES

SMALL = 5
CACHE_SECONDS = 60.0
CSS = (
    "body{font-family:system-ui,'Noto Sans Arabic',sans-serif;max-width:40rem;margin:2rem auto;"
    "padding:0 1rem;color:#1d2b26}h1{color:#2a7f62}dl{display:grid;grid-template-columns:auto 1fr;"
    "gap:.5rem 1.5rem}dt{font-weight:600}dd{margin:0;font-size:1.4rem}"
)


def shown(value: int, locale: str) -> str:
    """A count as the public sees it: small numbers are hidden behind "<5"."""
    return f"<{format_number(SMALL, locale)}" if value < SMALL else format_number(value, locale)


def _locale(request: Request) -> str:
    for part in request.headers.get("accept-language", "").split(","):
        locale = best_locale(part.split(";")[0].strip())
        if locale:
            return locale
    return DEFAULT_LOCALE


def impact_routes(core: Core) -> list[BaseRoute]:
    cached: list[tuple[float, ImpactTotals]] = []

    async def totals() -> ImpactTotals:
        if cached and time.monotonic() - cached[0][0] < CACHE_SECONDS:
            return cached[0][1]
        async with core.uow_factory() as uow:
            found = await uow.stats.impact()
        cached[:] = [(time.monotonic(), found)]
        return found

    def counts(figures: ImpactTotals) -> dict[str, int]:
        return {
            "communities": figures.communities,
            "members": figures.members,
            "meetups": figures.meetups,
            "festivals": figures.festivals,
            "organisations": figures.organisations,
            "people_reached": figures.people_reached,
        }

    async def page(request: Request) -> Response:
        locale = _locale(request)
        tr = core.catalogs.get(locale)
        figures = await totals()
        labels = {
            "communities": tr.text("Local communities"),
            "members": tr.text("Members"),
            "meetups": tr.text("Meetups"),
            "festivals": tr.text("Festivals"),
            "organisations": tr.text("Local organisations that took part"),
            "people_reached": tr.text("People reached"),
        }
        items = "".join(
            f"<dt>{html.escape(labels[key])}</dt><dd>{html.escape(shown(value, locale))}</dd>"
            for key, value in counts(figures).items()
        )
        title = html.escape(tr.text("Josoor: what our communities did together"))
        note = html.escape(
            tr.text("Numbers under 5 are not shown, to protect the people behind them.")
        )
        direction = "rtl" if locale in RTL_LOCALES else "ltr"
        body = (
            f'<!doctype html><html lang="{locale}" dir="{direction}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f'<title>{title}</title><link rel="stylesheet" href="/impact.css"></head>'
            f"<body><h1>{title}</h1><dl>{items}</dl><p>{note}</p></body></html>"
        )
        return HTMLResponse(body, headers={"cache-control": "public, max-age=60"})

    async def data(request: Request) -> Response:
        figures = await totals()
        return JSONResponse(
            {
                key: value if value >= SMALL else f"<{SMALL}"
                for key, value in counts(figures).items()
            },
            headers={"cache-control": "public, max-age=60"},
        )

    async def css(_: Request) -> Response:
        return Response(CSS, media_type="text/css")

    return [
        Route("/impact", page),
        Route("/impact.json", data),
        Route("/impact.css", css),
    ]
