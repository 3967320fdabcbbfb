"""A project lead posts an update to the project's members, through the outbox.

One outbox row per member (the broadcast engine: batched, paced by each channel, sent
exactly once, dropped for whoever left the project or turned messages off before it went).
The rows carry the update's id only; the text is rendered at delivery in each member's
language around the lead's own words.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.common.clock import Clock
from bot.core.common.outbox import NoticeKind, OutboxStatus
from bot.core.projects.domain import UPDATE_MAX, ProjectUpdate
from bot.core.projects.lifecycle import ProjectProblem, load
from bot.core.projects.ports import ProjectsUnit
from bot.i18n.text import clean_user_text


@dataclass(frozen=True, slots=True)
class Posted:
    update: ProjectUpdate
    recipients: int


def update_key(update_id: int, member_id: int) -> str:
    return f"project_update:{update_id}:{member_id}"


class PostUpdate:
    def __init__(self, uow: ProjectsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, author_id: int, project_id: int, text: str) -> Posted:
        project = await load(self._uow, project_id)
        if not project.open:
            raise ProjectProblem("not_open")
        if project.lead_id != author_id:
            raise ProjectProblem("not_lead")
        cleaned = clean_user_text(text)
        if not cleaned:
            raise ProjectProblem("update_empty")
        if len(cleaned) > UPDATE_MAX:
            raise ProjectProblem("update_too_long", UPDATE_MAX)
        now = self._clock.now()
        update = await self._uow.projects.add_update(project.id, author_id, cleaned, now)
        recipients = [m for m in await self._uow.projects.member_ids(project.id) if m != author_id]
        await self._uow.outbox.enqueue_many(
            [
                {
                    "member_id": member_id,
                    "kind": NoticeKind.PROJECT_UPDATE.value,
                    "subject_id": update.id,
                    "meetup_id": None,
                    "dedupe_key": update_key(update.id, member_id),
                    "due_at": now,
                    "status": OutboxStatus.PENDING.value,
                }
                for member_id in recipients
            ]
        )
        return Posted(update, len(recipients))
