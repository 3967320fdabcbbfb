"""Ambassadors run the matching (`/match`), review its proposals with their explanations,
send or discard them, withdraw sent ones, and see the matches that need attention."""

from __future__ import annotations

from bot.core.ambassadors.domain import AuditAction
from bot.core.common.messages import Option
from bot.core.communities.domain import Community
from bot.core.communities.permissions import NotAllowed, led_communities, require_ambassador
from bot.core.welcome.checkins import Concern, needing_attention
from bot.core.welcome.domain import ProposalStatus, Side, WelcomeProblem
from bot.core.welcome.matching import Unmatched
from bot.core.welcome.proposals import DiscardDraft, RunMatching, SendProposals, WithdrawProposal
from bot.core.welcome.views import ProposalView, load_views
from bot.i18n.formatting import format_number
from bot.i18n.text import isolate
from dialogs.common import menu
from dialogs.common.audit import audited
from dialogs.common.turn import Turn
from dialogs.welcome.problems import explain_problem
from dialogs.welcome.talk import name_of
from dialogs.welcome.texts import explanation, languages_of, needs_of

#: Proposals shown one by one; the rest are sent with "Send all".
CARDS_SHOWN = 8


async def start(turn: Turn) -> None:
    """/match: ambassadors only; with several communities, ask which one."""
    assert turn.member is not None
    led = await led_communities(turn.uow, turn.member.id)
    if not led:
        turn.say(turn.tr.text("Only ambassadors of a community can match Welcome Groups."))
        menu.show(turn)
        return
    if len(led) == 1:
        await _run(turn, led[0])
        return
    turn.say(
        turn.tr.text("For which community shall I look for matches?"),
        [Option(f"wg:match:{c.id}", c.name(turn.locale)) for c in led],
    )


async def _community(turn: Turn, raw_id: str) -> Community | None:
    """The community if the member is its ambassador; otherwise a polite no."""
    assert turn.member is not None
    found = await turn.uow.communities.get(int(raw_id)) if raw_id.isdigit() else None
    try:
        if found is None:
            raise NotAllowed
        await require_ambassador(turn.uow, turn.member.id, found.id)
    except NotAllowed:
        turn.say(turn.tr.text("Only ambassadors of this community can do that."))
        menu.show(turn)
        return None
    return found


async def run(turn: Turn, raw_id: str) -> None:
    """`wg:match:<community>`."""
    found = await _community(turn, raw_id)
    if found is not None:
        await _run(turn, found)


async def _run(turn: Turn, community: Community) -> None:
    tr = turn.tr
    # The weights of the settings the bot was started with (validated at start-up).
    weights = turn.settings.welcome_groups.weights.as_weights()
    result = await RunMatching(turn.uow, turn.clock, weights)(community)
    await audited(turn, AuditAction.MATCHING_RUN, community.id)
    reasons = list(result.solution.unmatched.values())
    lines = [
        tr.plural("{n} newcomer is waiting for a group.", "{n} newcomers are waiting for a group.",
                  len(result.requests)),
        tr.plural("Ready groups have {n} free place.", "Ready groups have {n} free places.",
                  result.free_places),
    ]  # fmt: skip
    counts = {reason: reasons.count(reason) for reason in Unmatched}
    if counts[Unmatched.NO_SHARED_LANGUAGE]:
        lines.append(tr.plural(
            "{n} newcomer shares no language with any group.",
            "{n} newcomers share no language with any group.",
            counts[Unmatched.NO_SHARED_LANGUAGE],
        ))  # fmt: skip
    if counts[Unmatched.NO_CAPACITY]:
        lines.append(tr.plural(
            "{n} newcomer waits for a free place.", "{n} newcomers wait for a free place.",
            counts[Unmatched.NO_CAPACITY],
        ))  # fmt: skip
    if counts[Unmatched.DECLINED_BEFORE]:
        lines.append(tr.plural(
            "{n} newcomer said no to every group that speaks their language.",
            "{n} newcomers said no to every group that speaks their language.",
            counts[Unmatched.DECLINED_BEFORE],
        ))  # fmt: skip
    if result.not_ready:
        lines.append(tr.plural(
            "{n} group has fewer than five members and cannot be matched yet.",
            "{n} groups have fewer than five members and cannot be matched yet.",
            len(result.not_ready),
        ))  # fmt: skip
    head = tr.plural(
        "Matching for {community}: {n} proposal.",
        "Matching for {community}: {n} proposals.",
        len(result.proposals),
        community=isolate(community.name(turn.locale)),
    )
    turn.say(head + "\n" + "\n".join(f"• {line}" for line in lines))
    views = await load_views(turn.uow, [p.id for p in result.proposals[:CARDS_SHOWN]])
    for proposal in result.proposals[:CARDS_SHOWN]:
        if proposal.id in views:
            _card(turn, views[proposal.id])
    options = [Option(f"wg:attn:{community.id}", tr.text("Need attention"))]
    options.insert(0, Option(f"wg:sent:{community.id}", tr.text("Waiting for answers")))
    if result.proposals:
        options.insert(
            0,
            Option(
                f"wg:sendall:{community.id}",
                tr.plural("Send {n} proposal", "Send all {n} proposals", len(result.proposals)),
            ),
        )
    turn.say(tr.text("What next?"), options)


