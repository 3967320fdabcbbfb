"""Repository of Welcome Groups: SQL in, domain objects out. Flushes, never commits.

One repository (`uow.welcome`) made of one part per aggregate: groups, requests, proposals
(with declined pairs) and check-ins (with feedback).
"""

from __future__ import annotations

from bot.storage.welcome.checkins import CheckinQueries
from bot.storage.welcome.groups import GroupQueries
from bot.storage.welcome.proposals import ProposalQueries
from bot.storage.welcome.requests import RequestQueries


class SqlWelcomeRepository(GroupQueries, RequestQueries, ProposalQueries, CheckinQueries):
    pass
