"""python -m actorgraph.gazetteer [PATH]: build the GeoNames cache the gazetteer reads, unless it is there
(make setup runs this)."""

import sys
from pathlib import Path

from .geonames import cache_path, write_cache

path = Path(sys.argv[1]) if len(sys.argv) > 1 else cache_path()
print(f"gazetteer cache: {path if path.exists() else write_cache(path)}")
