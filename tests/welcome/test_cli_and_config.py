"""`josoor match` (text, JSON with the fairness report, dry run) and the weights' settings."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.app import build_core
from bot.cli import main
from bot.config import ConfigError, Settings, load_settings
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.communities.domain import CommunityRole
from bot.core.welcome.domain import ProposalStatus
from bot.core.welcome.groups import CreateGroup, GroupDraft, JoinGroup
from bot.core.welcome.requests import CreateRequest, RequestDraft


async def _seed(settings: Settings) -> None:
    """A ready Dari/German group with one place, a forming Arabic group, five newcomers."""
    core = await build_core(settings, migrate=False)
    try:
        async with core.uow_factory() as uow:
            vienna = await uow.communities.by_slug("vienna")
            assert vienna is not None
            now = core.clock.now()
            people = []
            for n in range(13):
                member = await uow.members.create(
                    ChannelAddress(Channel.TELEGRAM, str(50_000 + n)), "en", now, f"P{n}"
                )
                await uow.memberships.add(member.id, vienna.id, CommunityRole.MEMBER, now)
                people.append(member.id)
            ready = await CreateGroup(uow, core.clock)(
                people[0],
                GroupDraft(vienna.id, "Ready", ("de", "prs", "ar"), ("sport",), ("housing",)),
            )
            for friend in people[1:5]:
                await JoinGroup(uow, core.clock)(friend, ready.id)
            await CreateGroup(uow, core.clock)(
                people[5], GroupDraft(vienna.id, "Forming", ("ar", "de"), (), ("housing",))
            )
            for person, languages in zip(
                people[6:11], [("prs",), ("ar",), ("ar",), ("ti",), ("prs", "en")], strict=True
            ):
                await CreateRequest(uow, core.clock)(
                    person,
                    RequestDraft(vienna.id, languages, ("sport",), ("housing",), ("weekends",)),
                    consented=True,
                )
            await uow.commit()
    finally:
        await core.close()


@pytest.fixture
def cli_env(
    database_url: str, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("JOSOOR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("JOSOOR_CONFIG", str(tmp_path / "absent.yaml"))
    asyncio.run(_seed(settings))


@pytest.mark.usefixtures("cli_env")
def test_match_json_reports_who_stays_unmatched_per_language_and_why(
    capsys: pytest.CaptureFixture[str], settings: Settings
) -> None:
    assert main(["match", "vienna", "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["dry_run"] is True and report["waiting"] == 5 and report["free_places"] == 1
    [proposal] = report["proposals"]
    assert proposal["id"] is None and proposal["group_name"] == "Ready"
    assert proposal["explanation"].startswith("Why: both speak")
    assert report["unmatched"]["by_reason"] == {
        "no_shared_language": 1, "declined_before": 0, "no_capacity": 3,
    }  # fmt: skip
    by_language = report["unmatched"]["by_language"]
    assert by_language["ti"] == {
        "waiting": 1, "proposed": 0, "unmatched": 1, "no_shared_language": 1,
        "declined_before": 0, "no_capacity": 0,
    }  # fmt: skip
    assert by_language["ar"]["no_capacity"] == 2 and by_language["ar"]["proposed"] == 0
    assert by_language["prs"]["waiting"] == 2 and by_language["prs"]["proposed"] == 1
    assert report["groups_not_ready"] == [{"group": 2, "name": "Forming", "members": 1}]

    async def drafts() -> int:
        core = await build_core(settings, migrate=False)
        async with core.uow_factory() as uow:
            found = await uow.welcome.proposals_of_community(1, [ProposalStatus.DRAFT])
        await core.close()
        return len(found)

    assert asyncio.run(drafts()) == 0  # a dry run stores nothing
    assert main(["match", "vienna"]) == 0
    out = capsys.readouterr().out
    assert "1 proposals (stored as drafts for review)" in out
    assert "ti   waiting    1" in out
    assert asyncio.run(drafts()) == 1


@pytest.mark.usefixtures("cli_env")
def test_match_of_an_unknown_community_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["match", "atlantis"]) == 2
    assert "no community with slug 'atlantis'" in capsys.readouterr().err


WEIGHTS = "welcome_groups:\n  weights:\n"


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        (WEIGHTS + "    interests: 1\n    needs: 2\n    age: -0.5\n    family: 1\n",
         "welcome_groups.weights.age must be a number ≥ 0, got -0.5"),
        (WEIGHTS + "    interests: 1\n    needs: 2\n    age: 0.5\n",
         "welcome_groups.weights: missing family"),
        (WEIGHTS + "    interests: 1\n    needs: many\n    age: 0.5\n    family: 1\n",
         "welcome_groups.weights.needs must be a number"),
        (WEIGHTS + "    interests: 1\n    needs: .nan\n    age: 0.5\n    family: 1\n",
         "welcome_groups.weights.needs must be a number ≥ 0"),
        ("welcome_groups:\n  weights: 3\n", "welcome_groups.weights must give"),
    ],
)  # fmt: skip
def test_negative_or_missing_weights_are_a_clear_config_error(
    tmp_path: Path, yaml_text: str, message: str
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"welcome_groups\.weights") as error:
        load_settings(path, environ={}, dotenv=None)
    assert message in str(error.value)


def test_the_shipped_weights_are_valid() -> None:
    repository = Path(__file__).resolve().parents[2]
    settings = load_settings(repository / "config.yaml", environ={}, dotenv=None)
    weights = settings.welcome_groups.weights.as_weights()
    assert weights.most > 0
