"""The HTTP entry points: authentication, method dispatch, files, recording every call."""

from __future__ import annotations

import asyncio
import json
import re
import time
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tests.emulators.telegram_bot_api.limits import ERR_NOT_FOUND, ERR_UNAUTHORIZED, JSONDict
from tests.emulators.telegram_bot_api.params import _Params, _parse_multipart, _Upload
from tests.emulators.telegram_bot_api.records import ApiError, RecordedCall, _bad_request


class HttpMixin:
    """The HTTP entry points."""

    # -- HTTP entry points ------------------------------------------------------------------

    async def _handle_api(self, request: Request) -> Response:
        token = str(request.path_params["token"])
        method_name = str(request.path_params["method"])
        started = time.monotonic()
        entry = self._handlers.get(method_name.lower())
        canonical = entry[0] if entry else method_name
        params = _Params({}, {})
        try:
            params = await self._read_params(request)
            if ":" not in token:
                raise ApiError(404, ERR_NOT_FOUND)
            if token != self.token:
                raise ApiError(401, ERR_UNAUTHORIZED)
            await self._apply_delay(canonical)
            self._apply_fault(canonical)
            if entry is None:
                raise ApiError(404, ERR_NOT_FOUND)
            result = await entry[1](params)
            status, body = 200, {"ok": True, "result": result}
        except ApiError as error:
            status, body = error.status, error.body()
        except (LookupError, TypeError, ValueError, AttributeError, RuntimeError) as error:
            # A bug in the emulator (or a request it cannot handle): make it visible.
            status = 500
            body = {
                "ok": False,
                "error_code": 500,
                "description": f"Internal Server Error: emulator crashed: {error!r}",
            }
        self._record_call(canonical, params, status, body, started)
        return JSONResponse(body, status_code=status)

    async def _handle_file(self, request: Request) -> Response:
        if str(request.path_params["token"]) != self.token:
            return JSONResponse(
                {"ok": False, "error_code": 401, "description": ERR_UNAUTHORIZED}, 401
            )
        with self._lock:
            file_id = self._file_paths.get(str(request.path_params["file_path"]))
            stored = self._files.get(file_id) if file_id else None
        if stored is None or stored.info["content"] is None:
            return JSONResponse(
                {"ok": False, "error_code": 404, "description": ERR_NOT_FOUND}, 404
            )
        return Response(
            stored.info["content"],
            media_type=stored.info["mime_type"] or "application/octet-stream",
        )

    async def _handle_unknown(self, request: Request) -> Response:
        return JSONResponse({"ok": False, "error_code": 404, "description": ERR_NOT_FOUND}, 404)

    async def _read_params(self, request: Request) -> _Params:
        raw: JSONDict = dict(request.query_params)
        files: dict[str, _Upload] = {}
        body = await request.body()
        content_type = request.headers.get("content-type", "")
        mime = content_type.split(";", 1)[0].strip().lower()
        if body and mime == "application/json":
            try:
                decoded = json.loads(body)
            except json.JSONDecodeError:
                raise _bad_request("Bad Request: can't parse JSON encoded request") from None
            if not isinstance(decoded, dict):
                raise _bad_request("Bad Request: can't parse JSON encoded request")
            raw.update(decoded)
        elif body and mime == "multipart/form-data":
            match = re.search(r'boundary="?([^";]+)"?', content_type)
            if match is None:
                raise _bad_request("Bad Request: can't parse multipart/form-data request")
            fields, files = _parse_multipart(body, match.group(1))
            raw.update(fields)
        elif body:
            raw.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        return _Params(raw, files)

    async def _apply_delay(self, method: str) -> None:
        with self._lock:
            seconds = 0.0
            for key in (method.lower(), "*"):
                queue = self._delays.get(key)
                if queue:
                    delay = queue[0]
                    seconds = delay.seconds
                    delay.remaining -= 1
                    if delay.remaining <= 0:
                        queue.pop(0)
                    break
        if seconds > 0:
            await asyncio.sleep(seconds)

    def _apply_fault(self, method: str) -> None:
        with self._lock:
            for key in (method.lower(), "*"):
                queue = self._faults.get(key)
                if queue:
                    fault = queue[0]
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        queue.pop(0)
                    raise ApiError(fault.status, fault.description, fault.parameters)

    def _record_call(
        self, method: str, params: _Params, status: int, body: JSONDict, started: float
    ) -> None:
        files = {name: self._describe_upload(upload) for name, upload in params.files.items()}
        with self._lock:
            self._calls.append(
                RecordedCall(
                    method=method,
                    params=dict(params.decoded),
                    files=files,
                    status=status,
                    response=body,
                    time=started,
                )
            )
        self._fire(self._activity_signal)
