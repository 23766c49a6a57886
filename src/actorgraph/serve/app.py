"""The FastAPI application: security headers, bearer tokens, one error shape, static files, routers."""

from __future__ import annotations

import logging
from collections import deque
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote_plus

import anyio.to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__, settings
from ..errors import ActorgraphError
from ..settings import REPO_ROOT
from ..store import open_store
from . import errors as E
from .auth import COOKIE, FailureLimit, Tokens, request_token
from .cache import ResponseCache

HERE = Path(__file__).resolve().parent
log = logging.getLogger("actorgraph.serve")

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# url prefix -> folder inside node_modules; only these are served, never the whole tree
VENDOR = {
    "cytoscape": "cytoscape/dist",
    "leaflet": "leaflet/dist",
    "chart.js": "chart.js/dist",
    "topojson-client": "topojson-client/dist",
    "world-atlas": "world-atlas",
}
OPEN_PATHS = ("/login",)
REQUEST_THREADS = 8
MAX_QUERY_STRING = 4096
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class AssetsMissing(ActorgraphError):
    code = "AG073"


def create_app(db: str, tokens: Tokens | None = None, node_modules: str | Path | None = None,
               pages: bool = True, hosts: Iterable[str] | None = None) -> FastAPI:
    """The workbench over the knowledge base at `db`; `pages=False` serves the API alone (no assets needed).

    `hosts`: the Host header values answered (default: the setting ACTORGRAPH_ALLOWED_HOSTS), so a page on
    another site cannot read the knowledge base through DNS rebinding.
    """
    with open_store(db, create=False) as probe:   # a mistyped path fails here, not as an empty knowledge base
        path = probe.path
    app = FastAPI(title="actorgraph", version=__version__, description="Sourced, time-aware knowledge graph of armed groups.",
                  docs_url=None, redoc_url=None, lifespan=_lifespan)
    app.state.db = db
    app.state.tokens = tokens or Tokens()
    app.state.hosts = frozenset(h.lower() for h in (hosts if hosts is not None else allowed_hosts()))
    app.state.pool = StorePool(db)
    app.state.failures = FailureLimit()
    cache_bytes = settings.get_int("ACTORGRAPH_CACHE_MB") * 1024 * 1024
    app.state.cache = ResponseCache(path, cache_bytes) if cache_bytes else None
    _add_middleware(app)
    _add_error_handlers(app)
    from .api import router as api_router

    app.include_router(api_router, dependencies=[Depends(checkout_store)])
    if pages:
        _mount_static(app, Path(node_modules) if node_modules else REPO_ROOT / "node_modules")
        from .pages import router as page_router

        app.include_router(page_router, dependencies=[Depends(checkout_store)])
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI):
    # A few threads serve every request (more would only contend for the GIL); each thread's malloc
    # arena keeps what it once held, so a bounded number of threads keeps resident memory flat.
    anyio.to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
    yield
    app.state.pool.close()


def allowed_hosts() -> list[str]:
    return [h.strip() for h in settings.get("ACTORGRAPH_ALLOWED_HOSTS").split(",") if h.strip()]


class StorePool:
    """Open stores, each serving one request at a time; at most `keep` idle ones stay open (bounded memory)."""

    def __init__(self, db: str, keep: int = 8):
        self.db, self.keep, self.idle = db, keep, deque()

    def take(self):
        try:
            return self.idle.pop()
        except IndexError:
            return open_store(self.db, create=False)

    def give(self, store) -> None:
        if len(self.idle) < self.keep:
            self.idle.append(store)
        else:
            store.close()

    def close(self) -> None:
        while self.idle:
            self.idle.pop().close()


def checkout_store(request: Request):
    """A store of its own for one request, with a deadline on every query it runs."""
    pool: StorePool = request.app.state.pool
    store = pool.take()
    store.set_deadline(settings.get_float("ACTORGRAPH_REQUEST_SECONDS"))
    request.state.store = store
    try:
        yield store
    finally:
        store.set_deadline(None)
        pool.give(store)


def store_of(request: Request):
    """The store checked out for this request."""
    return request.state.store


def _mount_static(app: FastAPI, node_modules: Path) -> None:
    missing = [name for name, sub in VENDOR.items() if not (node_modules / sub).is_dir()]
    if missing:
        raise AssetsMissing(
            f"Front-end libraries are missing from {node_modules} ({', '.join(missing)}). "
            f"Run: npm ci --no-audit --no-fund  (in {node_modules.parent}), or make setup.")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for name, sub in VENDOR.items():
        app.mount(f"/vendor/{name}", StaticFiles(directory=node_modules / sub), name=f"vendor-{name}")


def _add_middleware(app: FastAPI) -> None:
    @app.middleware("http")
    async def guard(request: Request, call_next):
        refusal = _bad_request(request) or _refusal(request)
        response = refusal if refusal is not None else await _answer(request, call_next)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


