"""Server-rendered pages; each renders the same data function as its API endpoint."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs

import jinja2
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from ..analyze import views
from ..analyze.changes import atom_entries, changes
from ..models import RELATION_TYPES
from . import data
from .app import HERE, store_of, too_many
from .auth import COOKIE
from .errors import BAD_PARAMETER, ApiError
from .highlight import attach_facts, segments

router = APIRouter(include_in_schema=False)
MAX_LOGIN_BODY = 4096
PAGE_SIZE = 200     # rows on a list page
MAP_EVENTS = 2000   # events drawn on the map page
MAX_OFFSET = 10_000_000
env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                         undefined=jinja2.ChainableUndefined)
templates = Jinja2Templates(env=env)


def ev_url(evidence: dict) -> str:
    return data.evidence_url(evidence["doc"], evidence["start"], evidence["end"])


def figure(value: dict | None) -> str:
    if not value:
        return "–"
    low, high = value["low"], value["high"]
    return f"{low}" if low == high or high is None else f"{low}–{high}" if low is not None else f"≤{high}"


env.filters.update(ev_url=ev_url, figure=figure)


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def error_page(request: Request, exc: ApiError) -> HTMLResponse:
    return render(request, "error.html", exc.status, title=f"Error {exc.status}", error=exc)


def login_page(request: Request, status: int = 200, failed: bool = False) -> HTMLResponse:
    return render(request, "login.html", status, title="Sign in", failed=failed)


@router.get("/login")
def login_form(request: Request):
    return login_page(request)


@router.post("/login")
async def login(request: Request):
    """Sets a same-site, HTTP-only cookie so pages and their fetches carry a read-only token."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_LOGIN_BODY:
            raise ApiError(BAD_PARAMETER, "The sign-in form is too large.", 413)
    token = (parse_qs(body.decode("utf-8", "replace")).get("token") or [""])[0]
    failures, client = request.app.state.failures, request.client.host if request.client else ""
    wait = failures.wait(client)
    if wait:   # even a right guess waits, so the limit gives an attacker nothing
        return too_many(wait)
    if not request.app.state.tokens.role(token):
        failures.failed(client)
        return login_page(request, status=401, failed=True)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict")
    return response


@router.get("/")
def search_page(request: Request, q: str = ""):
    store = store_of(request)
    result = views.search(store, q) if q.strip() else None
    return render(request, "search.html", title="Search", q=q, result=result, counts=store.counts())


@router.get("/entities")
def entities_page(request: Request, type: str | None = None, all: bool = False):
    rows = data.entity_list(store_of(request), type, mentioned_only=not all)
    return render(request, "entities.html", title="Entities", entities=rows, type=type, all=all)


@router.get("/entities/{id_or_name}")
def entity_page(request: Request, id_or_name: str, include_rejected: bool = False):
    profile = data.with_rejected(store_of(request), include_rejected, data.profile, id_or_name)
    return render(request, "entity.html", title=profile["entity"]["name"], p=profile, include_rejected=include_rejected)


@router.get("/network")
def network_page(request: Request, center: str | None = None, type: list[str] | None = Query(None),
                 as_of: str | None = None):
    store = store_of(request)
    graph = views.network(store, center=data.entity_id(store, center), types=data.check_relation_types(type),
                          as_of=data.check_date("as_of", as_of))
    return render(request, "network.html", title="Network", graph=graph, center=center or "",
                  types=RELATION_TYPES, chosen=data.check_relation_types(type) or [], as_of=as_of or "")


@router.get("/timeline")
def timeline_page(request: Request, actor: str | None = None, type: str | None = None,
                  from_: str | None = Query(None, alias="from"), to: str | None = None,
                  offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    store = store_of(request)
    found = data.events_page(store, actor, from_, to, type, PAGE_SIZE, offset)
    return render(request, "timeline.html", title="Timeline", events=found["events"], actor=actor or "",
                  type=type or "", types=store.event_types(), start=from_ or "", end=to or "",
                  pager=pager(request, found["total"], offset))


@router.get("/map")
def map_page(request: Request):
    return render(request, "map.html", title="Map", map=data.map_data(store_of(request), MAP_EVENTS))


@router.get("/conflicts")
def conflicts_page(request: Request, entity: str | None = None, offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    store = store_of(request)
    found = views.conflicts_page(store, entity_id=data.entity_id(store, entity), limit=PAGE_SIZE, offset=offset)
    return render(request, "conflicts.html", title="Conflicts", conflicts=found["conflicts"], entity=entity or "",
                  pager=pager(request, found["total"], offset))


@router.get("/documents")
def documents_page(request: Request, offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    store = store_of(request)
    return render(request, "documents.html", title="Documents", documents=data.documents(store, PAGE_SIZE, offset),
                  pager=pager(request, store.count("documents"), offset))


def pager(request: Request, total: int, offset: int) -> dict:
    """Where this page starts and ends among `total` items, with links to the pages before and after."""
    def link(at: int) -> str:
        url = request.url.include_query_params(offset=at)
        return f"{url.path}?{url.query}"

    end = min(total, offset + PAGE_SIZE)
    return {"first": offset + 1 if total else 0, "last": end, "total": total,
            "previous": link(max(0, offset - PAGE_SIZE)) if offset else None,
            "next": link(offset + PAGE_SIZE) if end < total else None}


@router.get("/documents/{doc_id}")
def document_page(request: Request, doc_id: str, include_rejected: bool = False):
    view = data.with_rejected(store_of(request), include_rejected, data.document_page, doc_id)
    evidence = attach_facts(view["evidence"], view["facts"])
    pieces = segments(view["document"]["text"], view["mentions"], evidence)
    return render(request, "document.html", title=view["document"]["title"] or doc_id, v=view, segments=pieces,
                  include_rejected=include_rejected)


@router.get("/changes")
def changes_page(request: Request, since: str | None = None, watch: list[str] | None = Query(None)):
    watch = [name.strip() for value in watch or [] for name in value.split(",") if name.strip()]
    found = changes(store_of(request), since or _a_month_ago(), watch)
    return render(request, "changes.html", title="What changed", c=found, since=since or "", watch=watch or [])


@router.get("/changes.atom")
def changes_feed(request: Request, since: str | None = None, watch: list[str] | None = Query(None)):
    """The same changes as an Atom feed an analyst can subscribe to: one entry per change, newest run first."""
    found = changes(store_of(request), since or _a_month_ago(), watch)
    base = str(request.base_url).rstrip("/")
    body = env.get_template("changes.atom").render(c=found, base=base, entries=atom_entries(found),
                                                   self_url=str(request.url))
    return Response(body, media_type="application/atom+xml")


def _a_month_ago() -> str:
    return (datetime.now(timezone.utc) - timedelta(days=30)).date().isoformat()


@router.get("/evidence/{evidence_id}")
def evidence_page(request: Request, evidence_id: int):
    return RedirectResponse(data.evidence(store_of(request), evidence_id)["url"], status_code=302)
