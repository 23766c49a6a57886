"""Entry points for `actorgraph serve`: run the server, or print one API response without one."""

from __future__ import annotations

import json

from .app import create_app
from .auth import Tokens


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, tokens: Tokens | None = None) -> None:
    """Serve the workbench with uvicorn until interrupted."""
    import uvicorn

    app = create_app(db, tokens)
    uvicorn.run(app, host=host, port=port, log_level="info")


def get_json(db: str, path: str) -> tuple[int, str]:
    """The status and JSON text of one API request, answered in-process (no server, no token)."""
    from fastapi.testclient import TestClient

    if not path.startswith("/"):
        path = "/" + path
    with TestClient(create_app(db, pages=False), raise_server_exceptions=False) as client:
        response = client.get(path)
    try:
        text = json.dumps(response.json(), indent=2, ensure_ascii=False, default=str)
    except ValueError:
        text = response.text
    return response.status_code, text
