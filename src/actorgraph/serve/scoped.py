"""A read-only view of the store narrowed to one entity, so `views.entity_profile` stays fast on big KBs.

`views` filters every list it reads by the entity anyway; handing it a store whose lists already hold
only that entity's rows (fetched with the store's indexed `*_involving` reads) gives the same profile
without scanning every relation, report, claim and document.
"""

from __future__ import annotations

from functools import cached_property


class EntityScope:
    """Answers the store reads `views.entity_profile` makes, for one entity; anything else goes to the store."""

    def __init__(self, store, entity_id: str):
        self._store = store
        self._entity = entity_id

    def __getattr__(self, name):
        return getattr(self._store, name)

    @cached_property
    def _members(self) -> list[str]:
        return self._store.member_ids(self._entity)

    @cached_property
    def _relations(self) -> list[dict]:
        return self._store.relations_involving(self._members)

    @cached_property
    def _event_ids(self) -> list[str]:
        return self._store.event_ids_involving(self._members)

    @cached_property
    def _claims(self) -> list[dict]:
        return self._store.claims_about(self._members)

    @cached_property
    def _entities(self) -> list[dict]:
        return self._store.entities(include_merged=True)

    def relations(self, entity_id: str | None = None, type: str | None = None) -> list[dict]:
        if entity_id != self._entity:
            return self._store.relations(entity_id=entity_id, type=type)
        return [r for r in self._relations if (not type or r["type"] == type)
                and entity_id in (r["subject_id"], r["object_id"])]

    @cached_property
    def _event_reports(self) -> list[dict]:
        return self._store.event_reports_of_events(self._event_ids)

    def event_reports(self) -> list[dict]:
        return [dict(r) for r in self._event_reports]

    def events(self) -> list[dict]:
        return self._store.events_by_id(self._event_ids)

    def claims(self, subject_id: str | None = None, attribute: str | None = None) -> list[dict]:
        if subject_id != self._entity:
            return self._store.claims(subject_id=subject_id, attribute=attribute)
        return [c for c in self._claims if c["subject_id"] == subject_id and (not attribute or c["attribute"] == attribute)]

    def documents(self) -> list[dict]:
        ids = {c["doc_id"] for c in self._claims} | {a["doc_id"] for a in self._store.aliases([self._entity]) if a["doc_id"]}
        return self._store.documents_by_id(sorted(ids))

    def entities(self, type: str | None = None, include_merged: bool = False) -> list[dict]:
        if type is None and include_merged:
            return self._entities
        return self._store.entities(type=type, include_merged=include_merged)
