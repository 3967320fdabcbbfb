"""`josoor run` as a real process: web chat, /healthz, Telegram, clean SIGTERM, quiet logs."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import httpx

from tests.emulators.telegram_bot_api import TelegramBotApiEmulator

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "987654:SECRET-never-in-logs-abcdefghij"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def wait_healthy(base: str, process: asyncio.subprocess.Process) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(300):
            if process.returncode is not None:
                raise AssertionError(f"josoor run exited early with {process.returncode}")
            try:
                if (await client.get(f"{base}/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)
    raise AssertionError("josoor run did not become healthy in 15 s")


async def test_run_serves_web_chat_and_telegram_then_stops_on_sigterm(
    database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    async with TelegramBotApiEmulator(token=TOKEN) as api:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "JOSOOR_DATA_DIR": str(tmp_path),
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE": api.api_root,
            "JOSOOR_LOG_LEVEL": "DEBUG",
            "JOSOOR_CONFIG": str(tmp_path / "none.yaml"),
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "--port", str(port),
            cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        try:
            await wait_healthy(base, process)
            async with httpx.AsyncClient() as client:
                page = await client.get(base + "/")
                assert page.status_code == 200 and "text/html" in page.headers["content-type"]
                assert "default-src 'self'" in page.headers["content-security-policy"]
                origin = {"Origin": base}
                tab = await client.post(base + "/api/webchat/session", json={}, headers=origin)
                answer = await client.post(
                    base + "/api/webchat/messages",
                    json={"tab": tab.json()["tab"], "text": "/start", "locale": "fa"},
                    headers=origin,
                )
                assert answer.json()["messages"][0]["dir"] == "rtl"
            api.add_user(31337, first_name="Tel", language_code="de")
            api.send_text(31337, "/start")
            [switch, notice] = await api.wait_for_messages(31337, 2, timeout=10)
            assert switch["plain_text"] and "/forget" in notice["plain_text"]
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), timeout=15)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        assert process.stdout is not None
        output = (await process.stdout.read()).decode()
    assert process.returncode == 0, output
    assert TOKEN not in output and TOKEN.split(":")[1] not in output
    assert "Tel" not in output.replace("Telegram", "")  # no names in logs
    assert tab.json()["tab"] not in output


async def test_wrong_port_argument_is_a_clear_error(tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--port", "eighty",
        cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await process.communicate()
    assert process.returncode == 2
    assert b"invalid int value" in err
