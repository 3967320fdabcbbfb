"""A newcomer asks for a Welcome Group: the steps only this form has (family size), and the
consent, which says exactly who will see what before anything is stored."""

from __future__ import annotations

from bot.core.common.messages import Option
from bot.core.welcome.domain import AGE_BANDS, FAMILY_SIZE_MAX, WelcomeProblem
from bot.core.welcome.requests import CreateRequest, RequestDraft
from bot.i18n.text import isolate, to_native_digits
from dialogs.common import menu
from dialogs.common.text import typed_number
from dialogs.common.turn import Turn
from dialogs.welcome.form import EXTRA_TEXT, go_on
from dialogs.welcome.problems import explain_problem
from dialogs.welcome.questions import EXTRA_PROMPTS, data
from dialogs.welcome.texts import (
    age_label,
    availability_label,
    interests_of,
    languages_of,
    listed,
    needs_of,
)

#: Family sizes offered as buttons (the last means "this many or more"; larger can be typed).
FAMILY_BUTTONS = 7


def ask_family(turn: Turn) -> None:
    turn.say(
        turn.tr.text("How many people are you, yourself included? Tap or type a number."),
        [
            Option(
                f"wg:fam:{n}",
                to_native_digits(f"{n}+" if n == FAMILY_BUTTONS else str(n), turn.locale),
            )
            for n in range(1, FAMILY_BUTTONS + 1)
        ],
        compact=True,
    )


async def family_typed(turn: Turn) -> None:
    number = typed_number(turn.inbound.text)
    if number is None or not 1 <= number <= FAMILY_SIZE_MAX:
        turn.say(
            turn.tr.text(
                "Please give a number of people between 1 and {limit}.", limit=FAMILY_SIZE_MAX
            )
        )
        ask_family(turn)
        return
    go_on(turn, fam=str(number))


def _draft(turn: Turn) -> RequestDraft:
    form = data(turn)

    def codes(key: str) -> tuple[str, ...]:
        value = form.get(key)
        return tuple(str(v) for v in value) if isinstance(value, list) else ()

    age = form.get("age")
    family = str(form.get("fam", "1"))
    return RequestDraft(
        community_id=int(str(form.get("community_id"))), languages=codes("lang"),
        interests=codes("int"), needs=codes("need"), availability=codes("avail"),
        family_size=int(family) if family.isdigit() else 1,
        age_band=age if isinstance(age, str) and age in AGE_BANDS else None,
    )  # fmt: skip


def ask_consent(turn: Turn) -> None:
    """The summary and the consent: who sees what, and that withdrawing deletes it."""
    tr, draft = turn.tr, _draft(turn)
    lines = [
        tr.text("Languages: {value}", value=languages_of(tr, draft.languages)),
        tr.text("Interests: {value}", value=interests_of(tr, draft.interests)),
        tr.text("Help with: {value}", value=needs_of(tr, draft.needs)),
        tr.text(
            "Time: {value}",
            value=listed(tr, (availability_label(tr, a) for a in draft.availability)),
        ),
        tr.plural("{n} person", "{n} people", draft.family_size),
        tr.text("Age: {value}", value=age_label(tr, draft.age_band))
        if draft.age_band
        else tr.text("Age: not given"),
    ]
    turn.say(
        tr.text("Please check your request:")
        + "\n"
        + "\n".join(f"• {line}" for line in lines)
        + "\n\n"
        + tr.text(
            "If you send it, a Welcome Group that is proposed to you will see your first "
            "name, your languages, your interests and what you would like help with – "
            "nothing else. The ambassadors of your community see all your answers to find a "
            "group. Nobody sees your phone number or your username. You can withdraw the "
            "request at any time under /welcome, and then it is deleted."
        )
        + "\n\n"
        + tr.text("Do you agree, and shall I send your request?"),
        [
            Option("wg:consent", tr.text("Yes, send my request")),
            Option("wg:stop", tr.text("No, delete it")),
        ],
    )


async def send(turn: Turn) -> None:
    """`wg:consent`: the consent given; the request is stored."""
    assert turn.member is not None
    form = data(turn)
    if form.get("form") != "request" or form.get("step") != "consent":
        menu.stale_button(turn)
        return
    draft = _draft(turn)
    turn.clear_state()
    try:
        outcome = await CreateRequest(turn.uow, turn.clock)(turn.member.id, draft, consented=True)
    except WelcomeProblem as problem:
        explain_problem(turn, problem)
        return
    place = await turn.uow.communities.get(draft.community_id)
    name = isolate(place.name(turn.locale)) if place else ""
    text = turn.tr.text(
        "Thank you! Your request is in the queue. The ambassadors of {community} look for "
        "a Welcome Group for you, and I will ask you before you are introduced.",
        community=name,
    )
    if not outcome.shares_language:
        text += "\n\n" + turn.tr.text(
            "To be honest: right now no Welcome Group in {community} speaks one of your "
            "languages. Your request stays in the queue, and I will tell you when a group is "
            "proposed to you.",
            community=name,
        )
    turn.say(text, [Option("wg:home", turn.tr.text("My request"))])


EXTRA_PROMPTS.update({"fam": ask_family, "consent": ask_consent})
EXTRA_TEXT.update({"fam": family_typed})
