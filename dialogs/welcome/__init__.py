"""Welcome Groups in the chat: the feature's commands (/welcome, /match), its menu item, its
states, its group-invite links and outbox messages, and the one place every `wg:` button is
routed from."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from dialogs.common import menu
from dialogs.common.routing import CommandHelp, Feature, MenuItem
from dialogs.common.turn import Turn
from dialogs.welcome import checkins, form, join, match, questions, request, talk
from dialogs.welcome.home import ask_match, home, withdraw, withdraw_yes
from dialogs.welcome.notices import NOTICES


async def _stop_form(turn: Turn) -> None:
    turn.clear_state()
    turn.say(turn.tr.text("All right. Nothing was stored."))
    menu.show(turn)


async def _no_join(turn: Turn) -> None:
    turn.say(turn.tr.text("All right. Nothing was stored."))
    menu.show(turn)


Action = Callable[[Turn, str], Awaitable[None]]


def _plain(handler: Callable[[Turn], Awaitable[None]]) -> Action:
    async def run(turn: Turn, _: str) -> None:
        await handler(turn)

    return run


def _step(step: str) -> Action:
    async def run(turn: Turn, value: str) -> None:
        await form.choose(turn, step, value)

    return run


def _answer(yes: bool) -> Action:
    async def run(turn: Turn, argument: str) -> None:
        await talk.answer(turn, argument, yes)

    return run


def _feedback(keep: bool) -> Action:
    async def run(turn: Turn, argument: str) -> None:
        await checkins.feedback_consent(turn, argument, keep)

    return run


async def _begin_group(turn: Turn) -> None:
    await form.begin(turn, "group")


async def _begin_request(turn: Turn) -> None:
    await form.begin(turn, "request")


ACTIONS: dict[str, Action] = {
    "home": _plain(home),
    "form": _plain(_begin_group),
    "ask": _plain(_begin_request),
    "com": form.choose_community,
    "t": form.toggle,
    "pg": form.turn_page,
    "done": form.done,
    **{step: _step(step) for step in ("age", "fmax", "cap", "fam")},
    "create": _plain(form.create_group),
    "consent": _plain(request.send),
    "stop": _plain(_stop_form),
    "join": join.join,
    "nojoin": _plain(_no_join),
    "withdraw": _plain(withdraw),
    "withdrawyes": _plain(withdraw_yes),
    "ready": _plain(ask_match),
    "matchstart": _plain(match.start),
    "match": match.run,
    "send": match.send,
    "sendall": match.send_all,
    "drop": match.discard,
    "sent": match.waiting_for_answers,
    "pull": match.withdraw,
    "attn": match.attention,
    "yes": _answer(True),
    "no": _answer(False),
    "write": talk.start_writing,
    "share": talk.share,
    "ci": checkins.answer,
    "note": checkins.start_note,
    "end": checkins.closing,
    "fb": checkins.feedback,
    "fbok": _feedback(True),
    "fbno": _feedback(False),
}


async def on_option(turn: Turn, argument: str) -> None:
    """`wg:<action>[:<arguments>]`."""
    action, _, rest = argument.partition(":")
    handler = ACTIONS.get(action)
    if handler is None:
        menu.stale_button(turn)
        return
    await handler(turn, rest)


FEATURE = Feature(
    name="welcome",
    commands={"/welcome": home, "/match": match.start},
    help={
        "/welcome": CommandHelp(lambda tr: tr.text("Ask for or form a Welcome Group")),
        "/match": CommandHelp(
            lambda tr: tr.text("Match newcomers and Welcome Groups"), ambassadors_only=True
        ),
    },
    options={"wg": on_option},
    states={
        questions.STATE: form.on_text,
        talk.STATE_WRITE: talk.write_state,
        checkins.STATE_NOTE: checkins.note_state,
    },
    menu=(MenuItem("welcome", lambda tr: tr.text("Welcome Group"), home),),
    intents={"welcome_group": home},
    start_payloads=(join.by_payload,),
    notices=NOTICES,
)
