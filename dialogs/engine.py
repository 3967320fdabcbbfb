"""Routes one inbound message to the feature that handles it.

Order: people who have not accepted the privacy notice go to onboarding; then commands and
the words that act as commands in any language (STOP, توقف, afmelden, menu, Hilfe…: see
`dialogs/common/keywords.py`), which work from any state, before an open question sees them;
then option ids by their first segment; then a shared location no state expects (the
community search); then the handler of the member's current state; then free text by what
it means, or a short localized help with the main menu. Never silence.
Every entry comes from the features, merged once in `dialogs/features.py`.
"""

from __future__ import annotations

from bot.core.common.messages import InboundKind, is_valid_option_id
from bot.core.communities.domain import CommunityRole
from bot.core.members.consent import has_current_consent
from bot.i18n.catalogs import best_locale
from dialogs.common import menu
from dialogs.common.commands import command_of
from dialogs.common.keywords import keyword_command
from dialogs.common.turn import Turn
from dialogs.features import ROUTES

COMMANDS, OPTIONS, STATES = ROUTES.commands, ROUTES.options, ROUTES.states
#: States in which a shared location is an answer (a meetup's place), not a community search.
LOCATION_STATES = ROUTES.location_states
assert ROUTES.before_consent is not None, "a feature must greet people before consent"


async def route(turn: Turn) -> None:
    preloaded = turn.consented is not None  # the service read consent and role already
    consented = turn.consented
    if turn.member is not None and consented is None:
        consented = await has_current_consent(turn.uow, turn.member.id)
    if turn.member is None or not consented:
        # A record prepared by an operator has no language of the person's own choosing yet.
        turn.locale = best_locale(turn.inbound.locale_hint) or turn.locale
        assert ROUTES.before_consent is not None
        await ROUTES.before_consent(turn)
        return
    if not preloaded:
        turn.ambassador = await turn.uow.memberships.has_role(
            turn.member.id, CommunityRole.AMBASSADOR
        )
    inbound = turn.inbound
    if inbound.kind is InboundKind.OPTION:
        await _route_option(turn, inbound.option_id)
        return
    command = ""
    if inbound.kind is InboundKind.TEXT:
        command = command_of(inbound.text) or keyword_command(turn.catalogs, inbound.text)
    if command:
        handler = COMMANDS.get(command)
        if handler is None:
            menu.not_understood(turn)
        else:
            await handler(turn)
        return
    if inbound.kind is InboundKind.LOCATION and turn.state not in LOCATION_STATES:
        if ROUTES.location is not None:
            await ROUTES.location(turn)
        else:
            menu.not_understood(turn)
        return
    state_handler = STATES.get(turn.state)
    if state_handler is not None:
        await state_handler(turn)
    elif inbound.kind is InboundKind.UNSUPPORTED:
        menu.unsupported_media(turn)
    elif ROUTES.free_text is not None:
        await ROUTES.free_text(turn)
    else:
        menu.not_understood(turn)


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
