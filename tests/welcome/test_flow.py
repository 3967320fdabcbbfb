"""The whole way through the real dialogs: a group forms, a newcomer asks, the ambassador
matches and sends, both accept, they write to each other, check-ins run, and it closes."""

from __future__ import annotations

from datetime import timedelta

from bot.app import Core
from bot.core.common.clock import FrozenClock
from tests.welcome.helpers import (
    MemberFactory,
    ambassador,
    ask_for_group,
    fill_group,
    form_group,
    joined,
    memory_sender,
    says,
    sweep,
)


async def test_from_forming_a_group_to_closing_the_match(
    member_factory: MemberFactory, core: Core, clock: FrozenClock
) -> None:
    sender = memory_sender(core)
    amira = await ambassador(core, member_factory)
    coordinator = await joined(member_factory, "de", name="Jonas")
    payload = await form_group(coordinator)
    await fill_group(member_factory, payload)
    await sweep(core, clock)
    [ready] = sender.take(coordinator.external_id)
    assert "Rosengasse" in ready.text and ready.options[0].id == "wg:home"
    newcomer = await joined(member_factory, "fa", name="Reza")
    replies = await ask_for_group(newcomer)
    assert replies[-1].options[0].id == "wg:home"
    replies = await amira.say("/match")
    assert any("Reza" in r.text for r in replies), [r.text for r in replies]
    send_all = next(o for o in amira.last_options if o.startswith("wg:sendall:"))
    await amira.press(send_all)
    await sweep(core, clock)
    [proposal] = sender.take(newcomer.external_id)
    [to_group] = sender.take(coordinator.external_id)
    assert "Reza" in to_group.text
    yes = next(o.id for o in proposal.options if o.id.startswith("wg:yes:"))
    await newcomer.press(yes)
    replies = await coordinator.press(yes)
    assert [o.id for o in replies[-1].options] == ["wg:write:1", "wg:share:1"]
    await sweep(core, clock)
    [intro] = sender.take(newcomer.external_id)
    write = next(o.id for o in intro.options if o.id.startswith("wg:write:"))
    await newcomer.press(write)
    await newcomer.say("Hello from Reza")
    [relayed] = sender.take(coordinator.external_id)
    assert "Hello from Reza" in relayed.text
    clock.advance(timedelta(days=32))
    await sweep(core, clock)
    [checkin] = sender.take(newcomer.external_id)
    assert len(sender.take(coordinator.external_id)) == 1
    await newcomer.press(checkin.options[2].id)
    await sweep(core, clock)
    assert sender.take(amira.external_id)
    replies = await amira.say("/match")
    attn = next(o for o in amira.last_options if o.startswith("wg:attn:"))
    replies = await amira.press(attn)
    assert says(core, replies[-1].text, "en", "{pair}: {name} asked for help.")
    clock.advance(timedelta(days=340))
    await sweep(core, clock)
    [closing] = sender.take(newcomer.external_id)
    assert len(sender.take(coordinator.external_id)) == 1  # the same question
    close = next(o.id for o in closing.options if o.id.endswith(":close"))
    replies = await newcomer.press(close)
    assert says(
        core,
        replies[0].text,
        "fa",
        "The match is closed. Thank you for everything you did together!",
    )
    await sweep(core, clock)
    [closed] = sender.take(coordinator.external_id)
    assert "Reza" in closed.text and closed.options[0].id.startswith("wg:fb:")


async def test_names_counts_and_the_coordinator_without_a_name(
    member_factory: MemberFactory, core: Core, clock: FrozenClock
) -> None:
    """The proposal counts the group's people in the reader's plural forms; a coordinator
    without a name is 'the coordinator of your Welcome Group', not 'the coordinator, who
    coordinates…'."""
    sender = memory_sender(core)
    amira = await ambassador(core, member_factory)
    coordinator = await joined(member_factory, "de", name=None)
    await fill_group(member_factory, await form_group(coordinator, languages=("ar", "de")))
    newcomer = await joined(member_factory, "ar", name="سلمى")
    await ask_for_group(newcomer, languages=("ar",))
    await amira.say("/match")
    await amira.press(next(o for o in amira.last_options if o.startswith("wg:sendall:")))
    await sweep(core, clock)
    [proposal] = sender.take(newcomer.external_id)
    assert "وفيها ٥ أشخاص" in proposal.text  # five people: Arabic's "few" form
    yes = next(o.id for o in proposal.options if o.id.startswith("wg:yes:"))
    await newcomer.press(yes)
    await coordinator.press(yes)
    await sweep(core, clock)
    sender.take(newcomer.external_id)
    sender.take(coordinator.external_id)
    await coordinator.press(yes.replace("wg:yes:", "wg:write:"))
    await coordinator.say("Hallo!")
    [relayed] = sender.take(newcomer.external_id)
    header = core.catalogs.get("ar").text(
        "Message from the coordinator of your Welcome Group {group}:",
        group="\u2068Rosengasse\u2069",
    )
    assert relayed.text.startswith(header)
