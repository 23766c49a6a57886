"""The one shape of every API error, built by one function."""

from __future__ import annotations

from fastapi.responses import JSONResponse

from ..errors import ActorgraphError, AmbiguousEntity, BadQuery, UnknownEntity, UnknownFact

BAD_PARAMETER = "AG042"
UNAUTHORIZED = "AG070"
FORBIDDEN = "AG071"
NOT_FOUND = "AG044"
BAD_HOST = "AG074"
TOO_MANY = "AG075"
TOO_SLOW = "AG076"
INTERNAL = "AG099"


def error_body(code: str, message: str, status: int) -> dict:
    """{"error": {"code", "message", "status"}}: what every API error looks like."""
    return {"error": {"code": code, "message": message, "status": status}}


def error_response(code: str, message: str, status: int, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message, status), status_code=status, headers=headers)


class ApiError(Exception):
    """Raised by routes for a request they refuse; rendered by `error_response`."""

    def __init__(self, code: str, message: str, status: int):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def bad_parameter(name: str, value, why: str) -> ApiError:
    return ApiError(BAD_PARAMETER, f"Bad value {value!r} for parameter '{name}': {why}", 400)


def from_actorgraph_error(exc: ActorgraphError) -> ApiError:
    """Unknown and ambiguous names and unreadable query values are client errors; anything else is a 500."""
    if isinstance(exc, (UnknownEntity, UnknownFact)):
        return ApiError(exc.code, exc.message, 404)
    if isinstance(exc, AmbiguousEntity):
        return ApiError(exc.code, exc.message, 409)
    if isinstance(exc, BadQuery):
        return ApiError(exc.code, exc.message, 400)
    return ApiError(exc.code, exc.message, 500)
