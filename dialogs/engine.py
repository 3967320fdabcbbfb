"""Routes one inbound message to the dialog that handles it.

Order: people who have not accepted the privacy notice go to onboarding; then commands (they
work from any state); then option ids by their first segment; then the handler of the
member's current state; then a short localized help with the main menu. Never silence.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.core.common.messages import InboundKind, is_valid_option_id
from bot.core.communities.domain import CommunityRole
from bot.core.members.consent import has_current_consent
from bot.i18n.catalogs import best_locale
from dialogs import community, free_text, language, menu, onboarding, privacy
from dialogs.features import FEATURES
from dialogs.routing import Feature, Handler, OptionHandler, merge
from dialogs.turn import Turn


async def _start(turn: Turn) -> None:
    assert turn.member is not None
    _, _, payload = turn.inbound.text.strip().partition(" ")
    if not turn.member.proactive_allowed:
        turn.member.proactive_allowed = True
        await turn.uow.members.save(turn.member)
        turn.say(turn.tr.text("Welcome back! Messages from your communities are on again."))
    turn.clear_state()
    if payload.strip() and await community.join_by_payload(turn, payload.strip()):
        return
    if not await turn.uow.memberships.of_member(turn.member.id):
        community.ask_for_city(turn)
        return
    menu.show(turn)


async def _menu(turn: Turn) -> None:
    turn.clear_state()
    menu.show(turn)


async def _help(turn: Turn) -> None:
    menu.show_help(turn)


async def _language(turn: Turn) -> None:
    language.ask(turn)


async def _cancel(turn: Turn) -> None:
    had_state = bool(turn.state)
    turn.clear_state()
    turn.say(turn.tr.text("OK, cancelled.") if had_state else turn.tr.text("Nothing to cancel."))
    menu.show(turn)


async def _forget(turn: Turn) -> None:
    privacy.ask_forget(turn)


BASIC_COMMANDS: dict[str, Handler] = {
    "/start": _start,
    "/menu": _menu,
    "/help": _help,
    "/language": _language,
    "/cancel": _cancel,
    "/stop": privacy.stop,
    "/mydata": privacy.show_my_data,
    "/forget": _forget,
}


async def _menu_item(turn: Turn, item: str) -> None:
    turn.clear_state()
    actions: dict[str, Handler] = {
        "communities": community.my_communities,
        **{item.key: item.action for item in TABLE.menu},
        "find": _find,
        "language": _language,
        "mydata": privacy.show_my_data,
        "help": _help,
    }
    action = actions.get(item)
    if action is None:
        menu.stale_button(turn)
    else:
        await action(turn)


async def _find(turn: Turn) -> None:
    community.ask_for_city(turn)


async def _community_option(turn: Turn, action: str) -> None:
    if action == "all":
        await community.list_all(turn)
    elif action == "search":
        community.ask_for_city(turn)
    else:
        menu.stale_button(turn)


async def _language_option(turn: Turn, code: str) -> None:
    await language.choose(turn, code)
    if code == "menu":
        return
    reprompt = REPROMPTS.get(turn.state)
    if reprompt is not None:
        turn.replies.pop()  # the menu shown by `choose`: the open step matters more
        reprompt(turn)


async def _consent_again(turn: Turn, _: str) -> None:
    turn.say(turn.tr.text("You have already accepted the privacy notice."))
    menu.show(turn)


BASIC_OPTIONS: dict[str, OptionHandler] = {
    "menu": _menu_item,
    "lang": _language_option,
    "role": onboarding.choose_role,
    "join": community.join,
    "community": _community_option,
    "forget": privacy.answer_forget,
    "consent": _consent_again,
}

BASIC_STATES: dict[str, Handler] = {
    onboarding.STATE_ROLE: onboarding.role_state,
    community.STATE_SEARCH: community.search_state,
    privacy.STATE_FORGET: privacy.forget_state,
}

#: Everything the engine routes to; a name claimed twice fails at import.
TABLE = merge((Feature("basic", BASIC_COMMANDS, BASIC_OPTIONS, BASIC_STATES), *FEATURES))
COMMANDS, OPTIONS, STATES = TABLE.commands, TABLE.options, TABLE.states
#: States in which a shared location is an answer (a meetup's place), not a community search.
LOCATION_STATES = TABLE.location_states

REPROMPTS: dict[str, Callable[[Turn], None]] = {
    onboarding.STATE_ROLE: onboarding.ask_role,
    community.STATE_SEARCH: community.ask_for_city,
    privacy.STATE_FORGET: privacy.ask_forget,
}


def command_of(text: str) -> str:
    """`/Start@JosoorBot payload` → `/start`; not a command → empty string."""
    word = text.strip().split(maxsplit=1)[0] if text.strip() else ""
    return word.split("@")[0].lower() if word.startswith("/") else ""


async def route(turn: Turn) -> None:
    if turn.member is None or not await has_current_consent(turn.uow, turn.member.id):
        # A record prepared by an operator has no language of the person's own choosing yet.
        turn.locale = best_locale(turn.inbound.locale_hint) or turn.locale
        await onboarding.handle_before_consent(turn)
        return
    turn.ambassador = await turn.uow.memberships.has_role(turn.member.id, CommunityRole.AMBASSADOR)
    inbound = turn.inbound
    if inbound.kind is InboundKind.OPTION:
        await _route_option(turn, inbound.option_id)
        return
    command = command_of(inbound.text) if inbound.kind is InboundKind.TEXT else ""
    if command:
        handler = COMMANDS.get(command)
        if handler is None:
            menu.not_understood(turn)
        else:
            await handler(turn)
        return
    if inbound.kind is InboundKind.LOCATION and turn.state not in LOCATION_STATES:
        await community.by_location(turn)
        return
    state_handler = STATES.get(turn.state)
    if state_handler is not None:
        await state_handler(turn)
    elif inbound.kind is InboundKind.UNSUPPORTED:
        menu.unsupported_media(turn)
    else:
        await free_text.understand(turn)


async def _route_option(turn: Turn, option_id: str) -> None:
    if not is_valid_option_id(option_id):
        menu.stale_button(turn)
        return
    prefix, _, rest = option_id.partition(":")
    handler = OPTIONS.get(prefix)
    if handler is None:
        menu.stale_button(turn)
        return
    await handler(turn, rest)
