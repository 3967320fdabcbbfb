"""/audit: ten entries a page, newest first, one community only."""

from __future__ import annotations

from bot.app import Core
from bot.core.ambassadors.domain import AuditAction
from tests.ambassadors.conftest import MemberFactory, ambassador, community_id, member_id


async def test_the_log_pages_by_ten_and_shows_only_its_community(
    core: Core, member_factory: MemberFactory
) -> None:
    amira = await ambassador(core, member_factory, "ar")
    vienna, graz = await community_id(core), await community_id(core, "graz")
    actor = await member_id(core, amira)
    async with core.uow_factory() as uow:
        for _ in range(12):
            await uow.audit.record(
                AuditAction.STATS_VIEWED, core.clock.now(), community_id=vienna, actor_id=actor
            )
        await uow.audit.record(
            AuditAction.MEETUP_CREATED, core.clock.now(), community_id=vienna, actor_id=actor
        )
        await uow.audit.record(
            AuditAction.PROJECT_APPROVED, core.clock.now(), community_id=graz, actor_id=None
        )
        await uow.commit()
    tr = core.catalogs.get("ar")
    [first] = await amira.say("/audit")
    assert first.text.splitlines()[1].endswith(tr.text("created a meetup"))  # newest first
    assert len(first.text.splitlines()) == 11  # the heading and ten entries
    assert "١ من ٢" in first.text.splitlines()[0]
    assert tr.text("approved a project") not in first.text  # Graz's entry
    assert [o.id for o in first.options] == [f"au:{vienna}:1"]
    [second] = await amira.press(f"au:{vienna}:1")
    lines = second.text.splitlines()
    assert len(lines) == 5  # 14 entries: the command line's appointment is the oldest
    assert tr.text("an operator or a former member") in lines[-1]
    assert [o.id for o in second.options] == [f"au:{vienna}:0"]
    refused = await amira.press(f"au:{graz}:0")
    assert refused[0].text.startswith(tr.text("Only ambassadors of a community can do this."))
    assert not any(tr.text("approved a project") in r.text for r in refused)
