"""An ambassador copies another community's meetup format: when → where → check → create.

Title, description, seats and festival partners come from the source; the date and place
are their own. The copy is a draft in the conversation until confirmed, and the created
meetup remembers its source (`source_meetup_id`), which the source community sees counted.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.ambassadors.domain import AuditAction
from bot.core.common.domain import Coordinates
from bot.core.common.messages import InboundKind, Option
from bot.core.communities.domain import Community
from bot.core.communities.permissions import NotAllowed, led_communities, require_ambassador
from bot.core.meetups.domain import PLACE_MAX, Meetup
from bot.core.meetups.lifecycle import MeetupProblem
from bot.core.network.formats import CopyMeetupFormat, meetup_to_copy
from bot.i18n.text import clean_user_text, isolate
from dialogs.common import menu
from dialogs.common.audit import audited
from dialogs.common.moments import Unclear, explain_problem, parse_moment
from dialogs.common.turn import Turn
from dialogs.meetups.cards import card_options, card_text
from dialogs.meetups.upcoming import meetup_problem

STATE_WHEN = "netcopy.when"
STATE_PLACE = "netcopy.place"
STATE_CONFIRM = "netcopy.confirm"
TEXT_STATES = (STATE_WHEN, STATE_PLACE, STATE_CONFIRM)


async def on_option(turn: Turn, argument: str) -> None:
    """`mcopy:<meetup>[:<community>]` starts; `mcopy:at|skip|create|cancel` are the steps."""
    assert turn.member is not None
    first, _, rest = argument.partition(":")
    if first.isdigit():
        await _start(turn, int(first), rest)
        return
    found = await _open_copy(turn)
    if found is None:
        turn.clear_state()
        menu.stale_button(turn)
        return
    source, target = found
    if first == "at" and rest.isdigit() and turn.state in (STATE_WHEN, STATE_PLACE):
        moment = datetime.fromtimestamp(int(rest), ZoneInfo(target.timezone))
        _when_chosen(turn, moment)
    elif first == "skip" and turn.state == STATE_PLACE:
        _next(turn, STATE_CONFIRM, place=None)
        _preview(turn, source, target)
    elif first == "create" and turn.state == STATE_CONFIRM:
        await _create(turn, source, target)
    elif first == "cancel":
        turn.clear_state()
        turn.say(turn.tr.text("OK, the meetup was not created."))
        menu.show(turn)
    else:
        menu.stale_button(turn)


async def _start(turn: Turn, meetup_id: int, raw_target: str) -> None:
    assert turn.member is not None
    source = await turn.uow.meetups.get(meetup_id)
    if source is None:
        meetup_problem(turn, MeetupProblem("not_found"))
        return
    leads = await led_communities(turn.uow, turn.member.id)
    led = [c for c in leads if c.id != source.community_id]
    if not led:
        turn.say(turn.tr.text("Only ambassadors of this community can do that."))
        menu.show(turn)
        return
    target = next((c for c in led if str(c.id) == raw_target), led[0] if len(led) == 1 else None)
    if target is None:
        turn.say(
            turn.tr.text("Into which community do you want to copy it?"),
            [Option(f"mcopy:{source.id}:{c.id}", c.name(turn.locale)) for c in led],
        )
        return
    turn.set_state(STATE_WHEN, meetup_id=source.id, community_id=target.id)
    _ask_when(turn, source, target)


def _ask_when(turn: Turn, source: Meetup, target: Community) -> None:
    turn.say(
        turn.tr.text(
            "Let's plan {title} in {community}. When is it? Type the date and time. "
            "(/cancel stops)",
            title=isolate(source.title),
            community=isolate(target.name(turn.locale)),
        )
    )


def _data(turn: Turn) -> dict[str, object]:
    assert turn.conversation is not None
    return turn.conversation.data


def _next(turn: Turn, state: str, **changes: object) -> None:
    turn.set_state(state, **{**_data(turn), **changes})


async def _open_copy(turn: Turn) -> tuple[Meetup, Community] | None:
    """The source meetup and the target community of the copy in progress, if still allowed."""
    assert turn.member is not None
    if turn.state not in TEXT_STATES or turn.conversation is None:
        return None
    meetup_id, community_id = _data(turn).get("meetup_id"), _data(turn).get("community_id")
    if not isinstance(meetup_id, int) or not isinstance(community_id, int):
        return None
    try:
        await require_ambassador(turn.uow, turn.member.id, community_id)
        source = await meetup_to_copy(turn.uow, meetup_id, community_id)
    except (NotAllowed, MeetupProblem):
        return None
    target = await turn.uow.communities.get(community_id)
    return (source, target) if target is not None else None


async def on_text(turn: Turn) -> None:
    """Typed answers (and a location for the place) while copying a meetup."""
    found = await _open_copy(turn)
    if found is None:
        turn.clear_state()
        menu.stale_button(turn)
        return
    source, target = found
    kind = turn.inbound.kind
    if turn.state == STATE_WHEN and kind is InboundKind.TEXT:
        result = parse_moment(turn, target, prefix="mcopy:at")
        if isinstance(result, datetime):
            _when_chosen(turn, result)
        elif isinstance(result, Unclear):
            explain_problem(turn, result.reason)
        elif result is not None:  # a day without a time
            explain_problem(turn, "no_time")
    elif turn.state == STATE_PLACE and kind is InboundKind.LOCATION and turn.inbound.location:
        where = turn.inbound.location
        _next(turn, STATE_CONFIRM, latitude=where.latitude, longitude=where.longitude)
        _preview(turn, source, target)
    elif turn.state == STATE_PLACE and kind is InboundKind.TEXT:
        place = clean_user_text(turn.inbound.text)
        if len(place) > PLACE_MAX:
            turn.say(
                turn.tr.text(
                    "That address is too long. Please use at most {limit} characters.",
                    limit=PLACE_MAX,
                )
            )
            return
        _next(turn, STATE_CONFIRM, place=place or None)
        _preview(turn, source, target)
    else:
        turn.say(turn.tr.text("I can only read text messages and buttons."))


def _when_chosen(turn: Turn, moment: datetime) -> None:
    if moment <= turn.clock.now():
        explain_problem(turn, "past")
        return
    _next(turn, STATE_PLACE, starts_at=moment.isoformat())
    turn.say(
        turn.tr.text("Where is it? Type the address, or send a location pin (📎 → Location)."),
        [Option("mcopy:skip", turn.tr.text("Skip"))],
    )


def _copy(turn: Turn, source: Meetup, target: Community) -> Meetup:
    data = _data(turn)
    latitude, longitude = data.get("latitude"), data.get("longitude")
    return Meetup(
        id=0, community_id=target.id, title=source.title,
        starts_at=datetime.fromisoformat(str(data["starts_at"])),
        description=source.description, place=str(data["place"]) if data.get("place") else None,
        place_coordinates=(
            Coordinates(float(latitude), float(longitude))
            if isinstance(latitude, float) and isinstance(longitude, float) else None
        ),
        capacity=source.capacity, is_festival=source.is_festival, partners=source.partners,
        source_meetup_id=source.id,
    )  # fmt: skip


def _preview(turn: Turn, source: Meetup, target: Community) -> None:
    preview = _copy(turn, source, target)
    turn.say(
        "\n".join([turn.tr.text("Please check:"), "", card_text(turn.tr, preview, target)]),
        [
            Option("mcopy:create", turn.tr.text("Create the meetup")),
            Option("mcopy:cancel", turn.tr.text("Cancel")),
        ],
    )


async def _create(turn: Turn, source: Meetup, target: Community) -> None:
    assert turn.member is not None
    wanted = _copy(turn, source, target)
    try:
        meetup = await CopyMeetupFormat(turn.uow, turn.clock)(
            turn.member.id, source.id, target.id, wanted.starts_at, wanted.place,
            wanted.place_coordinates,
        )  # fmt: skip
    except MeetupProblem as problem:
        if problem.reason in ("in_past", "too_far"):
            _next(turn, STATE_WHEN)
            explain_problem(turn, {"in_past": "past"}.get(problem.reason, problem.reason))
            return
        turn.clear_state()
        meetup_problem(turn, problem)
        return
    turn.clear_state()
    await audited(turn, AuditAction.FORMAT_COPIED, target.id, subject_id=meetup.id)
    turn.say(turn.tr.text("Done! Members see the meetup under /meetups and can say if they come."))
    turn.say(
        card_text(turn.tr, meetup, target), card_options(turn.tr, meetup, None, ambassador=True)
    )
