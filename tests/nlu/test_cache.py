"""The model cache: reused on the next load, rebuilt when the data changes, and never trusted
blindly (foreign keys and writable-by-others files are ignored)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from nlu import store
from nlu.dataset import DATA_DIR
from nlu.models import load_models
from nlu.parser import NluParser


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of one language's training data and a cache trained on it (about a second)."""
    root = tmp_path_factory.mktemp("small")
    data = root / "data"
    data.mkdir()
    shutil.copy(DATA_DIR / "en.yml", data / "en.yml")
    cache = root / "cache"
    assert not load_models(cache, data).from_cache
    return data, cache


@pytest.fixture
def small_data(trained: tuple[Path, Path], tmp_path: Path) -> Path:
    """A fresh copy of the small data, its trained cache beside it in tmp_path/cache."""
    data, cache = trained
    shutil.copytree(data, tmp_path / "data")
    shutil.copytree(cache, tmp_path / "cache")
    return tmp_path / "data"


def test_the_session_parser_was_saved_and_is_loaded_again(
    parser: NluParser, nlu_cache_dir: Path
) -> None:
    again = load_models(nlu_cache_dir)
    assert again.from_cache
    assert again.train_seconds == 0.0
    assert again.key == parser.models.key
    assert again.intent.classes == parser.models.intent.classes
    text = "when is the next meetup"
    assert (again.intent.probabilities(text) == parser.models.intent.probabilities(text)).all()


def test_cache_is_rebuilt_when_the_data_changes(tmp_path: Path, small_data: Path) -> None:
    cache = tmp_path / "cache"
    first = load_models(cache, small_data)
    assert first.from_cache and first.cache_file.is_file()
    second = load_models(cache, small_data)
    assert second.from_cache and second.key == first.key

    path = small_data / "en.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "- intent: greet\n  examples: |\n", "- intent: greet\n  examples: |\n    - ahoy\n", 1
        ),
        encoding="utf-8",
    )
    third = load_models(cache, small_data)
    assert not third.from_cache and third.key != first.key
    assert load_models(cache, small_data).from_cache


def test_a_file_under_another_key_is_not_loaded(tmp_path: Path, small_data: Path) -> None:
    cache = tmp_path / "cache"
    trained = load_models(cache, small_data)
    assert store.load(trained.cache_file, "0" * 64) is None
    stranger = store.cache_path(cache, "f" * 64)
    shutil.copy(trained.cache_file, stranger)
    assert store.load(stranger, "f" * 64) is None  # the header names the real key


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_a_file_others_can_write_is_not_trusted(tmp_path: Path, small_data: Path) -> None:
    cache = tmp_path / "cache"
    trained = load_models(cache, small_data)
    trained.cache_file.chmod(0o666)
    assert store.load(trained.cache_file, trained.key) is None
    trained.cache_file.chmod(0o600)
    assert store.load(trained.cache_file, trained.key) is not None


def test_garbage_in_the_cache_is_ignored(tmp_path: Path, small_data: Path) -> None:
    key = store.data_key(sorted(small_data.iterdir()))
    path = store.cache_path(tmp_path / "cache", key)
    assert store.load(path, key) is not None
    path.write_bytes(b"not an npz file")
    assert store.load(path, key) is None


def test_default_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("JOSOOR_DATA_DIR", str(tmp_path))
    assert store.default_cache_dir() == tmp_path / "nlu-cache"
    monkeypatch.delenv("JOSOOR_DATA_DIR")
    assert store.default_cache_dir() == Path.home() / ".cache" / "josoor" / "nlu"
