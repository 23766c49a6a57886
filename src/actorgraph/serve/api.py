"""The JSON API: each endpoint renders one data function, the same one its page renders."""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from typing import Literal

from ..analyze import views
from ..analyze.changes import changes as find_changes
from ..analyze.review import fact_detail, review
from . import data
from .app import store_of
from .errors import bad_parameter

Store = Depends(store_of)


class JSON(Response):
    """Plain json.dumps of the data function's dicts: several times faster than FastAPI's encoder on big profiles."""

    media_type = "application/json"

    def render(self, content) -> bytes:
        try:
            text = json.dumps(content, ensure_ascii=False, default=str, separators=(",", ":"), allow_nan=False)
        except ValueError:   # NaN or Infinity from an old knowledge base: JSON has no such numbers
            text = json.dumps(_finite(content), ensure_ascii=False, default=str, separators=(",", ":"))
        return text.encode("utf-8")


def _finite(value):
    """The value with every NaN and Infinity replaced by null."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def _as_json(function):
    """Return the data function's dicts as a JSON response, skipping FastAPI's slow re-encoding."""
    @functools.wraps(function)
    def endpoint(*args, **kwargs):
        return JSON(function(*args, **kwargs))

    return endpoint


class _Router(APIRouter):
    def api_route(self, path, **kwargs):
        register = super().api_route(path, **kwargs)
        return lambda function: register(_as_json(function))


router = _Router(prefix="/api", tags=["api"], default_response_class=JSON)

MAX_LIMIT = 1000
MAX_OFFSET = 10_000_000
MAX_QUERY = 200   # characters of a search query: enough for any name, too few to make fuzzy matching slow
MAX_ID = 2 ** 63 - 1


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int

    def of(self, items: list) -> list:
        return items[self.offset:self.offset + self.limit]


def paging(limit: int = Query(50, ge=1, le=MAX_LIMIT, description="Items per page"),
           offset: int = Query(0, ge=0, le=MAX_OFFSET, description="Items to skip")) -> Page:
    return Page(limit, offset)


Paging = Depends(paging)


def paged(request: Request, key: str, items: list, total: int, page: Page) -> dict:
    """A page of a list: the items, how many there are in all, and the URL of the next page (or null)."""
    more = page.offset + len(items) < total
    following = request.url.include_query_params(offset=page.offset + page.limit, limit=page.limit)
    return {key: items, "total": total, "limit": page.limit, "offset": page.offset,
            "next": f"{following.path}?{following.query}" if more else None}


@router.get("/search", summary="Full-text hits in documents and typo-tolerant entity names")
def search(q: str = Query(..., min_length=1, max_length=MAX_QUERY, description="Words to look for"),
           limit: int = Query(20, ge=1, le=100), store=Store):
    return views.search(store, q, limit)


@router.get("/entities", summary="Entities with mention counts, most mentioned first (paged)")
def entities(request: Request, type: str | None = None,
             all: bool = Query(False, description="Include never-mentioned registry entries"), page=Paging, store=Store):
    rows = data.entity_list(store, type, mentioned_only=not all)
    return paged(request, "entities", page.of(rows), len(rows), page)


@router.get("/entities/{id_or_name}", summary="Everything about one entity, every fact with its evidence")
def entity(id_or_name: str = Path(..., max_length=MAX_QUERY), include_rejected: bool = False, store=Store):
    return data.with_rejected(store, include_rejected, data.profile, id_or_name)


@router.get("/relations", summary="Relations with citations, by entity, type and date (paged)")
def relations(request: Request, entity: str | None = Query(None, max_length=MAX_QUERY), type: str | None = None,
              as_of: str | None = None, page=Paging, store=Store):
    types = data.check_relation_types([type] if type else None)
    if types and len(types) > 1:
        raise bad_parameter("type", type, "give one relation type")
    rows = views.relations(store, entity_id=data.entity_id(store, entity), type=types[0] if types else None,
                           as_of=data.check_date("as_of", as_of))
    return paged(request, "relations", views.capped_citations(page.of(rows)), len(rows), page)


@router.get("/events", summary="Events in date order with each source's figures (paged)")
def events(request: Request, actor: str | None = Query(None, max_length=MAX_QUERY),
           from_: str | None = Query(None, alias="from"), to: str | None = None,
           type: str | None = Query(None, max_length=MAX_QUERY), page=Paging, store=Store):
    found = data.events_page(store, actor, from_, to, type, page.limit, page.offset)
    return paged(request, "events", found["events"], found["total"], page)


@router.get("/claims", summary="Numeric claims: figure, as-of date, who said it, quote (paged)")
def claims(request: Request, subject: str | None = Query(None, max_length=MAX_QUERY),
           attribute: str | None = Query(None, max_length=MAX_QUERY), page=Paging, store=Store):
    found = views.claims_page(store, subject_id=data.entity_id(store, subject), attribute=attribute or None,
                              limit=page.limit, offset=page.offset)
    return paged(request, "claims", found["claims"], found["total"], page)


@router.get("/conflicts", summary="Disagreements between sources, both sides quoted (paged)")
def conflicts(request: Request, entity: str | None = Query(None, max_length=MAX_QUERY), page=Paging, store=Store):
    found = views.conflicts_page(store, entity_id=data.entity_id(store, entity), limit=page.limit, offset=page.offset)
    return paged(request, "conflicts", found["conflicts"], found["total"], page)


@router.get("/documents", summary="Stored documents (paged)")
def documents(request: Request, page=Paging, store=Store):
    return paged(request, "documents", data.documents(store, page.limit, page.offset), store.count("documents"), page)


@router.get("/documents/{doc_id}", summary="A document's cleaned text, mentions, evidence spans and facts")
def document(doc_id: str = Path(..., max_length=MAX_QUERY), include_rejected: bool = False, store=Store):
    return data.with_rejected(store, include_rejected, data.document_page, doc_id)


@router.get("/facts/{fact_id}", summary="One fact (relation:12, event:7, claim:3): quote, machinery, review")
def fact(fact_id: str = Path(..., max_length=MAX_QUERY), store=Store):
    return fact_detail(store, fact_id)


@router.get("/changes", summary="New conflicts, moved figures, new, changed and removed facts after a run or date")
def changes(since: str | None = Query(None, max_length=MAX_QUERY, description="A run number or an ISO date"),
            watch: list[str] | None = Query(None, description="Only changes about these entities"), store=Store):
    return find_changes(store, since, watch)


@router.get("/evidence/{evidence_id}", summary="One evidence span and where to see it")
def evidence(evidence_id: int = Path(..., ge=1, le=MAX_ID), store=Store):
    return data.evidence(store, evidence_id)


@router.get("/network", summary="Relation graph with centrality, around an entity or whole (at most `limit` edges)")
def network(center: str | None = Query(None, max_length=MAX_QUERY), type: list[str] | None = Query(None),
            as_of: str | None = None, depth: int = Query(1, ge=1, le=3),
            limit: int = Query(500, ge=1, le=5000, description="Most edges returned"), store=Store):
    return views.network(store, center=data.entity_id(store, center), types=data.check_relation_types(type),
                         as_of=data.check_date("as_of", as_of), depth=depth, max_edges=limit)


@router.get("/map", summary="Places with coordinates and the events at them (events paged)")
def map_(request: Request, page=Paging, store=Store):
    found = data.map_data(store, page.limit, page.offset)
    return {**paged(request, "events", found["events"], found["total_events"], page), "places": found["places"]}


class Merge(BaseModel):
    keep: str
    absorb: str
    note: str = ""


@router.post("/entities/merge", summary="Record that two entities are one (admin token needed)")
def merge(body: Merge, store=Store):
    keep, absorb = data.entity_id(store, body.keep), data.entity_id(store, body.absorb)
    decision = store.merge_entities(keep, absorb, body.note)
    return {"decision": decision, "keep": keep, "absorbed": absorb}


class Review(BaseModel):
    verdict: Literal["accepted", "rejected"]
    note: str = ""


@router.post("/facts/{fact_id}/review", summary="Accept or reject one fact (admin token needed)")
def review_fact(fact_id: str, body: Review, store=Store):
    result = review(store, fact_id, body.verdict, body.note)
    return {"fact": fact_id, "review": body.verdict, "note": body.note, "quote": result["quote"]}
