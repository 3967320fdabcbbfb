"""First contact: language → privacy notice → (accept) → role → community.

The first answer is in the language the person writes in (see `first_languages`), and the
first screen always offers every other language, each named in its own script.

Nothing about the person is stored before they accept the privacy notice: until then the
chosen language travels inside the option ids, and a deep-link payload is parked under a
random nonce that is not linked to anyone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.core.common.messages import InboundKind, Option
from bot.core.communities.domain import CommunityRole
from bot.core.members.consent import AcceptPrivacyNotice
from bot.core.members.domain import MemberRole
from bot.i18n.catalogs import Translator, best_locale
from bot.i18n.text import isolate, strip_bidi_controls
from dialogs.common import menu
from dialogs.common.commands import command_of
from dialogs.common.handovers import find_community, open_start_link
from dialogs.common.keywords import STOP, keyword
from dialogs.common.languages import MENU_ORDER, language_options
from dialogs.common.turn import Turn
from nlu.language_words import candidate_languages

STATE_ROLE = "onboarding.role"


def privacy_notice(turn: Turn, nonce: str = "") -> None:
    """The first screen: a one-tap switch to every other language, each named in its own
    script, then the privacy notice in the language we chose for the person."""
    tr = turn.tr
    tail = f":{nonce}" if nonce else ""
    turn.say(
        tr.text("Welcome to Josoor! If you prefer another language, tap it:"),
        [o for o in language_options("lang", nonce) if o.id.split(":")[1] != turn.locale],
        compact=True,
    )
    turn.say(
        tr.text(
            "Before we start, please read how I handle your data.\n\n"
            "What I store: your chosen language, the communities you join, whether you are "
            "new in the country or a supporter, your first name as shown in this app, and the ID "
            "of your account in this app (on WhatsApp: your phone number) so I can answer "
            "you.\n"
            "So that I answer each message only once, I keep an unreadable code of it (not "
            "its text) for 7 days.\n"
            "For meetups I also store which ones you said you will come to, whether you "
            "checked in, and whether you want reminders.\n"
            "What I never store: the text of your messages, your location, your phone "
            "contacts.\n"
            "Why: to connect you with your local community and tell you about its meetups.\n"
            "Who sees it: only the volunteer ambassadors of the communities you join.\n"
            "Delete it: send /forget at any time and everything is erased. /mydata shows "
            "everything I have stored.\n\n"
            "Do you agree?"
        ),
        [
            Option(f"consent:accept:{turn.locale}{tail}", tr.text("Yes, I agree")),
            Option(f"consent:decline:{turn.locale}", tr.text("No, thanks")),
        ],
    )


def language_menu(turn: Turn, nonce: str = "", greet_in: Sequence[str] = ()) -> None:
    """Every language to choose from, with the greeting in each of `greet_in` (the languages
    the person may be writing in), or in the current one."""
    _say_in(
        turn,
        greet_in,
        lambda tr: tr.text("Welcome to Josoor! Please choose your language."),
        language_options("lang", nonce),
    )


async def handle_before_consent(turn: Turn) -> None:
    """Every message from someone who has not accepted the privacy notice lands here.

    The language we greet in comes from the text first (`first_languages`), then from the
    platform's hint; a message that could be Arabic or Persian ("سلام") gets the language
    question in both.
    """
    inbound = turn.inbound
    if inbound.kind is InboundKind.OPTION:
        await _option_before_consent(turn, inbound.option_id.split(":"))
        return
    text = inbound.text if inbound.kind is InboundKind.TEXT else ""
    command = command_of(text)
    argument = strip_bidi_controls(text).strip().partition(" ")[2] if command else ""
    found = keyword(turn.catalogs, text) if text and not command else None
    languages = await first_languages(turn, "" if command else text, found)
    if found is not None:
        command = found[0]
    if command in ("/forget", "/mydata", STOP):
        _say_in(
            turn,
            languages,
            lambda tr: (
                tr.text("I have not stored anything about you.")
                if command != STOP
                else tr.text("All right. I will not send you anything unless you write to me.")
            ),
        )
        return
    nonce = ""
    if command == "/start" and argument.strip():
        nonce = await turn.uow.start_links.park(argument.strip()[:64], turn.clock.now())
    if inbound.kind is InboundKind.UNSUPPORTED:
        turn.say(turn.tr.text("I can only read text messages and buttons."))
    if command == "/language" or not languages:
        language_menu(turn, nonce)
    elif len(languages) > 1:
        language_menu(turn, nonce, greet_in=languages)
    else:
        turn.locale = languages[0]
        privacy_notice(turn, nonce)


async def first_languages(
    turn: Turn, text: str, found: tuple[str, frozenset[str]] | None = None
) -> tuple[str, ...]:
    """The language(s) to greet someone in, from their first message.

    The text decides when its letters and words name one language (or, for a keyword such as
    "لغو" or "afmelden", the languages whose word it is); when it stays ambiguous, the NLU's
    language model may settle it for longer texts, and then the platform's hint (WhatsApp: the
    calling code; Telegram: the app language) settles it if it is one of the candidates. If not
    ("سلام" from an Austrian number), every candidate is returned: the person is asked in each.
    A text that says nothing leaves the hint alone, or nothing at all.
    """
    hint = best_locale(turn.inbound.locale_hint)
    candidates: tuple[str, ...] = ()
    if found is not None:
        candidates = tuple(found[1])
    elif text:
        candidates = candidate_languages(text)
        if len(candidates) > 1:
            candidates = await _settled_by_model(turn, text, candidates)
    candidates = tuple(code for code in MENU_ORDER if code in candidates)
    if len(candidates) == 1:
        return candidates
    if hint is not None and (hint in candidates or not candidates):
        return (hint,)
    return candidates


async def _settled_by_model(turn: Turn, text: str, candidates: tuple[str, ...]) -> tuple[str, ...]:
    """A message of a few words the word lists find ambiguous: the language model decides
    among the candidates (one word is too little for it, see `nlu/language.py`)."""
    if turn.understanding is None or len(text.split()) < 2:
        return candidates
    result = await turn.understanding.parse(text, None)
    if result is not None and result.language in candidates:
        return (result.language,)
    return candidates


def _say_in(
    turn: Turn,
    languages: Sequence[str],
    message: Callable[[Translator], str],
    options: Sequence[Option] = (),
) -> None:
    """One message in each of `languages` (or the current one), as one reply."""
    locales = list(languages) or [turn.locale]
    turn.locale = locales[0]
    texts = [message(turn.catalogs.get(locale)) for locale in locales]
    turn.say("\n\n".join(texts), options, compact=bool(options))


async def _option_before_consent(turn: Turn, parts: list[str]) -> None:
    kind = parts[0]
    if kind == "lang" and len(parts) >= 2:
        nonce = parts[2] if len(parts) > 2 else ""
        if parts[1] == "menu":
            language_menu(turn, nonce)
            return
        if best_locale(parts[1]) == parts[1]:
            turn.locale = parts[1]
            privacy_notice(turn, nonce)
            return
    if kind == "consent" and len(parts) >= 3 and best_locale(parts[2]) == parts[2]:
        turn.locale = parts[2]
        if parts[1] == "accept":
            await _accept(turn, parts[3] if len(parts) > 3 else "")
            return
        if parts[1] == "decline":
            turn.say(
                turn.tr.text(
                    "No problem. I have stored nothing about you. If you change your mind, "
                    "send /start."
                )
            )
            return
    # A button from an older conversation (or one we never made): start over, politely.
    turn.say(turn.tr.text("That button is no longer valid."))
    if best_locale(turn.inbound.locale_hint):
        privacy_notice(turn)
    else:
        language_menu(turn)


async def _accept(turn: Turn, nonce: str) -> None:
    turn.replace_screen()  # the notice's buttons give way to the welcome and the next question
    turn.member = await AcceptPrivacyNotice(turn.uow, turn.clock)(
        turn.inbound.sender, turn.locale, turn.inbound.profile_name
    )
    turn.conversation = await turn.uow.conversations.get(turn.member.id)
    turn.clear_state()
    payload = await turn.uow.start_links.take(nonce) if nonce else None
    if payload is not None and await open_start_link(turn, payload):
        return
    name = turn.member.display_name
    greeting = (
        turn.tr.text("Thank you, {name}! Welcome to Josoor.", name=isolate(name))
        if name
        else turn.tr.text("Thank you! Welcome to Josoor.")
    )
    turn.say(greeting)
    if payload is None and await turn.uow.memberships.of_member(turn.member.id):
        # Pre-created ambassadors already belong to a community.
        turn.ambassador = await turn.uow.memberships.has_role(
            turn.member.id, CommunityRole.AMBASSADOR
        )
        menu.show(turn)
        return
    ask_role(turn)


def ask_role(turn: Turn) -> None:
    turn.set_state(STATE_ROLE)
    turn.ask(
        turn.tr.text("Are you new in this country, or a local who wants to support?"),
        [
            Option("role:newcomer", turn.tr.text("I am new here")),
            Option("role:supporter", turn.tr.text("I want to support")),
        ],
    )


async def choose_role(turn: Turn, role_name: str) -> None:
    assert turn.member is not None
    try:
        role = MemberRole(role_name)
    except ValueError:
        menu.stale_button(turn)
        return
    turn.replace_screen()  # the role picker becomes the next question
    turn.member.role = role
    await turn.uow.members.save(turn.member)
    if await turn.uow.memberships.of_member(turn.member.id):
        turn.say(turn.tr.text("Thank you, noted."))
        turn.clear_state()
        menu.show(turn)
        return
    find_community(turn)


async def role_state(turn: Turn) -> None:
    """Text instead of a role button: ask again, the question is short."""
    if turn.inbound.kind is InboundKind.UNSUPPORTED:
        turn.say(turn.tr.text("I can only read text messages and buttons."))
    ask_role(turn)


async def consent_again(turn: Turn, _: str) -> None:
    """A privacy-notice button pressed again after accepting it."""
    turn.say(turn.tr.text("You have already accepted the privacy notice."))
    menu.show(turn)
