"""The two Welcome Group forms, step by step: forming a group (supporters) and asking for
one (newcomers, `dialogs/welcome_request.py` adds its own steps and the consent).

Choices with several answers are buttons that toggle (✓) and a Done button; the draft lives
in the conversation state (codes only, and the group's name) until the last step, so nothing
is stored half-way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.core.common.messages import InboundKind, Option
from bot.core.welcome.domain import (
    AGE_BANDS,
    AVAILABILITY,
    CAPACITY_MAX,
    INTERESTS,
    LANGUAGES,
    NAME_MAX,
    NEED_SLUGS,
    WelcomeProblem,
)
from bot.core.welcome.groups import (
    FAMILY_LIMITS,
    CreateGroup,
    GroupDraft,
    clean_name,
    invite_payload,
)
from bot.i18n.catalogs import Translator
from bot.i18n.text import isolate, to_native_digits
from dialogs.common import menu
from dialogs.common.handovers import find_community
from dialogs.common.turn import Turn
from dialogs.welcome.problems import explain_problem
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
#: Prompts of steps only one form has (filled by dialogs/welcome_request.py).
EXTRA_PROMPTS: dict[str, Prompt] = {}


def data(turn: Turn) -> dict[str, object]:
    return turn.conversation.data if turn.conversation and turn.state == STATE else {}


def steps(turn: Turn) -> tuple[str, ...]:
    return GROUP_STEPS if data(turn).get("form") == "group" else REQUEST_STEPS


async def begin(turn: Turn, form: str) -> None:
    """Start a form: first the community, when the member has joined several."""
    assert turn.member is not None
    # Said before the questions, not after them: one request, one group per person.
    in_group = await turn.uow.welcome.membership_of(turn.member.id) is not None
    has_request = await turn.uow.welcome.request_of(turn.member.id) is not None
    if in_group or has_request:
        reason = {
            ("group", True): "already_in_group",
            ("group", False): "has_request",
            ("request", True): "in_group",
            ("request", False): "already_requested",
        }[(form, in_group)]
        explain_problem(turn, WelcomeProblem(reason))
        return
    joined = [c for _, c in await turn.uow.memberships.of_member(turn.member.id)]
    if not joined:
        turn.say(turn.tr.text("Please join your local community first."))
        find_community(turn)
        return
    first = (GROUP_STEPS if form == "group" else REQUEST_STEPS)[0]
    if len(joined) == 1:
        turn.set_state(STATE, form=form, step=first, community_id=joined[0].id)
        ask(turn)
        return
    turn.set_state(STATE, form=form, step="community")
    turn.say(
        turn.tr.text("For which community?"),
        [Option(f"wg:com:{c.id}", c.name(turn.locale)) for c in joined],
    )


async def choose_community(turn: Turn, raw_id: str) -> None:
    assert turn.member is not None
    form = data(turn)
    if form.get("step") != "community" or not raw_id.isdigit():
        menu.stale_button(turn)
        return
    if await turn.uow.memberships.get(turn.member.id, int(raw_id)) is None:
        menu.stale_button(turn)
        return
    first = steps(turn)[0]
    turn.set_state(STATE, **{**form, "step": first, "community_id": int(raw_id)})
    ask(turn)


def go_on(turn: Turn, **changes: object) -> None:
    """Store the answer and ask the next step."""
    form = {**data(turn), **changes}
    order = GROUP_STEPS if form.get("form") == "group" else REQUEST_STEPS
    position = order.index(str(form["step"]))
    turn.set_state(STATE, **{**form, "step": order[min(position + 1, len(order) - 1)]})
    ask(turn)


def ask(turn: Turn) -> None:
    step = str(data(turn).get("step"))
    tr = turn.tr
    group = data(turn).get("form") == "group"
    if step in MULTI:
        turn.say(_multi_question(tr, step, group), multi_options(turn, step))
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
                Option("wg:fmax:4", tr.text("A couple or a family of up to four")),
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


def multi_options(turn: Turn, step: str) -> list[Option]:
    chosen = set(_chosen(turn, step))
    vocabulary, _ = MULTI[step]
    return [
        *(
            Option(
                f"wg:t:{step}:{code}",
                ("✓ " if code in chosen else "") + multi_label(turn.tr, step, code),
            )
            for code in vocabulary
        ),
        Option(f"wg:done:{step}", turn.tr.text("Done")),
    ]


def _chosen(turn: Turn, step: str) -> list[str]:
    value = data(turn).get(step)
    return [str(v) for v in value] if isinstance(value, list) else []


async def toggle(turn: Turn, argument: str) -> None:
    """`wg:t:<step>:<code>`."""
    step, _, code = argument.partition(":")
    if data(turn).get("step") != step or step not in MULTI or code not in MULTI[step][0]:
        menu.stale_button(turn)
        return
    chosen = _chosen(turn, step)
    chosen = [c for c in chosen if c != code] if code in chosen else [*chosen, code]
    turn.set_state(STATE, **{**data(turn), step: chosen})
    ask(turn)


async def done(turn: Turn, step: str) -> None:
    if data(turn).get("step") != step or step not in MULTI:
        menu.stale_button(turn)
        return
    if MULTI[step][1] and not _chosen(turn, step):
        turn.say(turn.tr.text("Please choose at least one."))
        ask(turn)
        return
    go_on(turn)


async def choose(turn: Turn, step: str, value: str) -> None:
    """`wg:age:<band|none>`, `wg:fmax:<n>`, `wg:cap:<n>` (and the request's `wg:fam:<n>`)."""
    allowed = {
        "age": (*AGE_BANDS, "none"),
        "fmax": (*(str(n) for n in FAMILY_LIMITS), "0"),
        "cap": tuple(str(n) for n in range(1, CAPACITY_MAX + 1)),
        "fam": tuple(str(n) for n in range(1, 8)),
    }
    if data(turn).get("step") != step or value not in allowed.get(step, ()):
        menu.stale_button(turn)
        return
    go_on(turn, **{step: value})


async def on_text(turn: Turn) -> None:
    """Typed text in a form: the group's name, a family size, or else the question again."""
    step = data(turn).get("step")
    if step == "name" and turn.inbound.kind is InboundKind.TEXT:
        try:
            name = clean_name(turn.inbound.text)
        except WelcomeProblem as problem:
            turn.say(
                turn.tr.text("Please type a name of at most {limit} characters.", limit=NAME_MAX)
                if problem.reason == "name_too_long"
                else turn.tr.text("Please type a name for your group.")
            )
            return
        go_on(turn, name=name)
        return
    handler = EXTRA_TEXT.get(str(step))
    if handler is not None and turn.inbound.kind is InboundKind.TEXT:
        await handler(turn)
        return
    turn.say(turn.tr.text("Please answer with the buttons below."))
    ask(turn)


#: Typed answers to steps only one form has (filled by dialogs/welcome_request.py).
EXTRA_TEXT: dict[str, Callable[[Turn], Awaitable[None]]] = {}


def _codes(form: dict[str, object], key: str) -> tuple[str, ...]:
    value = form.get(key)
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _optional_int(value: object) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() and value != "0" else None


async def create_group(turn: Turn) -> None:
    """`wg:create`: the commitments accepted; the group is made, its creator coordinates."""
    assert turn.member is not None
    form = data(turn)
    if form.get("form") != "group" or form.get("step") != "commit":
        menu.stale_button(turn)
        return
    age = form.get("age")
    draft = GroupDraft(
        community_id=int(str(form.get("community_id"))), name=str(form.get("name", "")),
        languages=_codes(form, "lang"), interests=_codes(form, "int"),
        offers=_codes(form, "offer"), capacity=_optional_int(form.get("cap")) or 1,
        age_band=age if isinstance(age, str) and age in AGE_BANDS else None,
        family_max=_optional_int(form.get("fmax")),
    )  # fmt: skip
    turn.clear_state()
    try:
        group = await CreateGroup(turn.uow, turn.clock)(turn.member.id, draft)
    except WelcomeProblem as problem:
        explain_problem(turn, problem)
        return
    turn.say(
        turn.tr.text(
            "Your Welcome Group {group} is formed, and you are its coordinator.\n\nInvite "
            "friends, family, colleagues or neighbours: they send me this message: {link}\n\n"
            "The group is ready for a match when five members have accepted the commitments.",
            group=isolate(group.name),
            link=isolate(f"/start {invite_payload(group)}"),
        ),
        [Option("wg:home", turn.tr.text("My Welcome Group"))],
    )
