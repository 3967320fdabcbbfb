"""Between the newcomer and the group: answering a proposal, the introduction, messages
passed on through the bot, and sharing contacts when both choose to.

A relayed message is passed through and never stored: it is read from this turn's inbound
message and handed to `turn.deliver`, which sends it right after the turn commits. It is not
written to the conversation state, the outbox or any table (tests/welcome check that).
"""

from __future__ import annotations

from bot.core.common.domain import Channel
from bot.core.common.messages import InboundKind, Option, Reply
from bot.core.members.domain import Member
from bot.core.welcome.answers import Answered, AnswerProposal, ShareContact, active_match
from bot.core.welcome.domain import Side, WelcomeProblem
from bot.core.welcome.views import ProposalView
from bot.i18n.catalogs import Translator
from bot.i18n.text import clean_user_text, isolate
from dialogs.common import menu
from dialogs.common.turn import Turn
from dialogs.welcome.problems import explain_problem

STATE_WRITE = "wg.write"
MESSAGE_MAX = 2000


def name_of(tr: Translator, view: ProposalView, side: Side) -> str:
    """The first name of one side as the other may see it (never a username or number)."""
    person = view.person(side)
    if person is not None and person.display_name:
        return isolate(person.display_name)
    return tr.text("the newcomer") if side is Side.NEWCOMER else tr.text("the coordinator")


def other_side(side: Side) -> Side:
    return Side.GROUP if side is Side.NEWCOMER else Side.NEWCOMER


def introduction(tr: Translator, view: ProposalView, reader: Side) -> Reply:
    pid, group = view.proposal.id, isolate(view.group.name)
    if reader is Side.NEWCOMER:
        text = tr.text(
            "Welcome! You and the Welcome Group {group} both said yes. {name} coordinates the "
            "group. You can write to them here: I pass your messages on, and nobody sees your "
            "phone number or username. If you both want, you can share your contacts.",
            group=group,
            name=name_of(tr, view, Side.GROUP),
        )
    else:
        text = tr.text(
            "Wonderful: {name} and your group {group} both said yes! You can write to {name} "
            "here: I pass your messages on, and nobody sees your phone number or username. If "
            "you both want, you can share your contacts. For twelve months I will ask you once "
            "a month how it is going.",
            group=group,
            name=name_of(tr, view, Side.NEWCOMER),
        )
    return Reply(
        text=text,
        locale=tr.locale,
        options=(
            Option(f"wg:write:{pid}", tr.text("Write a message")),
            Option(f"wg:share:{pid}", tr.text("Share my contact")),
        ),
    )


async def answer(turn: Turn, argument: str, yes: bool) -> None:
    """`wg:yes:<proposal>` and `wg:no:<proposal>`."""
    assert turn.member is not None
    if not argument.isdigit():
        menu.stale_button(turn)
        return
    try:
        outcome = await AnswerProposal(turn.uow, turn.clock)(turn.member.id, int(argument), yes)
    except WelcomeProblem as problem:
        explain_problem(turn, problem)
        return
    tr, view, side = turn.tr, outcome.view, outcome.side
    other = name_of(tr, view, other_side(side))
    if outcome.result is Answered.ALREADY:
        turn.say(tr.text("You have already answered this proposal."))
    elif outcome.result is Answered.WAITING:
        turn.say(
            tr.text("Thank you! I will tell you as soon as {name} has answered too.", name=other)
        )
    elif outcome.result is Answered.MATCHED:
        turn.replies.append(introduction(tr, view, side))
    elif side is Side.NEWCOMER:
        turn.say(
            tr.text(
                "Thank you for telling us. This group will not be proposed to you again, and "
                "your request stays in the queue."
            )
        )
    else:
        turn.say(
            tr.text(
                "Thank you for telling us. {name} will not be proposed to your group again.",
                name=other,
            )
        )


async def start_writing(turn: Turn, argument: str) -> None:
    """`wg:write:<match>`: the next text goes to the other side."""
    assert turn.member is not None
    if not argument.isdigit():
        menu.stale_button(turn)
        return
    try:
        view, side = await active_match(turn.uow, turn.member.id, int(argument))
    except WelcomeProblem as problem:
        explain_problem(turn, problem)
        return
    turn.set_state(STATE_WRITE, proposal_id=view.proposal.id)
    turn.say(
        turn.tr.text(
            "Write your message for {name}. I pass it on as it is and do not keep it. "
            "(/cancel stops)",
            name=name_of(turn.tr, view, other_side(side)),
        )
    )


