"""Ambassadors manage a meetup: change time or place, festival partners, check-in, cancel."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.core.ambassadors.domain import AuditAction
from bot.core.common.messages import InboundKind, Option
from bot.core.communities.domain import Community
from bot.core.communities.permissions import NotAllowed, require_ambassador
from bot.core.meetups.domain import PARTNER_NAME_MAX, Meetup, Partner, RsvpStatus
from bot.core.meetups.lifecycle import CancelMeetup, ChangeMeetup, MeetupProblem, new_checkin_code
from bot.i18n.formatting import format_moment
from bot.i18n.text import clean_user_text, isolate, to_native_digits
from dialogs.common import menu
from dialogs.common.audit import audited
from dialogs.common.moments import Unclear, explain_problem, parse_moment
from dialogs.common.turn import Turn
from dialogs.meetups.upcoming import meetup_problem, show_card

STATE_NEW_TIME = "manage.time"
STATE_NEW_PLACE = "manage.place"
STATE_PARTNERS = "manage.partners"
TEXT_STATES = (STATE_NEW_TIME, STATE_NEW_PLACE, STATE_PARTNERS)
#: How many names the attendance list shows as buttons at once.
TICK_LIST_MAX = 30


async def meetup_for_ambassador(turn: Turn, raw_id: str) -> tuple[Meetup, Community] | None:
    """The meetup if it exists and the member is an ambassador of its community."""
    assert turn.member is not None
    meetup = await turn.uow.meetups.get(int(raw_id)) if raw_id.isdigit() else None
    if meetup is None:
        meetup_problem(turn, MeetupProblem("not_found"))
        return None
    try:
        await require_ambassador(turn.uow, turn.member.id, meetup.community_id)
    except NotAllowed:
        turn.say(turn.tr.text("Only ambassadors of this community can do that."))
        menu.show(turn)
        return None
    community = await turn.uow.communities.get(meetup.community_id)
    assert community is not None
    return meetup, community


async def show_menu(turn: Turn, raw_id: str) -> None:
    """`manage:<id>`."""
    found = await meetup_for_ambassador(turn, raw_id)
    if found is None:
        return
    meetup, _ = found
    if meetup.cancelled:
        meetup_problem(turn, MeetupProblem("cancelled"))
        return
    tr, mid = turn.tr, meetup.id
    turn.say(
        tr.text("What do you want to do with {title}?", title=isolate(meetup.title)),
        [
            Option(f"mg:time:{mid}", tr.text("Change the time")),
            Option(f"mg:place:{mid}", tr.text("Change the place")),
            Option(f"mg:checkin:{mid}", tr.text("Open check-in")),
            Option(f"mg:people:{mid}", tr.text("Who is coming")),
            Option(f"mg:festival:{mid}", tr.text("Festival partners")),
            Option(f"mg:cancel:{mid}", tr.text("Cancel the meetup")),
            *(
                [Option(f"ms:menu:{mid}", tr.text("Manage the series"))]
                if meetup.series_id is not None
                else []
            ),
        ],
    )


async def on_option(turn: Turn, argument: str) -> None:
    """`mg:<action>:<meetup id>[:<more>]`."""
    action, _, rest = argument.partition(":")
    raw_id, _, extra = rest.partition(":")
    found = await meetup_for_ambassador(turn, raw_id)
    if found is None:
        return
    meetup, community = found
    tr = turn.tr
    if meetup.cancelled and action != "people":
        meetup_problem(turn, MeetupProblem("cancelled"))
        return
    if action == "cancel":
        turn.say(
            tr.text(
                "Cancel {title}? Everyone who said they would come will be told.",
                title=isolate(meetup.title),
            ),
            [
                Option(f"mg:cancelyes:{meetup.id}", tr.text("Yes, cancel it")),
                Option(f"manage:{meetup.id}", tr.text("No, keep it")),
            ],
        )
    elif action == "cancelyes":
        told = await CancelMeetup(turn.uow, turn.clock)(meetup.id)
        await audited(turn, AuditAction.MEETUP_CANCELLED, community.id, subject_id=meetup.id)
        turn.say(
            tr.plural(
                "Cancelled. {n} person will be told.", "Cancelled. {n} people will be told.", told
            )
        )
        menu.show(turn)
    elif action == "time":
        turn.set_state(STATE_NEW_TIME, meetup_id=meetup.id)
        turn.say(tr.text("What is the new date and time?"))
    elif action == "at" and extra.isdigit():
        await _change_time(
            turn, meetup, datetime.fromtimestamp(int(extra), ZoneInfo(community.timezone))
        )
    elif action == "place":
        turn.set_state(STATE_NEW_PLACE, meetup_id=meetup.id)
        turn.say(tr.text("What is the new place? Type the address or send a location pin."))
    elif action == "checkin":
        await _open_checkin(turn, meetup, community)
    elif action == "people":
        await _people(turn, meetup)
    elif action == "tick" and extra.isdigit():
        await _tick(turn, meetup, int(extra))
    elif action == "festival":
        turn.set_state(STATE_PARTNERS, meetup_id=meetup.id)
        turn.say(
            tr.text(
                "Which partner organisations take part? One per line: the name, then a "
                "link if there is one. Send - for none."
            )
        )
    else:
        menu.stale_button(turn)


async def on_text(turn: Turn) -> None:
    """Typed answers while changing a meetup."""
    assert turn.conversation is not None
    found = await meetup_for_ambassador(turn, str(turn.conversation.data.get("meetup_id", "")))
    if found is None:
        turn.clear_state()
        return
    meetup, community = found
    kind = turn.inbound.kind
    if turn.state == STATE_NEW_PLACE and kind in (InboundKind.TEXT, InboundKind.LOCATION):
        await _change_place(turn, meetup)
    elif turn.state == STATE_NEW_TIME and kind is InboundKind.TEXT:
        result = parse_moment(turn, community, prefix=f"mg:at:{meetup.id}")
        if isinstance(result, datetime):
            await _change_time(turn, meetup, result)
        elif isinstance(result, date):
            explain_problem(turn, "no_time")
        elif isinstance(result, Unclear):
            explain_problem(turn, result.reason)
    elif turn.state == STATE_PARTNERS and kind is InboundKind.TEXT:
        await _set_partners(turn, meetup)
    else:
        turn.say(turn.tr.text("I can only read text messages and buttons."))


async def _change_time(turn: Turn, meetup: Meetup, moment: datetime) -> None:
    try:
        changed = await ChangeMeetup(turn.uow, turn.clock)(meetup.id, starts_at=moment)
    except MeetupProblem as problem:
        explain_problem(turn, {"in_past": "past"}.get(problem.reason, problem.reason))
        return
    turn.clear_state()
    await audited(turn, AuditAction.MEETUP_CHANGED, meetup.community_id, subject_id=meetup.id)
    turn.say(turn.tr.text("Changed. Everyone who said they would come will be told."))
    await show_card(turn, changed, ambassador=True)


async def _change_place(turn: Turn, meetup: Meetup) -> None:
    inbound = turn.inbound
    try:
        if inbound.kind is InboundKind.LOCATION:
            changed = await ChangeMeetup(turn.uow, turn.clock)(
                meetup.id, place_coordinates=inbound.location
            )
        else:
            changed = await ChangeMeetup(turn.uow, turn.clock)(meetup.id, place=inbound.text)
    except MeetupProblem:
        turn.say(
            turn.tr.text(
                "That address is too long. Please use at most {limit} characters.", limit=200
            )
        )
        return
    turn.clear_state()
    await audited(turn, AuditAction.MEETUP_CHANGED, meetup.community_id, subject_id=meetup.id)
    turn.say(turn.tr.text("Changed. Everyone who said they would come will be told."))
    await show_card(turn, changed, ambassador=True)


async def _set_partners(turn: Turn, meetup: Meetup) -> None:
    partners = []
    for line in turn.inbound.text.splitlines()[:20]:
        words = clean_user_text(line).split()
        link = words.pop() if words and words[-1].startswith(("https://", "http://")) else None
        name = " ".join(words).strip(" ,–-")[:PARTNER_NAME_MAX]
        if name:
            partners.append(Partner(name, link[:300] if link else None))
    meetup.partners = tuple(partners)
    meetup.is_festival = True
    await turn.uow.meetups.save(meetup, turn.clock.now())
    await audited(turn, AuditAction.PARTNERS_SET, meetup.community_id, subject_id=meetup.id)
    turn.clear_state()
    turn.say(turn.tr.text("Saved: this meetup is a festival."))
    await show_card(turn, meetup, ambassador=True)


async def _open_checkin(turn: Turn, meetup: Meetup, community: Community) -> None:
    """The code only when members can use it (see `Meetup.checkin_window`)."""
    window = meetup.checkin_window(turn.clock.now())
    if window < 0:
        turn.say(
            turn.tr.text(
                "Check-in opens three hours before the meetup, on {when}. Open it then; "
                "until then the code would not work.",
                when=format_moment(meetup.checkin_opens_at, turn.locale, community.timezone),
            ),
            [Option(f"manage:{meetup.id}", turn.tr.text("Back"))],
        )
        return
    if window > 0:
        turn.say(
            turn.tr.text("Check-in for this meetup is closed. You can still tick names."),
            [Option(f"mg:people:{meetup.id}", turn.tr.text("Tick names"))],
        )
        return
    if meetup.checkin_code is None:
        meetup.checkin_code = new_checkin_code()
        await turn.uow.meetups.save(meetup, turn.clock.now())
        await audited(turn, AuditAction.CHECKIN_OPENED, community.id, subject_id=meetup.id)
    code = to_native_digits(meetup.checkin_code, turn.locale)
    turn.say(
        turn.tr.text(
            "Check-in is open. The code is {code}. Members send /checkin {code}, or you tick "
            "their names.",
            code=code,
        ),
        [Option(f"mg:people:{meetup.id}", turn.tr.text("Tick names"))],
    )


async def _people(turn: Turn, meetup: Meetup) -> None:
    going = await turn.uow.rsvps.members_with(meetup.id, (RsvpStatus.GOING,))
    present = {a.member_id for a in await turn.uow.attendance.of_meetup(meetup.id)}
    tr = turn.tr
    if not going and not present:
        turn.say(tr.text("Nobody has said they would come yet."))
        return
    options = []
    for member_id in list(dict.fromkeys([*going, *present]))[:TICK_LIST_MAX]:
        member = await turn.uow.members.get(member_id)
        name = (member.display_name if member else None) or tr.text("Member {n}", n=member_id)
        mark = "✅ " if member_id in present else ""
        options.append(Option(f"mg:tick:{meetup.id}:{member_id}", f"{mark}{name}"))
    turn.say(
        tr.text(
            "Coming: {going}. Checked in: {present}. Tap a name to tick it (again to undo).",
            going=len(going),
            present=len(present),
        ),
        options,
    )


async def _tick(turn: Turn, meetup: Meetup, member_id: int) -> None:
    from bot.core.meetups.domain import CheckInMethod

    if await turn.uow.memberships.get(member_id, meetup.community_id) is None:
        menu.stale_button(turn)
        return
    added = await turn.uow.attendance.check_in(
        meetup.id, member_id, CheckInMethod.AMBASSADOR, turn.clock.now()
    )
    if not added:
        await turn.uow.attendance.undo(meetup.id, member_id)
    await audited(
        turn, AuditAction.ATTENDANCE_TICKED, meetup.community_id, subject_id=meetup.id,
        target_id=member_id,
    )  # fmt: skip
    await _people(turn, meetup)
