"""The `josoor` command line: each command, and clear errors for wrong arguments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("JOSOOR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("JOSOOR_CONFIG", str(tmp_path / "absent.yaml"))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.usefixtures("cli_env")
def test_community_list_and_add(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "community", "list", "--json")
    assert code == 0
    listed = json.loads(out)
    assert [c["slug"] for c in listed] == sorted(
        ["vienna", "graz", "berlin", "amsterdam", "rotterdam", "the-hague"]
    )
    assert all(set(c["names"]) == {"en", "ar", "fa", "de", "nl", "uk"} for c in listed)

    code, out, _ = run(
        capsys, "community", "add", "linz", "--name", "en=Linz", "--name", "ar=لينتس",
        "--country", "at", "--timezone", "Europe/Vienna", "--lat", "48.3", "--lon", "14.29",
    )  # fmt: skip
    assert code == 0 and "linz" in out
    code, out, _ = run(capsys, "community", "list")
    assert "linz" in out and "Linz" in out


@pytest.mark.usefixtures("cli_env")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["community", "add", "Bad Slug", "--name", "en=X", "--country", "AT",
          "--timezone", "Europe/Vienna"], "slug"),
        (["community", "add", "linz", "--name", "Linz", "--country", "AT",
          "--timezone", "Europe/Vienna"], "LANG=NAME"),
        (["community", "add", "linz", "--name", "en=Linz", "--country", "AT",
          "--timezone", "Mars/Olympus"], "timezone"),
        (["community", "add", "vienna", "--name", "en=Vienna", "--country", "AT",
          "--timezone", "Europe/Vienna"], "exists"),
        (["community", "add", "linz", "--name", "xx=Linz", "--country", "AT",
          "--timezone", "Europe/Vienna"], "unsupported languages"),
        (["ambassador", "add", "vienna", "telegram"], "CHANNEL:ID"),
        (["ambassador", "add", "vienna", "telegram:abc"], "number"),
        (["ambassador", "add", "vienna", "signal:123"], "unknown channel"),
        (["ambassador", "add", "atlantis", "telegram:123"], "no community"),
    ],
)  # fmt: skip
def test_wrong_arguments_get_a_clear_message(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.usefixtures("cli_env")
def test_ambassador_add_and_member_export(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ambassador", "add", "vienna", "telegram:123456")
    assert code == 0 and "telegram:123456" in out
    code, out, _ = run(capsys, "member", "export", "telegram:123456")
    assert code == 0
    exported = json.loads(out)
    assert exported["accounts"] == [
        {"channel": "telegram", "id": "123456", "last_message_at": None}
    ]
    assert exported["communities"][0]["community"] == "vienna"
    assert exported["communities"][0]["role"] == "ambassador"
    assert exported["consents"] == []  # they have not accepted the privacy notice yet

    code, _, err = run(capsys, "member", "export", "telegram:999")
    assert code == 1 and "no member" in err


@pytest.mark.usefixtures("cli_env")
def test_db_upgrade_is_idempotent(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "db", "upgrade")[0] == 0
    code, out, _ = run(capsys, "db", "upgrade")
    assert code == 0 and "up to date" in out


def test_a_secret_in_config_yaml_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("telegram:\n  token: '123:abc'\n", encoding="utf-8")
    monkeypatch.setenv("JOSOOR_CONFIG", str(config))
    code, _, err = run(capsys, "community", "list")
    assert code == 2
    assert "secret" in err and "123:abc" not in err
