"""libyaml's events turned into plain data with positions, by prepctl's own rules.

The events come from libyaml's parser (through PyYAML; its pure-Python parser is a fallback
only). Each value is read as :mod:`prepctl.io.yaml_scalars` says, its position noted, and what
YAML 1.2 reads otherwise than libyaml is refused where :mod:`prepctl.io.yaml12` finds it.
Aliases, merge keys, duplicate keys, non-text keys, unknown tags and a second document are
refused too, and so is a file nested deeper or holding more values than the limits given.
"""

from __future__ import annotations

from typing import Any

import yaml as pyyaml
from yaml import events

from prepctl.errors import InputError
from prepctl.io import yaml12, yaml_scalars
from prepctl.io.yaml_syntax import Located, offset_of, position_in

try:  # libyaml's parser is about ten times faster; the pure-Python one is a fallback only.
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
    from yaml import Loader as _Parser  # type: ignore[assignment]

_Path = tuple[str | int, ...]
_Position = tuple[int, int]
Built = tuple[Any, dict[_Path, _Position], dict[_Path, _Position]]
"""A file's data, where each value starts, and where each mapping key starts."""

_resolve = yaml_scalars.resolve
_tagged = yaml_scalars.tagged
_Refused = yaml_scalars.Refused
_CORE = yaml_scalars.CORE


def too_deep(depth: int) -> str:
    """The problem with lists and mappings nested deeper than ``depth``."""
    return f"lists and mappings are nested more than {depth} levels deep here, over the limit"


def build(text: str, name: str, *, max_depth: int, max_values: int) -> Built:
    """Read the one YAML document in ``text`` (the file ``name``), refusing what prepctl does
    not read with an :class:`~prepctl.errors.InputError` placed where it is."""
    return _Builder(text, name, max_depth, max_values).build()


def _is_plain(event: Any) -> bool:
    """Whether a scalar is written plain and untagged, so that the core schema resolves it."""
    # libyaml reports a plain scalar's style as '', the pure-Python parser as None.
    return event.tag is None and not event.style and bool(event.implicit[0])


