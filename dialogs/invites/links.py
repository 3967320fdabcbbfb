"""/invite: a deep link and a QR code per link, counted per ambassador; joining through one."""

from __future__ import annotations

import io

from bot.core.ambassadors.domain import Invite
from bot.core.ambassadors.invites import (
    CreateInvite,
    InviteProblem,
    RedeemInvite,
    invite_link,
    looks_like_invite,
)
from bot.core.common.messages import Attachment, AttachmentKind, Option
from bot.core.communities.domain import Community
from bot.i18n.formatting import format_moment
from dialogs.common import menu
from dialogs.common.communities import community_name, led_community, person_name, pick_community
from dialogs.common.turn import Turn

#: (days valid, people) of the links offered; 0 means no limit.
PRESETS = ((0, 0), (7, 0), (30, 0), (0, 25))
LISTED = 5


async def command(turn: Turn) -> None:
    community = await pick_community(turn, "invite")
    if community is not None:
        await show(turn, community)


async def show(turn: Turn, community: Community) -> None:
    tr = turn.tr
    invites = await turn.uow.invites.of_community(community.id, limit=LISTED)
    lines = [tr.text("Invite links for {community}.", community=community_name(turn, community))]
    if invites:
        makers = await turn.uow.members.get_many(
            [i.created_by for i in invites if i.created_by is not None]
        )
        lines.append(tr.text("Your latest links and who joined through them:"))
        for invite in invites:
            maker = makers.get(invite.created_by) if invite.created_by is not None else None
            lines.append(_line(turn, invite, community, maker.display_name if maker else None))
    labels = {
        (0, 0): tr.text("No limit"),
        (7, 0): tr.text("Valid for 7 days"),
        (30, 0): tr.text("Valid for 30 days"),
        (0, 25): tr.text("For 25 people"),
    }
    lines.append(tr.text("Which kind of new link do you want?"))
    turn.say(
        "\n".join(lines),
        [Option(f"inv:new:{community.id}:{d}:{u}", labels[(d, u)]) for d, u in PRESETS],
    )


def _line(turn: Turn, invite: Invite, community: Community, maker: str | None) -> str:
    tr = turn.tr
    head = tr.plural(
        "…{end} by {name}: {n} person joined",
        "…{end} by {name}: {n} people joined",
        invite.uses,
        end=invite.token[-6:],
        name=person_name(turn, maker),
    )
    if invite.max_uses is not None and invite.uses >= invite.max_uses:
        return f"• {head} ({tr.text('used up')})"
    if invite.expires_at is not None and invite.expires_at <= turn.clock.now():
        return f"• {head} ({tr.text('expired')})"
    return f"• {head}"


async def on_option(turn: Turn, argument: str) -> None:
    """`inv:new:<community>:<days>:<people>`."""
    assert turn.member is not None
    parts = argument.split(":")
    if len(parts) != 4 or parts[0] != "new" or not all(p.isdigit() for p in parts[2:]):
        menu.stale_button(turn)
        return
    days, people = int(parts[2]), int(parts[3])
    community = await led_community(turn, parts[1])
    if community is None:
        return
    if (days, people) not in PRESETS:
        menu.stale_button(turn)
        return
    invite = await CreateInvite(turn.uow, turn.clock)(
        turn.member.id, community.id, days or None, people or None
    )
    await _hand_out(turn, invite, community)


async def _hand_out(turn: Turn, invite: Invite, community: Community) -> None:
    tr = turn.tr
    link = invite_link(turn.inbound.sender.channel, invite.token)
    limits = []
    if invite.expires_at is not None:
        until = format_moment(invite.expires_at, turn.locale, community.timezone)
        limits.append(tr.text("Valid until {when}.", when=until))
    if invite.max_uses is not None:
        limits.append(
            tr.plural("For {n} person.", "For {n} people.", invite.max_uses),
        )
    head = tr.text("Your invite link for {community}:", community=community_name(turn, community))
    text = f"{head}\n{link or '/start ' + invite.token}"
    if limits:
        text += "\n" + " ".join(limits)
    text += "\n\n" + tr.text(
        "Whoever opens it joins after reading and accepting the privacy notice. The QR code "
        "is for posters and flyers."
    )
    if link is None:
        turn.say(text)
        return
    turn.say(
        text,
        attachment=Attachment(AttachmentKind.IMAGE, "invite.png", "image/png", qr_png(link)),
    )


def qr_png(link: str) -> bytes:
    import segno  # only needed when a link is made

    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


async def join(turn: Turn, payload: str) -> bool | None:
    """A /start payload that is an invite token: join, or say clearly why not. None: not
    an invite (a community slug, handled by the caller)."""
    assert turn.member is not None
    if not looks_like_invite(payload):
        return None
    tr = turn.tr
    try:
        redeemed = await RedeemInvite(turn.uow, turn.clock)(turn.member.id, payload)
    except InviteProblem as problem:
        turn.say(
            {
                "expired": tr.text("This invite link has expired. Ask for a new one."),
                "used_up": tr.text(
                    "This invite link has been used as often as allowed. Ask for a new one."
                ),
                "damaged": tr.text(
                    "This invite link is damaged: part of it is missing or changed. Open it "
                    "again, or ask for a new one."
                ),
                "community_gone": tr.text("The community of this link does not exist any more."),
            }.get(
                problem.reason,
                tr.text("This invite link is not valid. You can still find your community."),
            )
        )
        return False
    name = community_name(turn, redeemed.community)
    turn.clear_state()
    if redeemed.already_member:
        turn.say(tr.text("You are already a member of {community}.", community=name))
    else:
        turn.say(
            tr.text(
                "Welcome to the {community} community! You will hear about its meetups "
                "and projects here.",
                community=name,
            )
        )
    menu.show(turn)
    return True
