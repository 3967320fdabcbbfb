"""What each step of the Welcome Group forms asks, with its buttons; the draft the answers
so far make (in the conversation state)."""

from __future__ import annotations

from collections.abc import Callable

from bot.core.common.messages import Option
from bot.core.welcome.domain import (
    AGE_BANDS,
    AVAILABILITY,
    CAPACITY_MAX,
    INTERESTS,
    LANGUAGES,
    NEED_SLUGS,
)
from bot.i18n.catalogs import Translator
from bot.i18n.text import to_native_digits
from dialogs.common.pages import page_of, paged
from dialogs.common.turn import Turn
from dialogs.welcome.texts import (
    age_label,
    availability_label,
    commitments,
    interest_label,
    language_name,
    need_label,
)

STATE = "wg.form"
GROUP_STEPS = ("name", "lang", "int", "offer", "age", "fmax", "cap", "commit")
REQUEST_STEPS = ("lang", "int", "need", "avail", "fam", "age", "consent")


#: Steps answered by choosing several values, their vocabularies, and whether one is needed.
MULTI: dict[str, tuple[tuple[str, ...], bool]] = {
    "lang": (LANGUAGES, True),
    "int": (INTERESTS, False),
    "offer": (NEED_SLUGS, True),
    "need": (NEED_SLUGS, True),
    "avail": (AVAILABILITY, True),
}
Prompt = Callable[[Turn], None]


#: Prompts of steps only one form has (filled by `request.py`).
EXTRA_PROMPTS: dict[str, Prompt] = {}


def data(turn: Turn) -> dict[str, object]:
    return turn.conversation.data if turn.conversation and turn.state == STATE else {}


def steps(turn: Turn) -> tuple[str, ...]:
    return GROUP_STEPS if data(turn).get("form") == "group" else REQUEST_STEPS


def ask(turn: Turn, page: int = 0) -> None:
    """Ask the current step's question; a long multiple choice shows `page` of its options."""
    step = str(data(turn).get("step"))
    tr = turn.tr
    group = data(turn).get("form") == "group"
    if step in MULTI:
        turn.say(_multi_question(tr, step, group), multi_options(turn, step, page))
    elif step in EXTRA_PROMPTS:
        EXTRA_PROMPTS[step](turn)
    elif step == "name":
        turn.say(
            tr.text(
                "Let's form your Welcome Group. What is it called? For example: The "
                "neighbours of Rosengasse. (/cancel stops)"
            )
        )
    elif step == "age":
        turn.say(
            tr.text("How old are most of you?") if group else tr.text("How old are you?"),
            [
                *(Option(f"wg:age:{band}", age_label(tr, band)) for band in AGE_BANDS),
                Option("wg:age:none", tr.text("Mixed ages") if group else tr.text("Skip")),
            ],
            compact=True,
        )
    elif step == "fmax":
        turn.say(
            tr.text("Whom can your group welcome?"),
            [
                Option("wg:fmax:1", tr.text("One person")),
                Option("wg:fmax:4", tr.text("Up to four people")),
                Option("wg:fmax:0", tr.text("A family of any size")),
            ],
        )
    elif step == "cap":
        turn.say(
            tr.text(
                "How many newcomers or families can your group accompany at the same time? "
                "Usually one."
            ),
            [
                Option(f"wg:cap:{n}", to_native_digits(str(n), turn.locale))
                for n in range(1, CAPACITY_MAX + 1)
            ],
            compact=True,
        )
    elif step == "commit":
        turn.say(
            commitments(tr)
            + "\n\n"
            + tr.text("Do you accept these commitments? You will be the group's coordinator."),
            [
                Option("wg:create", tr.text("Yes, we promise")),
                Option("wg:stop", tr.text("No, stop here")),
            ],
        )


def _multi_question(tr: Translator, step: str, group: bool) -> str:
    if step == "lang":
        question = (
            tr.text("Which languages do the members of your group speak?")
            if group
            else tr.text("Which languages do you speak?")
        )
    elif step == "int":
        question = tr.text("What do you enjoy?")
    elif step == "offer":
        question = tr.text("What can your group help with?")
    elif step == "need":
        question = tr.text("What would you like help with?")
    else:
        question = tr.text("When do you usually have time?")
    return question + " " + tr.text("Tap all that apply, then Done.")


def multi_label(tr: Translator, step: str, code: str) -> str:
    if step == "lang":
        return language_name(tr, code)
    if step == "int":
        return interest_label(tr, code)
    if step == "avail":
        return availability_label(tr, code)
    return need_label(tr, code)


def multi_options(turn: Turn, step: str, page: int = 0) -> list[Option]:
    chosen = set(chosen_codes(turn, step))
    vocabulary, _ = MULTI[step]
    items = [
        Option(
            f"wg:t:{step}:{code}",
            ("✓ " if code in chosen else "") + multi_label(turn.tr, step, code),
        )
        for code in vocabulary
    ]
    done = Option(f"wg:done:{step}", turn.tr.text("Done"))
    return paged(turn.tr, items, page, lambda n: f"wg:pg:{step}:{n}", [done])


def page_with(step: str, code: str) -> int:
    """The page of a multiple choice that shows `code` (to stay there after a toggle)."""
    vocabulary, _ = MULTI[step]
    return page_of(vocabulary.index(code), len(vocabulary), fixed=1)


def chosen_codes(turn: Turn, step: str) -> list[str]:
    value = data(turn).get(step)
    return [str(v) for v in value] if isinstance(value, list) else []
