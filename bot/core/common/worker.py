"""Who a worker process is, in leases and logs: `host:pid:random`.

The random part tells a restarted process (same host, possibly the same pid in a container)
from the one that died, so a dead worker's leases are never mistaken for our own.
"""

from __future__ import annotations

import os
import secrets
import socket


def new_worker_id() -> str:
    host = socket.gethostname()[:48] or "host"
    return f"{host}:{os.getpid()}:{secrets.token_hex(4)}"
