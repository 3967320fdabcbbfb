"""Members choose topics they are interested in: only after saying yes to us storing them,
and deleted completely with one tap. /mydata shows them."""

from __future__ import annotations

from bot.core.common.messages import Option
from bot.core.projects.interests import GiveInterestConsent, ToggleInterest, WithdrawInterests
from bot.core.projects.lifecycle import ProjectProblem
from bot.core.projects.topics import TOPICS, interests_of, topic_button
from dialogs.common import menu
from dialogs.common.pages import page_of, paged
from dialogs.common.turn import Turn
from dialogs.projects.view import show_list


async def command(turn: Turn) -> None:
    """/interests."""
    await on_option(turn, "show")


async def on_option(turn: Turn, argument: str) -> None:
    """`pint:show`, `pint:yes`, `pint:t:<topic>`, `pint:pg:<page>`, `pint:done`, `pint:del`."""
    assert turn.member is not None
    action, _, value = argument.partition(":")
    me = turn.member.id
    consented = await turn.uow.projects.interests(me) is not None
    if action == "show":
        if consented:
            await _choose(turn)
        else:
            _ask_consent(turn)
    elif action == "yes":
        await GiveInterestConsent(turn.uow, turn.clock)(me)
        await _choose(turn)
    elif action == "t":
        try:
            await ToggleInterest(turn.uow)(me, value)
        except ProjectProblem as problem:
            if problem.reason == "no_consent":
                _ask_consent(turn)
            else:
                menu.stale_button(turn)
            return
        await _choose(turn, page_of(TOPICS.index(value), len(TOPICS), fixed=2))
    elif action == "pg" and value.isdigit() and consented:
        await _choose(turn, int(value))
    elif action == "done" and consented:
        turn.say(turn.tr.text("Saved. I will suggest projects on these topics."))
        await show_list(turn)
    elif action == "del":
        await WithdrawInterests(turn.uow)(me)
        turn.say(turn.tr.text("Deleted: I no longer store your interests."))
        menu.show(turn)
    else:
        menu.stale_button(turn)


def _ask_consent(turn: Turn) -> None:
    tr = turn.tr
    turn.say(
        tr.text(
            "You can tell me which topics interest you. I use them only to suggest "
            "projects and groups in your community. This is optional: I store your topics "
            "only if you agree, /mydata shows them, and you can delete them at any time."
        ),
        [
            Option("pint:yes", tr.text("Yes, store my topics")),
            Option("menu:projects", tr.text("No, thanks")),
        ],
    )


async def _choose(turn: Turn, page: int = 0) -> None:
    assert turn.member is not None
    tr = turn.tr
    chosen = await interests_of(turn.uow, turn.member.id)
    topics = [
        Option(f"pint:t:{slug}", ("✅ " if slug in chosen else "") + topic_button(tr, slug))
        for slug in TOPICS
    ]
    fixed = [
        Option("pint:done", tr.text("Done")),
        Option("pint:del", tr.text("Delete my interests")),
    ]
    turn.say(
        tr.text("Tap the topics that interest you (tap again to remove), then Done."),
        paged(tr, topics, page, lambda n: f"pint:pg:{n}", fixed),
    )
