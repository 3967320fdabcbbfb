"""The ambassadors' message from the outbox: "you are now a co-ambassador", rendered at
delivery in the new co-ambassador's current language."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.common.messages import Reply
from bot.core.common.outbox import NoticeKind
from bot.core.communities.domain import Community
from bot.core.notices import NoticeContext
from bot.core.ports import UnitOfWork
from bot.i18n.catalogs import Translator
from bot.i18n.text import isolate
from dialogs.common.routing import Notice


async def _load_communities(uow: UnitOfWork, ids: Sequence[int]) -> dict[int, object]:
    found: dict[int, object] = {}
    for community_id in ids:
        community = await uow.communities.get(community_id)
        if community is not None and not community.deleted:
            found[community_id] = community
    return found


def _role_granted(tr: Translator, context: NoticeContext) -> list[Reply]:
    assert isinstance(context.subject, Community)
    text = tr.text(
        "You are now a co-ambassador of {community}. New commands: /broadcast, /invite, "
        "/members, /stats, /newmeetup.",
        community=isolate(context.subject.name(tr.locale)),
    )
    return [
        Reply(
            text=text,
            locale=tr.locale,
            template_key="role_granted",
            template_params=(context.subject.name(tr.locale),),
        )
    ]


NOTICES = (Notice(NoticeKind.ROLE_GRANTED, _role_granted, _load_communities),)
