"""The WhatsApp Business Management API's message templates, for the Graph API emulator.

``POST /{version}/{waba_id}/message_templates`` creates a template (answer ``{"id", "status":
"PENDING", "category"}``) and ``GET`` lists them as ``{"data": [...], "paging": {"cursors":
{"before", "after"}, "next"}}`` with ``limit`` and ``after``. Creation is checked as Meta
documents it: a lowercase name, a known category, a BODY of at most 1,024 characters whose
named parameters (``{{title}}``) all have examples and that does not start or end with one,
at most one template per name and language (error 100, subcode 2388024). A test approves or
rejects with `review`.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from tests.emulators.whatsapp_validation import ApiError

JSONDict = dict[str, Any]
CATEGORIES = frozenset({"UTILITY", "MARKETING", "AUTHENTICATION"})
_NAME = re.compile(r"[a-z0-9_]{1,512}")
_PARAMETER = re.compile(r"\{\{([a-z0-9_]+)\}\}")


class TemplateStore:
    def __init__(self) -> None:
        self.templates: list[JSONDict] = []
        self._ids = itertools.count(1_000_000_000_000_001)

    def review(self, name: str, language: str, status: str = "APPROVED") -> None:
        for template in self.templates:
            if template["name"] == name and template["language"] == language:
                template["status"] = status
                return
        raise AssertionError(f"no template {name} in {language}")

    def create(self, body: JSONDict) -> JSONDict:
        name, language, category = body.get("name"), body.get("language"), body.get("category")
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise ApiError(100, "Invalid parameter", "name must be lowercase letters, digits, _")
        if not isinstance(language, str) or not language:
            raise ApiError(100, "Invalid parameter", "language is required")
        if category not in CATEGORIES:
            raise ApiError(100, "Invalid parameter", "category must be UTILITY, MARKETING or …")
        _check_components(body.get("components"), body.get("parameter_format"))
        if any(t["name"] == name and t["language"] == language for t in self.templates):
            error = ApiError(100, "Invalid parameter", "Content in this language already exists")
            error.subcode = 2388024
            raise error
        template = {
            "id": str(next(self._ids)),
            "name": name,
            "language": language,
            "status": "PENDING",
            "category": category,
            "parameter_format": body.get("parameter_format", "POSITIONAL"),
            "components": body["components"],
        }
        self.templates.append(template)
        return {"id": template["id"], "status": "PENDING", "category": category}

    def page(self, limit: int, after: str | None, url: str) -> JSONDict:
        start = int(after) if after and after.isdigit() else 0
        chunk = self.templates[start : start + limit]
        answer: JSONDict = {"data": [dict(t) for t in chunk]}
        if chunk:
            answer["paging"] = {"cursors": {"before": str(start), "after": str(start + limit)}}
            if start + limit < len(self.templates):
                answer["paging"]["next"] = f"{url}?limit={limit}&after={start + limit}"
        return answer


def _check_components(components: object, parameter_format: object) -> None:
    if not isinstance(components, list) or not components:
        raise ApiError(100, "Invalid parameter", "components are required")
    bodies = [c for c in components if isinstance(c, dict) and c.get("type") == "BODY"]
    if len(bodies) != 1 or not isinstance(text := bodies[0].get("text"), str):
        raise ApiError(100, "Invalid parameter", "exactly one BODY with text is required")
    if not 1 <= len(text) <= 1024:
        raise ApiError(100, "Invalid parameter", "BODY text length must be 1-1024")
    names = _PARAMETER.findall(text)
    if names:
        if parameter_format != "NAMED":
            raise ApiError(100, "Invalid parameter", "named parameters need NAMED format")
        if text.strip().startswith("{{") or text.strip().endswith("}}"):
            raise ApiError(2388299, "Variables can't be at the start or end of the template")
        example = bodies[0].get("example") or {}
        given = {p.get("param_name") for p in example.get("body_text_named_params") or []}
        if set(names) - given:
            raise ApiError(100, "Invalid parameter", "every named parameter needs an example")
    for component in components:
        if isinstance(component, dict) and component.get("type") == "BUTTONS":
            for button in component.get("buttons") or []:
                label = button.get("text") if isinstance(button, dict) else None
                if not isinstance(label, str) or not 1 <= len(label) <= 25:
                    raise ApiError(100, "Invalid parameter", "button text must be 1-25 chars")
