"""One kind answer for each reason a Welcome Group action was refused (nothing was stored)."""

from __future__ import annotations

from bot.core.common.messages import Option
from bot.core.welcome.domain import CAPACITY_MAX, FAMILY_SIZE_MAX, NAME_MAX, WelcomeProblem
from dialogs.common import menu
from dialogs.common.turn import Turn


def explain_problem(turn: Turn, problem: WelcomeProblem) -> None:
    tr = turn.tr
    texts = {
        "name_empty": tr.text("Please type a name for your group."),
        "name_too_long": tr.text(
            "Please type a name of at most {limit} characters.", limit=NAME_MAX
        ),
        "capacity_range": tr.text(
            "A group can accompany between 1 and {limit} newcomers or families.",
            limit=CAPACITY_MAX,
        ),
        "family_range": tr.text(
            "Please give a number of people between 1 and {limit}.", limit=FAMILY_SIZE_MAX
        ),
        "not_in_community": tr.text("Please join this community first."),
        "already_in_group": tr.text(
            "You are already in a Welcome Group. A member can be in one group only."
        ),
        "has_request": tr.text(
            "You have asked for a Welcome Group yourself, so you cannot join one as a "
            "supporter. You can withdraw your request under /welcome."
        ),
        "in_group": tr.text(
            "You are a member of a Welcome Group, so you cannot also ask for one."
        ),
        "already_requested": tr.text(
            "You have already asked for a Welcome Group. Your request is under /welcome."
        ),
        "no_consent": tr.text("All right. Nothing was stored."),
        "group_not_found": tr.text("This Welcome Group does not exist any more."),
        "withdrawn": tr.text(
            "This proposal was withdrawn by the ambassadors, so nothing was changed."
        ),
        "already_decided": tr.text("This proposal has already ended, so nothing was changed."),
        "match_ended": tr.text("This match has ended."),
        "not_yet": tr.text("It is not time for that yet."),
        "not_a_draft": tr.text("This proposal was already sent."),
        "not_sent": tr.text("This proposal was already answered or withdrawn."),
    }
    text = texts.get(problem.reason)
    if text is None:  # unknown codes, foreign ids: a button from another time
        menu.stale_button(turn)
        return
    turn.say(text, [Option("wg:home", tr.text("Welcome Groups"))])
