"""Any member proposes a project: name → description → topic → languages → group link →
check and send. The draft lives in the conversation state until it is sent; nothing is
stored half-way. The community's ambassadors are then asked to approve or decline it."""

from __future__ import annotations

from bot.core.common.messages import InboundKind, Option
from bot.core.communities.domain import Community
from bot.core.projects.domain import PROJECT_LANGUAGES, Project, ProjectStatus
from bot.core.projects.lifecycle import (
    ProjectDraft,
    ProjectProblem,
    ProposeProject,
    check_link,
    check_title_free,
    clean_description,
    clean_title,
)
from bot.core.projects.topics import TOPICS, topic_button
from bot.i18n.text import isolate
from dialogs.common import menu
from dialogs.common.handovers import find_community
from dialogs.common.pages import page_of, paged
from dialogs.common.turn import Turn
from dialogs.projects.cards import CardFacts, card_text, problem_text
from dialogs.projects.view import say_problem

STATE_TITLE = "project.title"
STATE_DESCRIPTION = "project.description"
STATE_TOPIC = "project.topic"
STATE_LANGUAGES = "project.languages"
STATE_LINK = "project.link"
STATE_CONFIRM = "project.confirm"
TEXT_STATES = (
    STATE_TITLE, STATE_DESCRIPTION, STATE_TOPIC, STATE_LANGUAGES, STATE_LINK, STATE_CONFIRM
)  # fmt: skip


async def start(turn: Turn) -> None:
    """`prj:new`: in which community (if several), then the name."""
    assert turn.member is not None
    joined = [c for _, c in await turn.uow.memberships.of_member(turn.member.id) if not c.deleted]
    if not joined:
        turn.say(turn.tr.text("You have not joined a community yet."))
        find_community(turn)
    elif len(joined) == 1:
        _ask_title(turn, joined[0])
    else:
        turn.clear_state()
        turn.say(
            turn.tr.text("For which community is the project?"),
            [Option(f"pnew:c:{c.id}", c.name(turn.locale)) for c in joined],
        )


def _ask_title(turn: Turn, place: Community) -> None:
    turn.set_state(STATE_TITLE, community_id=place.id)
    turn.say(
        turn.tr.text(
            "Let's propose a project for {community}. What is its name? For example: "
            "Language café. (/cancel stops)",
            community=isolate(place.name(turn.locale)),
        )
    )


def _data(turn: Turn) -> dict[str, object]:
    assert turn.conversation is not None
    return turn.conversation.data


def _next(turn: Turn, state: str, **changes: object) -> None:
    turn.set_state(state, **{**_data(turn), **changes})


async def _community(turn: Turn) -> Community | None:
    """The community of the open proposal, if the member still belongs to it."""
    assert turn.member is not None
    raw = _data(turn).get("community_id") if turn.conversation else None
    if not isinstance(raw, int) or await turn.uow.memberships.get(turn.member.id, raw) is None:
        return None
    return await turn.uow.communities.get(raw)


async def on_text(turn: Turn) -> None:
    """Typed answers while a project is being proposed."""
    place = await _community(turn)
    if place is None:
        turn.clear_state()
        menu.stale_button(turn)
        return
    if turn.inbound.kind is not InboundKind.TEXT:
        turn.say(turn.tr.text("I can only read text messages and buttons."))
        reprompt(turn)
        return
    text = turn.inbound.text
    try:
        if turn.state == STATE_TITLE:
            title = clean_title(text)
            await check_title_free(turn.uow, place.id, title)
            _next(turn, STATE_DESCRIPTION, title=title)
        elif turn.state == STATE_DESCRIPTION:
            _next(turn, STATE_TOPIC, description=clean_description(text))
        elif turn.state == STATE_LINK:
            _next(turn, STATE_CONFIRM, link=check_link(text))
        else:
            reprompt(turn)
            return
    except ProjectProblem as problem:
        options = [Option("pnew:skip", turn.tr.text("Skip"))] if turn.state == STATE_LINK else []
        turn.say(problem_text(turn.tr, problem.reason, problem.limit), options)
        return
    reprompt(turn)


def reprompt(turn: Turn, page: int = 0) -> None:
    """Ask the question of the current step (again); a long choice shows `page` of it."""
    tr, state, skip = turn.tr, turn.state, Option("pnew:skip", turn.tr.text("Skip"))
    if state == STATE_TITLE:
        turn.say(tr.text("What is the project's name?"))
    elif state == STATE_DESCRIPTION:
        turn.say(
            tr.text("Describe it in a few sentences: what will you do together, when, where?"),
            [skip],
        )
    elif state == STATE_TOPIC:
        topics = [Option(f"pnew:t:{slug}", topic_button(tr, slug)) for slug in TOPICS]
        turn.say(
            tr.text("Which topic fits best?"), paged(tr, topics, page, lambda n: f"pnew:tp:{n}")
        )
    elif state == STATE_LANGUAGES:
        chosen = _languages(turn)
        turn.say(
            tr.text("Which languages are spoken in the project? Tap all that fit, then Done."),
            paged(
                tr,
                [
                    Option(f"pnew:l:{code}", ("✅ " if code in chosen else "") + name)
                    for code, name in PROJECT_LANGUAGES.items()
                ],
                page,
                lambda n: f"pnew:lp:{n}",
                [Option("pnew:ldone", tr.text("Done"))],
            ),
        )
    elif state == STATE_LINK:
        turn.say(
            tr.text(
                "Is there a Telegram or WhatsApp group for the project? Send its invite link, "
                "or tap Skip."
            ),
            [skip],
        )
    else:
        _preview(turn)


