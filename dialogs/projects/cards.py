"""How a project is shown, and what each project problem means in words.

Everything a person typed (titles, descriptions, reasons, language names in their own
script) is isolated, so it cannot turn the sentence around it in Arabic or Farsi.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.communities.domain import Community
from bot.core.projects.domain import PROJECT_LANGUAGES, Project, ProjectStatus
from bot.core.projects.topics import topic_button
from bot.i18n.catalogs import Translator
from bot.i18n.text import isolate


@dataclass(frozen=True, slots=True)
class CardFacts:
    """What the card says about the viewer and the project's place in the network."""

    #: None hides the count (a preview before anything is stored).
    members: int | None = 0
    joined: bool = False
    leads: bool = False
    #: Set when the project belongs to a community the viewer is not looking from.
    elsewhere: Community | None = None
    #: How often other communities copied this project.
    reused: int = 0


def languages_text(codes: tuple[str, ...]) -> str:
    return ", ".join(isolate(PROJECT_LANGUAGES.get(code, code)) for code in codes)


def card_text(tr: Translator, project: Project, facts: CardFacts) -> str:
    lines = [isolate(project.title), topic_button(tr, project.topic)]
    if project.languages:
        lines.append(f"🗣 {languages_text(project.languages)}")
    if project.description:
        lines.append(isolate(project.description))
    if facts.elsewhere is not None:
        place = isolate(facts.elsewhere.name(tr.locale))
        lines.append(tr.text("🌍 A project in {community}", community=place))
    if facts.members is not None:
        lines.append("👥 " + tr.plural("{n} member", "{n} members", facts.members))
    if facts.reused:
        lines.append(
            tr.plural(
                "🔁 Copied by {n} other community",
                "🔁 Copied by {n} other communities",
                facts.reused,
            )
        )
    status = {
        ProjectStatus.DRAFT: tr.text("📝 A draft: members do not see it until it is published."),
        ProjectStatus.PROPOSED: tr.text("⏳ Proposed: waiting for an ambassador's decision."),
        ProjectStatus.DECLINED: tr.text("This proposal was not approved."),
    }.get(project.status)
    if status:
        lines.append(status)
    if facts.leads:
        lines.append(tr.text("⭐ You lead this project."))
    elif facts.joined:
        lines.append(tr.text("✅ You are in this project."))
    if facts.joined and project.group_link and project.open:
        lines.append(tr.text("Group chat: {link}", link=project.group_link))
    return "\n".join(lines)


def problem_text(tr: Translator, reason: str, limit: int | None = None) -> str:
    limit = limit or 0
    texts = {
        "not_found": tr.text("This project does not exist any more."),
        "declined": tr.text("This project was not approved, so it cannot be joined."),
        "not_open": tr.text("This project is not open yet: an ambassador has not approved it."),
        "other_community": tr.text(
            "This project belongs to another community. Join that community first to take part."
        ),
        "already_decided": tr.text("This was already decided."),
        "not_lead": tr.text("Only the lead of this project can do that."),
        "lead_must_hand_on": tr.text(
            "You lead this project. Please hand the lead on to another member before you leave."
        ),
        "not_in_project": tr.text("You are not in this project."),
        "new_lead_not_member": tr.text("That person is not in the project any more."),
        "same_lead": tr.text("That person already leads this project."),
        "duplicate": tr.text(
            "There is already a project with this name in the community. Please choose "
            "another name."
        ),
        "title_empty": tr.text("Please type a name for the project."),
        "title_too_long": tr.text(
            "That name is too long. Please use at most {limit} characters.", limit=limit
        ),
        "description_too_long": tr.text(
            "That text is too long. Please use at most {limit} characters.", limit=limit
        ),
        "reason_too_long": tr.text(
            "That text is too long. Please use at most {limit} characters.", limit=limit
        ),
        "update_too_long": tr.text(
            "That text is too long. Please use at most {limit} characters.", limit=limit
        ),
        "bad_link": tr.text(
            "That is not a Telegram or WhatsApp group link. A group link looks like "
            "https://t.me/… or https://chat.whatsapp.com/…. Send the link again, or tap Skip."
        ),
        "unknown_topic": tr.text("Please pick a topic from the list."),
        "reason_empty": tr.text("Please write a short reason."),
        "update_empty": tr.text("Please write the update as text."),
        "same_community": tr.text("This already belongs to your community."),
        "not_ambassador": tr.text("Only ambassadors of this community can do that."),
    }
    fallback = tr.text("Sorry, something went wrong on my side. Please try again.")
    return texts.get(reason) or fallback
