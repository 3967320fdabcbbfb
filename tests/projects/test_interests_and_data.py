"""Interests: stored only after consent, deleted on withdrawal, shown in /mydata and the
export, used for suggestions; and what erasing a member does to projects."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from bot.app import Core
from bot.core.privacy.member_data import EraseMember, LoadMemberRecord, export_document
from bot.core.projects.lifecycle import title_key
from bot.core.projects.topics import TOPICS, interests_of, topic_label
from bot.storage.projects.tables import InterestConsentRow, MemberInterestRow
from tests.projects.helpers import MemberFactory, add_project, ambassador, joined, member_id, texts


async def _stored(core: Core) -> tuple[int, int]:
    async with core.engine.connect() as connection:
        consents = await connection.scalar(select(func.count()).select_from(InterestConsentRow))
        topics = await connection.scalar(select(func.count()).select_from(MemberInterestRow))
    return int(consents or 0), int(topics or 0)


async def test_interests_need_consent_and_withdrawing_deletes_them(
    member_factory: MemberFactory, core: Core
) -> None:
    member = await joined(member_factory)
    me = await member_id(core, member)
    # An old or forged topic button before consent stores nothing and asks first.
    await member.press("pint:t:sport")
    assert member.last_options == ["pint:yes", "menu:projects"]
    assert await _stored(core) == (0, 0)
    await member.say("/interests")
    assert member.last_options == ["pint:yes", "menu:projects"]
    await member.press("pint:yes")
    # Twelve topics, Done and Delete: two pages of six, so no list holds more than ten.
    first = [o for o in member.last_options if o.startswith("pint:t:")]
    assert member.last_options[-3:] == ["pint:done", "pint:del", "pint:pg:1"]
    await member.press("pint:pg:1")
    second = [o for o in member.last_options if o.startswith("pint:t:")]
    assert member.last_options[-3:] == ["pint:done", "pint:del", "pint:pg:0"]
    assert first + second == [f"pint:t:{slug}" for slug in TOPICS]
    await member.press("pint:t:gardening")  # on the second page: it stays there
    assert "pint:t:gardening" in member.last_options
    await member.press("pint:t:gardening")
    await member.press("pint:t:sport")
    replies = await member.press("pint:t:housing")
    assert texts(replies)
    assert any(
        o.label.startswith("✅") for r in replies for o in r.options if o.id.endswith("sport")
    )
    await member.press("pint:t:housing")  # again: removed
    async with core.uow_factory() as uow:
        assert await interests_of(uow, me) == {"sport"}
        record = await LoadMemberRecord(uow)(me)
    assert record is not None
    exported = export_document(record)
    assert exported["interests"]["topics"] == ["sport"]
    assert exported["interests"]["agreed_at"].startswith("2026-11-23")
    # /mydata attaches the same document.
    replies = await member.say("/mydata")
    [attached] = [r.attachment for r in replies if r.attachment]
    assert json.loads(attached.content)["interests"]["topics"] == ["sport"]

    await member.press("pint:del")
    assert await _stored(core) == (0, 0)
    async with core.uow_factory() as uow:
        assert await interests_of(uow, me) == set()
        record = await LoadMemberRecord(uow)(me)
    assert record is not None and export_document(record)["interests"] is None
    await member.press("pint:t:sport")  # an old button after withdrawing
    assert await _stored(core) == (0, 0)


async def test_interests_suggest_projects(member_factory: MemberFactory, core: Core) -> None:
    await add_project(core, title="Football on Sundays", topic="sport")
    await add_project(core, title="Housing help", topic="housing")
    member = await joined(member_factory)
    replies = await member.press("menu:projects")
    assert "Suggested for you" not in texts(replies)
    await member.press("pint:yes")
    await member.press("pint:t:sport")
    replies = await member.press("pint:done")
    text = texts(replies)
    assert "Suggested for you:\n⭐ \u2068Football on Sundays\u2069 – Sport" in text
    assert "Housing help" in text  # still listed among all projects, not suggested


async def test_topic_labels_are_translated_and_complete(core: Core) -> None:
    english = core.catalogs.get("en")
    labels = [topic_label(english, slug) for slug in TOPICS]
    assert len(set(labels)) == len(TOPICS) >= 11
    assert topic_label(english, "womens-group") == "Women's group"


async def test_the_export_lists_projects_and_erasure_removes_the_member(
    member_factory: MemberFactory, core: Core
) -> None:
    amb = await ambassador(core, member_factory)
    member = await joined(member_factory)
    project = await add_project(core)
    await member.press(f"prj:join:{project.id}")
    me, amb_id = await member_id(core, member), await member_id(core, amb)
    async with core.uow_factory() as uow:
        project.lead_id = me
        await uow.projects.save(project, title_key(project.title), core.clock.now())
        await uow.commit()
    async with core.uow_factory() as uow:
        record = await LoadMemberRecord(uow)(me)
        assert record is not None
        exported = export_document(record)
        assert [p["project"] for p in exported["projects"]] == [project.id]
        assert exported["projects_led"] == [project.id]
        await EraseMember(uow, core.clock)(me)
        await uow.commit()
    async with core.uow_factory() as uow:
        after = await uow.projects.get(project.id)
        assert after is not None and after.lead_id is None
        assert await uow.projects.member_ids(project.id) == []
    # Without a lead, an ambassador can hand the lead on once someone is in the project.
    other = await joined(member_factory, name="Noor")
    await other.press(f"prj:join:{project.id}")
    other_id = await member_id(core, other)
    await amb.press(f"prj:hand:{project.id}")
    assert amb.last_options == [f"prj:to:{project.id}:{other_id}"]
    await amb.press(f"prj:to:{project.id}:{other_id}")
    async with core.uow_factory() as uow:
        after = await uow.projects.get(project.id)
    assert after is not None and after.lead_id == other_id and amb_id != other_id
