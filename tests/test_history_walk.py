"""``prepctl log`` on long, varied histories: the fast walk agrees with whole documents.

The walk compares each commit from parses shared between versions, on the files the commit
changed when that names every item as the whole framework does, and indexes only what differs.
The reference loads and compares whole documents (``partial=False``). Here both read the same
generated histories of the shipped framework, whose commits do what makes that shortcut
delicate: a value turning from ``true`` to 1 or from 0.0 to -0.0, lists reordered (ordered and
not), items losing their id, a category file copied (two items with one id), items moved
between files, change records added and edited, files deleted, renamed, broken and mended, and
the manifest edited. Every step, change, location, record and warning must be the same.
"""

from __future__ import annotations

import copy
import json
import random
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml as pyyaml
from helpers import FRAMEWORK, GitRepo

from prepctl.core import address, document, history
from prepctl.io import yaml as yamlio
from prepctl.reporters.diff.json_report import change_object
from prepctl.reporters.log.json_report import entry_object

ENV = {
    "GIT_AUTHOR_NAME": "Walk",
    "GIT_AUTHOR_EMAIL": "walk@example.com",
    "GIT_COMMITTER_NAME": "Walk",
    "GIT_COMMITTER_EMAIL": "walk@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}

Files = dict[str, Any]


class _Dumper(pyyaml.SafeDumper):
    """Lists indented under their key, as the shipped framework writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def typed(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: typed(child) for key, child in value.items()}
    if isinstance(value, list):
        return [typed(child) for child in value]
    return (type(value).__name__, repr(value))


def dump(data: Any) -> bytes:
    text = pyyaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    raw = text.encode("utf-8")
    assert typed(yamlio.parse(raw, "check.yaml").data) == typed(data)  # written faithfully
    return raw


def shipped() -> Files:
    return {
        path.relative_to(FRAMEWORK).as_posix(): yamlio.parse(path.read_bytes(), path.name).data
        for path in sorted(FRAMEWORK.rglob("*.yaml"))
    }


def leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    found: list[tuple[tuple[Any, ...], Any]] = []
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(leaves(child, (*path, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(leaves(child, (*path, index)))
    else:
        found.append((path, value))
    return found


def lists(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(lists(child, (*path, key)))
    elif isinstance(value, list):
        if len(value) > 1:
            found.append(path)
        for index, child in enumerate(value):
            found.extend(lists(child, (*path, index)))
    return found


def at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def put(data: Any, path: tuple[Any, ...], value: Any) -> None:
    at(data, path[:-1])[path[-1]] = value


_FLIPS: dict[str, Any] = {  # by repr, which tells 1 from 1.0 and true, and 0.0 from -0.0
    "True": 1,
    "1": 1.0,
    "1.0": True,
    "False": 0,
    "0": -0.0,
    "-0.0": 0.0,
    "0.0": False,
}


class Story:
    """A framework's files, edited commit by commit, written with one ``git fast-import``."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.files = shipped()
        self.written: dict[str, bytes] = {}
        self.seen: dict[str, str] = {}
        self.stream = bytearray()
        self.commits = 0
        self.broken: str | None = None
        self.copies = 0
        self.hidden: dict[str, Any] = {}
        self.unnamed: list[tuple[str, tuple[Any, ...], Any]] = []

    def categories(self) -> list[str]:
        return sorted(r for r in self.files if r.startswith("categories/"))

    # One kind of edit each.

    def value(self) -> None:
        relative = self.rng.choice(self.categories())
        found = [path for path, leaf in leaves(self.files[relative]) if path[-1] == "value"]
        if found:
            put(self.files[relative], self.rng.choice(found), round(self.rng.random(), 2))

    def prose(self) -> None:
        relative = self.rng.choice(sorted(self.files))
        found = [p for p, leaf in leaves(self.files[relative]) if isinstance(leaf, str) and p]
        found = [p for p in found if p[-1] not in ("id", "level", "approved-on")]
        if found:
            path = self.rng.choice(found)
            put(self.files[relative], path, f"{at(self.files[relative], path)} r{self.commits}")

    def flip(self) -> None:
        relative = self.rng.choice(["framework.yaml", *self.categories()])
        found = [
            path
            for path, leaf in leaves(self.files[relative])
            if path and not isinstance(leaf, str) and repr(leaf) in _FLIPS
        ]
        if found:
            path = self.rng.choice(found)
            put(self.files[relative], path, _FLIPS[repr(at(self.files[relative], path))])

    def by_value(self) -> None:
        """A list whose items are their own identity: 0.0 and -0.0 are equal, but named
        '0.0' and '-0.0'; true and 1 are equal, but named 'True' and '1'."""
        claims = self.files["framework.yaml"]["compliance"]["claims"]
        cycle = [1, True, 1.0, 0.0, -0.0, 0.0, "seoul-2024"]
        self.turn = getattr(self, "turn", -1) + 1
        claims[0] = cycle[self.turn % len(cycle)]

    def reshape(self) -> None:
        """A list of items with ids turned into a mapping by id, or back."""
        relative = self.rng.choice(self.categories())
        category = self.files[relative]
        key = self.rng.choice(["thresholds", "threat-models"])
        items = category.get(key)
        if isinstance(items, list) and all(isinstance(i, dict) and "id" in i for i in items):
            category[key] = {item["id"]: item for item in items}
        elif isinstance(items, dict):
            category[key] = list(items.values())

    def shadow(self) -> None:
        """The manifest holding a key named as a collection: the document takes the
        collection, but the manifest's places come first."""
        manifest = self.files["framework.yaml"]
        if "categories" in manifest:
            del manifest["categories"]
        else:
            category = self.files["categories/cybersecurity.yaml"]
            manifest["categories"] = [copy.deepcopy(category)]

    def swap(self) -> None:
        relative = self.rng.choice(sorted(self.files))
        found = lists(self.files[relative])
        if found:
            items = at(self.files[relative], self.rng.choice(found))
            first, second = self.rng.sample(range(len(items)), 2)
            items[first], items[second] = items[second], items[first]

    def unname(self) -> None:
        if self.unnamed and self.rng.random() < 0.5:
            relative, path, name = self.unnamed.pop()
            if relative in self.files:
                item = at(self.files[relative], path)
                if isinstance(item, dict) and "id" not in item:
                    item["id"] = name
            return
        relative = self.rng.choice(self.categories())
        for key in ("thresholds", "evaluations", "threat-models"):
            items = self.files[relative].get(key)
            if isinstance(items, list) and items and isinstance(items[0], dict):
                index = self.rng.randrange(len(items))
                if "id" in items[index]:
                    self.unnamed.append((relative, (key, index), items[index].pop("id")))
                return

    def anonymous(self) -> None:
        """A category file without its id (named by its position among all categories), or
        with it again."""
        relative = self.rng.choice(self.categories())
        category = self.files[relative]
        if "id" in category:
            self.hidden[f"id:{relative}"] = category.pop("id")
        elif f"id:{relative}" in self.hidden:
            category["id"] = self.hidden.pop(f"id:{relative}")

    def copy_file(self) -> None:
        copies = [r for r in self.files if "zz-copy" in r]
        if copies and self.rng.random() < 0.5:
            del self.files[self.rng.choice(copies)]
            return
        self.copies += 1
        source = self.rng.choice([r for r in self.categories() if "zz-copy" not in r])
        self.files[f"categories/zz-copy-{self.copies}.yaml"] = copy.deepcopy(self.files[source])

    def move(self) -> None:
        source, target = self.rng.sample(self.categories(), 2)
        items = self.files[source].get("evaluations")
        if isinstance(items, list) and len(items) > 1:
            self.files[target].setdefault("evaluations", []).append(items.pop())

    def record(self) -> None:
        relative = self.rng.choice(self.categories())
        category = self.files[relative]
        covers = [f"/categories/{category.get('id')}"]
        for threshold in category.get("thresholds") or []:
            if isinstance(threshold, dict) and "id" in threshold:
                covers = [f"/categories/{category.get('id')}/thresholds/{threshold['id']}"]
        name = f"r-{self.commits}"
        self.files[f"changes/{name}.yaml"] = {
            "id": name,
            "title": f"Record {self.commits}",
            "covers": covers,
            "rationale": f"Because of commit {self.commits}.",
            "approved-by": ["safety-board"],
            "approved-on": "2026-02-01",
        }
        self.value()
        self.prose()

    def edit_record(self) -> None:
        records = sorted(r for r in self.files if r.startswith("changes/"))
        record = self.files[self.rng.choice(records)]
        record["rationale"] = f"{record.get('rationale')} Revised in {self.commits}."

    def delete(self) -> None:
        files = sorted(relative for relative in self.hidden if not relative.startswith("id:"))
        if files and self.rng.random() < 0.5:
            relative = self.rng.choice(files)
            self.files[relative] = self.hidden.pop(relative)
            return
        safeguards = sorted(r for r in self.files if r.startswith("safeguards/"))
        relative = self.rng.choice(safeguards)
        self.hidden[relative] = self.files.pop(relative)

    def rename(self) -> None:
        safeguards = sorted(r for r in self.files if r.startswith("safeguards/"))
        relative = self.rng.choice(safeguards)
        stem = relative.removesuffix(".yaml")
        renamed = stem[:-2] if stem.endswith("-b") else f"{stem}-b"
        if f"{renamed}.yaml" not in self.files:
            self.files[f"{renamed}.yaml"] = self.files.pop(relative)

    def manifest(self) -> None:
        manifest = self.files["framework.yaml"]
        manifest["summary"] = f"{manifest.get('summary', '')} m{self.commits}"[-400:]

    def breaks(self) -> None:
        self.broken = self.rng.choice(sorted(self.files))

    EDITS: tuple[Callable[[Story], None], ...] = (
        value,
        prose,
        flip,
        by_value,
        swap,
        unname,
        anonymous,
        copy_file,
        move,
        record,
        edit_record,
        delete,
        rename,
        manifest,
        breaks,
        reshape,
        shadow,
        by_value,
    )

    def commit(self) -> None:
        number = self.commits
        self.commits += 1
        if number:
            for _ in range(self.rng.randint(1, 2)):
                self.rng.choice(self.EDITS)(self)
        contents: dict[str, bytes] = {}
        for relative, data in self.files.items():
            seen = json.dumps(data)  # tells true from 1, and 1.0 and -0.0 from 1 and 0.0
            if self.seen.get(relative) != seen or relative not in self.written:
                self.seen[relative] = seen
                contents[relative] = dump(data)
            else:
                contents[relative] = self.written[relative].removesuffix(b"broken: [\n")
        if self.broken in contents:
            contents[self.broken] += b"broken: [\n"
            self.broken = None
        when = 1_767_225_600 + number * 3600
        self.stream += b"commit refs/heads/main\nmark :%d\n" % (number + 1)
        self.stream += b"author Walk <walk@example.com> %d +0000\n" % when
        self.stream += b"committer Walk <walk@example.com> %d +0000\n" % when
        message = f"edit {number}".encode()
        self.stream += b"data %d\n%s\n" % (len(message), message)
        if number:
            self.stream += b"from :%d\n" % number
        for relative in sorted(self.written.keys() - contents.keys()):
            self.stream += f"D framework/{relative}\n".encode()
        for relative, raw in sorted(contents.items()):
            if self.written.get(relative) != raw:
                self.stream += f"M 100644 inline framework/{relative}\n".encode()
                self.stream += b"data %d\n" % len(raw) + raw + b"\n"
        if number % 17 == 16:
            note = f"note {number}\n".encode()
            self.stream += b"M 100644 inline notes.txt\ndata %d\n%s\n" % (len(note), note)
        self.written = contents

    def write(self, repo: Path) -> None:
        def git(*args: str, stdin: bytes | None = None) -> None:
            subprocess.run(
                ["git", *args], cwd=repo, env=ENV, input=stdin, check=True, capture_output=True
            )

        git("init", "-q", "-b", "main")
        git("fast-import", "--quiet", stdin=bytes(self.stream))
        git("reset", "-q", "--hard", "main")


def steps_of(timeline: history.Timeline) -> list[Any]:
    return [
        (
            step.commit,
            step.short,
            step.created,
            [change_object(change) for change in step.changes],
            step.records,
        )
        for step in timeline.steps
    ]


def entries_of(entries: list[history.Entry] | tuple[history.Entry, ...]) -> Any:
    return json.loads(json.dumps([entry_object(entry) for entry in entries]))


def log_from(timeline: history.Timeline, where: str) -> list[history.Entry]:
    """The history of an address as the whole-document steps give it."""
    found = []
    current = where
    for step in reversed(timeline.steps):
        matched = tuple(change for change in step.changes if history.concerns(change, current))
        if matched:
            followed = history._moved_from(matched, current)
            found.append(history.Entry(step, current, matched, followed))
            current = followed or current
    return found


@pytest.fixture(scope="module", params=[1, 2])
def varied(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, history.Timeline]:
    story = Story(request.param)
    for _ in range(90):
        story.commit()
    repo = tmp_path_factory.mktemp("walk") / "repo"
    repo.mkdir()
    story.write(repo)
    return repo, history.timeline(None, cwd=repo, partial=False)


def test_the_fast_walk_and_whole_documents_agree_on_every_step(
    varied: tuple[Path, history.Timeline],
) -> None:
    repo, whole = varied
    fast = history.timeline(None, cwd=repo)
    assert len(whole.steps) > 40
    assert steps_of(fast) == steps_of(whole)
    assert fast.warnings == whole.warnings
    assert any("could not be read" in warning for warning in whole.warnings)
    kinds = {change["kind"] for step in steps_of(whole) for change in step[3]}
    assert {"added", "removed", "modified", "moved"} <= kinds
    assert fast.latest is not None
    assert whole.latest is not None
    assert fast.latest.locations == whole.latest.locations


@pytest.mark.parametrize(
    "where",
    [
        address.ROOT,
        "/compliance/claims",
        "/levels",
        "/categories/cybersecurity",
        "/categories/cybersecurity/thresholds/high",
        "/categories/biological-chemical/evaluations",
        "/safeguards/usage-monitoring",
        "/changes",
        "/summary",
    ],
)
def test_the_fast_walk_and_whole_documents_agree_on_every_log(
    varied: tuple[Path, history.Timeline], where: str
) -> None:
    repo, whole = varied
    fast = history.log(where, cwd=repo)
    assert entries_of(fast.entries) == entries_of(log_from(whole, where))
    assert fast.warnings == whole.warnings


def _statements_story(repo: GitRepo, count: int) -> None:
    """The shipped framework, then the cybersecurity threat models replaced by ``count``
    statements, then the same statements reversed with a quarter reworded and a quarter gone."""
    shutil.copytree(FRAMEWORK, repo.path / "framework")
    repo.commit("framework")
    path = repo.path / "framework" / "categories" / "cybersecurity.yaml"
    data = yamlio.parse(path.read_bytes(), path.name).data
    statements = [
        {"id": f"st-{n}", "text": f"Pathway {n} to harm, step {n % 7}."} for n in range(count)
    ]
    data["threat-models"] = statements
    path.write_bytes(dump(data))
    repo.commit("statements")
    later = [
        {"id": s["id"], "text": f"Reworded pathway {n}."} if n % 4 == 0 else s
        for n, s in reversed(list(enumerate(statements)))
        if n % 4 != 1
    ]
    data["threat-models"] = later
    path.write_bytes(dump(data))
    repo.commit("reversed")


def test_log_finds_each_changed_statement_without_rereading_its_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The walk's locations agree with whole documents on a long reordered list, and each
    list's item segments are worked out a fixed number of times however many items changed
    (working them out again per lookup made the log quadratic in the list's length)."""
    calls: dict[int, int] = {}
    real = document.item_segments
    for count in (40, 400):
        repo = GitRepo(tmp_path / str(count))
        repo.path.mkdir()
        repo.git("init", "-q", "-b", "main")
        _statements_story(repo, count)
        whole = history.timeline(None, cwd=repo.path, partial=False)
        counted = 0

        def counting(items: list[Any], identity: str) -> list[str]:
            nonlocal counted
            counted += 1
            return real(items, identity)

        monkeypatch.setattr(document, "item_segments", counting)
        fast = history.log(address.ROOT, cwd=repo.path)
        monkeypatch.undo()
        assert entries_of(fast.entries) == entries_of(log_from(whole, address.ROOT))
        changed = [c for c in fast.entries[0].changes if "/threat-models/st-" in c.address]
        assert len(changed) == count // 4 * 2  # a quarter reworded, a quarter removed
        calls[count] = counted
    assert calls[400] == calls[40]
