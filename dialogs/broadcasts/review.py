"""/broadcast, second half: language versions (typed by the ambassador or by a member they
pick), the preview exactly as members will see it, then sending or cancelling.

Options are `bc:<action>:<broadcast id>[:<language>[:<member id>]]`; every one re-checks
that the draft is open and that the member is an ambassador of its community.
"""

from __future__ import annotations

import re

from bot.core.ambassadors.broadcasts import BroadcastProblem, Broadcasts
from bot.core.ambassadors.domain import Broadcast, VariantStatus
from bot.core.common.messages import InboundKind, Option
from bot.core.communities.permissions import NotAllowed
from bot.i18n.formatting import format_number
from bot.i18n.locales import SUPPORTED_LOCALES
from dialogs.broadcasts.notices import broadcast_reply
from dialogs.common import menu
from dialogs.common.communities import person_name, refuse
from dialogs.common.languages import language_name
from dialogs.common.turn import Turn

STATE_VARIANT = "bc.variant"
#: Languages offered for a version at once, and members offered to write one.
OFFERED = 5
HELPERS = 8
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


async def show_languages(turn: Turn, broadcast: Broadcast) -> None:
    tr = turn.tr
    counts = await Broadcasts(turn.uow, turn.clock).languages(broadcast)
    lines = [
        tr.plural(
            "Your message goes to {n} person.",
            "Your message goes to {n} people.",
            sum(counts.values()),
        )
    ]
    missing: list[str] = []
    for locale, count in counts.most_common():
        variant = broadcast.variants.get(locale)
        line = f"• {language_name(turn, locale)}: {format_number(count, turn.locale)}"
        if variant is not None and variant.status is VariantStatus.APPROVED:
            line += " ✓"
        elif variant is not None:
            line += " " + tr.text("(asked {name})", name=await _name(turn, variant.written_by))
        else:
            missing.append(locale)
        lines.append(line)
    if missing:
        lines.append(
            tr.text(
                "People whose language has no version get yours ({language}).",
                language=language_name(turn, broadcast.locale),
            )
        )
    options = [
        Option(
            f"bc:add:{broadcast.id}:{loc}",
            tr.text("Add {language}", language=language_name(turn, loc)),
        )
        for loc in missing[:OFFERED]
    ]
    if counts:
        options.append(Option(f"bc:pv:{broadcast.id}", tr.text("Preview and send")))
    else:
        lines.append(tr.text("Nobody in this audience can get messages right now."))
    options.append(Option(f"bc:x:{broadcast.id}", tr.text("Cancel the message")))
    turn.say("\n".join(lines), options)


async def _name(turn: Turn, member_id: int | None) -> str:
    member = await turn.uow.members.get(member_id) if member_id is not None else None
    return person_name(turn, member.display_name if member else None)


async def on_option(turn: Turn, action: str, broadcast_id: int, extra: list[str]) -> None:
    assert turn.member is not None
    flow = Broadcasts(turn.uow, turn.clock)
    try:
        broadcast = await flow.editable(turn.member.id, broadcast_id)
        locale = extra[0] if extra and extra[0] in SUPPORTED_LOCALES else ""
        if action == "langs":
            await show_languages(turn, broadcast)
        elif action == "pv":
            await preview(turn, broadcast)
        elif action == "go":
            await _send(turn, flow, broadcast)
        elif action == "x":
            await flow.cancel(turn.member.id, broadcast_id)
            turn.say(turn.tr.text("OK, the message is cancelled. Nothing was sent."))
            menu.show(turn)
        elif action == "add" and locale:
            _offer_ways(turn, broadcast, locale)
        elif action == "type" and locale:
            turn.set_state(STATE_VARIANT, broadcast_id=broadcast_id, locale=locale)
            turn.say(
                turn.tr.text(
                    "Type the {language} version of your message. (/cancel stops)",
                    language=language_name(turn, locale),
                )
            )
        elif action == "ask" and locale:
            await _offer_helpers(turn, broadcast, locale)
        elif action == "who" and locale and len(extra) == 2 and extra[1].isdigit():
            await flow.ask_translator(turn.member.id, broadcast_id, locale, int(extra[1]))
            turn.say(
                turn.tr.text(
                    "I asked {name}. When they approve their version, I will tell you.",
                    name=await _name(turn, int(extra[1])),
                )
            )
            await show_languages(turn, await flow.editable(turn.member.id, broadcast_id))
        else:
            menu.stale_button(turn)
    except NotAllowed:
        refuse(turn)
    except BroadcastProblem as problem:
        _problem(turn, problem)


