"""Invite links: /invite makes an unguessable link (with expiry, use limit and a QR code)
for a community; a `/start` with its token joins the person, attributed to the inviter."""

from __future__ import annotations

from dialogs.common.routing import CommandHelp, Feature, Tool
from dialogs.invites.links import command, join, on_option, show

FEATURE = Feature(
    name="invites",
    commands={"/invite": command},
    help={
        "/invite": CommandHelp(
            lambda tr: tr.text("Make an invite link and QR code"), ambassadors_only=True
        )
    },
    options={"inv": on_option},
    tools=(Tool("invite", lambda tr: tr.text("Invite link"), show),),
    start_payloads=(join,),
)
