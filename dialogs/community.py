"""Finding and joining a local community: by typing a city, sharing a location, or a link."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from bot.core.common.messages import InboundKind, Option
from bot.core.communities.directory import (
    NEAREST_COMMUNITY_MAX_KM,
    FindCommunities,
    JoinCommunity,
    ResolveStartPayload,
    StartPayloadProblem,
)
from bot.core.communities.domain import Community
from bot.i18n.formatting import format_number
from bot.i18n.text import clean_user_text, isolate
from dialogs import menu
from dialogs.turn import Turn

STATE_SEARCH = "community.search"
#: Features that read their own /start payloads (invite tokens) first: True (joined), False
#: (refused, with a word to the person) or None (not theirs: a community slug, below).
PAYLOAD_HANDLERS: list[Callable[[Turn, str], Awaitable[bool | None]]] = []
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


def _name(turn: Turn, community: Community) -> str:
    return isolate(community.name(turn.locale))


def _join_options(turn: Turn, communities: Sequence[Community]) -> list[Option]:
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
        text = turn.tr.text("Did you mean {community}?", community=_name(turn, found[0]))
    else:
        text = turn.tr.text("I found these communities. Which one is yours?")
    turn.say(
        text,
        [
            *_join_options(turn, found),
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
        turn.tr.text("Did you mean {community}?", community=_name(turn, found)),
        [
            *_join_options(turn, [found]),
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
            _join_options(turn, communities),
        )
        return
    km = max(1, round(nearby.distance_km))
    turn.say(
        turn.tr.plural(
            "The nearest community is {community}, about {n} kilometre away.",
            "The nearest community is {community}, about {n} kilometres away.",
            km,
            community=_name(turn, nearby.community),
        ),
        [
            *_join_options(turn, [nearby.community]),
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
        _join_options(turn, communities),
    )


async def join(turn: Turn, community_id: str) -> None:
    assert turn.member is not None
    community = (
        await turn.uow.communities.get(int(community_id)) if community_id.isdigit() else None
    )
    if community is None or community.deleted:
        turn.say(turn.tr.text("This community does not exist any more."))
        ask_for_city(turn)
        return
    await _join(turn, community)


async def _join(turn: Turn, community: Community) -> None:
    assert turn.member is not None
    result = await JoinCommunity(turn.uow, turn.clock)(turn.member.id, community)
    turn.clear_state()
    if result.already_member:
        turn.say(
            turn.tr.text(
                "You are already a member of {community}.", community=_name(turn, community)
            )
        )
    else:
        turn.say(
            turn.tr.text(
                "Welcome to the {community} community! You will hear about its meetups "
                "and projects here.",
                community=_name(turn, community),
            )
        )
    menu.show(turn)


async def join_by_payload(turn: Turn, payload: str) -> bool:
    """Join the community a deep link names. False (and a kind word) if the link is bad."""
    for handler in PAYLOAD_HANDLERS:
        handled = await handler(turn, payload)
        if handled is not None:
            return handled
    try:
        target = await ResolveStartPayload(turn.uow)(payload)
    except StartPayloadProblem as problem:
        if problem.reason == "deleted":
            turn.say(turn.tr.text("The community of this link does not exist any more."))
        else:
            turn.say(turn.tr.text("This link is not valid. You can still find your community."))
        return False
    await _join(turn, target)
    return True


async def my_communities(turn: Turn) -> None:
    assert turn.member is not None
    memberships = await turn.uow.memberships.of_member(turn.member.id)
    if not memberships:
        turn.say(turn.tr.text("You have not joined a community yet."))
        ask_for_city(turn)
        return
    lines = []
    for membership, community in memberships:
        if membership.role.value == "ambassador":
            lines.append(
                turn.tr.text("{community} (ambassador)", community=_name(turn, community))
            )
        else:
            lines.append(_name(turn, community))
    count = format_number(len(lines), turn.locale)
    turn.say(
        turn.tr.text("Your communities ({count}):", count=count)
        + "\n"
        + "\n".join(f"• {line}" for line in lines),
        [Option("community:search", turn.tr.text("Join another community"))],
    )
