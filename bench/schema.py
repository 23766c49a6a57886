"""Schemathesis over the API's OpenAPI schema: generated requests to every operation, counting server errors.

    .venv/bin/python bench/schema.py [--examples 200] [--seed 1] [--docs 300]

Builds a synthetic KB (`serve.synth`, with an XSS payload among the names), loads `/openapi.json` from
the app in-process, and sends each operation `--examples` generated requests (valid and invalid
parameters, odd strings, huge numbers) as a client on 127.0.0.1 would. A 5xx answer is a failure,
except 503 (a request stopped at its deadline, by design). Exit status 1 on any server error.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

PAYLOAD = '<script>alert(1)</script> "quoted" =cmd|calc'


def build_app(folder: Path, docs: int):
    from actorgraph.serve import create_app, synth
    from actorgraph.store import open_store

    db = folder / "kb.sqlite"
    with open_store(db) as store:
        synth.build(store, docs, n_groups=8, names={2: PAYLOAD})
    return create_app(str(db), pages=False)


def fuzz(examples: int, seed_value: int, docs: int) -> tuple[Counter, list[str]]:
    """(status codes seen, descriptions of server errors)."""
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, seed, settings

    statuses: Counter = Counter()
    errors: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        app = build_app(Path(tmp), docs)
        schema = schemathesis.openapi.from_asgi("/openapi.json", app, headers={"Host": "127.0.0.1"})
        for result in schema.get_all_operations():
            operation = result.ok()

            @seed(seed_value)
            @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
                      phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
            @given(operation.as_strategy())
            def call(case):
                response = case.call(headers={"Host": "127.0.0.1"})
                statuses[response.status_code] += 1
                if response.status_code >= 500 and response.status_code != 503:
                    errors.append(f"{case.method} {case.formatted_path} {case.query or ''} -> {response.status_code}: "
                                  f"{response.text[:200]}")

            call()
    return statuses, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200, help="generated requests per operation")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--docs", type=int, default=300, help="documents in the synthetic KB")
    args = parser.parse_args()
    started = time.perf_counter()
    statuses, errors = fuzz(args.examples, args.seed, args.docs)
    for error in errors[:30]:
        print(error)
    print(f"{sum(statuses.values())} generated requests in {time.perf_counter() - started:.0f} s; statuses "
          f"{dict(sorted(statuses.items()))}; server errors: {len(errors)}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
