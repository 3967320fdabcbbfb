"""Template messages: the only kind WhatsApp delivers outside the 24-hour service window.

Every proactive notice kind has a template here (`SPECS`: its key, named body parameters,
category) with its text in every language from the catalogs (`bodies`), so that `josoor
whatsapp templates` can print, create and check them. Which approved template a reply becomes
is configuration (`whatsapp.templates.<key>.<language>` in config.yaml): the reply names a
`template_key`, the member's language picks the entry, and the reply's `template_params` fill
the named body parameters in order. A template with our quick-reply button gets the reply's
first option as the button's payload (or "open the menu"), so one tap shows the notice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.config import WhatsAppTemplate
from bot.core.common.messages import Reply
from bot.i18n.catalogs import Translator
from bot.i18n.locales import DEFAULT_LOCALE

#: WhatsApp's limit for one body parameter.
MAX_PARAMETER = 1024
#: The quick-reply payload of a notice without options: the adapter reads it as /menu.
MENU_PAYLOAD = "josoor:menu"


@dataclass(frozen=True, slots=True)
class TemplateSpec:
    key: str
    #: Named body parameters, in the order the notice's `template_params` fill them.
    parameters: tuple[str, ...]
    #: Meta's category: UTILITY for notices about something the member asked for.
    category: str = "UTILITY"


_MEETUP = ("title", "when")
_WELCOME = ("group",)
SPECS: tuple[TemplateSpec, ...] = (
    TemplateSpec("meetup_reminder", _MEETUP),
    TemplateSpec("meetup_seat_free", _MEETUP),
    TemplateSpec("meetup_cancelled", _MEETUP),
    TemplateSpec("meetup_changed", ("title",)),
    TemplateSpec("project_proposed", ("title",)),
    TemplateSpec("project_decided", ("title",)),
    TemplateSpec("project_update", ("title",)),
    TemplateSpec("project_lead", ("title",)),
    # Announcements to a whole community are what Meta calls marketing.
    TemplateSpec("community_broadcast", ("community", "text"), "MARKETING"),
    TemplateSpec("broadcast_report", ("community",)),
    TemplateSpec("translation_request", ("community",)),
    TemplateSpec("translation_ready", ("community",)),
    TemplateSpec("role_granted", ("community",)),
    TemplateSpec("welcome_group_ready", _WELCOME),
    TemplateSpec("welcome_proposal", _WELCOME),
    TemplateSpec("welcome_proposal_ended", _WELCOME),
    TemplateSpec("welcome_withdrawn", _WELCOME),
    TemplateSpec("welcome_matched", _WELCOME),
    TemplateSpec("welcome_contact", _WELCOME),
    TemplateSpec("welcome_checkin", _WELCOME),
    TemplateSpec("welcome_attention", _WELCOME),
    TemplateSpec("welcome_closing", _WELCOME),
    TemplateSpec("welcome_closed", _WELCOME),
)
#: Example values Meta's review asks for, one per parameter name.
EXAMPLES = {
    "title": "Language café",
    "when": "Saturday, 12 December, 15:00",
    "community": "Vienna",
    "text": "We meet at the city library this week.",
    "group": "Team Linz",
}


def default_name(key: str) -> str:
    return f"josoor_{key}"


def bodies(tr: Translator) -> dict[str, str]:
    """Each template's body in `tr`'s language, with WhatsApp's `{{name}}` placeholders."""
    p = {name: "{{" + name + "}}" for name in EXAMPLES}
    return {
        "meetup_reminder": tr.text(
            "Reminder: the meetup {title} is on {when}. Tap below to see the details.",
            title=p["title"], when=p["when"],
        ),
        "meetup_seat_free": tr.text(
            "Good news: a place became free for you at {title} on {when}. Tap below to see it.",
            title=p["title"], when=p["when"],
        ),
        "meetup_cancelled": tr.text(
            "The meetup {title} on {when} has been cancelled. Tap below to see other meetups.",
            title=p["title"], when=p["when"],
        ),
        "meetup_changed": tr.text(
            "The meetup {title} has changed. Tap below to see the new details.",
            title=p["title"],
        ),
        "project_proposed": tr.text(
            "A new project proposal is waiting for your decision: {title}. Tap below to "
            "review it.",
            title=p["title"],
        ),
        "project_decided": tr.text(
            "The ambassadors have decided on your project proposal {title}. Tap below to see "
            "the decision.",
            title=p["title"],
        ),
        "project_update": tr.text(
            "There is news from the project {title}. Tap below to read it.", title=p["title"]
        ),
        "project_lead": tr.text(
            "You now lead the project {title}. Tap below to see what you can do.",
            title=p["title"],
        ),
        "community_broadcast": tr.text(
            "Message from the ambassadors of {community}: {text} Tap below for the menu.",
            community=p["community"], text=p["text"],
        ),
        "broadcast_report": tr.text(
            "Your message to {community} has gone out. Tap below for the delivery report.",
            community=p["community"],
        ),
        "translation_request": tr.text(
            "An ambassador of {community} asks you to write a message in your language. Tap "
            "below to see it.",
            community=p["community"],
        ),
        "translation_ready": tr.text(
            "A new language version of your message to {community} is ready. Tap below to "
            "preview it.",
            community=p["community"],
        ),
        "role_granted": tr.text(
            "You are now a co-ambassador of {community}. Tap below to see your new tools.",
            community=p["community"],
        ),
        "welcome_group_ready": tr.text(
            "Your Welcome Group {group} is ready. Tap below to see what happens next.",
            group=p["group"],
        ),
        "welcome_proposal": tr.text(
            "There is a Welcome Group proposal for {group}. Tap below to see it and answer.",
            group=p["group"],
        ),
        "welcome_proposal_ended": tr.text(
            "A Welcome Group proposal for {group} has ended. Tap below to see why.",
            group=p["group"],
        ),
        "welcome_withdrawn": tr.text(
            "A newcomer has withdrawn their request to {group}. Tap below to see your Welcome "
            "Group.",
            group=p["group"],
        ),
        "welcome_matched": tr.text(
            "Your Welcome Group match with {group} is confirmed. Tap below to see the next "
            "steps.",
            group=p["group"],
        ),
        "welcome_contact": tr.text(
            "Contacts can now be shared in your Welcome Group match with {group}. Tap below "
            "to see them.",
            group=p["group"],
        ),
        "welcome_checkin": tr.text(
            "Time for the monthly check-in of your Welcome Group {group}. Tap below to answer.",
            group=p["group"],
        ),
        "welcome_attention": tr.text(
            "A Welcome Group match with {group} needs help. Tap below to see it.",
            group=p["group"],
        ),
        "welcome_closing": tr.text(
            "Your Welcome Group match with {group} is coming to its end. Tap below to close "
            "or continue it.",
            group=p["group"],
        ),
        "welcome_closed": tr.text(
            "Your Welcome Group match with {group} has been closed. Tap below to tell us how "
            "it was.",
            group=p["group"],
        ),
    }  # fmt: skip


def button_label(tr: Translator) -> str:
    """The quick-reply button every template has (at most 25 characters)."""
    return tr.text("Show me")


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
        components: list[dict[str, Any]] = []
        values = [" ".join(value.split())[:MAX_PARAMETER] for value in reply.template_params]
        if values:
            parameters = []
            for index, value in enumerate(values):
                parameter = {"type": "text", "text": value or "-"}
                if index < len(template.parameters):
                    parameter["parameter_name"] = template.parameters[index]
                parameters.append(parameter)
            components.append({"type": "body", "parameters": parameters})
        if template.quick_reply:
            payload = reply.options[0].id if reply.options else MENU_PAYLOAD
            components.append(
                {
                    "type": "button",
                    "sub_type": "quick_reply",
                    "index": "0",
                    "parameters": [{"type": "payload", "payload": payload}],
                }
            )
        if components:
            body["components"] = components
        return {"type": "template", "template": body}