class _Builder(Located):
    def __init__(self, text: str, name: str, max_depth: int, max_values: int) -> None:
        super().__init__(text, name)
        self.max_depth = max_depth
        self.max_values = max_values
        self.data: Any = None
        self.values: dict[_Path, _Position] = {}
        self.keys: dict[_Path, _Position] = {}
        self.parser = _Parser(text)
        self._rereading = False
        # Where each scalar starts and ends (character offsets), for the comment check.
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._checked_line = -1  # the last line whose indentation was checked
        # A line of a [ ] or { } indented too little, refused once libyaml has closed the
        # outermost bracket: if it never does, its "not closed" error says more.
        self._short_flow_line: InputError | None = None
        self._blank_end = yaml12.blank_last_line(text)

    def next_event(self) -> Any:
        try:
            return self.parser.get_event()
        except pyyaml.MarkedYAMLError as exc:
            if "maximum nesting depth" in (exc.problem or ""):
                raise self.too_deep(exc.problem_mark) from None
            raise self.explain(exc) from None
        except pyyaml.reader.ReaderError as exc:  # pragma: no cover - characters checked first
            # libyaml counts this offset in bytes of the UTF-8 text.
            before = self.text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
            line, column = position_in(before, len(before))
            raise InputError(self.name, line, column, "character not allowed in YAML") from None
        except pyyaml.YAMLError as exc:  # pragma: no cover - libyaml reports marks above
            raise InputError(self.name, 1, 1, f"invalid YAML: {exc}") from None

    def too_deep(self, mark: Any) -> InputError:
        """Our own nesting error where libyaml's limit fired first.

        libyaml (0.2.6 and later) refuses more than 1,000 levels, and its scanner looks that far
        ahead inside ``[ ]`` and ``{ }`` before it hands over the first event, so our lower limit
        would never be seen. The text before libyaml's mark is read again: it holds every level
        up to the one libyaml refused, so the place where ours is crossed is found and named.
        """
        problem = too_deep(self.max_depth)
        offset = offset_of(self.text, mark.line + 1, mark.column + 1)
        if offset < len(self.text) and not self._rereading:
            builder = _Builder(self.text[:offset], self.name, self.max_depth, self.max_values)
            builder._rereading = True
            try:
                builder.build()
            except InputError as error:
                if error.problem == problem:
                    return error
        return self.fail(mark, problem)

    def build(self) -> Built:
        try:
            self._build()
            return self.data, self.values, self.keys
        finally:
            self.parser.dispose()

    def _build(self) -> None:
        self.next_event()  # StreamStart
        event = self.next_event()
        if isinstance(event, events.StreamEndEvent):
            return
        if not isinstance(event, events.DocumentStartEvent):  # pragma: no cover - parser order
            raise self.fail(event.start_mark, "expected a YAML document")
        if event.version not in (None, (1, 2)):
            # ruamel.yaml would honour '%YAML 1.1' (where 'yes' is true); we would not.
            major, minor = event.version
            raise self.fail(
                event.start_mark,
                f"this file declares YAML {major}.{minor}, but framework files are YAML 1.2 "
                "(where 'yes', 'no', 'on' and 'off' are text); remove the %YAML line",
            )
        self.data = self.node(self.next_event(), (), 0, -1, None)
        self.next_event()  # DocumentEnd
        event = self.next_event()
        if isinstance(event, events.DocumentStartEvent):
            raise self.fail(
                event.start_mark,
                "a second YAML document starts here; a framework file holds exactly one",
            )
        comment = yaml12.glued_comment(self.text, self._starts, self._ends)
        if comment is not None:
            raise self.fail_at(comment)

    def node(self, event: Any, path: _Path, depth: int, indent: int, flow: int | None) -> Any:
        """Read one value; ``depth`` counts the lists and mappings around it, ``indent`` is the
        column (0-based) of the innermost block list or mapping around it (-1 for none), and
        ``flow`` the line (0-based) of the outermost ``[`` or ``{`` around it, if any."""
        values = self.values
        mark = event.start_mark
        if len(values) >= self.max_values:
            raise self.fail(
                mark,
                f"this file holds more than {self.max_values:,} values (texts, numbers, lists "
                "and mappings), over the limit; split it or shorten it",
            )
        values[path] = (mark.line + 1, mark.column + 1)
        if not isinstance(event, events.AliasEvent):
            self.check_yaml_1_2(event, indent, flow)
        if isinstance(event, events.ScalarEvent):
            return self.scalar(event)
        if isinstance(event, (events.MappingStartEvent, events.SequenceStartEvent)):
            if depth >= self.max_depth:
                raise self.fail(event.start_mark, too_deep(self.max_depth))
            if event.flow_style:
                if flow is None:
                    result = self.collection(event, path, depth + 1, indent, mark.line)
                    if self._short_flow_line is not None:
                        raise self._short_flow_line
                    return result
            elif self.character_at(mark) not in ("&", "!"):
                # A tag or anchor may stand on the line above the first entry: keep the outer
                # column then (a looser check, never a false refusal).
                indent = mark.column
            return self.collection(event, path, depth + 1, indent, flow)
        if isinstance(event, events.AliasEvent):
            raise self.alias(event)
        raise self.fail(event.start_mark, "unexpected YAML event")  # pragma: no cover

    def collection(self, event: Any, path: _Path, depth: int, indent: int, flow: int | None) -> Any:
        """A list or mapping, from its start event on."""
        if isinstance(event, events.MappingStartEvent):
            self.check_collection_tag(event, "map")
            return self.mapping(path, depth, indent, flow)
        self.check_collection_tag(event, "seq")
        return self.sequence(path, depth, indent, flow)

    def check_yaml_1_2(self, event: Any, indent: int, flow: int | None) -> None:
        """Refuse what libyaml reads otherwise than YAML 1.2 (see :mod:`prepctl.io.yaml12`).

        Called for every value and key, so the usual case (plain text on one line, no anchor)
        costs a few comparisons."""
        mark: Any = event.start_mark
        start: int = mark.index
        text = self.text
        if flow is not None:
            self.check_flow_line(mark.line, indent, flow)
        problem = None
        if start and text[start - 1] == "?":
            problem = yaml12.question_mark_before(text, start)
        if problem is None and event.anchor:
            problem = yaml12.anchor_cut_short(text, start, event.anchor)
        if problem is not None:
            raise self.fail_at(problem)
        if not isinstance(event, events.ScalarEvent):
            return
        value: str = event.value
        end_mark: Any = event.end_mark
        if "#" in value:  # only text holding a '#' can hide one from the comment check
            self._starts.append(start)
            self._ends.append(end_mark.index)
        if event.style in ("|", ">"):
            problem = yaml12.block_scalar(text, start, end_mark.index, indent, self._blank_end)
            if problem is not None:
                raise self.fail_at(problem)
            return
        if (
            value[:1] in ("-", "?", ":")
            and _is_plain(event)
            and yaml12.lone_indicator(text, start, flow is not None)
        ):
            raise self.fail(
                mark, f"'{value[:1]}' alone cannot start a value; put the value in quotes"
            )
        if indent >= 0 and end_mark.line != mark.line:
            for line in range(mark.line + 1, end_mark.line + 1):
                if flow is None:
                    self.check_indentation(line, indent, "the text above")
                elif self._short_flow_line is None:
                    try:
                        self.check_indentation(line, indent, "the text above")
                    except InputError as error:
                        self._short_flow_line = error

    def check_flow_line(self, line: int, indent: int, flow: int) -> None:
        if line > flow and line != self._checked_line and indent >= 0:
            self._checked_line = line
            if self._short_flow_line is None:
                try:
                    self.check_indentation(line, indent, "the [ ] or { } opened above")
                except InputError as error:
                    self._short_flow_line = error

    def check_indentation(self, line: int, indent: int, what: str) -> None:
        if yaml12.short_indentation(self.lines()[line], indent + 1):
            spaces = "1 space" if indent == 0 else f"{indent + 1} spaces"
            raise InputError(
                self.name,
                line + 1,
                1,
                f"this line continues {what}, so it must be indented by at least {spaces} "
                "(tabs do not count); indent it further",
            )

    def alias(self, event: Any) -> InputError:
        return self.fail(
            event.start_mark,
            f"alias '*{event.anchor}' is not allowed; write the value out in full",
        )

    def check_collection_tag(self, event: Any, kind: str) -> None:
        tag = event.tag
        if tag is not None and tag not in ("!", _CORE + kind):
            raise self.fail(event.start_mark, yaml_scalars.tag_not_allowed(tag))

    def mapping(self, path: _Path, depth: int, indent: int, flow: int | None) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while True:
            event = self.next_event()
            if isinstance(event, events.MappingEndEvent):
                if flow is not None:
                    end_mark: Any = event.start_mark
                    self.check_flow_line(end_mark.line, indent, flow)
                return result
            if not isinstance(event, events.AliasEvent):
                self.check_yaml_1_2(event, indent, flow)
            key = self.key(event)
            child = (*path, key)
            if key in result:
                first = self.keys[child][0]
                raise self.fail(event.start_mark, f"duplicate key '{key}' (first at line {first})")
            mark = event.start_mark
            self.keys[child] = (mark.line + 1, mark.column + 1)
            result[key] = self.node(self.next_event(), child, depth, indent, flow)

    def key(self, event: Any) -> str:
        if isinstance(event, events.AliasEvent):
            raise self.alias(event)
        if isinstance(event, events.MappingStartEvent):
            raise self.fail(event.start_mark, "a key must be text, not a mapping")
        if isinstance(event, events.SequenceStartEvent):
            raise self.fail(event.start_mark, "a key must be text, not a list")
        if _is_plain(event) and event.value == "<<":
            # ruamel.yaml merges the value into the mapping; a plain reader would not.
            raise self.fail(
                event.start_mark,
                "merge key '<<' is not allowed; write the entries out in full "
                "(or quote '<<' if it is meant as a name)",
            )
        key = self.scalar(event)
        if isinstance(key, str):
            return key
        if event.value == "":
            raise self.fail(event.start_mark, "a key is missing before ':'")
        if key is None:
            kind = "nothing (null)"
        elif isinstance(key, bool):
            kind = "true/false"
        else:
            kind = "a number"
        raise self.fail(
            event.start_mark,
            f"key {yaml_scalars.quoted(event.value)} is read as {kind}, not text; "
            "put it in quotes if it is meant as a name",
        )

    def sequence(self, path: _Path, depth: int, indent: int, flow: int | None) -> list[Any]:
        result: list[Any] = []
        while True:
            event = self.next_event()
            if isinstance(event, events.SequenceEndEvent):
                if flow is not None:
                    end_mark: Any = event.start_mark
                    self.check_flow_line(end_mark.line, indent, flow)
                return result
            result.append(self.node(event, (*path, len(result)), depth, indent, flow))

    def scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag is None and (event.style or not event.implicit[0]):
            return event.value  # quoted, or a block: text
        try:
            if tag is None:  # most scalars: written plain, resolved by the core schema
                return _resolve(event.value)
            return _tagged(event.value, tag, not event.style)
        except _Refused as refused:
            raise self.fail(event.start_mark, refused.problem) from None
