"""Nothing per worker that a member depends on (issue 13): two adapters on one database stand
for two workers. A web chat message one sends is taken by a poll that reaches the other (and
then gone); a number typed on WhatsApp is read against the options the other sent."""

from __future__ import annotations

from bot.app import Core
from bot.channels.webchat.inbox import MAX_PER_SESSION, WebChatInbox
from bot.channels.whatsapp.typed import Choices
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.messages import Option, Reply
from bot.storage.delivery_states import SqlWebChatInbox, SqlWhatsAppStore


async def test_a_web_chat_message_sent_by_one_worker_is_taken_from_another(core: Core) -> None:
    sender = WebChatInbox(SqlWebChatInbox(core.engine), core.clock)
    poller = WebChatInbox(SqlWebChatInbox(core.engine), core.clock)
    address = ChannelAddress(Channel.WEBCHAT, "tab-session-1")
    await sender.deliver(address, [Reply(text="مكان شاغر لك", locale="ar")])
    await sender.deliver(address, [Reply(text="second", locale="en")])
    taken = await poller.take("tab-session-1")
    assert [m["text"] for m in taken] == ["مكان شاغر لك", "second"]
    assert taken[0]["dir"] == "rtl"
    assert await sender.take("tab-session-1") == []  # taken once, then deleted
    assert await poller.take("another-session") == []


async def test_an_abandoned_page_keeps_only_the_newest_messages(core: Core) -> None:
    inbox = WebChatInbox(SqlWebChatInbox(core.engine), core.clock)
    address = ChannelAddress(Channel.WEBCHAT, "tab-session-2")
    for n in range(MAX_PER_SESSION + 5):
        await inbox.deliver(address, [Reply(text=f"n{n}", locale="en")])
    taken = await inbox.take("tab-session-2")
    assert len(taken) == MAX_PER_SESSION
    assert taken[-1]["text"] == f"n{MAX_PER_SESSION + 4}"


async def test_a_number_typed_to_another_worker_picks_the_option_sent(core: Core) -> None:
    store = SqlWhatsAppStore(core.engine, core.keyed_hash)
    sending = Choices(store=store, clock=core.clock)
    reading = Choices(store=SqlWhatsAppStore(core.engine, core.keyed_hash), clock=core.clock)
    options = tuple(Option(f"join:{n}", f"Option {n}") for n in range(1, 13))
    await sending.remember("4366400000009", options, numbered=True)
    assert reading.pick("4366400000009", "٢") is None  # not read from the database yet
    await reading.recall("4366400000009")
    assert reading.pick("4366400000009", "٢") == "join:2"
    assert reading.pick("4366400000009", "Option 12") == "join:12"
    await sending.remember("4366400000009", ())  # a message without options clears
    await reading.recall("4366400000009")
    assert reading.pick("4366400000009", "2") is None
    assert await store.choices_of("4366400000009") == ([], False)
