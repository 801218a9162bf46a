"""A real redis-server on a free loopback port, for the tests that need Redis."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running_redis(workdir: Path) -> Iterator[str]:
    """Start redis-server; yield its URL; stop it. Skips (or fails in CI) without the binary."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("FWBOT_REQUIRE_REDIS") == "1":
            pytest.fail("redis-server is required in CI but not installed")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    try:
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
        yield url
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)
