"""Finding a local community: by typing a city (in any script, with typos), sharing a
location, naming it in free text, or browsing all of them."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.common.messages import InboundKind, Option
from bot.core.communities.directory import (
    NEAREST_COMMUNITY_MAX_KM,
    FindCommunities,
)
from bot.core.communities.domain import Community
from bot.i18n.text import clean_user_text, isolate
from dialogs.common import menu
from dialogs.common.turn import Turn

STATE_SEARCH = "community.search"
#: How much of a search text we quote back.
QUOTE_MAX = 40


def ask_for_city(turn: Turn) -> None:
    turn.set_state(STATE_SEARCH)
    turn.say(
        turn.tr.text(
            "Which city do you live in? Type its name in any language, or send your "
            "location (📎 → Location). Your location is only used to find the nearest "
            "community and is not stored."
        ),
        [Option("community:all", turn.tr.text("Show all communities"))],
    )


def name_of(turn: Turn, community: Community) -> str:
    return isolate(community.name(turn.locale))


def join_options(turn: Turn, communities: Sequence[Community]) -> list[Option]:
    return [
        Option(f"join:{c.id}", turn.tr.text("Join {community}", community=c.name(turn.locale)))
        for c in communities
    ]


async def search_state(turn: Turn) -> None:
    """In the search step, text is a city name and a location finds the nearest community."""
    inbound = turn.inbound
    if inbound.kind is InboundKind.LOCATION:
        await by_location(turn)
        return
    if inbound.kind is InboundKind.UNSUPPORTED or not inbound.text.strip():
        turn.say(turn.tr.text("I can only read text messages and buttons."))
        ask_for_city(turn)
        return
    found = await FindCommunities(turn.uow).by_text(inbound.text)
    if not found:
        query = clean_user_text(inbound.text, QUOTE_MAX)
        turn.say(
            turn.tr.text(
                "I could not find a community for {query}. Check the spelling, try the "
                "name in another language, or pick one from the list.",
                query=isolate(query),
            ),
            [Option("community:all", turn.tr.text("Show all communities"))],
        )
        return
    if len(found) == 1:
        text = turn.tr.text("Did you mean {community}?", community=name_of(turn, found[0]))
    else:
        text = turn.tr.text("I found these communities. Which one is yours?")
    turn.say(
        text,
        [
            *join_options(turn, found),
            Option("community:search", turn.tr.text("Search again")),
            Option("community:all", turn.tr.text("Show all communities")),
        ],
    )


async def offer(turn: Turn, community_id: int) -> None:
    """Offer one community found in free text ("ich wohne in Wien")."""
    found = await turn.uow.communities.get(community_id)
    if found is None or found.deleted:
        ask_for_city(turn)
        return
    turn.say(
        turn.tr.text("Did you mean {community}?", community=name_of(turn, found)),
        [
            *join_options(turn, [found]),
            Option("community:search", turn.tr.text("Search again")),
            Option("community:all", turn.tr.text("Show all communities")),
        ],
    )


async def by_location(turn: Turn) -> None:
    location = turn.inbound.location
    assert location is not None
    nearby = await FindCommunities(turn.uow).nearest(location)
    if nearby is None or nearby.distance_km > NEAREST_COMMUNITY_MAX_KM:
        communities = await FindCommunities(turn.uow).all()
        turn.say(
            turn.tr.text("There is no community near you yet. These are all our communities:"),
            join_options(turn, communities),
        )
        return
    km = max(1, round(nearby.distance_km))
    turn.say(
        turn.tr.plural(
            "The nearest community is {community}, about {n} kilometre away.",
            "The nearest community is {community}, about {n} kilometres away.",
            km,
            community=name_of(turn, nearby.community),
        ),
        [
            *join_options(turn, [nearby.community]),
            Option("community:all", turn.tr.text("Show all communities")),
        ],
    )


async def list_all(turn: Turn) -> None:
    communities = await FindCommunities(turn.uow).all()
    if not communities:
        turn.say(turn.tr.text("There are no communities yet."))
        return
    turn.say(
        turn.tr.plural(
            "There is {n} community. Do you want to join it?",
            "There are {n} communities. Which one do you want to join?",
            len(communities),
        ),
        join_options(turn, communities),
    )


async def find(turn: Turn) -> None:
    """ "Find a community" in the main menu."""
    ask_for_city(turn)


async def on_option(turn: Turn, action: str) -> None:
    """`community:all` and `community:search`."""
    if action == "all":
        await list_all(turn)
    elif action == "search":
        ask_for_city(turn)
    else:
        menu.stale_button(turn)


async def find_by_text(turn: Turn) -> None:
    """Free text meaning "find my community": the city the NLU found, else the question."""
    city = turn.entities.get("city") if turn.entities else None
    community_id = city.get("community_id") if city is not None else None
    if isinstance(community_id, int):
        await offer(turn, community_id)
        return
    ask_for_city(turn)
