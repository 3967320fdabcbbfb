"""Welcome Groups in the chat: the feature's commands (/welcome, /match), its menu item, its
states, and the one place every `wg:` button is routed from."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from dialogs import (
    menu,
    welcome_checkins,
    welcome_form,
    welcome_join,
    welcome_match,
    welcome_notices,  # noqa: F401  (registers the Welcome Group notices)
    welcome_request,
    welcome_talk,
)
from dialogs.routing import Feature, MenuItem
from dialogs.turn import Turn
from dialogs.welcome_home import ask_match, home, withdraw, withdraw_yes


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
        await welcome_form.choose(turn, step, value)

    return run


def _answer(yes: bool) -> Action:
    async def run(turn: Turn, argument: str) -> None:
        await welcome_talk.answer(turn, argument, yes)

    return run


def _feedback(keep: bool) -> Action:
    async def run(turn: Turn, argument: str) -> None:
        await welcome_checkins.feedback_consent(turn, argument, keep)

    return run


async def _begin_group(turn: Turn) -> None:
    await welcome_form.begin(turn, "group")


async def _begin_request(turn: Turn) -> None:
    await welcome_form.begin(turn, "request")


ACTIONS: dict[str, Action] = {
    "home": _plain(home),
    "form": _plain(_begin_group),
    "ask": _plain(_begin_request),
    "com": welcome_form.choose_community,
    "t": welcome_form.toggle,
    "done": welcome_form.done,
    **{step: _step(step) for step in ("age", "fmax", "cap", "fam")},
    "create": _plain(welcome_form.create_group),
    "consent": _plain(welcome_request.send),
    "stop": _plain(_stop_form),
    "join": welcome_join.join,
    "nojoin": _plain(_no_join),
    "withdraw": _plain(withdraw),
    "withdrawyes": _plain(withdraw_yes),
    "ready": _plain(ask_match),
    "matchstart": _plain(welcome_match.start),
    "match": welcome_match.run,
    "send": welcome_match.send,
    "sendall": welcome_match.send_all,
    "drop": welcome_match.discard,
    "sent": welcome_match.waiting_for_answers,
    "pull": welcome_match.withdraw,
    "attn": welcome_match.attention,
    "yes": _answer(True),
    "no": _answer(False),
    "write": welcome_talk.start_writing,
    "share": welcome_talk.share,
    "ci": welcome_checkins.answer,
    "note": welcome_checkins.start_note,
    "end": welcome_checkins.closing,
    "fb": welcome_checkins.feedback,
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


WELCOME = Feature(
    name="welcome",
    commands={"/welcome": home, "/match": welcome_match.start},
    options={"wg": on_option},
    states={
        welcome_form.STATE: welcome_form.on_text,
        welcome_talk.STATE_WRITE: welcome_talk.write_state,
        welcome_checkins.STATE_NOTE: welcome_checkins.note_state,
    },
    menu=(MenuItem("welcome", lambda tr: tr.text("Welcome Group"), home),),
)
