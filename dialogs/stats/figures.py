"""/stats for ambassadors: their community in figures, as text and as a chart image."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from bot.core.ambassadors.domain import AuditAction, CommunityFigures
from bot.core.common.messages import Attachment, AttachmentKind
from bot.core.communities.domain import Community
from bot.i18n.formatting import format_number
from bot.i18n.text import to_native_digits
from dialogs.common.communities import community_name, pick_community
from dialogs.common.languages import language_name
from dialogs.common.turn import Turn
from dialogs.stats.chart import render_chart


async def command(turn: Turn) -> None:
    community = await pick_community(turn, "stats")
    if community is not None:
        await show(turn, community)


def _month(turn: Turn, year: int, month: int) -> str:
    return to_native_digits(
        format_date(date(year, month, 1), "MMM y", locale=turn.locale), turn.locale
    )


def figures_text(turn: Turn, community: Community, figures: CommunityFigures) -> str:
    tr = turn.tr
    roles = {
        "newcomer": tr.text("new in the country"),
        "supporter": tr.text("supporters"),
        "unknown": tr.text("not said"),
    }
    by_role = ", ".join(
        f"{roles.get(role, role)} {format_number(count, turn.locale)}"
        for role, count in sorted(figures.by_role.items())
    )
    languages = ", ".join(
        f"{language_name(turn, code)} {format_number(count, turn.locale)}"
        for code, count in figures.by_language.items()
    )
    months = ", ".join(
        f"{_month(turn, year, month)}: {format_number(count, turn.locale)}"
        for (year, month), count in figures.joined_by_month
    )
    lines = [
        tr.text("{community} in figures", community=community_name(turn, community)),
        tr.text("Members: {n} ({roles})", n=figures.members, roles=by_role or "–"),
        tr.text("Ambassadors: {n}", n=figures.ambassadors),
        tr.text("Languages: {languages}", languages=languages or "–"),
        tr.text("New members per month: {months}", months=months),
        tr.text(
            "Meetups: {held} held, {coming} coming; {rsvps} said they come, {came} came",
            held=figures.meetups_held,
            coming=figures.meetups_coming,
            rsvps=figures.rsvps,
            came=figures.attended,
        ),
        tr.text(
            "Festivals: {festivals}; partner organisations: {partners}",
            festivals=figures.festivals,
            partners=figures.partners,
        ),
        tr.text("People reached: {n}", n=figures.people_reached),
    ]
    return "\n".join(lines)


def chart(turn: Turn, community: Community, figures: CommunityFigures) -> bytes:
    tr = turn.tr
    languages = [(language_name(turn, code), n) for code, n in figures.by_language.items()]
    months = [(_month(turn, y, m), n) for (y, m), n in figures.joined_by_month]
    panels = [
        (tr.text("Members by language"), languages[:8] or [("–", 0)]),
        (tr.text("New members per month"), months),
    ]
    return render_chart(
        community.name(turn.locale),
        panels,
        rtl=turn.tr.rtl,
        value_label=lambda value: format_number(value, turn.locale),
    )


async def show(turn: Turn, community: Community) -> None:
    assert turn.member is not None
    now = turn.clock.now()
    figures = await turn.uow.stats.community(community.id, now)
    await turn.uow.audit.record(
        AuditAction.STATS_VIEWED, now, community_id=community.id, actor_id=turn.member.id
    )
    turn.say(
        figures_text(turn, community, figures),
        attachment=Attachment(
            AttachmentKind.IMAGE, "stats.png", "image/png", chart(turn, community, figures)
        ),
    )
