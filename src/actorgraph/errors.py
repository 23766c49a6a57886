"""Coded errors whose messages say how to fix the problem."""

from __future__ import annotations


class ActorgraphError(Exception):
    """Base of every error actorgraph raises on purpose; `code` is stable, e.g. AG012."""

    code = "AG000"

    def __init__(self, message: str):
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class ModelMissing(ActorgraphError):
    code = "AG012"


class BadInput(ActorgraphError):
    """A source file that cannot be read as a report (binary, empty, undecodable, broken PDF, too big)."""

    code = "AG020"


class StoreError(ActorgraphError):
    code = "AG030"


class SchemaTooNew(StoreError):
    code = "AG031"


class UnknownEntity(ActorgraphError):
    code = "AG040"


class AmbiguousEntity(ActorgraphError):
    code = "AG041"


class UnknownFact(ActorgraphError):
    """A fact id (relation:12, event:7, claim:3) that names no stored fact."""

    code = "AG043"


class BadQuery(ActorgraphError):
    """A query value that cannot be read (a --since that is neither a run number nor a date)."""

    code = "AG046"


class BadReferenceFile(ActorgraphError):
    code = "AG050"


class DataMissing(ActorgraphError):
    """A data set (seed corpus, MUC-4 split) is not where it is expected."""

    code = "AG060"


class WorkerError(ActorgraphError):
    """Parallel extraction could not go on: bad worker count, a model a worker cannot load, workers that keep dying."""

    code = "AG070"


class BadJudgement(ActorgraphError):
    """A filled-in precision sample that cannot be scored (unknown verdict, no facts found)."""

    code = "AG090"


class FetchError(ActorgraphError):
    """A feed or page that `watch` could not fetch: refused by robots.txt, too big, too slow, or an HTTP error."""

    code = "AG080"

    def __init__(self, message: str, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent   # True: asking again will not help (robots.txt, 4xx, too big)
