"""Our message templates as the WhatsApp Business Management API takes them, and that API.

`definitions` builds, for every template kind (`templates.SPECS`) in every language, the JSON
body of `POST /{waba-id}/message_templates` (named parameters with examples, our quick-reply
button), under the name and language code configured in config.yaml (default
`josoor_<key>`). `TemplateAccount` creates templates and lists the account's with their review
status, so `josoor whatsapp templates --check` can say which are missing or not approved.
Errors carry Meta's code only (as in `graph.py`); the token is in a header, never logged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import SecretStr

from bot.channels.whatsapp.graph import answer_of
from bot.channels.whatsapp.templates import EXAMPLES, SPECS, bodies, button_label, default_name
from bot.config import WhatsAppTemplate
from bot.i18n.catalogs import Catalogs
from bot.i18n.locales import SUPPORTED_LOCALES

APPROVED = "APPROVED"
MISSING = "MISSING"


@dataclass(frozen=True, slots=True)
class Definition:
    key: str
    locale: str
    #: The request body of `POST /{waba-id}/message_templates`.
    body: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.body["name"])

    @property
    def language(self) -> str:
        return str(self.body["language"])


def definitions(
    catalogs: Catalogs, configured: Mapping[str, Mapping[str, WhatsAppTemplate]]
) -> list[Definition]:
    """Every template in every language, in the order of `SPECS`."""
    found = []
    for locale in SUPPORTED_LOCALES:
        tr = catalogs.get(locale)
        texts, label = bodies(tr), button_label(tr)
        for spec in SPECS:
            entry = (configured.get(spec.key) or {}).get(locale)
            body: dict[str, Any] = {"type": "BODY", "text": texts[spec.key]}
            if spec.parameters:
                body["example"] = {
                    "body_text_named_params": [
                        {"param_name": name, "example": EXAMPLES[name]} for name in spec.parameters
                    ]
                }
            found.append(
                Definition(
                    spec.key,
                    locale,
                    {
                        "name": entry.name if entry else default_name(spec.key),
                        "language": entry.language if entry else locale,
                        "category": spec.category,
                        "parameter_format": "NAMED",
                        "components": [
                            body,
                            {
                                "type": "BUTTONS",
                                "buttons": [{"type": "QUICK_REPLY", "text": label}],
                            },
                        ],
                    },
                )
            )
    order = {spec.key: index for index, spec in enumerate(SPECS)}
    return sorted(found, key=lambda d: (order[d.key], SUPPORTED_LOCALES.index(d.locale)))


def statuses(
    wanted: Sequence[Definition], existing: Sequence[Mapping[str, Any]]
) -> list[tuple[Definition, str]]:
    """Each wanted template with its review status in the account, or MISSING."""
    known = {(str(t.get("name")), str(t.get("language"))): str(t.get("status")) for t in existing}
    return [(d, known.get((d.name, d.language), MISSING)) for d in wanted]


class TemplateAccount:
    """`GET`/`POST /{version}/{waba-id}/message_templates` with a bearer token."""

    def __init__(
        self,
        api_base: str,
        api_version: str,
        business_account_id: str,
        token: SecretStr,
        *,
        timeout: float = 15.0,
    ) -> None:
        self._url = f"{api_base.rstrip('/')}/{api_version}/{business_account_id}/message_templates"
        self._http = httpx.AsyncClient(
            timeout=timeout,
            headers={"Authorization": f"Bearer {token.get_secret_value()}"},
            follow_redirects=False,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def existing(self) -> list[dict[str, Any]]:
        """Every template of the account (all pages), with name, language and status."""
        found: list[dict[str, Any]] = []
        params: dict[str, str] = {"fields": "name,language,status,category", "limit": "100"}
        while True:
            answer = answer_of(await self._http.get(self._url, params=params))
            data = answer.get("data")
            found.extend(t for t in data if isinstance(t, dict)) if isinstance(
                data, list
            ) else None
            paging = answer.get("paging") or {}
            after = (paging.get("cursors") or {}).get("after")
            if not paging.get("next") or not after:
                return found
            params = {**params, "after": str(after)}

    async def create(self, definition: Definition) -> str:
        """Submit one template for review; returns its status (PENDING, or APPROVED)."""
        answer = answer_of(await self._http.post(self._url, json=definition.body))
        return str(answer.get("status") or "PENDING")
