"""Up without the platforms (issue 16, point 5): `josoor run` with Telegram's API refusing
connections at start serves the web chat, reports `degraded` on /healthz, and starts Telegram
in the background once its API comes up."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import httpx

from tests.emulators.telegram_bot_api import TelegramBotApiEmulator
from tests.test_run_command import free_port

TOKEN = "987654:SECRET-never-in-logs-abcdefghij"


async def health(client: httpx.AsyncClient, base: str) -> dict[str, str] | None:
    try:
        answer = await client.get(f"{base}/healthz")
    except httpx.TransportError:
        return None
    return dict(answer.json()) if answer.status_code == 200 else None


async def wait_for(client: httpx.AsyncClient, base: str, status: str, seconds: float) -> dict:  # type: ignore[type-arg]
    last = None
    for _ in range(int(seconds / 0.1)):
        last = await health(client, base)
        if last is not None and last["status"] == status:
            return last
        await asyncio.sleep(0.1)
    raise AssertionError(f"/healthz never said {status!r} (last: {last})")


async def test_run_serves_the_web_chat_while_telegram_is_down_and_starts_it_later(
    database_url: str, tmp_path: Path
) -> None:
    port, telegram_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "JOSOOR_DATA_DIR": str(tmp_path),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE": f"http://127.0.0.1:{telegram_port}",  # nothing listens yet
        "JOSOOR_CONFIG": str(tmp_path / "none.yaml"),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--port", str(port),
        cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        async with httpx.AsyncClient() as client:
            degraded = await wait_for(client, base, "degraded", 30)
            assert degraded["telegram"] == "unreachable"
            assert "webchat" not in degraded  # the web chat is up
            origin = {"Origin": base}
            tab = await client.post(base + "/api/webchat/session", json={}, headers=origin)
            answer = await client.post(
                base + "/api/webchat/messages",
                json={"tab": tab.json()["tab"], "text": "/start", "locale": "ar"},
                headers=origin,
            )
            assert answer.status_code == 200 and answer.json()["messages"][0]["dir"] == "rtl"
            assert process.returncode is None

            async with TelegramBotApiEmulator(token=TOKEN, port=telegram_port) as api:
                await wait_for(client, base, "ok", 30)
                api.add_user(4242, first_name="Tel", language_code="de")
                api.send_text(4242, "/start")
                [notice] = await api.wait_for_messages(4242, 1, timeout=10)
                assert notice["plain_text"]
                process.send_signal(signal.SIGTERM)
                await asyncio.wait_for(process.wait(), timeout=15)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.stdout is not None
    output = (await process.stdout.read()).decode()
    assert process.returncode == 0, output
    assert "Traceback" not in output, output
    assert "Telegram: cannot start (NetworkError); retrying" in output
    assert TOKEN.split(":")[1] not in output
