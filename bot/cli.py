"""The `josoor` command line (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from bot.cli_broadcasts import add_broadcast_commands, run_broadcast_command
from bot.cli_match import add_match_commands, run_match_command
from bot.cli_meetups import add_meetup_commands, run_meetup_command
from bot.cli_nlu import add_nlu_commands, run_nlu_command
from bot.cli_projects import add_project_commands, run_project_command
from bot.cli_whatsapp import add_whatsapp_commands, run_whatsapp_command
from bot.config import ConfigError, Settings, load_settings
from bot.core.common.domain import ChannelAddress, Coordinates
from bot.i18n.locales import SUPPORTED_LOCALES
from bot.logging_setup import configure_logging


class UsageError(Exception):
    """A wrong argument value: printed as one clear line, exit status 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="josoor", description="Josoor: connecting refugees and supporters."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the bot: channels, web chat and /healthz")
    run.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    run.add_argument("--port", type=int, help="port to listen on (default 8080)")

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_commands.add_parser("upgrade", help="apply all database migrations")
    save = db_commands.add_parser(
        "backup", help="copy the SQLite database to PATH (also while the bot runs)"
    )
    save.add_argument("path", type=Path, help="a new file, e.g. backups/josoor-2026-12-03.sqlite3")
    load = db_commands.add_parser(
        "restore", help="replace the SQLite database with the backup at PATH (bot stopped)"
    )
    load.add_argument("path", type=Path, help="a file made by `josoor db backup`")

    community = commands.add_parser("community", help="list or add communities")
    community_commands = community.add_subparsers(
        dest="community_command", required=True, metavar="ACTION"
    )
    listing = community_commands.add_parser("list", help="list communities")
    listing.add_argument("--json", action="store_true", help="print JSON")
    add = community_commands.add_parser("add", help="add a community")
    add.add_argument("slug", help="short id used in links, e.g. the-hague")
    add.add_argument(
        "--name",
        action="append",
        required=True,
        metavar="LANG=NAME",
        help=f"name in a language ({', '.join(SUPPORTED_LOCALES)}); repeat; en is required",
    )
    add.add_argument("--country", required=True, help="ISO 3166 code, e.g. AT")
    add.add_argument("--timezone", required=True, help="IANA timezone, e.g. Europe/Vienna")
    add.add_argument("--lat", type=float, help="latitude of the city centre")
    add.add_argument("--lon", type=float, help="longitude of the city centre")
    add.add_argument("--alias", action="append", default=[], help="another spelling; repeat")

    ambassador = commands.add_parser("ambassador", help="appoint ambassadors")
    ambassador_commands = ambassador.add_subparsers(
        dest="ambassador_command", required=True, metavar="ACTION"
    )
    appoint = ambassador_commands.add_parser("add", help="make someone an ambassador")
    appoint.add_argument("community", help="community slug, e.g. vienna")
    appoint.add_argument("address", help="CHANNEL:ID, e.g. telegram:123456")

    member = commands.add_parser("member", help="member data")
    member_commands = member.add_subparsers(dest="member_command", required=True, metavar="ACTION")
    export = member_commands.add_parser("export", help="print everything stored about a member")
    export.add_argument("address", help="CHANNEL:ID, e.g. telegram:123456")
    add_meetup_commands(commands)
    add_broadcast_commands(commands)
    add_match_commands(commands)
    add_nlu_commands(commands)
    add_project_commands(commands)
    add_whatsapp_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"josoor: configuration error: {error}", file=sys.stderr)
        return 2
    configure_logging(settings.logging.level, settings.secret_values())
    try:
        return asyncio.run(_dispatch(args, settings))
    except UsageError as error:
        print(f"josoor: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception:
        # Through the log's redaction, never Python's raw traceback on stderr.
        logging.getLogger("bot").exception("josoor %s stopped by an error", args.command)
        return 1


async def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "nlu":
        return await run_nlu_command(args)
    if args.command == "whatsapp":
        return await run_whatsapp_command(args, settings)
    if args.command == "run":
        from bot.runner import run

        http = settings.http.model_copy(
            update={k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
        )
        await run(settings.model_copy(update={"http": http}))
        return 0
    if args.command == "db" and args.db_command in ("backup", "restore"):
        return await _backup_or_restore(settings, args)
    if args.command == "db":
        from bot.storage.migrate import upgrade

        if settings.storage.database_url is None:
            settings.storage.data_dir.mkdir(parents=True, exist_ok=True)
        await upgrade(settings.database_url())
        print("database is up to date")
        return 0
    handlers: dict[tuple[str, str], Callable[[Any, argparse.Namespace], Awaitable[int]]] = {
        ("community", "list"): _community_list,
        ("community", "add"): _community_add,
        ("ambassador", "add"): _ambassador_add,
        ("member", "export"): _member_export,
    }
    if args.command == "project":
        return await _with_core(
            settings, args, lambda core, a: run_project_command(core, a, UsageError)
        )
    if args.command == "match":
        return await _with_core(
            settings, args, lambda core, a: run_match_command(core, a, UsageError)
        )
    if args.command == "broadcast":
        return await _with_core(
            settings, args, lambda core, a: run_broadcast_command(core, a, UsageError)
        )
    if args.command == "meetup":
        return await _with_core(
            settings, args, lambda core, a: run_meetup_command(core, a, UsageError)
        )
    action = getattr(args, f"{args.command}_command")
    return await _with_core(settings, args, handlers[(args.command, action)])


async def _backup_or_restore(settings: Settings, args: argparse.Namespace) -> int:
    from bot.storage import backup
    from bot.storage.migrate import head_revision, known_revisions, upgrade

    database = backup.sqlite_path(settings.database_url())
    if database is None:
        raise UsageError(
            f"db {args.db_command} is for the embedded SQLite database; on PostgreSQL use "
            "pg_dump -Fc and pg_restore (see the README)"
        )
    try:
        if args.db_command == "backup":
            await asyncio.to_thread(backup.backup, database, args.path)
            print(f"backup written to {args.path}")
            return 0
        with backup.run_lock(database, exclusive=True):
            revision = await asyncio.to_thread(
                backup.restore, args.path, database, head_revision(), known_revisions()
            )
            await upgrade(settings.database_url())
    except backup.BackupError as error:
        raise UsageError(str(error)) from None
    print(f"restored {args.path} (schema {revision}, now up to date)")
    return 0


async def _with_core(
    settings: Settings,
    args: argparse.Namespace,
    handler: Callable[[Any, argparse.Namespace], Awaitable[int]],
) -> int:
    from bot.app import build_core

    core = await build_core(settings)
    try:
        return await handler(core, args)
    finally:
        await core.close()


async def _community_list(core: Any, args: argparse.Namespace) -> int:
    async with core.uow_factory() as uow:
        communities = await uow.communities.list_active()
    if args.json:
        rows = [
            {
                "slug": c.slug,
                "names": c.names,
                "country": c.country,
                "timezone": c.timezone,
                "latitude": c.coordinates.latitude if c.coordinates else None,
                "longitude": c.coordinates.longitude if c.coordinates else None,
            }
            for c in communities
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not communities:
        print("no communities yet: add one with `josoor community add`")
    for c in communities:
        print(f"{c.slug:<16} {c.country}  {c.timezone:<20} {c.name('en')}")
    return 0


def _parse_names(pairs: list[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for pair in pairs:
        locale, sep, name = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--name expects LANG=NAME, e.g. en=Vienna, got {pair!r}")
        names[locale.strip()] = name.strip()
    return names


async def _community_add(core: Any, args: argparse.Namespace) -> int:
    from bot.core.communities.directory import AddCommunity, CommunityError

    if (args.lat is None) != (args.lon is None):
        raise UsageError("give both --lat and --lon, or neither")
    coordinates = Coordinates(args.lat, args.lon) if args.lat is not None else None
    async with core.uow_factory() as uow:
        try:
            community = await AddCommunity(uow, core.clock)(
                args.slug,
                _parse_names(args.name),
                args.country.upper(),
                args.timezone,
                coordinates,
                args.alias,
            )
        except CommunityError as error:
            raise UsageError(str(error)) from None
        await uow.commit()
    print(f"added community {community.slug}")
    return 0


async def _ambassador_add(core: Any, args: argparse.Namespace) -> int:
    from bot.core.ambassadors.roles import AddAmbassadorAudited
    from bot.core.communities.directory import CommunityError

    try:
        address = ChannelAddress.parse(args.address)
    except ValueError as error:
        raise UsageError(str(error)) from None
    async with core.uow_factory() as uow:
        try:
            await AddAmbassadorAudited(uow, core.clock)(args.community, address)
        except CommunityError as error:
            raise UsageError(str(error)) from None
        await uow.commit()
    print(f"{address} is now an ambassador of {args.community}")
    return 0


async def _member_export(core: Any, args: argparse.Namespace) -> int:
    from bot.core.privacy.member_data import LoadMemberRecord, export_document

    try:
        address = ChannelAddress.parse(args.address)
    except ValueError as error:
        raise UsageError(str(error)) from None
    async with core.uow_factory() as uow:
        member = await uow.members.by_address(address)
        record = await LoadMemberRecord(uow)(member.id) if member else None
    if record is None:
        print(f"josoor: no member with {address}", file=sys.stderr)
        return 1
    print(json.dumps(export_document(record), ensure_ascii=False, indent=2))
    return 0
