"""The two Welcome Group forms, step by step: forming a group (supporters) and asking for
one (newcomers, `request.py` adds its own steps and the consent). What each step asks is
in `questions.py`.

Choices with several answers are buttons that toggle (✓) and a Done button; the draft lives
in the conversation state (codes only, and the group's name) until the last step, so nothing
is stored half-way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.core.common.messages import InboundKind, Option
from bot.core.welcome.domain import (
    AGE_BANDS,
    CAPACITY_MAX,
    NAME_MAX,
    WelcomeProblem,
)
from bot.core.welcome.groups import (
    FAMILY_LIMITS,
    CreateGroup,
    GroupDraft,
    clean_name,
    invite_payload,
)
from bot.i18n.text import isolate
from dialogs.common import menu
from dialogs.common.handovers import find_community
from dialogs.common.turn import Turn
from dialogs.welcome.problems import explain_problem
from dialogs.welcome.questions import (
    GROUP_STEPS,
    MULTI,
    REQUEST_STEPS,
    STATE,
    ask,
    chosen_codes,
    data,
    page_with,
    steps,
)


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


async def toggle(turn: Turn, argument: str) -> None:
    """`wg:t:<step>:<code>`."""
    step, _, code = argument.partition(":")
    if data(turn).get("step") != step or step not in MULTI or code not in MULTI[step][0]:
        menu.stale_button(turn)
        return
    chosen = chosen_codes(turn, step)
    chosen = [c for c in chosen if c != code] if code in chosen else [*chosen, code]
    turn.set_state(STATE, **{**data(turn), step: chosen})
    ask(turn, page_with(step, code))


async def turn_page(turn: Turn, argument: str) -> None:
    """`wg:pg:<step>:<page>`: another page of a long multiple choice."""
    step, _, page = argument.partition(":")
    if data(turn).get("step") != step or step not in MULTI or not page.isdigit():
        menu.stale_button(turn)
        return
    ask(turn, int(page))


async def done(turn: Turn, step: str) -> None:
    if data(turn).get("step") != step or step not in MULTI:
        menu.stale_button(turn)
        return
    if MULTI[step][1] and not chosen_codes(turn, step):
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


#: Typed answers to steps only one form has (filled by `request.py`).
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
