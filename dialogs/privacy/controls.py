"""/mydata, /forget and /stop: members control their own data and our messages."""

from __future__ import annotations

import json

from bot.core.common.messages import Attachment, AttachmentKind, Option
from bot.core.privacy.member_data import EraseMember, LoadMemberRecord, export_document
from bot.i18n.formatting import format_day
from bot.i18n.text import isolate
from dialogs.common import menu
from dialogs.common.languages import NATIVE_NAMES
from dialogs.common.turn import Turn

STATE_FORGET = "privacy.forget"


async def show_my_data(turn: Turn) -> None:
    assert turn.member is not None
    record = await LoadMemberRecord(turn.uow)(turn.member.id)
    assert record is not None
    tr, member = turn.tr, record.member
    role = {
        "newcomer": tr.text("new in the country"),
        "supporter": tr.text("supporter"),
    }.get(member.role.value if member.role else "", tr.text("not given"))
    channel_names = {
        "telegram": tr.text("Telegram"),
        "whatsapp": tr.text("WhatsApp"),
        "webchat": tr.text("web chat"),
    }
    lines = [
        tr.text("Language: {language}", language=NATIVE_NAMES.get(member.locale, member.locale)),
        tr.text("Role: {role}", role=role),
        tr.text("Name: {name}", name=isolate(member.display_name))
        if member.display_name
        else tr.text("Name: not stored"),
        tr.text("Member since: {date}", date=format_day(member.created_at.date(), turn.locale)),
    ]
    for account in record.accounts:
        lines.append(
            tr.text(
                "Account: {channel} {id}",
                channel=channel_names[account.address.channel.value],
                id=isolate(account.address.external_id),
            )
        )
    for membership, community in record.memberships:
        lines.append(
            tr.text(
                "Community: {community} (since {date})",
                community=isolate(community.name(turn.locale)),
                date=format_day(membership.joined_at.date(), turn.locale),
            )
        )
    for consent in record.consents:
        lines.append(
            tr.text(
                "Privacy notice accepted on {date}",
                date=format_day(consent.given_at.date(), turn.locale),
            )
        )
    if record.rsvps or record.check_ins:
        going = sum(1 for _, answer, _ in record.rsvps if answer == "going")
        lines.append(
            tr.text(
                "Meetups: you said you would come to {going} and checked in at {present}.",
                going=going,
                present=len(record.check_ins),
            )
        )
    lines.append(
        tr.text("Reminders and news from me: on")
        if member.proactive_allowed
        else tr.text("Reminders and news from me: off")
    )
    document = json.dumps(export_document(record), ensure_ascii=False, indent=2)
    turn.say(
        tr.text("This is everything I store about you:")
        + "\n\n"
        + "\n".join(f"• {line}" for line in lines)
        + "\n\n"
        + tr.text(
            "The attached file has the same in a machine-readable form. /forget deletes all "
            "of this data."
        ),
        attachment=Attachment(
            AttachmentKind.DOCUMENT, "josoor-my-data.json", "application/json", document.encode()
        ),
    )
    menu.show(turn)


async def forget(turn: Turn) -> None:
    """/forget, and free text asking to delete one's data: asks first."""
    ask_forget(turn)


def ask_forget(turn: Turn) -> None:
    turn.set_state(STATE_FORGET)
    turn.say(
        turn.tr.text(
            "Do you want me to delete everything I store about you? You will leave all your "
            "communities. This cannot be undone."
        ),
        [
            Option("forget:yes", turn.tr.text("Yes, delete all")),
            Option("forget:no", turn.tr.text("No, keep my data")),
        ],
    )


async def answer_forget(turn: Turn, answer: str) -> None:
    assert turn.member is not None
    if turn.state != STATE_FORGET:
        menu.stale_button(turn)
        return
    if answer == "yes":
        await EraseMember(turn.uow, turn.clock)(turn.member.id)
        turn.erased = True
        turn.member = None
        turn.conversation = None
        turn.say(
            turn.tr.text(
                "Done. Everything I stored about you has been deleted. If you write to me "
                "again, we start from the beginning."
            )
        )
        return
    turn.clear_state()
    turn.say(turn.tr.text("Good, nothing was deleted."))
    menu.show(turn)


async def forget_state(turn: Turn) -> None:
    """Text while the delete question is open: ask again instead of guessing."""
    ask_forget(turn)


async def stop(turn: Turn) -> None:
    assert turn.member is not None
    turn.member.proactive_allowed = False
    await turn.uow.members.save(turn.member)
    turn.clear_state()
    turn.say(
        turn.tr.text(
            "Done: I will not send you messages on my own any more (no reminders, no news). "
            "I still answer when you write. Send /start to turn them on again."
        )
    )