def _card(turn: Turn, view: ProposalView, *, sent: bool = False) -> None:
    tr, proposal, request = turn.tr, view.proposal, view.request
    text = "\n".join(
        [
            f"{name_of(tr, view, Side.NEWCOMER)} ↔ {isolate(view.group.name)}",
            tr.text("Speaks: {value}", value=languages_of(tr, request.languages)),
            tr.text("Help with: {value}", value=needs_of(tr, request.needs)),
            tr.plural("{n} person", "{n} people", request.family_size),
            explanation(tr, proposal.reasons, None),
            tr.text("Score: {score}", score=format_number(round(proposal.score, 2), tr.locale)),
        ]
    )
    if sent:
        turn.say(text, [Option(f"wg:pull:{proposal.id}", tr.text("Withdraw"))])
    else:
        turn.say(
            text,
            [
                Option(f"wg:send:{proposal.id}", tr.text("Send")),
                Option(f"wg:drop:{proposal.id}", tr.text("Discard")),
            ],
        )


async def send(turn: Turn, raw_id: str) -> None:
    """`wg:send:<proposal>` and `wg:sendall:<community>`."""
    assert turn.member is not None
    await _send(turn, [int(raw_id)] if raw_id.isdigit() else [])


async def send_all(turn: Turn, raw_id: str) -> None:
    found = await _community(turn, raw_id)
    if found is None:
        return
    drafts = await turn.uow.welcome.proposals_of_community(found.id, [ProposalStatus.DRAFT])
    await _send(turn, [p.id for p in drafts])


async def _send(turn: Turn, proposal_ids: list[int]) -> None:
    assert turn.member is not None
    try:
        sent, dropped = await SendProposals(turn.uow, turn.clock)(turn.member.id, proposal_ids)
    except (WelcomeProblem, NotAllowed):
        menu.stale_button(turn)
        return
    await _audit(turn, AuditAction.PROPOSAL_SENT, proposal_ids)
    text = turn.tr.plural(
        "Sent {n} proposal. Both sides are asked, and I tell them the answers.",
        "Sent {n} proposals. Both sides are asked, and I tell them the answers.",
        sent,
    )
    if dropped:
        text += "\n" + turn.tr.plural(
            "{n} proposal was no longer possible (a request was withdrawn or a place taken) "
            "and was discarded.",
            "{n} proposals were no longer possible (a request was withdrawn or a place taken) "
            "and were discarded.",
            dropped,
        )
    turn.say(text)


async def _audit(turn: Turn, action: AuditAction, proposal_ids: list[int]) -> None:
    for proposal_id in proposal_ids:
        proposal = await turn.uow.welcome.get_proposal(proposal_id)
        if proposal is not None:
            await audited(turn, action, proposal.community_id, subject_id=proposal_id)


async def discard(turn: Turn, raw_id: str) -> None:
    """`wg:drop:<proposal>`."""
    assert turn.member is not None
    proposal_id = int(raw_id) if raw_id.isdigit() else 0
    draft = await turn.uow.welcome.get_proposal(proposal_id)
    try:
        await DiscardDraft(turn.uow)(turn.member.id, proposal_id)
    except WelcomeProblem as problem:
        explain_problem(turn, problem)
        return
    except NotAllowed:
        menu.stale_button(turn)
        return
    if draft is not None:
        await audited(
            turn, AuditAction.PROPOSAL_DISCARDED, draft.community_id, subject_id=proposal_id
        )
    turn.say(turn.tr.text("Discarded. Nobody was told about it."))


async def withdraw(turn: Turn, raw_id: str) -> None:
    """`wg:pull:<proposal>`: take back a sent proposal; both sides are told it ended."""
    assert turn.member is not None
    try:
        await WithdrawProposal(turn.uow, turn.clock)(
            turn.member.id, int(raw_id) if raw_id.isdigit() else 0
        )
    except WelcomeProblem as problem:
        explain_problem(turn, problem)
        return
    except NotAllowed:
        menu.stale_button(turn)
        return
    await _audit(turn, AuditAction.PROPOSAL_WITHDRAWN, [int(raw_id) if raw_id.isdigit() else 0])
    turn.say(turn.tr.text("Withdrawn. Both sides are told that the proposal has ended."))


async def waiting_for_answers(turn: Turn, raw_id: str) -> None:
    """`wg:sent:<community>`."""
    found = await _community(turn, raw_id)
    if found is None:
        return
    sent = await turn.uow.welcome.proposals_of_community(found.id, [ProposalStatus.SENT])
    if not sent:
        turn.say(turn.tr.text("No proposal is waiting for answers."))
        return
    views = await load_views(turn.uow, [p.id for p in sent])
    for view in views.values():
        _card(turn, view, sent=True)


async def attention(turn: Turn, raw_id: str) -> None:
    """`wg:attn:<community>`: no answer to two check-ins in a row, or "we need help"."""
    found = await _community(turn, raw_id)
    if found is None:
        return
    tr = turn.tr
    items = await needing_attention(turn.uow, found.id, turn.clock.now())
    if not items:
        turn.say(tr.text("All matches are fine: nobody asked for help or missed two check-ins."))
        return
    lines = []
    for item in items:
        pair = f"{name_of(tr, item.view, Side.NEWCOMER)} ↔ {isolate(item.view.group.name)}"
        who = name_of(tr, item.view, item.side)
        lines.append(
            tr.text("{pair}: {name} asked for help.", pair=pair, name=who)
            if item.concern is Concern.NEEDS_HELP
            else tr.text("{pair}: {name} did not answer two check-ins.", pair=pair, name=who)
        )
    turn.say(tr.text("These matches need attention:") + "\n" + "\n".join(f"• {x}" for x in lines))
