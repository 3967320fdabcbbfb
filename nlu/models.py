"""Loading the trained models from the cache, or training them when the data changed."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from nlu import store
from nlu.dataset import DATA_DIR, data_files, read_languages
from nlu.features import LinearTextModel

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class NluModels:
    intent: LinearTextModel
    language: LinearTextModel
    #: Hash of the data files and code version the models were trained from.
    key: str
    #: True when read from the cache, False when trained by this call.
    from_cache: bool
    #: Seconds spent training (0 when loaded) and loading/saving.
    train_seconds: float
    load_seconds: float
    cache_file: Path


def load_models(cache_dir: Path | None = None, data_dir: Path | None = None) -> NluModels:
    """The models for the data in `data_dir` (default: the packaged `nlu/data`), from
    `cache_dir` (default: `store.default_cache_dir()`) when trained before, else trained now
    (a few seconds; needs scikit-learn) and saved there."""
    data_dir = data_dir or DATA_DIR
    cache_dir = cache_dir or store.default_cache_dir()
    files: Sequence[Path] = data_files(data_dir)
    if not files:
        raise FileNotFoundError(f"no NLU data files (*.yml) in {data_dir}")
    started = time.perf_counter()
    key = store.data_key(files)
    path = store.cache_path(cache_dir, key)
    cached = store.load(path, key)
    if cached is not None:
        models, _ = cached
        if {"intent", "language"} <= models.keys():
            return NluModels(
                models["intent"], models["language"], key, True, 0.0,
                time.perf_counter() - started, path,
            )  # fmt: skip
    from nlu.training import train_intent_model, train_language_model

    log.info("training the NLU models (the data or code changed)")
    by_language = read_languages(files)
    examples = [example for language in sorted(by_language) for example in by_language[language]]
    trained = time.perf_counter()
    intent = train_intent_model(examples)
    language = train_language_model(by_language)
    train_seconds = time.perf_counter() - trained
    saving = time.perf_counter()
    try:
        store.save(
            path, key, {"intent": intent, "language": language},
            {"files": [f.name for f in files], "examples": len(examples)},
        )  # fmt: skip
    except OSError as error:
        log.warning("could not write the NLU cache (%s); training again next start", error)
    return NluModels(
        intent, language, key, False, train_seconds, time.perf_counter() - saving, path
    )
