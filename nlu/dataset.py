"""Reading NLU data in Rasa 3 YAML: `version: "3.1"`, `nlu:` sections of `- intent: NAME` with
`examples: |` lines `- text`, entities annotated inline as `[Wien](city)` (or the long form
`[Wien]{"entity": "city"}`). An intent may have several sections; a section's optional
`metadata: {family: NAME}` (Rasa keeps intent-level metadata as it is) marks its lines as
paraphrases of one another, for grouped cross-validation (`nlu.crossval`)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

#: `[text](entity)` or `[text]{"entity": "city", ...}`.
_ANNOTATION = re.compile(r"\[(?P<text>[^\]]+)\](?:\((?P<short>[^)]+)\)|(?P<long>\{[^}]*\}))")
#: The training and held-out files shipped with the package.
PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
TESTS_DATA_DIR = PACKAGE_DIR / "tests_data"
#: The second, harder test set (dialects, transliteration, code-switching, typos).
HARD_TESTS_DIR = TESTS_DATA_DIR / "hard"
#: The third, written for round 2 of issue 15 before its training data changed.
FRESH_TESTS_DIR = TESTS_DATA_DIR / "fresh"


class NluDataError(ValueError):
    """A data file that is not Rasa 3 NLU YAML as we read it."""


@dataclass(frozen=True, slots=True)
class AnnotatedEntity:
    entity: str
    value: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    intent: str
    entities: tuple[AnnotatedEntity, ...] = field(default=())
    #: The paraphrase family (`metadata: {family: NAME}` of its section), if one is marked:
    #: grouped cross-validation keeps a family on one side of every split.
    family: str | None = None


def parse_example(line: str, intent: str, family: str | None = None) -> Example:
    """One example line without its `- `, annotations removed and remembered as spans."""
    parts: list[str] = []
    entities: list[AnnotatedEntity] = []
    position = 0
    length = 0
    for match in _ANNOTATION.finditer(line):
        before = line[position : match.start()]
        parts.append(before)
        length += len(before)
        value = match.group("text")
        name = match.group("short")
        if name is None:
            try:
                name = str(json.loads(match.group("long"))["entity"])
            except (ValueError, KeyError, TypeError) as error:
                raise NluDataError(f"bad entity annotation in {line!r}") from error
        entities.append(AnnotatedEntity(name.strip(), value, length, length + len(value)))
        parts.append(value)
        length += len(value)
        position = match.end()
    parts.append(line[position:])
    return Example("".join(parts).strip(), intent, tuple(entities), family)


def read_nlu_file(path: Path) -> list[Example]:
    """All examples of one file, in order (duplicates kept)."""
    try:
        document: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise NluDataError(f"{path}: not YAML: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get("nlu"), list):
        raise NluDataError(f"{path}: expected a mapping with an `nlu:` list")
    examples: list[Example] = []
    for section in document["nlu"]:
        if not isinstance(section, dict) or "intent" not in section:
            continue  # synonyms, regexes and lookups are not used here
        intent = str(section["intent"])
        metadata = section.get("metadata")
        family = metadata.get("family") if isinstance(metadata, dict) else None
        block = section.get("examples", "")
        if not isinstance(block, str):
            raise NluDataError(f"{path}: examples of {intent} must be a `|` block")
        for raw in block.splitlines():
            line = raw.strip()
            if not line:
                continue
            if not line.startswith("- "):
                raise NluDataError(f"{path}: example lines start with '- ': {line!r}")
            example = parse_example(line[2:], intent, None if family is None else str(family))
            if example.text:
                examples.append(example)
    return examples


def language_of(path: Path) -> str:
    """The language a data file is written in: its name, `nlu/data/ar.yml` → "ar"."""
    return path.stem.split(".")[0]


def data_files(directory: Path) -> list[Path]:
    """The `*.yml`/`*.yaml` files of a directory, sorted by name."""
    return sorted(p for p in directory.iterdir() if p.suffix in {".yml", ".yaml"} and p.is_file())


def read_languages(files: Iterable[Path]) -> dict[str, list[Example]]:
    """Examples per language (the file name) of several files."""
    by_language: dict[str, list[Example]] = {}
    for path in files:
        by_language.setdefault(language_of(path), []).extend(read_nlu_file(path))
    return by_language
