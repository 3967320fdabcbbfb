"""`josoor project list|add`: output, and one clear line with exit status 2 for bad input."""

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
def test_project_add_and_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "project", "list", "vienna")
    assert code == 0 and "no projects in vienna yet" in out
    code, out, err = run(
        capsys, "project", "add", "vienna", "--title", "مقهى اللغة", "--topic",
        "language-practice", "--language", "ar", "--language", "de",
        "--link", "https://t.me/+AbCdEf123456",
    )  # fmt: skip
    assert code == 0, err
    project_id = int(out)
    code, out, _ = run(capsys, "project", "list", "vienna", "--json")
    [row] = json.loads(out)
    assert row == {
        "id": project_id, "community": "vienna", "title": "مقهى اللغة",
        "topic": "language-practice", "status": "approved", "languages": ["ar", "de"],
        "group_link": "https://t.me/+AbCdEf123456", "members": 0, "has_lead": False,
        "copied_from": None, "copied_by_others": 0,
    }  # fmt: skip
    code, out, _ = run(capsys, "project", "list", "vienna")
    assert "approved" in out and "مقهى اللغة" in out


@pytest.mark.usefixtures("cli_env")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["project", "add", "atlantis", "--title", "X", "--topic", "sport"], "no community"),
        (["project", "list", "atlantis"], "no community"),
        (["project", "add", "vienna", "--title", "X", "--topic", "chess"], "unknown topic"),
        (["project", "add", "vienna", "--title", "  ", "--topic", "sport"], "title is empty"),
        (["project", "add", "vienna", "--title", "x" * 81, "--topic", "sport"], "longer than 80"),
        (["project", "add", "vienna", "--title", "X", "--topic", "sport", "--link",
          "https://example.com"], "group link"),
        (["project", "add", "vienna", "--title", "X", "--topic", "sport", "--language", "xx"],
         "unknown language"),
    ],
)  # fmt: skip
def test_project_cli_errors(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    last = err.strip().splitlines()[-1]  # (logging may say that demo data was added)
    assert last.startswith("josoor: ") and message in last


@pytest.mark.usefixtures("cli_env")
def test_a_duplicate_title_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(capsys, "project", "add", "graz", "--title", "Garden", "--topic", "gardening")[0] == 0
    )
    code, _, err = run(capsys, "project", "add", "graz", "--title", "GARDEN", "--topic", "sport")
    assert code == 2 and "has a project with this title" in err
    assert run(capsys, "project", "add", "berlin", "--title", "Garden", "--topic", "sport")[0] == 0


def test_missing_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["project", "add", "vienna", "--title", "X"])
    assert exit_info.value.code == 2
    assert "--topic" in capsys.readouterr().err
