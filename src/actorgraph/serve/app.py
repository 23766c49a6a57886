"""The FastAPI application: security headers, bearer tokens, one error shape, static files, routers."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import ActorgraphError
from ..settings import REPO_ROOT
from ..store import open_store
from . import errors as E
from .auth import COOKIE, Tokens, request_token

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
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class AssetsMissing(ActorgraphError):
    code = "AG073"


def create_app(db: str, tokens: Tokens | None = None, node_modules: str | Path | None = None,
               pages: bool = True) -> FastAPI:
    """The workbench over the knowledge base at `db`; `pages=False` serves the API alone (no assets needed)."""
    app = FastAPI(title="actorgraph", version=__version__, description="Sourced, time-aware knowledge graph of armed groups.",
                  docs_url=None, redoc_url=None)
    app.state.db = db
    app.state.tokens = tokens or Tokens()
    app.state.local = threading.local()
    _add_middleware(app)
    _add_error_handlers(app)
    from .api import router as api_router

    app.include_router(api_router)
    if pages:
        _mount_static(app, Path(node_modules) if node_modules else REPO_ROOT / "node_modules")
        from .pages import router as page_router

        app.include_router(page_router)
    return app


def store_of(request: Request):
    """One store per worker thread: SQLite connections are not shared across threads."""
    local = request.app.state.local
    if getattr(local, "store", None) is None:
        local.store = open_store(request.app.state.db)
    return local.store


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
        refusal = _refusal(request)
        response = refusal if refusal is not None else await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def _refusal(request: Request):
    """The error response for a request its token does not allow, or None."""
    tokens: Tokens = request.app.state.tokens
    if request.url.path in OPEN_PATHS:
        return None
    header_role = tokens.role(request_token(request.headers, {}))
    role = header_role or ("read" if tokens.role(request.cookies.get(COOKIE)) else None)
    if tokens.required and role is None:
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
        log.exception("internal error on %s", request.url.path)
        return render(request, E.ApiError(E.INTERNAL, f"Internal error ({type(exc).__name__}); see the server log.", 500))
