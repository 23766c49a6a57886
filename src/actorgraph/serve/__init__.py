"""The analyst's workbench: server-rendered pages and a JSON API over one knowledge base.

Every page and its API endpoint render the same data function (`actorgraph.analyze.views`
or `actorgraph.serve.data`); only `actorgraph.store` speaks SQL.
"""

from __future__ import annotations

from .app import create_app
from .auth import Tokens
from .run import get_json, serve

__all__ = ["create_app", "Tokens", "get_json", "serve"]
