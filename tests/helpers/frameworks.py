"""A small valid framework to build test versions from, and a change record for it."""

from __future__ import annotations

from pathlib import Path

from helpers import GitRepo
from prepctl.core import document, source

MINIMAL: dict[str, str] = {
    "framework.yaml": """\
schema-version: 2
name: Test Framework
publisher: Test Lab
version: 1.0.0
effective: 2026-01-01
summary: A small framework for tests.
levels:
  - id: high
    name: High
    meaning: The model meaningfully strengthens an existing pathway to severe harm.
    response: The model must not be deployed until its safeguards are in place.
    rules:
      - id: external-deployment
        when: external-deployment
        effect: requires-safeguards
  - id: critical
    name: Critical
    meaning: The model opens a pathway to severe harm without precedent.
    response: Development must stop until the required safeguards are in place.
    rules:
      - id: development-halt
        when: development
        effect: halt
governance:
  bodies:
    - id: safety-board
      name: Safety board
      kind: advisory
      responsibilities:
        - id: review
          text: The board will review every change to the framework.
    - id: leadership
      name: Leadership
      kind: decision-maker
      responsibilities:
        - id: decide
          text: Leadership will decide on every deployment.
  decisions: []
  review:
    interval: P365D
    last-reviewed: 2026-01-01
    reviewed-by: safety-board
""",
    "categories/cyber.yaml": """\
id: cyber
name: Cybersecurity
status: tracked
summary: Cyber operations against hardened targets.
last-reviewed: 2026-01-01
thresholds:
  - id: high
    level: high
    capability: The model automates end-to-end operations against hardened targets.
    safeguards:
      - usage-monitoring
      - weights-security
    response: The model must not be deployed until verified defenders have access.
evaluations:
  - id: ctf
    name: Capture the flag
    measures: The share of professional challenges the model solves.
    method: automated
    thresholds:
      - high
    trigger:
      value: 0.5
      unit: fraction of challenges solved
""",
    "categories/bio.yaml": """\
id: bio
name: Biological and chemical
status: tracked
summary: Uplift towards biological and chemical weapons.
last-reviewed: 2026-01-01
thresholds:
  - id: high
    level: high
    capability: The model gives meaningful uplift to novices.
    safeguards:
      - usage-monitoring
evaluations:
  - id: wet-lab
    name: Wet lab uplift
    measures: How much faster novices complete protocols with the model.
    method: deep-dive
    thresholds:
      - high
""",
    "safeguards/usage-monitoring.yaml": """\
id: usage-monitoring
name: Usage monitoring
kind: monitoring
summary: Watches how deployed models are used.
measures:
  - id: review
    text: Investigators will review every alert within 24 hours.
verification: Monitoring will be tested every quarter.
""",
    "safeguards/weights-security.yaml": """\
id: weights-security
name: Weights security
kind: security
summary: Protects model weights.
measures:
  - id: access
    text: Access to weights will be limited to named staff.
verification: An external auditor will test the controls every year.
""",
}


def write_framework(root: Path, files: dict[str, str] | None = None) -> Path:
    """A small valid framework at ``root/framework``."""
    folder = root / "framework"
    for relative, text in (files or MINIMAL).items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder


def edit(folder: Path, relative: str, old: str, new: str) -> None:
    path = folder / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (relative, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def load(folder: Path) -> document.Document:
    return document.load(source.read_directory(folder))


RECORD = """\
id: drop-monitoring
title: Drop usage monitoring at cyber High
covers:
  - /categories/cyber/thresholds/high
rationale: Weights security now covers the same misuse.
approved-by:
  - safety-board
approved-on: 2026-02-01
"""


def framework(repo: GitRepo) -> Path:
    return repo.path / "framework"
