"""Finding and joining a local community; the member's communities and their group chat
link (/group). Also answers "find a
community" for the others (`FIND_COMMUNITY`) and a deep link naming a community."""

from __future__ import annotations

from dialogs.common.routing import FIND_COMMUNITY, CommandHelp, Feature, MenuItem, Tool
from dialogs.community.group import group_of, show_group
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
    commands={"/group": show_group},
    help={"/group": CommandHelp(lambda tr: tr.text("The link to your community's group chat"))},
    options={"join": join, "community": on_option},
    states={STATE_SEARCH: search_state},
    reprompts={STATE_SEARCH: ask_for_city},
    menu=(
        MenuItem("communities", lambda tr: tr.text("My communities"), my_communities),
        MenuItem("find", lambda tr: tr.text("Find a community"), find),
        # Not in an ambassador's menu, which holds ten entries already: they have /group and
        # the tool.
        MenuItem("group", lambda tr: tr.text("Group chat"), show_group, members_only=True),
    ),
    tools=(Tool("group", lambda tr: tr.text("Group chat link"), group_of),),
    intents={"find_community": find_by_text},
    prompts={FIND_COMMUNITY: ask_for_city},
    start_payloads=(join_by_slug,),
    location=by_location,
)
