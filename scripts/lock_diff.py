"""Print the packages whose locked version differs between two uv.lock files.

python scripts/lock_diff.py OLD_LOCK NEW_LOCK
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path


def versions(path: Path) -> dict[str, str]:
    with path.open("rb") as handle:
        lock = tomllib.load(handle)
    return {p["name"]: p.get("version", "?") for p in lock.get("package", [])}


def main(old_path: str, new_path: str) -> None:
    old, new = versions(Path(old_path)), versions(Path(new_path))
    moved = [name for name in sorted(old.keys() | new.keys()) if old.get(name) != new.get(name)]
    for name in moved:
        print(f"{name}: {old.get(name, '(new)')} -> {new.get(name, '(removed)')}")
    print(f"{len(moved)} package(s) moved" if moved else "nothing moved")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