def _languages(turn: Turn) -> list[str]:
    raw = _data(turn).get("languages")
    return [str(code) for code in raw] if isinstance(raw, list) else []


def _draft(turn: Turn) -> ProjectDraft:
    data = _data(turn)
    return ProjectDraft(
        title=str(data.get("title") or ""),
        topic=str(data.get("topic") or ""),
        description=str(data["description"]) if data.get("description") else None,
        languages=tuple(_languages(turn)),
        group_link=str(data["link"]) if data.get("link") else None,
    )


def _preview(turn: Turn) -> None:
    draft = _draft(turn)
    preview = Project(
        0, 0, draft.title, draft.topic, ProjectStatus.APPROVED, draft.description,
        draft.languages, draft.group_link,
    )  # fmt: skip
    facts = CardFacts(members=None)
    lines = [turn.tr.text("Please check:"), "", card_text(turn.tr, preview, facts)]
    if draft.group_link:
        lines.append(turn.tr.text("Group chat: {link}", link=draft.group_link))
    turn.say(
        "\n".join(lines),
        [
            Option("pnew:send", turn.tr.text("Send the proposal")),
            Option("pnew:cancel", turn.tr.text("Cancel")),
        ],
    )


async def on_option(turn: Turn, argument: str) -> None:
    """`pnew:*` buttons of the proposal dialog."""
    assert turn.member is not None
    action, _, value = argument.partition(":")
    if action == "c" and value.isdigit():
        joined = {c.id: c for _, c in await turn.uow.memberships.of_member(turn.member.id)}
        if int(value) in joined:
            _ask_title(turn, joined[int(value)])
            return
    place = await _community(turn) if turn.state in TEXT_STATES else None
    if place is None:
        turn.clear_state()
        menu.stale_button(turn)
        return
    await _step(turn, place, action, value)


async def _step(turn: Turn, place: Community, action: str, value: str) -> None:
    state = turn.state
    if action == "skip" and state == STATE_DESCRIPTION:
        _next(turn, STATE_TOPIC, description=None)
    elif action == "t" and state == STATE_TOPIC and value in TOPICS:
        _next(turn, STATE_LANGUAGES, topic=value, languages=[])
    elif action == "l" and state == STATE_LANGUAGES and value in PROJECT_LANGUAGES:
        chosen = _languages(turn)
        chosen = [c for c in chosen if c != value] if value in chosen else [*chosen, value]
        _next(turn, STATE_LANGUAGES, languages=chosen)
        codes = list(PROJECT_LANGUAGES)
        reprompt(turn, page_of(codes.index(value), len(codes), fixed=1))
        return
    elif action in ("tp", "lp") and value.isdigit():
        if state != (STATE_TOPIC if action == "tp" else STATE_LANGUAGES):
            menu.stale_button(turn)
            return
        reprompt(turn, int(value))
        return
    elif action == "ldone" and state == STATE_LANGUAGES:
        _next(turn, STATE_LINK)
    elif action == "skip" and state == STATE_LINK:
        _next(turn, STATE_CONFIRM, link=None)
    elif action == "send" and state == STATE_CONFIRM:
        await _send(turn, place)
        return
    elif action == "cancel":
        turn.clear_state()
        turn.say(turn.tr.text("OK, the project was not proposed."))
        menu.show(turn)
        return
    else:
        menu.stale_button(turn)
        return
    reprompt(turn)


async def _send(turn: Turn, place: Community) -> None:
    assert turn.member is not None
    try:
        project = await ProposeProject(turn.uow, turn.clock)(
            turn.member.id, place.id, _draft(turn)
        )
    except ProjectProblem as problem:
        if problem.reason == "duplicate":
            _next(turn, STATE_TITLE)
            say_problem(turn, problem, with_menu=False)
            return
        turn.clear_state()
        say_problem(turn, problem)
        return
    turn.clear_state()
    turn.say(
        turn.tr.text(
            "Thank you! I sent {title} to the ambassadors of {community}. I will tell you "
            "when they have decided.",
            title=isolate(project.title),
            community=isolate(place.name(turn.locale)),
        )
    )
    menu.show(turn)
