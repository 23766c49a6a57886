"""python -m actorgraph.gazetteer [PATH]: build the GeoNames cache the gazetteer reads (make setup runs this)."""

import sys
from pathlib import Path

from .geonames import write_cache

print(f"gazetteer cache: {write_cache(Path(sys.argv[1]) if len(sys.argv) > 1 else None)}")
