"""Every feature's proactive messages in one place for the outbox dispatcher: how each kind
is rendered (in the member's language at delivery), loaded and judged still wanted.

The features declare their kinds on their `Feature` (`notices`, `after_dispatch`); this is
the `Notices` object of `bot/core/notices.py`, built from the one feature list.
"""

from __future__ import annotations

from bot.core.ambassadors.broadcast_progress import Progress
from bot.core.common.messages import Reply
from bot.core.common.outbox import NoticeKind
from bot.core.communities.domain import Community
from bot.core.notices import AfterDispatch, NoticeContext, Policy, SubjectLoader
from bot.i18n.catalogs import Catalogs
from dialogs.broadcasts.progress import progress_reply
from dialogs.common.routing import Routes
from dialogs.features import ROUTES


class NoticeRenderer:
    def __init__(self, catalogs: Catalogs, routes: Routes = ROUTES) -> None:
        self._catalogs = catalogs
        self._notices = routes.notices
        self.subject_loaders: dict[NoticeKind, SubjectLoader] = {
            kind: notice.load for kind, notice in routes.notices.items() if notice.load
        }
        self.policies: dict[NoticeKind, Policy] = {
            kind: notice.wanted for kind, notice in routes.notices.items() if notice.wanted
        }
        self.bulk_kinds = frozenset(k for k, notice in routes.notices.items() if notice.bulk)
        self.after_dispatch: tuple[AfterDispatch, ...] = tuple(routes.after_dispatch)

    def __call__(self, context: NoticeContext) -> list[Reply]:
        tr = self._catalogs.get(context.member.locale)
        return self._notices[context.item.kind].render(tr, context)

    def broadcast_progress(
        self, progress: Progress, community: Community, locale: str, *, editable: bool
    ) -> Reply:
        """A broadcast's status message (the `ProgressRenderer` of the progress job)."""
        tr = self._catalogs.get(locale)
        return progress_reply(tr, progress, community, editable=editable)
