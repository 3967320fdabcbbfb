"""The emulator itself: its state, the method table, starting and stopping the server."""

from __future__ import annotations

import asyncio
import threading
from typing import Self

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

from tests.emulators.telegram_bot_api.faults import FaultsMixin
from tests.emulators.telegram_bot_api.groups import GroupsMixin
from tests.emulators.telegram_bot_api.http import HttpMixin
from tests.emulators.telegram_bot_api.internals import InternalsMixin
from tests.emulators.telegram_bot_api.limits import JSONDict
from tests.emulators.telegram_bot_api.method_helpers import MethodHelpersMixin
from tests.emulators.telegram_bot_api.methods_messages import MessageMethodsMixin
from tests.emulators.telegram_bot_api.methods_updates import UpdateMethodsMixin
from tests.emulators.telegram_bot_api.observation import ObservationMixin
from tests.emulators.telegram_bot_api.records import AnsweredCallback, RecordedCall, SentMessage
from tests.emulators.telegram_bot_api.scripting import ScriptingMixin
from tests.emulators.telegram_bot_api.state import (
    Handler,
    _CallbackQuery,
    _Delay,
    _Fault,
    _PendingUpdate,
    _QuietServer,
    _RateLimits,
    _Signal,
    _StoredFile,
)


class TelegramBotApiEmulator(
    ScriptingMixin,
    GroupsMixin,
    ObservationMixin,
    FaultsMixin,
    HttpMixin,
    UpdateMethodsMixin,
    MessageMethodsMixin,
    MethodHelpersMixin,
    InternalsMixin,
):
    """Serve an emulated Telegram Bot API on ``127.0.0.1`` inside the running event loop.

    Use it as an async context manager (or call :meth:`start`/:meth:`stop`). ``base_url`` and
    ``base_file_url`` plug straight into ``telegram.Bot(..., base_url=..., base_file_url=...)``;
    ``api_root`` is for code that builds ``{root}/bot{token}/{method}`` itself.
    """

    def __init__(
        self,
        token: str = "123:ABC",
        *,
        bot_first_name: str = "Josoor Test Bot",
        bot_username: str = "josoor_test_bot",
        strict_html: bool = True,
        validate_photos: bool = True,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        """Create the emulator (it starts serving in :meth:`start`).

        Args:
            token: The only token accepted; the bot's user id is the part before ``:``.
            bot_first_name: ``first_name`` of the bot user (``getMe``, ``from`` of its messages).
            bot_username: ``username`` of the bot user.
            strict_html: Reject a ``&`` that starts no known HTML entity (see module docs).
            validate_photos: Reject ``sendPhoto`` uploads that are not PNG/JPEG/GIF/WebP, like
                Telegram does (``IMAGE_PROCESS_FAILED``).
            host: Interface to bind.
            port: Port to bind; 0 (the default) picks an ephemeral one.
        """
        bot_id_text = token.split(":", 1)[0]
        self.token = token
        self.strict_html = strict_html
        self.validate_photos = validate_photos
        self.host = host
        self.requested_port = port
        self.bot_user: JSONDict = {
            "id": int(bot_id_text) if bot_id_text.isdigit() else 1,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        #: ``time.monotonic()`` when each inbound update was pushed, by ``update_id``.
        self.update_times: dict[int, float] = {}
        #: How many sends answered 429 because of :meth:`enforce_rate_limits`.
        self.rate_limit_violations = 0
        #: The last ``setWebhook`` parameters (``None`` when no webhook is set).
        self.webhook: JSONDict | None = None

        self._lock = threading.RLock()
        self._users: dict[int, JSONDict] = {}
        self._blocked: set[int] = set()
        self._message_ids: dict[int, int] = {}
        self._messages: dict[tuple[int, int], JSONDict] = {}
        self._pending: list[_PendingUpdate] = []
        self._next_update_id = 1
        self._update_chats: dict[int, int] = {}
        self._allowed_updates: frozenset[str] | None = None
        self._poll_generation = 0
        self._sent: list[SentMessage] = []
        self._calls: list[RecordedCall] = []
        self._answered: list[AnsweredCallback] = []
        self._callback_queries: dict[str, _CallbackQuery] = {}
        self._next_callback_id = 1
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._faults: dict[str, list[_Fault]] = {}
        self._delays: dict[str, list[_Delay]] = {}
        self._rate_limits: _RateLimits | None = None
        self._files: dict[str, _StoredFile] = {}
        self._file_paths: dict[str, str] = {}
        self._file_counter = 0
        self._groups: dict[int, JSONDict] = {}
        self._group_members: dict[int, set[int]] = {}
        self._join_requests: set[tuple[int, int]] = set()
        #: Invite links made with createChatInviteLink: link → (chat id, the link JSON).
        self._invite_links: dict[str, tuple[int, JSONDict]] = {}
        #: Groups where the bot is not an admin allowed to invite users.
        self._no_invite_rights: set[int] = set()
        #: Decided join requests: (group chat id, user id, "approved" or "declined").
        self.join_decisions: list[tuple[int, int, str]] = []

        self._updates_signal = _Signal()
        self._activity_signal = _Signal()
        self._closing = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._server: _QuietServer | None = None
        self._server_task: asyncio.Task[None] | None = None
        self._port: int | None = None

        self._handlers: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "logOut": self._true,
                "close": self._true,
                "getUpdates": self._get_updates,
                "setWebhook": self._set_webhook,
                "deleteWebhook": self._delete_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "sendMessage": self._send_message,
                "sendDocument": self._send_document,
                "sendPhoto": self._send_photo,
                "sendChatAction": self._send_chat_action,
                "editMessageText": self._edit_message_text,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "deleteMessage": self._delete_message,
                "answerCallbackQuery": self._answer_callback_query,
                "setMyCommands": self._set_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "getMyCommands": self._get_my_commands,
                "getFile": self._get_file,
                "approveChatJoinRequest": self._approve_join_request,
                "declineChatJoinRequest": self._decline_join_request,
                "createChatInviteLink": self._create_chat_invite_link,
            }.items()
        }
        self.app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._handle_api, methods=["GET", "POST"]),
                Route("/file/bot{token}/{file_path:path}", self._handle_file, methods=["GET"]),
                Route("/{path:path}", self._handle_unknown, methods=["GET", "POST"]),
            ]
        )

    # -- lifecycle -------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def start(self) -> None:
        """Bind an ephemeral port and start serving in the current event loop."""
        if self._server_task is not None:
            raise RuntimeError("the emulator is already running")
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._closing = False
        config = uvicorn.Config(
            self.app,
            host=self.host,
            port=self.requested_port,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=2,
        )
        server = _QuietServer(config)
        task = asyncio.create_task(server.serve(), name="telegram-bot-api-emulator")
        while not server.started:
            if task.done():
                task.result()  # re-raise the startup error
                raise RuntimeError("the emulator's server stopped during startup")
            await asyncio.sleep(0.005)
        self._server, self._server_task = server, task
        self._port = int(server.servers[0].sockets[0].getsockname()[1])

    async def stop(self) -> None:
        """Release pending long polls and shut the server down."""
        if self._server is None or self._server_task is None:
            return
        self._closing = True
        self._fire(self._updates_signal)
        self._fire(self._activity_signal)
        self._server.should_exit = True
        self._server.stop_requested.set()
        try:
            await asyncio.wait_for(self._server_task, timeout=5)
        finally:
            self._server = self._server_task = None
            self._port = None

    @property
    def port(self) -> int:
        """The TCP port the emulator listens on."""
        if self._port is None:
            raise RuntimeError("the emulator is not running; use `async with` or start()")
        return self._port

    @property
    def api_root(self) -> str:
        """``http://127.0.0.1:PORT``: methods live at ``{api_root}/bot{token}/{method}``."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """PTB's ``base_url``: PTB requests ``{base_url}{token}/{method}``."""
        return f"{self.api_root}/bot"

    @property
    def base_file_url(self) -> str:
        """PTB's ``base_file_url``: files are served at ``{base_file_url}{token}/{file_path}``."""
        return f"{self.api_root}/file/bot"
