"""Entry points for `actorgraph serve`: run the server, or print one API response without one."""

from __future__ import annotations

import asyncio
import ipaddress
import json
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote, urlsplit

from ..errors import ActorgraphError
from .app import allowed_hosts, create_app
from .auth import Tokens


class OpenToTheNetwork(ActorgraphError):
    code = "AG077"


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, tokens: Tokens | None = None,
          extra_hosts: tuple[str, ...] = (), allow_open: bool = False) -> None:
    """Serve the workbench with uvicorn until interrupted.

    A non-loopback address without a token would hand the knowledge base to the whole network:
    refused unless `allow_open`.
    """
    import uvicorn

    tokens = tokens or Tokens()
    if not is_loopback(host) and not tokens.required and not allow_open:
        raise OpenToTheNetwork(
            f"Serving on {host} without a token lets anyone on the network read the knowledge base. Give a token "
            "(ACTORGRAPH_TOKEN or --token-file), bind 127.0.0.1, or pass --allow-open if that is what you want.")
    hosts = [*allowed_hosts(), *extra_hosts] + ([host] if host not in ("0.0.0.0", "::") else [])
    app = create_app(db, tokens, hosts=hosts)
    uvicorn.run(app, host=host, port=port, log_level="info")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def get_json(db: str, path: str) -> tuple[int, str]:
    """The status and JSON text of one API request, answered in-process (no server, no token)."""
    if not path.startswith("/"):
        path = "/" + path
    app = create_app(db, pages=False)
    with ThreadPoolExecutor(1) as thread:   # its own event loop, even when the caller runs one (a notebook, a test)
        status, body = thread.submit(asyncio.run, _get(app, path)).result()
    try:
        text = json.dumps(json.loads(body), indent=2, ensure_ascii=False, default=str)
    except ValueError:
        text = body.decode("utf-8", "replace")
    return status, text


async def _get(app, path: str) -> tuple[int, bytes]:
    """Call the ASGI app once with a GET request, as a server on 127.0.0.1 would."""
    url = urlsplit(path)
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": unquote(url.path), "raw_path": url.path.encode(), "query_string": url.query.encode(),
             "root_path": "", "headers": [(b"host", b"127.0.0.1")], "client": ("127.0.0.1", 0),
             "server": ("127.0.0.1", 80)}
    status, chunks = 500, []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    try:
        await app(scope, receive, send)
    except Exception:   # Starlette re-raises a 500's exception after sending the error response
        if not chunks:
            raise
    return status, b"".join(chunks)
