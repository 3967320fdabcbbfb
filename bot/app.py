"""The composition root: settings in, a ready core (database, catalogs, dialogs) out."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import Settings
from bot.core.common.clock import Clock, SystemClock
from bot.core.common.delivery import Senders
from bot.core.common.keyed_hash import KeyedHash
from bot.core.common.worker import new_worker_id
from bot.core.communities.demo import SeedDemoCommunities, load_demo_communities
from bot.i18n.catalogs import Catalogs
from bot.storage.common.server_key import server_key
from bot.storage.database import Engine, PoolBudget, create_engine
from bot.storage.migrate import upgrade
from bot.storage.unit_of_work import SqlUnitOfWorkFactory
from dialogs.common.nlu import Understanding, UnderstandingConfig
from dialogs.service import ConversationService

log = logging.getLogger(__name__)


@dataclass
class Core:
    settings: Settings
    engine: Engine
    uow_factory: SqlUnitOfWorkFactory
    catalogs: Catalogs
    clock: Clock
    service: ConversationService
    #: Keyed hashes with the server's key (event ids, web chat sessions).
    keyed_hash: KeyedHash
    #: Channels that can send proactive messages; filled by the runner as channels start.
    senders: Senders = field(default_factory=Senders)
    understanding: Understanding = field(default_factory=Understanding)
    #: This process among the workers sharing the database (leases, job runs, logs).
    worker: str = field(default_factory=new_worker_id)

    async def close(self) -> None:
        await self.understanding.close()
        await self.engine.dispose()


async def build_core(
    settings: Settings, *, clock: Clock | None = None, migrate: bool = True
) -> Core:
    """Migrate the database, seed demo data if wanted and empty, and wire the dialogs."""
    clock = clock or SystemClock()
    url = settings.database_url()
    if url.startswith("sqlite"):
        settings.storage.data_dir.mkdir(parents=True, exist_ok=True)
    if migrate:
        await upgrade(url)
    storage = settings.storage
    engine = create_engine(
        url, pool=PoolBudget(storage.pool_size, storage.max_overflow, storage.pool_timeout_seconds)
    )
    configured = settings.storage.hmac_key
    keyed_hash = KeyedHash(
        await server_key(engine, configured.get_secret_value() if configured else None)
    )
    uow_factory = SqlUnitOfWorkFactory(engine, keyed_hash)
    if settings.demo.seed_communities:
        entries = load_demo_communities()
        async with uow_factory() as uow:
            added = await SeedDemoCommunities(uow, clock)(entries)
            await uow.commit()
        if added:
            log.info("added %d demo communities", added)
    catalogs = Catalogs()
    catalogs.all()  # load every catalog now, not on the first message
    senders = Senders()
    understanding = Understanding(
        UnderstandingConfig(
            backend=settings.nlu.backend,
            rasa_url=settings.nlu.rasa_url,
            timeout_seconds=settings.nlu.timeout_seconds,
            cache_dir=settings.nlu.cache_dir or default_nlu_cache(),
        )
    )
    service = ConversationService(uow_factory, catalogs, clock, senders, understanding, settings)
    return Core(
        settings, engine, uow_factory, catalogs, clock, service, keyed_hash, senders, understanding
    )


def default_nlu_cache() -> Path:
    """Trained models are the same for every data directory: keep them in the user's cache
    (`$XDG_CACHE_HOME/josoor/nlu`), so a fresh data directory does not train again."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "josoor" / "nlu"


async def start_understanding(core: Core) -> None:
    """Load free-text understanding in the background (models need the community names)."""
    async with core.uow_factory() as uow:
        communities = [(c.id, c.all_names()) for c in await uow.communities.list_active()]
    core.understanding.start(communities)