def _offer_ways(turn: Turn, broadcast: Broadcast, locale: str) -> None:
    tr, bid = turn.tr, broadcast.id
    turn.say(
        tr.text("Who writes the {language} version?", language=language_name(turn, locale)),
        [
            Option(f"bc:type:{bid}:{locale}", tr.text("I type it")),
            Option(f"bc:ask:{bid}:{locale}", tr.text("Ask a member")),
            Option(f"bc:langs:{bid}", tr.text("Back")),
        ],
    )


async def _offer_helpers(turn: Turn, broadcast: Broadcast, locale: str) -> None:
    assert turn.member is not None
    page, _ = await turn.uow.stats.members_page(broadcast.community_id, 0, 500)
    helpers = [m for m, _, _ in page if m.locale == locale and m.id != turn.member.id]
    if not helpers:
        turn.say(turn.tr.text("Nobody in your community reads that language in this chat."))
        await show_languages(turn, broadcast)
        return
    turn.say(
        turn.tr.text("Who should write it? They see your text and approve their version."),
        [
            Option(
                f"bc:who:{broadcast.id}:{locale}:{m.id}",
                m.display_name or turn.tr.text("Member {n}", n=m.id),
            )
            for m in helpers[:HELPERS]
        ]
        + [Option(f"bc:langs:{broadcast.id}", turn.tr.text("Back"))],
    )


async def preview(turn: Turn, broadcast: Broadcast) -> None:
    community = await turn.uow.communities.get(broadcast.community_id)
    assert community is not None
    for locale, variant in sorted(
        broadcast.variants.items(), key=lambda i: i[0] != broadcast.locale
    ):
        if variant.status is VariantStatus.APPROVED:
            turn.replies.append(
                broadcast_reply(turn.catalogs.get(locale), community, variant.text)
            )
    counts = await Broadcasts(turn.uow, turn.clock).languages(broadcast)
    tr, bid = turn.tr, broadcast.id
    text = tr.plural(
        "Send this to {n} person now?", "Send this to {n} people now?", sum(counts.values())
    )
    if any(_TAG.search(v.text) for v in broadcast.variants.values()):
        text = (
            tr.text("Note: tags like <b> are not formatting here; people see them as typed.")
            + "\n"
            + text
        )
    turn.say(
        text,
        [
            Option(f"bc:go:{bid}", tr.text("Send now")),
            Option(f"bc:langs:{bid}", tr.text("Languages")),
            Option(f"bc:x:{bid}", tr.text("Cancel the message")),
        ],
    )


async def _send(turn: Turn, flow: Broadcasts, broadcast: Broadcast) -> None:
    assert turn.member is not None
    count = await flow.queue(turn.member.id, broadcast.id)
    turn.say(
        turn.tr.plural(
            "On its way to {n} person. I will send you a report when it is delivered.",
            "On its way to {n} people. I will send you a report when everyone has it.",
            count,
        )
    )
    menu.show(turn)


def _problem(turn: Turn, problem: BroadcastProblem) -> None:
    from dialogs.broadcasts.compose import explain

    if problem.reason == "no_recipients":
        turn.say(turn.tr.text("Nobody in this audience can get messages right now."))
    elif problem.reason == "not_member":
        turn.say(turn.tr.text("That person is not a member of this community."))
    else:
        explain(turn, problem)
    if problem.reason == "gone":
        menu.show(turn)


async def on_variant_text(turn: Turn) -> None:
    """The ambassador typed a language version."""
    assert turn.member is not None and turn.conversation is not None
    data = turn.conversation.data
    broadcast_id, locale = data.get("broadcast_id"), data.get("locale")
    if not isinstance(broadcast_id, int) or not isinstance(locale, str):
        turn.clear_state()
        menu.stale_button(turn)
        return
    if turn.inbound.kind is not InboundKind.TEXT:
        turn.say(
            turn.tr.text("Please write the message as text; I cannot send pictures or files.")
        )
        return
    flow = Broadcasts(turn.uow, turn.clock)
    try:
        await flow.add_variant(turn.member.id, broadcast_id, locale, turn.inbound.text)
        turn.clear_state()
        await show_languages(turn, await flow.editable(turn.member.id, broadcast_id))
    except NotAllowed:
        refuse(turn)
    except BroadcastProblem as problem:
        if problem.reason == "gone":
            turn.clear_state()
        _problem(turn, problem)
