"""Free text outside any open question: understood with the NLU, answered by intent.

"متى اللقاء الجاي" shows the next meetup, "ما رح إجي" offers to withdraw (after a
confirmation), "توقف"/"STOP" stops proactive messages, "I need to talk to someone" starts a
relay to the ambassadors. Below the confidence threshold the two best guesses are offered as
buttons, with the menu. Each feature answers its own intents (`Feature.intents`, reached
through `turn.routes`); this module answers small talk and knows only the intents' names.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.core.common.messages import Option
from bot.i18n.catalogs import Translator
from bot.i18n.text import isolate
from dialogs.common import menu
from dialogs.common.turn import Turn
from dialogs.understanding import relay

IntentHandler = Callable[[Turn], Awaitable[None]]


async def understand(turn: Turn) -> None:
    """Answer free text by what it means; the menu when it means nothing we know."""
    result = None
    if turn.understanding is not None:
        result = await turn.understanding.parse(turn.inbound.text, turn.locale)
    if result is None:
        menu.not_understood(turn)
        return
    handler = _handler(turn, result.intent)
    if handler is not None:
        turn.entities = {str(e["entity"]): dict(e) for e in result.entities}
        await handler(turn)
        return
    guesses = [r.name for r in result.ranking if _handler(turn, r.name) is not None][:2]
    if not guesses:
        menu.not_understood(turn)
        return
    turn.say(
        turn.tr.text("Sorry, I am not sure what you mean. Did you mean one of these?"),
        [Option(f"nlu:{name}", label(turn.tr, name)) for name in guesses]
        + [Option("menu:help", turn.tr.text("Show the menu"))],
    )


async def chosen(turn: Turn, intent: str) -> None:
    """`nlu:<intent>`: a "did you mean" button."""
    handler = _handler(turn, intent)
    if handler is None:
        menu.stale_button(turn)
    else:
        await handler(turn)


def _handler(turn: Turn, intent: str) -> IntentHandler | None:
    return turn.routes.intents.get(intent) or FALLBACKS.get(intent)


def label(tr: Translator, intent: str) -> str:
    labels = {
        "greet": tr.text("Say hello"),
        "help": tr.text("Help"),
        "find_community": tr.text("Find a community"),
        "next_meetup": tr.text("The next meetup"),
        "rsvp_yes": tr.text("I am coming"),
        "rsvp_no": tr.text("I cannot come"),
        "list_projects": tr.text("Projects"),
        "join_project": tr.text("Projects"),
        "leave_project": tr.text("Leave a project"),
        "change_language": tr.text("Language"),
        "reminders_off": tr.text("No more messages"),
        "delete_my_data": tr.text("Delete my data"),
        "talk_to_human": tr.text("Talk to a person"),
        "welcome_group": tr.text("Welcome Group"),
        "thanks": tr.text("Say thanks"),
        "goodbye": tr.text("Say goodbye"),
        "affirm": tr.text("Yes"),
        "deny": tr.text("No"),
    }
    return labels.get(intent, tr.text("Help"))


async def _greet(turn: Turn) -> None:
    name = turn.member.display_name if turn.member else None
    turn.say(
        turn.tr.text("Hello, {name}!", name=isolate(name)) if name else turn.tr.text("Hello!")
    )
    menu.show(turn)


async def _goodbye(turn: Turn) -> None:
    turn.say(turn.tr.text("Goodbye! Write to me any time."))


async def _thanks(turn: Turn) -> None:
    turn.say(turn.tr.text("You are welcome!"))


async def _yes_or_no(turn: Turn) -> None:
    turn.say(turn.tr.text("OK."))
    menu.show(turn)


async def _not_understood(turn: Turn) -> None:
    menu.not_understood(turn)


async def _welcome_group(turn: Turn) -> None:
    """Without the Welcome Groups feature, at least say what one is."""
    turn.say(
        turn.tr.text(
            "A Welcome Group is five or more local people who accompany one newcomer or "
            "family for a year: meals, language practice, letters, work and school."
        )
    )
    menu.show(turn)


#: The intents this feature answers itself; the others' come with their features
#: (`Feature.intents`).
INTENTS: dict[str, IntentHandler] = {
    "greet": _greet,
    "goodbye": _goodbye,
    "thanks": _thanks,
    "affirm": _yes_or_no,
    "deny": _yes_or_no,
    "talk_to_human": relay.start,
}
#: What an intent gets when no installed feature answers it.
FALLBACKS: dict[str, IntentHandler] = {
    "list_projects": _not_understood,
    "join_project": _not_understood,
    "welcome_group": _welcome_group,
}
