"""The model cache: trained models saved as plain arrays, keyed by a hash of the data.

The key hashes `CODE_VERSION` and the name and bytes of every data file, so editing a file
(or changing how models are built, which bumps `CODE_VERSION`) trains anew, and anything
else loads in milliseconds. Files are numpy `.npz` archives read with `allow_pickle=False`:
vocabularies, idf weights, weight matrices and a JSON header. Nothing in them can execute
code, unlike a pickle or joblib file, so even a tampered cache file can at worst give wrong
answers; on top of that only `nlu-<key>.npz` inside the caller's cache directory is ever
read, and on POSIX only when it belongs to us and nobody else may write to it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from nlu.features import BlockSpec, FeatureBlock, LinearTextModel

#: Bump when features, training or the file layout change: old cache files are then ignored.
CODE_VERSION = "josoor-nlu-3"
_PREFIX = "nlu-"


def default_cache_dir() -> Path:
    """`$JOSOOR_DATA_DIR/nlu-cache` when that is set, else `~/.cache/josoor/nlu`."""
    data_dir = os.environ.get("JOSOOR_DATA_DIR")
    if data_dir:
        return Path(data_dir) / "nlu-cache"
    return Path.home() / ".cache" / "josoor" / "nlu"


def data_key(files: Iterable[Path]) -> str:
    """sha256 over the code version and the name and content of every file."""
    digest = hashlib.sha256(CODE_VERSION.encode())
    for path in sorted(files, key=lambda p: p.name):
        content = path.read_bytes()
        digest.update(f"\0{path.name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def cache_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"{_PREFIX}{key[:40]}.npz"


def _trusted(path: Path) -> bool:
    if not path.is_file() or path.is_symlink():
        return False
    if os.name != "posix":
        return True
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def save(path: Path, key: str, models: dict[str, LinearTextModel], meta: dict[str, Any]) -> None:
    """Write atomically (a temporary file in the same directory, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    arrays: dict[str, np.ndarray[Any, Any]] = {}
    header: dict[str, Any] = {"key": key, "code_version": CODE_VERSION, "meta": meta, "models": {}}
    for name, model in models.items():
        header["models"][name] = {
            "classes": list(model.classes),
            "calibration": model.calibration,
            "blocks": [block.spec.as_text() for block in model.blocks],
        }
        arrays[f"{name}.intercept"] = model.intercept
        arrays[f"{name}.sigmoid_a"] = model.sigmoid_a
        arrays[f"{name}.sigmoid_b"] = model.sigmoid_b
        for i, (block, coef) in enumerate(zip(model.blocks, model.coef, strict=True)):
            terms = sorted(block.vocabulary, key=block.vocabulary.__getitem__)
            arrays[f"{name}.{i}.terms"] = np.array(terms, dtype=np.str_)
            arrays[f"{name}.{i}.idf"] = block.idf
            arrays[f"{name}.{i}.coef"] = coef
    arrays["header"] = np.array(json.dumps(header, ensure_ascii=False))
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".npz")
    try:
        with os.fdopen(handle, "wb") as file:
            np.savez(file, **arrays)  # type: ignore[arg-type]
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load(path: Path, key: str) -> tuple[dict[str, LinearTextModel], dict[str, Any]] | None:
    """The models saved under `key`, or None when the file is missing, foreign or stale."""
    if not _trusted(path):
        return None
    try:
        with np.load(path, allow_pickle=False) as archive:
            header = json.loads(str(archive["header"]))
            if header.get("key") != key or header.get("code_version") != CODE_VERSION:
                return None
            models: dict[str, LinearTextModel] = {}
            for name, spec in header["models"].items():
                blocks = []
                coefs = []
                for i, text in enumerate(spec["blocks"]):
                    terms = archive[f"{name}.{i}.terms"].tolist()
                    vocabulary = dict(zip(terms, range(len(terms)), strict=True))
                    blocks.append(
                        FeatureBlock(
                            BlockSpec.from_text(text), vocabulary, archive[f"{name}.{i}.idf"]
                        )
                    )
                    coefs.append(archive[f"{name}.{i}.coef"])
                models[name] = LinearTextModel(
                    spec["classes"],
                    blocks,
                    coefs,
                    archive[f"{name}.intercept"],
                    calibration=spec["calibration"],
                    sigmoid_a=archive[f"{name}.sigmoid_a"],
                    sigmoid_b=archive[f"{name}.sigmoid_b"],
                )
            return models, dict(header.get("meta", {}))
    except (OSError, ValueError, KeyError, TypeError):
        return None