async def _answer(request: Request, call_next):
    """The route's answer; a JSON read is served from, or kept in, the cache for this state of the KB."""
    cache: ResponseCache | None = request.app.state.cache
    if cache is None or request.method != "GET" or not request.url.path.startswith("/api/"):
        return await call_next(request)
    key = f"{request.url.path}?{request.url.query}"
    body, state = cache.get(key)
    if body is None:
        response = await call_next(request)
        if response.status_code != 200 or response.headers.get("content-type") != "application/json":
            return response
        body = b"".join([chunk async for chunk in response.body_iterator])
        cache.put(key, body, state)
    return Response(body, media_type="application/json")


def _bad_request(request: Request):
    """The error response for a request no route should see: a foreign Host, a huge or NUL-bearing URL."""
    hosts = request.app.state.hosts
    host = host_name(request.headers.get("host", ""))
    if hosts and host not in hosts:
        return E.error_response(E.BAD_HOST, f"This server does not answer to the host name {host[:80]!r}. If that is "
                                "its name, start it with --allow-host NAME (or set ACTORGRAPH_ALLOWED_HOSTS).", 400)
    query = request.url.query
    if len(query) > MAX_QUERY_STRING:
        return E.error_response(E.BAD_PARAMETER, f"The query string is over {MAX_QUERY_STRING} characters; "
                                "ask for less at once.", 414)
    if "\x00" in request.url.path or "\x00" in unquote_plus(query):
        return E.error_response(E.BAD_PARAMETER, "The URL holds a NUL character; remove it.", 400)
    return None


def too_many(wait: int):
    return E.error_response(E.TOO_MANY, f"Too many wrong tokens from this address; try again in {wait} s.", 429,
                            {"Retry-After": str(wait)})


def host_name(header: str) -> str:
    """The host of a Host header, without the port: 'localhost:8000' -> 'localhost', '[::1]:80' -> '::1'."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _refusal(request: Request):
    """The error response for a request its token does not allow, or None."""
    tokens: Tokens = request.app.state.tokens
    if request.url.path in OPEN_PATHS:
        return None
    presented = request_token(request.headers, {})
    failures: FailureLimit = request.app.state.failures
    client = request.client.host if request.client else ""
    if tokens.required and presented and failures.wait(client):   # even a right guess waits: no oracle
        return too_many(failures.wait(client))
    header_role = tokens.role(presented)
    role = header_role or ("read" if tokens.role(request.cookies.get(COOKIE)) else None)
    if tokens.required and role is None:
        if presented:
            failures.failed(client)
        if _wants_html(request):
            from .pages import login_page

            return login_page(request, status=401)
        return E.error_response(E.UNAUTHORIZED, "Missing or wrong token. Send the header: Authorization: Bearer <token>.",
                                401, {"WWW-Authenticate": "Bearer"})
    if request.method not in SAFE_METHODS and header_role != "admin":
        why = ("This server has no admin token; restart it with --token-file holding a line 'admin TOKEN'."
               if not tokens.admin else "This needs an admin token in the Authorization header.")
        return E.error_response(E.FORBIDDEN, why, 403)
    return None


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and request.url.path != "/openapi.json"


def _add_error_handlers(app: FastAPI) -> None:
    def render(request: Request, exc: E.ApiError):
        if _wants_html(request):
            from .pages import error_page

            response = error_page(request, exc)
        else:
            response = E.error_response(exc.code, exc.message, exc.status)
        response.headers.update(SECURITY_HEADERS)  # a 500 is answered outside the middleware
        return response

    @app.exception_handler(E.ApiError)
    async def api_error(request, exc):
        return render(request, exc)

    @app.exception_handler(ActorgraphError)
    async def library_error(request, exc):
        return render(request, E.from_actorgraph_error(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request, exc):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}" for e in exc.errors())
        return render(request, E.ApiError(E.BAD_PARAMETER, f"Bad request: {problems}", 400))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request, exc):
        code = E.NOT_FOUND if exc.status_code == 404 else E.BAD_PARAMETER
        message = "No such page or endpoint. The API is described at /openapi.json." if exc.status_code == 404 else str(exc.detail)
        return render(request, E.ApiError(code, message, exc.status_code))

    @app.exception_handler(Exception)
    async def internal_error(request, exc):
        if getattr(exc, "sqlite_errorname", "") in ("SQLITE_INTERRUPT", "SQLITE_BUSY"):
            seconds = settings.get("ACTORGRAPH_REQUEST_SECONDS")
            return render(request, E.ApiError(E.TOO_SLOW, f"The request was stopped after {seconds} s (or the knowledge "
                                              "base was busy); narrow it with a filter or a smaller limit.", 503))
        log.exception("internal error on %s", request.url.path)
        return render(request, E.ApiError(E.INTERNAL, f"Internal error ({type(exc).__name__}); see the server log.", 500))
