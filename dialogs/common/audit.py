"""Recording what an ambassador did, from the dialogs that do it (the audit log, /audit).

Ids and a word only, never texts: who did what in which community, and to which member or
thing (`subject_id`: a meetup, a project, a proposal…, by action).
"""

from __future__ import annotations

from bot.core.ambassadors.domain import AuditAction
from dialogs.common.turn import Turn


async def audited(
    turn: Turn,
    action: AuditAction,
    community_id: int,
    *,
    subject_id: int | None = None,
    target_id: int | None = None,
) -> None:
    assert turn.member is not None
    await turn.uow.audit.record(
        action, turn.clock.now(), community_id=community_id, actor_id=turn.member.id,
        subject_id=subject_id, target_id=target_id,
    )  # fmt: skip
