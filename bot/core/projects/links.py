"""Checking that a project's group link really is a Telegram or WhatsApp group link.

The link is shown to everyone who joins, so anything else (a web page, a bot, a message
link, plain http) is refused: members should be able to trust where it leads.
"""

from __future__ import annotations

import re

#: A public Telegram username (group or channel): 5-32 letters, digits and underscores,
#: starting with a letter. Usernames ending in "bot" belong to bots.
_TELEGRAM_PUBLIC = re.compile(r"^(?!.*bot$)[a-z][a-z0-9_]{3,30}[a-z0-9]$", re.IGNORECASE)
#: An invite hash after `t.me/+` or `t.me/joinchat/`.
_TELEGRAM_INVITE = re.compile(r"^[A-Za-z0-9_-]{10,64}$")
_WHATSAPP_CODE = re.compile(r"^[A-Za-z0-9]{16,32}$")
_TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me"})


class GroupLinkProblem(ValueError):
    """The text is not a Telegram or WhatsApp group link."""


def clean_group_link(text: str) -> str:
    """The link in its canonical form (`https://t.me/…`, `https://chat.whatsapp.com/…`).

    A missing `https://` is added; anything else that is not a group link raises
    GroupLinkProblem.
    """
    link = text.strip()
    if "://" not in link:
        link = f"https://{link}"
    scheme, _, rest = link.partition("://")
    if scheme.lower() != "https" or any(c in rest for c in "?#@ \t\n"):
        raise GroupLinkProblem("not an https link")
    host, _, path = rest.partition("/")
    host = host.lower().removeprefix("www.")
    path = path.removesuffix("/")
    if host in _TELEGRAM_HOSTS:
        if path.startswith("+") and _TELEGRAM_INVITE.match(path[1:]):
            return f"https://t.me/{path}"
        invite = path.removeprefix("joinchat/")
        if path.startswith("joinchat/") and _TELEGRAM_INVITE.match(invite):
            return f"https://t.me/+{invite}"
        if _TELEGRAM_PUBLIC.match(path):
            return f"https://t.me/{path}"
    elif host == "chat.whatsapp.com" and _WHATSAPP_CODE.match(path):
        return f"https://chat.whatsapp.com/{path}"
    raise GroupLinkProblem("not a group link")
