"""Template messages: the only kind WhatsApp delivers outside the 24-hour service window.

Which template a reply becomes is configuration (`whatsapp.templates.<key>.<language>` in
config.yaml): the reply names a `template_key`, the member's language picks the entry, and the
reply's `template_params` fill the template's body parameters in the configured order (named
parameters when the configuration names them, which WhatsApp checks against the template).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.config import WhatsAppTemplate
from bot.core.common.messages import Reply
from bot.i18n.locales import DEFAULT_LOCALE

#: WhatsApp's limit for one body parameter.
MAX_PARAMETER = 1024


class Templates:
    def __init__(self, configured: Mapping[str, Mapping[str, WhatsAppTemplate]]) -> None:
        self._configured = configured

    def message_for(self, reply: Reply) -> dict[str, Any] | None:
        """The template message for `reply`, or None when none is configured for it."""
        if reply.template_key is None:
            return None
        by_language = self._configured.get(reply.template_key) or {}
        template = by_language.get(reply.locale) or by_language.get(DEFAULT_LOCALE)
        if template is None:
            return None
        body: dict[str, Any] = {
            "name": template.name,
            "language": {"policy": "deterministic", "code": template.language},
        }
        values = [" ".join(value.split())[:MAX_PARAMETER] for value in reply.template_params]
        if values:
            parameters = []
            for index, value in enumerate(values):
                parameter = {"type": "text", "text": value or "-"}
                if index < len(template.parameters):
                    parameter["parameter_name"] = template.parameters[index]
                parameters.append(parameter)
            body["components"] = [{"type": "body", "parameters": parameters}]
        return {"type": "template", "template": body}
