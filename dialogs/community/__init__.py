"""Finding and joining a local community; the member's communities. Also answers "find a
community" for the others (`FIND_COMMUNITY`) and a deep link naming a community."""

from __future__ import annotations

from dialogs.common.routing import FIND_COMMUNITY, Feature, MenuItem
from dialogs.community.join import join, join_by_slug, my_communities
from dialogs.community.search import (
    STATE_SEARCH,
    ask_for_city,
    by_location,
    find,
    find_by_text,
    on_option,
    search_state,
)

FEATURE = Feature(
    name="community",
    options={"join": join, "community": on_option},
    states={STATE_SEARCH: search_state},
    reprompts={STATE_SEARCH: ask_for_city},
    menu=(
        MenuItem("communities", lambda tr: tr.text("My communities"), my_communities),
        MenuItem("find", lambda tr: tr.text("Find a community"), find),
    ),
    intents={"find_community": find_by_text},
    prompts={FIND_COMMUNITY: ask_for_city},
    start_payloads=(join_by_slug,),
    location=by_location,
)
