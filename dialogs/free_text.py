"""Free text outside any open question: understood with the NLU, answered by intent.

"متى اللقاء الجاي" shows the next meetup, "ما رح إجي" offers to withdraw (after a
confirmation), "توقف"/"STOP" stops proactive messages, "I need to talk to someone" starts a
relay to the ambassadors. Below the confidence threshold the two best guesses are offered as
buttons, with the menu.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.core.common.messages import Option
from bot.core.meetups.domain import Meetup, RsvpStatus
from bot.i18n.catalogs import Translator
from bot.i18n.text import isolate
from dialogs import community, language, menu, privacy, relay
from dialogs.meetup_cards import when_text
from dialogs.meetups import show_card, show_upcoming
from dialogs.turn import Turn

IntentHandler = Callable[[Turn], Awaitable[None]]


async def understand(turn: Turn) -> None:
    """Answer free text by what it means; the menu when it means nothing we know."""
    result = None
    if turn.understanding is not None:
        result = await turn.understanding.parse(turn.inbound.text, turn.locale)
    if result is None:
        menu.not_understood(turn)
        return
    handler = INTENTS.get(result.intent)
    if handler is not None:
        turn.entities = {str(e["entity"]): dict(e) for e in result.entities}
        await handler(turn)
        return
    guesses = [r.name for r in result.ranking if r.name in INTENTS][:2]
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
    handler = INTENTS.get(intent)
    if handler is None:
        menu.stale_button(turn)
    else:
        await handler(turn)


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


async def _help(turn: Turn) -> None:
    menu.show_help(turn)


async def _find_community(turn: Turn) -> None:
    city = turn.entities.get("city") if turn.entities else None
    community_id = city.get("community_id") if city is not None else None
    if isinstance(community_id, int):
        await community.offer(turn, community_id)
        return
    community.ask_for_city(turn)


async def _next_meetup(turn: Turn) -> None:
    meetup = await _next_for_member(turn)
    if meetup is None:
        await show_upcoming(turn)  # explains the empty state per community
        return
    await show_card(turn, meetup, ambassador=turn.ambassador)


async def _next_for_member(turn: Turn, statuses: tuple[RsvpStatus, ...] = ()) -> Meetup | None:
    assert turn.member is not None
    found: list[Meetup] = []
    for _, joined in await turn.uow.memberships.of_member(turn.member.id):
        for meetup in await turn.uow.meetups.upcoming(joined.id, turn.clock.now(), limit=5):
            if statuses:
                rsvp = await turn.uow.rsvps.get(meetup.id, turn.member.id)
                if rsvp is None or rsvp.status not in statuses:
                    continue
            found.append(meetup)
    return min(found, key=lambda m: m.starts_at) if found else None


async def _rsvp_yes(turn: Turn) -> None:
    meetup = await _next_for_member(turn)
    if meetup is None:
        await show_upcoming(turn)
        return
    place = await turn.uow.communities.get(meetup.community_id)
    assert place is not None
    turn.say(
        turn.tr.text(
            "Do you want to say that you are coming to {title} on {when}?",
            title=isolate(meetup.title),
            when=when_text(turn.tr, meetup, place),
        ),
        [
            Option(f"rsvp:yes:{meetup.id}", turn.tr.text("Yes, I am coming")),
            Option("menu:meetups", turn.tr.text("No")),
        ],
    )


async def _rsvp_no(turn: Turn) -> None:
    meetup = await _next_for_member(turn, (RsvpStatus.GOING, RsvpStatus.WAITLISTED))
    if meetup is None:
        turn.say(turn.tr.text("You have not said that you are coming to a meetup."))
        menu.show(turn)
        return
    place = await turn.uow.communities.get(meetup.community_id)
    assert place is not None
    turn.say(
        turn.tr.text(
            "Do you want to cancel your place at {title} on {when}?",
            title=isolate(meetup.title),
            when=when_text(turn.tr, meetup, place),
        ),
        [
            Option(f"rsvp:no:{meetup.id}", turn.tr.text("Yes, cancel my place")),
            Option("menu:meetups", turn.tr.text("No, I am still coming")),
        ],
    )


async def _feature_menu(turn: Turn, key: str) -> bool:
    """Run a feature's menu entry if that feature is installed."""
    from dialogs.engine import TABLE

    for item in TABLE.menu:
        if item.key == key:
            await item.action(turn)
            return True
    return False


async def _projects(turn: Turn) -> None:
    if not await _feature_menu(turn, "projects"):
        menu.not_understood(turn)


async def _welcome_group(turn: Turn) -> None:
    if not await _feature_menu(turn, "welcome"):
        turn.say(
            turn.tr.text(
                "A Welcome Group is five or more local people who accompany one newcomer or "
                "family for a year: meals, language practice, letters, work and school."
            )
        )
        menu.show(turn)


async def _language(turn: Turn) -> None:
    language.ask(turn)


async def _stop(turn: Turn) -> None:
    await privacy.stop(turn)


async def _forget(turn: Turn) -> None:
    privacy.ask_forget(turn)


INTENTS: dict[str, IntentHandler] = {
    "greet": _greet,
    "goodbye": _goodbye,
    "thanks": _thanks,
    "affirm": _yes_or_no,
    "deny": _yes_or_no,
    "help": _help,
    "find_community": _find_community,
    "next_meetup": _next_meetup,
    "rsvp_yes": _rsvp_yes,
    "rsvp_no": _rsvp_no,
    "list_projects": _projects,
    "join_project": _projects,
    "change_language": _language,
    "reminders_off": _stop,
    "delete_my_data": _forget,
    "talk_to_human": relay.start,
    "welcome_group": _welcome_group,
}
