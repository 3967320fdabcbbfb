"""The twelve months in the chat: answering a monthly check-in (with an optional message to
the ambassadors, passed on and never stored), and at the end closing or continuing, with
feedback kept only when the person agrees."""

from __future__ import annotations

from bot.core.common.messages import InboundKind, Option, Reply
from bot.core.communities.domain import CommunityRole
from bot.core.welcome.answers import view_for
from bot.core.welcome.checkins import AnswerCheckin, AnswerClosing, RecordFeedback
from bot.core.welcome.domain import CheckinAnswer, Closing, ProposalStatus, Rating, WelcomeProblem
from bot.i18n.text import clean_user_text, isolate
from dialogs.common import menu
from dialogs.common.turn import Turn
from dialogs.welcome.problems import explain_problem
from dialogs.welcome.talk import MESSAGE_MAX, name_of, other_side

STATE_NOTE = "wg.note"


async def answer(turn: Turn, argument: str) -> None:
    """`wg:ci:<check-in>:<good|problems|help>`."""
    assert turn.member is not None
    raw_id, _, raw_answer = argument.partition(":")
    if not raw_id.isdigit() or raw_answer not in set(CheckinAnswer):
        menu.stale_button(turn)
        return
    try:
        checkin, view = await AnswerCheckin(turn.uow, turn.clock)(
            turn.member.id, int(raw_id), CheckinAnswer(raw_answer)
        )
    except WelcomeProblem as problem:
        explain_problem(turn, problem)
        return
    tr = turn.tr
    texts = {
        CheckinAnswer.GOOD: tr.text("Thank you! Good to hear."),
        CheckinAnswer.PROBLEMS: tr.text("Thank you for telling us."),
        CheckinAnswer.HELP: tr.text(
            "Thank you. The ambassadors of {community} have been told and will get in touch.",
            community=isolate(view.community.name(turn.locale)),
        ),
    }
    turn.say(
        texts[checkin.answer or CheckinAnswer.GOOD]
        + "\n\n"
        + tr.text("Do you want to add a message for the ambassadors?"),
        [
            Option(f"wg:note:{checkin.id}", tr.text("Write to ambassadors")),
            Option("wg:home", tr.text("No, thanks")),
        ],
    )


async def start_note(turn: Turn, raw_id: str) -> None:
    """`wg:note:<check-in>`."""
    assert turn.member is not None
    checkin = await turn.uow.welcome.get_checkin(int(raw_id)) if raw_id.isdigit() else None
    if checkin is None or checkin.member_id != turn.member.id:
        menu.stale_button(turn)
        return
    turn.set_state(STATE_NOTE, checkin_id=checkin.id)
    turn.say(
        turn.tr.text(
            "Write your message for the ambassadors. I pass it on and do not keep it. "
            "(/cancel stops)"
        )
    )


async def note_state(turn: Turn) -> None:
    """The message to the ambassadors: passed on to each of them, never stored."""
    assert turn.member is not None and turn.conversation is not None
    text = clean_user_text(turn.inbound.text) if turn.inbound.kind is InboundKind.TEXT else ""
    if not text or len(text) > MESSAGE_MAX:
        turn.say(
            turn.tr.text(
                "Please write a text message of at most {limit} characters.", limit=MESSAGE_MAX
            )
        )
        return
    checkin = await turn.uow.welcome.get_checkin(
        int(str(turn.conversation.data.get("checkin_id")))
    )
    turn.clear_state()
    if checkin is None or checkin.member_id != turn.member.id:
        menu.stale_button(turn)
        return
    view, side = await view_for(turn.uow, turn.member.id, checkin.proposal_id)
    for ambassador_id in await turn.uow.memberships.member_ids_with_role(
        view.community.id, CommunityRole.AMBASSADOR
    ):
        reader = await turn.uow.members.get(ambassador_id)
        if reader is None:
            continue
        tr = turn.catalogs.get(reader.locale)
        head = tr.text(
            "Message with the monthly check-in of {name} (Welcome Group {group}):",
            name=name_of(tr, view, side),
            group=isolate(view.group.name),
        )
        turn.deliver(ambassador_id, [Reply(f"{head}\n\n{isolate(text)}", tr.locale)])
    turn.say(turn.tr.text("Passed on to the ambassadors. Thank you!"))


async def closing(turn: Turn, argument: str) -> None:
    """`wg:end:<match>:<close|continue>` at twelve months."""
    assert turn.member is not None
    raw_id, _, raw_choice = argument.partition(":")
    if not raw_id.isdigit() or raw_choice not in set(Closing):
        menu.stale_button(turn)
        return
    try:
        view, side = await AnswerClosing(turn.uow, turn.clock)(
            turn.member.id, int(raw_id), Closing(raw_choice)
        )
    except WelcomeProblem as problem:
        explain_problem(turn, problem)
        return
    tr, status = turn.tr, view.proposal.status
    if status is ProposalStatus.CLOSED:
        text = tr.text("The match is closed. Thank you for everything you did together!")
    elif status is ProposalStatus.CONTINUED:
        text = tr.text("Wonderful: you both continue. I still pass on your messages.")
    else:
        text = tr.text(
            "Noted. If {name} also wants to continue, you go on together.",
            name=name_of(tr, view, other_side(side)),
        )
    turn.say(text)
    ask_feedback(turn, view.proposal.id)


def ask_feedback(turn: Turn, proposal_id: int) -> None:
    tr = turn.tr
    turn.say(
        tr.text("How was it? Your answer helps us to match people better."),
        [
            Option(f"wg:fb:{proposal_id}:{Rating.GREAT}", tr.text("Very good")),
            Option(f"wg:fb:{proposal_id}:{Rating.GOOD}", tr.text("Good")),
            Option(f"wg:fb:{proposal_id}:{Rating.DIFFICULT}", tr.text("Difficult")),
        ],
    )


async def feedback(turn: Turn, argument: str) -> None:
    """`wg:fb:<match>:<rating>`: ask before keeping anything."""
    raw_id, _, rating = argument.partition(":")
    if not raw_id.isdigit() or rating not in set(Rating):
        menu.stale_button(turn)
        return
    tr = turn.tr
    turn.say(
        tr.text(
            "May we keep this answer to improve the matching? It is stored without your name "
            "and without anything else about you."
        ),
        [
            Option(f"wg:fbok:{raw_id}:{rating}", tr.text("Yes, keep it")),
            Option(f"wg:fbno:{raw_id}", tr.text("No")),
        ],
    )


async def feedback_consent(turn: Turn, argument: str, keep: bool) -> None:
    """`wg:fbok:<match>:<rating>` (stored without a name) or `wg:fbno:<match>`."""
    assert turn.member is not None
    raw_id, _, rating = argument.partition(":")
    if not keep:
        turn.say(turn.tr.text("All right. Nothing was stored."))
        return
    if not raw_id.isdigit() or rating not in set(Rating):
        menu.stale_button(turn)
        return
    try:
        await RecordFeedback(turn.uow, turn.clock)(turn.member.id, int(raw_id), Rating(rating))
    except WelcomeProblem as problem:
        explain_problem(turn, problem)
        return
    turn.say(turn.tr.text("Thank you! Your answer is stored without your name."))
