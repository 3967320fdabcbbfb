"""`josoor whatsapp templates [--push | --check]`: the message templates WhatsApp needs.

Without options it prints every template in every language as JSON, each the body of the
WhatsApp Business Management API's `POST /{waba-id}/message_templates`. `--push` creates
those the account (WHATSAPP_BUSINESS_ACCOUNT_ID, with WHATSAPP_TOKEN) does not have yet;
`--check` lists each with its review status and exits 1 while any is missing or not approved
(notices outside the 24-hour window need approved ones).

Wiring (bot/cli.py): `add_whatsapp_commands(commands)` in `_parser()`, and in `_dispatch`:
`if args.command == "whatsapp": return await run_whatsapp_command(args, settings)`.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot.channels.whatsapp.graph import GraphError
from bot.channels.whatsapp.management import (
    APPROVED,
    MISSING,
    TemplateAccount,
    definitions,
    statuses,
)
from bot.config import Settings
from bot.i18n.catalogs import Catalogs


def add_whatsapp_commands(subparsers: Any) -> None:
    whatsapp = subparsers.add_parser("whatsapp", help="WhatsApp Business: message templates")
    actions = whatsapp.add_subparsers(dest="whatsapp_command", required=True, metavar="ACTION")
    templates = actions.add_parser(
        "templates", help="print the message templates as the Business Management API takes them"
    )
    mode = templates.add_mutually_exclusive_group()
    mode.add_argument("--push", action="store_true", help="create the missing ones in the account")
    mode.add_argument("--check", action="store_true", help="say which are missing or not approved")


async def run_whatsapp_command(args: argparse.Namespace, settings: Settings) -> int:
    wanted = definitions(Catalogs(), settings.whatsapp.templates)
    if not (args.push or args.check):
        print(json.dumps([d.body for d in wanted], ensure_ascii=False, indent=2))
        return 0
    whatsapp = settings.whatsapp
    if whatsapp.token is None or not whatsapp.business_account_id:
        print(
            "josoor: set WHATSAPP_TOKEN and WHATSAPP_BUSINESS_ACCOUNT_ID for --push and --check",
            file=sys.stderr,
        )
        return 2
    account = TemplateAccount(
        whatsapp.api_base, whatsapp.api_version, whatsapp.business_account_id, whatsapp.token
    )
    try:
        found = statuses(wanted, await account.existing())
        if args.check:
            for definition, status in found:
                print(f"{status:<9} {definition.name} {definition.language}")
            missing = sum(status == MISSING for _, status in found)
            waiting = sum(status not in (MISSING, APPROVED) for _, status in found)
            print(f"{len(found)} templates: {missing} missing, {waiting} not approved yet")
            return 0 if missing + waiting == 0 else 1
        failed = 0
        for definition, status in found:
            if status != MISSING:
                print(f"exists    {definition.name} {definition.language} ({status})")
                continue
            try:
                created = await account.create(definition)
            except GraphError as error:
                failed += 1
                print(f"refused   {definition.name} {definition.language} (code {error.code})")
            else:
                print(f"created   {definition.name} {definition.language} ({created})")
        return 0 if failed == 0 else 1
    except GraphError as error:
        print(f"josoor: WhatsApp refused the request (code {error.code})", file=sys.stderr)
        return 1
    finally:
        await account.aclose()
