"""Rebuild src/actorgraph/data/registry_reference.json from the public lists in ../shared/data/reference.

    .venv/bin/python scripts/build_registry.py [REFERENCE_DIR] [-o OUTPUT]

The curation (word lists and single decisions, each with its reason) is in
src/actorgraph/data/registry_curation.json; the logic in actorgraph.resolve.registry_build.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from actorgraph.resolve.registry_build import build_registry, write_registry
from actorgraph.settings import data_dir

DEFAULT_REFERENCE = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "reference"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference_dir", nargs="?", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("-o", "--output", type=Path, default=data_dir() / "registry_reference.json")
    args = parser.parse_args(argv)
    if not args.reference_dir.is_dir():
        print(f"{args.reference_dir} is not a folder of reference lists", file=sys.stderr)
        return 1
    registry = build_registry(args.reference_dir)
    write_registry(registry, args.output)
    print(json.dumps(registry["counts"], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
