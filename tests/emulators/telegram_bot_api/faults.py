"""Fault injection: failing or delaying the next calls of a method, and flood limits."""

from __future__ import annotations

from tests.emulators.telegram_bot_api.limits import (
    _DEFAULT_DESCRIPTIONS,
    _RATE_LIMITED_METHODS,
    JSONDict,
)
from tests.emulators.telegram_bot_api.state import _Delay, _Fault, _RateLimits


class FaultsMixin:
    """Failing, delaying and rate-limiting calls."""

    # -- fault injection --------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int = 2,
        count: int = 1,
        description: str | None = None,
    ) -> None:
        """Answer the next ``count`` calls to ``method`` (``"*"``: any method) with an error.

        429 answers ``Too Many Requests: retry after N`` with ``parameters.retry_after``;
        other statuses use ``description`` or a default (400 ``Bad Request``, 403 blocked, ...).
        """
        parameters: JSONDict | None = None
        if status == 429:
            description = description or f"Too Many Requests: retry after {retry_after}"
            parameters = {"retry_after": retry_after}
        elif description is None:
            description = _DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
        with self._lock:
            self._faults.setdefault(method.lower(), []).append(
                _Fault(status, description, parameters, count)
            )

    def delay_next(self, method: str, seconds: float, count: int = 1) -> None:
        """Hold the next ``count`` calls to ``method`` (``"*"``: any) for ``seconds``.

        The request is processed after the delay even if the client gave up meanwhile, like
        the real server: a send that timed out on the client may still have been delivered.
        """
        with self._lock:
            self._delays.setdefault(method.lower(), []).append(_Delay(seconds, count))

    def enforce_rate_limits(
        self,
        global_per_second: int = 30,
        per_chat_per_second: int = 1,
        *,
        methods: frozenset[str] | set[str] | None = None,
    ) -> None:
        """Answer 429 to sends beyond these limits (sliding one-second windows).

        Violations are counted in :attr:`rate_limit_violations`. ``methods`` defaults to
        ``sendMessage``, ``sendDocument`` and ``sendPhoto``.
        """
        with self._lock:
            self._rate_limits = _RateLimits(
                global_per_second,
                per_chat_per_second,
                frozenset(methods) if methods is not None else _RATE_LIMITED_METHODS,
            )

    def disable_rate_limits(self) -> None:
        """Leave rate-limit mode."""
        with self._lock:
            self._rate_limits = None