async def write_state(turn: Turn) -> None:
    """The message itself: checked, passed on, forgotten."""
    assert turn.member is not None and turn.conversation is not None
    if turn.inbound.kind is not InboundKind.TEXT or not clean_user_text(turn.inbound.text):
        turn.say(turn.tr.text("I can only pass on text messages. Please write your message."))
        return
    text = clean_user_text(turn.inbound.text)
    if len(text) > MESSAGE_MAX:
        turn.say(
            turn.tr.text(
                "That is too long to pass on. Please write at most {limit} characters.",
                limit=MESSAGE_MAX,
            )
        )
        return
    proposal_id = turn.conversation.data.get("proposal_id")
    turn.clear_state()
    try:
        view, side = await active_match(turn.uow, turn.member.id, int(str(proposal_id)))
    except (WelcomeProblem, ValueError):
        explain_problem(turn, WelcomeProblem("match_ended"))
        return
    reader_side = other_side(side)
    reader = view.person(reader_side)
    tr = turn.tr
    if reader is None or not reader.proactive_allowed or reader.unreachable:
        turn.say(
            tr.text(
                "{name} cannot receive messages from me right now, so I did not pass it on.",
                name=name_of(tr, view, reader_side),
            )
        )
        return
    turn.deliver(reader.id, [_relayed(turn, view, side, reader, text)])
    turn.say(
        tr.text("Passed on to {name}.", name=name_of(tr, view, reader_side)),
        [Option(f"wg:write:{view.proposal.id}", tr.text("Write again"))],
    )


def _relayed(turn: Turn, view: ProposalView, side: Side, reader: Member, text: str) -> Reply:
    tr = turn.catalogs.get(reader.locale)
    person, group = view.person(side), isolate(view.group.name)
    name = isolate(person.display_name) if person is not None and person.display_name else ""
    if side is Side.GROUP:
        head = (
            tr.text("Message from {name}, the coordinator of your Welcome Group {group}:",
                    name=name, group=group)
            if name
            else tr.text("Message from the coordinator of your Welcome Group {group}:",
                         group=group)
        )  # fmt: skip
    else:
        head = (
            tr.text("Message from {name}, the newcomer your group {group} accompanies:",
                    name=name, group=group)
            if name
            else tr.text("Message from the newcomer your group {group} accompanies:",
                         group=group)
        )  # fmt: skip
    return Reply(
        text=f"{head}\n\n{isolate(text)}",
        locale=tr.locale,
        options=(Option(f"wg:write:{view.proposal.id}", tr.text("Answer")),),
    )


def contact_of(tr: Translator, accounts: list[tuple[Channel, str]]) -> str:
    """How to reach someone outside the bot: their WhatsApp number or Telegram account."""
    lines = []
    for channel, external_id in accounts:
        if channel is Channel.WHATSAPP:
            lines.append(f"WhatsApp: {isolate('+' + external_id)} https://wa.me/{external_id}")
        elif channel is Channel.TELEGRAM:
            lines.append(f"Telegram: {isolate('tg://user?id=' + external_id)}")
    return "\n".join(lines) or tr.text("(no contact: they only use the web chat)")


async def contact_lines(turn: Turn, member_id: int, tr: Translator) -> str:
    accounts = await turn.uow.members.accounts(member_id)
    return contact_of(tr, [(a.address.channel, a.address.external_id) for a in accounts])


async def share(turn: Turn, argument: str) -> None:
    """`wg:share:<match>`: this side agrees; when both have, both see the other's contact."""
    assert turn.member is not None
    if not argument.isdigit():
        menu.stale_button(turn)
        return
    try:
        view, side, both = await ShareContact(turn.uow, turn.clock)(turn.member.id, int(argument))
    except WelcomeProblem as problem:
        explain_problem(turn, problem)
        return
    tr, other = turn.tr, other_side(side)
    person = view.person(other)
    if not both or person is None:
        turn.say(
            tr.text(
                "Noted. When {name} also chooses to share, you both see each other's contact.",
                name=name_of(tr, view, other),
            )
        )
        return
    turn.say(
        tr.text("You both agreed. This is how to reach {name}:", name=name_of(tr, view, other))
        + "\n"
        + await contact_lines(turn, person.id, tr)
    )
