"""The JSON API: each endpoint renders one data function, the same one its page renders."""

from __future__ import annotations

import functools
import json

from fastapi import APIRouter, Depends, Query
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
        return json.dumps(content, ensure_ascii=False, default=str, separators=(",", ":")).encode("utf-8")


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


@router.get("/search", summary="Full-text hits in documents and typo-tolerant entity names")
def search(q: str = Query(..., min_length=1, description="Words to look for"), limit: int = Query(20, ge=1, le=200),
           store=Store):
    return views.search(store, q, limit)


@router.get("/entities", summary="Entities with mention counts")
def entities(type: str | None = None, all: bool = Query(False, description="Include never-mentioned registry entries"),
             store=Store):
    return {"entities": data.entity_list(store, type, mentioned_only=not all)}


@router.get("/entities/{id_or_name}", summary="Everything about one entity, every fact with its evidence")
def entity(id_or_name: str, include_rejected: bool = False, store=Store):
    return data.with_rejected(store, include_rejected, data.profile, id_or_name)


@router.get("/relations", summary="Relations with citations, by entity, type and date")
def relations(entity: str | None = None, type: str | None = None, as_of: str | None = None, store=Store):
    types = data.check_relation_types([type] if type else None)
    if types and len(types) > 1:
        raise bad_parameter("type", type, "give one relation type")
    return {"relations": views.relations(store, entity_id=data.entity_id(store, entity),
                                         type=types[0] if types else None, as_of=data.check_date("as_of", as_of))}


@router.get("/events", summary="Events in date order with each source's figures")
def events(actor: str | None = None, from_: str | None = Query(None, alias="from"), to: str | None = None,
           type: str | None = None, store=Store):
    return {"events": data.events(store, actor, from_, to, type)}


@router.get("/claims", summary="Numeric claims: figure, as-of date, who said it, quote")
def claims(subject: str | None = None, attribute: str | None = None, store=Store):
    return {"claims": views.claims(store, subject_id=data.entity_id(store, subject), attribute=attribute or None)}


@router.get("/conflicts", summary="Disagreements between sources, both sides quoted")
def conflicts(entity: str | None = None, store=Store):
    return {"conflicts": views.conflicts(store, entity_id=data.entity_id(store, entity))}


@router.get("/documents", summary="Stored documents")
def documents(store=Store):
    return {"documents": data.documents(store)}


@router.get("/documents/{doc_id}", summary="A document's cleaned text, mentions, evidence spans and facts")
def document(doc_id: str, include_rejected: bool = False, store=Store):
    return data.with_rejected(store, include_rejected, data.document_page, doc_id)


@router.get("/facts/{fact_id}", summary="One fact (relation:12, event:7, claim:3): quote, machinery, review")
def fact(fact_id: str, store=Store):
    return fact_detail(store, fact_id)


@router.get("/changes", summary="New conflicts, moved figures, new, changed and removed facts after a run or date")
def changes(since: str | None = Query(None, description="A run number or an ISO date"),
            watch: list[str] | None = Query(None, description="Only changes about these entities"), store=Store):
    return find_changes(store, since, watch)


@router.get("/evidence/{evidence_id}", summary="One evidence span and where to see it")
def evidence(evidence_id: int, store=Store):
    return data.evidence(store, evidence_id)


@router.get("/network", summary="Relation graph with centrality, around an entity or whole")
def network(center: str | None = None, type: list[str] | None = Query(None), as_of: str | None = None,
            depth: int = Query(1, ge=1, le=3), store=Store):
    return views.network(store, center=data.entity_id(store, center), types=data.check_relation_types(type),
                         as_of=data.check_date("as_of", as_of), depth=depth)


@router.get("/map", summary="Places with coordinates and the events at them")
def map_(store=Store):
    return data.map_data(store)


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
