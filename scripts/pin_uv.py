"""Print requirements/uv.txt for one uv release, with the sha256 of each of its files on PyPI.

python scripts/pin_uv.py 0.13.9 > requirements/uv.txt
"""

from __future__ import annotations

import json
import sys
import urllib.request

INDEX = "https://pypi.org/simple/uv/"


def main(version: str) -> None:
    request = urllib.request.Request(
        INDEX, headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        files = json.load(response)["files"]
    hashes = [
        f["hashes"]["sha256"]
        for f in files
        if f["filename"].startswith(f"uv-{version}-") or f["filename"] == f"uv-{version}.tar.gz"
    ]
    if not hashes:
        sys.exit(f"uv {version} is not on PyPI")
    print("# The one tool scripts/setup installs with pip (hash-checked); uv then installs")
    print("# everything else from uv.lock. Move it with: scripts/upgrade-deps --uv VERSION")
    print(f"uv=={version} \\")
    print(" \\\n".join(f"    --hash=sha256:{value}" for value in hashes))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
