"""Read YAML data files, keeping the line and column of every key and value.

Scalars are built by hand rather than by PyYAML's constructor so that times such as
07:30 stay text (YAML 1.1 would read them as base-60 integers), invalid dates reach
the models as text (and get a located message), and duplicate keys are reported.

Values are built from the parser's events with an explicit stack, so no file can exhaust
the stack (nesting is bounded by MAX_DEPTH), and YAML aliases are refused (a recursive or
exponentially repeated alias would otherwise hang the build). Positions are found only
when a problem needs one: the file is then parsed again, up to that place only (a file
asked for many places is parsed once, tracking every node).
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import yaml

from ..text import nfc
from .formats import size_label
from .problems import DataError, Loc, Problem

_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*)?\.[0-9_]+([eE][-+][0-9]+)?$")
_NUMBER_START = frozenset("0123456789+-.")
# Plain scalars YAML 1.2's core schema reads as null and booleans.
_WORDS = {**dict.fromkeys(("", "~", "null", "Null", "NULL")), **dict.fromkeys(("true", "True", "TRUE"), True),
          **dict.fromkeys(("false", "False", "FALSE"), False)}

# The C parser (libyaml) when PyYAML has it, about 15 times faster; only its event
# parser is used (no constructor, no resolver). Its error wording differs, so a file it
# rejects is parsed again by the pure-Python parser, whose messages _YAML_PROBLEMS knows.
_PARSERS = (yaml.cyaml.CParser, yaml.SafeLoader) if yaml.__with_libyaml__ else (yaml.SafeLoader,)

# Data files nest four levels at most (classes > sessions > session > value). A bound
# keeps a pathological file ([[[[…) from exhausting the stack.
MAX_DEPTH = 32


@dataclass(frozen=True)
class Mark:
    line: int
    column: int


def _to_mark(raw: yaml.Mark) -> Mark:
    return Mark(raw.line + 1, raw.column + 1)


@dataclass(frozen=True)
class Positions:
    """Where each value and each key of a file starts, by path."""

    values: dict
    keys: dict


class Document:
    """One data file: its value, and where each part of it stands."""

    # Positions of single places are found by parsing the file only up to them; a file asked
    # for more places than this is parsed once, tracking every node.
    SEEKS = 3

    def __init__(self, file: str, value: Any, text: str = "", top: Optional[Positions] = None):
        self.file = file
        self.value = value
        self._text = text
        self._top = top  # where the value and each of its keys and items start, noted by the first parse (see _seek)
        self._positions: Optional[Positions] = None
        self._seeks = 0

    @property
    def positions(self) -> Positions:
        """Parsed again on first use: only files with a problem ever need positions."""
        if self._positions is None:
            self._positions = Positions({}, {})
            try:
                _parse_with(self._text, _Builder(self.file, self._positions))
            except DataError:
                pass  # a file that does not parse has no positions to give
        return self._positions

    def mark(self, loc: Loc, *, key: bool = False) -> Mark:
        """The closest known position: the key or value itself, else its nearest parent."""
        if self._positions is None:
            # The deepest part of loc the value holds, as a key (when asked and it is one) or
            # as a value: where a parse tracking every node would place it.
            held = _held(self.value, loc)
            as_key = key and bool(held) and isinstance(held[-1], str)
            found = self._noted(held, as_key)
            if found is None and self._seeks < self.SEEKS:
                self._seeks += 1
                found = self._seek(held, as_key)
            if found:
                return found
        values, keys = self.positions.values, self.positions.keys
        table = keys if key else values
        while loc:
            if loc in table:
                return _to_mark(table[loc])
            if loc in values:
                return _to_mark(values[loc])
            loc = loc[:-1]
        return _to_mark(values[()]) if () in values else Mark(1, 1)

    def _noted(self, held: Loc, as_key: bool) -> Optional[Mark]:
        """A record as a whole (a draft is named where its record starts), or one of its
        fields: the first parse noted where they start. Any number of these is placed
        without parsing again, in a list file of a thousand records too."""
        if len(held) <= 1 and self._top is not None:
            table = self._top.keys if as_key else self._top.values
            if held in table:
                return _to_mark(table[held])
        return None

    def _seek(self, held: Loc, as_key: bool) -> Optional[Mark]:
        """The place of held, found by parsing only up to it."""
        try:
            _parse_with(self._text, _Builder(self.file, Positions({}, {}), stop=(held, as_key)))
        except _Found as found:
            return _to_mark(found.mark)
        except DataError:
            pass
        return None

    def problem(self, loc: Loc, field_name: str, message: str, hint: str = "", *, key: bool = False) -> Problem:
        where = self.mark(loc, key=key)
        return Problem(self.file, where.line, where.column, field_name, message, hint)


def _scalar(event: yaml.ScalarEvent) -> Any:
    text = event.value
    if event.style:  # quoted or block: always text (a plain scalar's style is None, or '' from libyaml)
        return nfc(text)
    word = _WORDS.get(text, text)
    if word is not text:
        return word
    if text[0] in _NUMBER_START:
        if _INT.match(text):
            return int(text.replace("_", ""))
        if _FLOAT.match(text):
            return float(text.replace("_", ""))
    return nfc(text)


def _held(value: Any, loc: Loc) -> Loc:
    """The longest start of loc that leads to a part of value."""
    for depth, step in enumerate(loc):
        if value.__class__ is dict and step in value:
            value = value[step]
        elif value.__class__ is list and isinstance(step, int) and 0 <= step < len(value):
            value = value[step]
        else:
            return loc[:depth]
    return loc


class _Found(Exception):
    """The place a seek looked for, reached: parsing stops there."""

    def __init__(self, mark: yaml.Mark):
        self.mark = mark


_KEY = object()  # the next node of a mapping is its key
_SKIP = object()  # a value that was reported and is left out (bad key, alias, too deep)


class _Frame:
    """A mapping or sequence being built. `key` is _KEY while a key is awaited, then the
    key (or _SKIP for a refused one) while its value is awaited. `path` is kept only when
    positions are tracked."""

    __slots__ = ("path", "value", "skip", "key")

    def __init__(self, path: Optional[Loc], value: Any, skip: bool):
        self.path, self.value, self.skip, self.key = path, value, skip, _KEY


class _Builder:
    """Builds plain values from parser events with an explicit stack: no recursion, so
    nesting depth is bounded by MAX_DEPTH, not by Python's stack. With `positions`, it
    also records where each node starts (slower: a path per node)."""

    def __init__(self, file: str, positions: Optional[Positions] = None, stop: Optional[tuple[Loc, bool]] = None):
        self.file = file
        self.positions = positions
        self.problems: list[Problem] = []
        self.found = False
        self.stop = stop  # (path, as a key): raise _Found there (Document._seek)
        # Where the root value, and each key and value or item of it, starts: noted untracked
        # too, as cheaply as a seek is made (Document._seek).
        self.top = Positions({}, {})

    def build(self, loader: Any) -> Any:
        stack: list[_Frame] = []
        root: Any = _SKIP
        documents = 0
        get_event = loader.get_event
        untracked = self.positions is None
        # Names bound once: this loop runs for every node of every data file. Untracked (every
        # file, on every build), the commonest events are handled right here: a scalar as a key,
        # a value or a list item, a mapping or list opened or closed inside a kept one; anything
        # else (a refused key, a value left out, the root, too deep a nesting, positions to
        # track) goes through the methods below, which also handle these.
        Scalar, StreamEnd, MappingStart, SequenceStart, MappingEnd, SequenceEnd = (
            yaml.ScalarEvent, yaml.StreamEndEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent,
            yaml.MappingEndEvent, yaml.SequenceEndEvent)
        words, number_start, normalize = _WORDS, _NUMBER_START, unicodedata.normalize
        # The root's frame: where each of its keys and values or items starts is noted (self.top).
        shallow: Optional[_Frame] = None
        top_keys, top_values = self.top.keys, self.top.values
        while True:
            event = get_event()
            kind = event.__class__
            if kind is Scalar:
                # _scalar, its two commonest cases inlined: quoted text, and plain text that is
                # no word (null, true…) and cannot be a number.
                text = event.value
                if event.style:
                    value = text if text.isascii() else normalize("NFC", text)
                else:
                    value = words.get(text, text)
                    if value is text:
                        if text[0] in number_start:
                            value = _scalar(event)
                        elif not text.isascii():
                            value = normalize("NFC", text)
                top = stack[-1] if stack else None
                if untracked and top is not None and not top.skip:
                    container = top.value
                    if container.__class__ is list:
                        if top is shallow:
                            top_values[(len(container),)] = event.start_mark
                        container.append(value)
                    elif top.key is _KEY:
                        top.key = value if value.__class__ is str and value not in container else self._key(top, value, event)
                        if top is shallow and top.key is not _SKIP:
                            top_keys[(top.key,)] = event.start_mark
                    else:
                        if top.key is not _SKIP:
                            if top is shallow:
                                top_values[(top.key,)] = event.start_mark
                            container[top.key] = value
                        top.key = _KEY
                    continue
                self._record(self._slot(stack), event)
            elif kind is MappingEnd or kind is SequenceEnd:
                frame = stack.pop()
                if frame.skip:
                    value = _SKIP
                else:
                    value = frame.value
                    top = stack[-1] if stack else None
                    if untracked and top is not None and not top.skip and top.key is not _KEY:
                        # Inside a kept list, or as the value of a kept key (see _put).
                        if top.value.__class__ is list:
                            top.value.append(value)
                        else:
                            if top.key is not _SKIP:
                                top.value[top.key] = value
                            top.key = _KEY
                        continue
            elif kind is MappingStart or kind is SequenceStart:
                top = stack[-1] if stack else None
                if (untracked and top is not None and not top.skip and len(stack) < MAX_DEPTH
                        and (top.value.__class__ is list or (top.key is not _KEY and top.key is not _SKIP))):
                    # A kept place for it (see _slot and _open): nothing to report or record.
                    if top is shallow:
                        top_values[(len(top.value),) if top.value.__class__ is list else (top.key,)] = event.start_mark
                    stack.append(_Frame(None, {} if kind is MappingStart else [], False))
                else:
                    stack.append(self._open(event, stack))
                    if len(stack) == 1:
                        shallow = stack[0]
                continue
            elif kind is StreamEnd or event is None:
                break
            elif kind is yaml.AliasEvent:
                value = self._alias(event, stack)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self._report(event, "", "tệp chứa nhiều hơn một tài liệu YAML",
                                 "Mỗi tệp chỉ chứa một tài liệu: xóa dòng '---' ở giữa tệp, hoặc tách thành hai tệp.")
                    break
                continue
            else:
                continue
            if stack:
                self._put(stack[-1], value, event)
            else:
                root = value
                self.found = True
        return None if root is _SKIP else root

    def _slot(self, stack: list[_Frame]) -> Any:
        """Where the next node goes: its path (True when untracked), _KEY for a mapping
        key, None if it is left out."""
        if not stack:
            return ()
        top = stack[-1]
        if top.skip:
            return None
        if top.value.__class__ is list:
            return top.path + (len(top.value),) if top.path is not None else True
        if top.key is _KEY:
            return _KEY
        if top.key is _SKIP:
            return None
        return top.path + (top.key,) if top.path is not None else True

    def _record(self, slot: Any, event: yaml.Event) -> None:
        if slot.__class__ is tuple and len(slot) <= 1:
            self.top.values[slot] = event.start_mark
        if self.positions is not None and slot.__class__ is tuple:
            if self.stop is not None and self.stop == (slot, False):
                raise _Found(event.start_mark)
            self.positions.values[slot] = event.start_mark

    def _open(self, event: yaml.Event, stack: list[_Frame]) -> _Frame:
        slot = self._slot(stack)
        if slot is _KEY:
            self._report(event, "", "khóa phải là chữ", "Viết khóa dạng chữ thường, ví dụ: title")
            slot = None
        elif slot is not None and len(stack) >= MAX_DEPTH:
            self._report(event, "", f"dữ liệu lồng nhau quá sâu (quá {MAX_DEPTH} cấp)",
                         "Kiểm tra dấu ngoặc [ ] { } và thụt lề: dữ liệu ở đây chỉ lồng vài cấp.")
            slot = None
        self._record(slot, event)
        container: Any = {} if event.__class__ is yaml.MappingStartEvent else []
        return _Frame(slot if slot.__class__ is tuple else None, container, skip=slot is None)

    def _alias(self, event: yaml.AliasEvent, stack: list[_Frame]) -> Any:
        if self._slot(stack) is not None:
            self._report(event, "", f"không dùng bí danh YAML '*{event.anchor}'",
                         "Nếu '*' là một phần của nội dung, đặt cả giá trị trong dấu ngoặc kép; không dùng '&' và '*' của YAML.")
        return _SKIP

    def _put(self, top: _Frame, value: Any, event: yaml.Event) -> None:
        """Put a finished value in its parent. A value left out is kept as None, so that
        later list items keep their index and a repeated key is still seen."""
        if top.skip:
            return
        if top.value.__class__ is list:
            top.value.append(None if value is _SKIP else value)
        elif top.key is _KEY:
            top.key = self._key(top, value, event)
        else:
            if top.key is not _SKIP:
                top.value[top.key] = None if value is _SKIP else value
            top.key = _KEY

    def _key(self, top: _Frame, key: Any, event: yaml.Event) -> Any:
        if key is _SKIP:  # a mapping or sequence as key: reported where it opened
            return _SKIP
        if not isinstance(key, str):
            self._report(event, "", "khóa phải là chữ", "Viết khóa dạng chữ thường, ví dụ: title")
            return _SKIP
        if key in top.value:
            self._report(event, key, f"khóa '{key}' bị lặp lại", "Mỗi khóa chỉ được viết một lần; xóa một trong hai dòng.")
            return _SKIP
        if self.positions is not None and top.path is not None:
            if self.stop is not None and self.stop == (top.path + (key,), True):
                raise _Found(event.start_mark)
            self.positions.keys[top.path + (key,)] = event.start_mark
        return key

    def _report(self, event: yaml.Event, field_name: str, message: str, hint: str) -> None:
        mark = _to_mark(event.start_mark)
        self.problems.append(Problem(self.file, mark.line, mark.column, field_name, message, hint))


# PyYAML's problems, said in Vietnamese with what usually causes them.
_YAML_PROBLEMS = (
    ("quoted scalar", "chuỗi trong dấu ngoặc kép chưa được đóng"),
    ("mapping values are not allowed", "dấu ':' đặt sai chỗ (nội dung có ':' cần đặt trong dấu ngoặc kép)"),
    ("cannot start any token", "có ký tự không được phép ở đầu (thường là phím Tab; hãy thụt lề bằng dấu cách)"),
    ("could not find expected ':'", "thiếu dấu ':' sau tên khóa"),
    ("expected <block end>", "thụt lề không khớp với các dòng phía trên"),
    ("did not find expected key", "thụt lề không khớp với các dòng phía trên"),
    ("did not find expected '-'", "mục danh sách phải bắt đầu bằng '- ' và thẳng hàng với các mục khác"),
    ("scanning an alias", "dùng ký tự '*' ở đầu giá trị (cần đặt trong dấu ngoặc kép)"),
    ("scanning an anchor", "dùng ký tự '&' ở đầu giá trị (cần đặt trong dấu ngoặc kép)"),
)


_GENERAL_FIX = "Kiểm tra thụt lề (dùng dấu cách, không dùng Tab), dấu ':' sau mỗi khóa và dấu ngoặc kép đóng mở đủ."
_KEY_AND_TEXT = re.compile(r"^(\s*(?:-\s+)?(?:[A-Za-z_][A-Za-z0-9_]*:\s+)?)([^\s\"'].*?)\s*$")


def _quoted_fix(line_text: str) -> str:
    """`note: Lưu ý: mang theo` -> the same line with its text in double quotes."""
    match = _KEY_AND_TEXT.match(line_text)
    if not match:
        return _GENERAL_FIX
    prefix, quoted = match.group(1).strip(), match.group(2).replace('"', '\\"')
    return f'Đặt nội dung trong dấu ngoặc kép: {prefix} "{quoted}"' if prefix else f'Đặt nội dung trong dấu ngoặc kép: "{quoted}"'


def _syntax_problem(error: yaml.MarkedYAMLError, file: str, text: str) -> Problem:
    said = f"{error.context or ''} {error.problem or ''}"
    meaning = next((vi for en, vi in _YAML_PROBLEMS if en in said), "nội dung không đúng cú pháp YAML")
    # An unclosed quote is reported where the parser gave up; its opening is more useful.
    mark = error.context_mark if "quoted scalar" in said and error.context_mark else (error.problem_mark or error.context_mark)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    fix = _GENERAL_FIX
    if "mapping values are not allowed" in said and mark:
        fix = _quoted_fix(text.splitlines()[mark.line])
    return Problem(file, line, column, "", f"lỗi cú pháp YAML: {meaning}", fix)


def _yaml_problem(error: yaml.YAMLError, file: str, text: str) -> Problem:
    if isinstance(error, yaml.MarkedYAMLError):
        return _syntax_problem(error, file, text)
    if isinstance(error, yaml.reader.ReaderError) and isinstance(error.character, int):
        before = text[: error.position]
        line, column = before.count("\n") + 1, error.position - before.rfind("\n")
        return Problem(file, line, column, "", f"tệp có ký tự không được phép U+{error.character:04X}",
                       "Xóa ký tự này (thường lẫn vào khi chép từ phần mềm khác) rồi lưu lại tệp.")
    return Problem(file, 1, 1, "", "tệp không đọc được như YAML", "Kiểm tra lại định dạng tệp.")


def _parse_with(text: str, builder: _Builder) -> Any:
    """Run the builder over the text with the first parser that accepts it."""
    for parser in _PARSERS:
        loader = None
        try:
            loader = parser(text)  # the pure-Python reader checks characters right here
            return builder.build(loader)
        except yaml.YAMLError as error:
            failure = error
            builder.problems.clear()
            builder.found = False
        finally:
            if loader is not None:
                loader.dispose()
    raise DataError([_yaml_problem(failure, builder.file, text)]) from None


def parse(text: str, file: str) -> Document:
    """Parse one YAML text; raise DataError with a located message if it is not valid YAML."""
    builder = _Builder(file)
    value = _parse_with(text, builder)
    if builder.problems:
        raise DataError(builder.problems)
    if not builder.found:
        raise DataError([Problem(file, 1, 1, "", "tệp rỗng", "Điền nội dung theo mẫu trong trang Hướng dẫn.")])
    return Document(file, value, text, builder.top)


# A data file is typed by people: the largest shipped one is a few KB, and a hundred times
# the data stays under 100 KB a file. A bound read before the file is: a 50 MB list of
# announcements is refused with a message, not loaded into memory and built for hours.
MAX_FILE_BYTES = 1024 * 1024

_HOW_TO_SAVE_UTF8 = ("Mở tệp bằng VS Code, bấm tên mã hóa ở thanh dưới cùng → 'Save with Encoding' → 'UTF-8' "
                     "(Notepad: Tệp → Lưu thành → Mã hóa: UTF-8), rồi lưu lại.")
# Vietnamese letters outside ASCII: text in a legacy code page decodes to many of them.
_VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE)


def guess_encoding(raw: bytes) -> str:
    """What the bytes of a file that is not UTF-8 seem to be, in words staff recognise."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[:200].count(b"\x00") > len(raw[:200]) // 4:
        return "UTF-16 (Unicode của Notepad cũ, Word)"
    try:
        as_1258 = nfc(raw.decode("cp1258"))
    except UnicodeDecodeError:
        as_1258 = ""
    if as_1258 and len(_VIETNAMESE.findall(as_1258)) * 2 >= sum(b >= 0x80 for b in raw):
        return "Windows-1258 (bảng mã tiếng Việt cũ của Windows)"
    return "một bảng mã tiếng Việt cũ (TCVN3/ABC, VNI hoặc Windows-1258)"


def _not_utf8(name: str, raw: bytes, error: UnicodeDecodeError) -> Problem:
    before = raw[: error.start]
    line, column = before.count(b"\n") + 1, len(before) - before.rfind(b"\n")
    return Problem(name, line, column, "", f"tệp không phải UTF-8: có vẻ được lưu bằng {guess_encoding(raw)}",
                   _HOW_TO_SAVE_UTF8)


def relative_name(path: Path | str, root: Path) -> str:
    """path from root, with '/' ('data/classes/lop-1.yml'), as Path.relative_to gives it;
    raises ValueError if path is not under root. Cut from the text when it starts with root's:
    every data file and every file under data/ is named so, and pathlib's way costs more than
    reading the file."""
    text, base = str(path), str(root)
    if base not in ("", ".", os.sep) and text.startswith(base + os.sep):
        return text[len(base) + 1:].replace(os.sep, "/")
    return Path(path).relative_to(root).as_posix()


def read(path: Path, root: Path) -> Document:
    """Read a data file; its name in messages is relative to the project root. Its size is
    checked before it is read (see MAX_FILE_BYTES)."""
    try:
        name = relative_name(path, root)
    except ValueError:
        name = path.as_posix()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:  # a symlink (ELOOP), or unreadable
        raise DataError([Problem(name, 1, 1, "", "tệp là liên kết tượng trưng (symlink) hoặc không đọc được",
                                 "Trong data/ chỉ đặt tệp thật: xóa liên kết rồi chép chính tệp vào.")]) from None
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise DataError([Problem(name, 1, 1, "", "không phải tệp thường (thư mục, thiết bị hay ống dẫn)",
                                     "Trong data/ chỉ đặt tệp dữ liệu thật (.yml).")])
        raw = file.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        size = max(path.stat().st_size, len(raw))
        raise DataError([Problem(name, 1, 1, "", f"tệp nặng {size_label(size)}, vượt giới hạn {size_label(MAX_FILE_BYTES)} của một tệp dữ liệu",
                                 "Tệp dữ liệu chỉ chứa chữ do người soạn: kiểm tra xem có dán nhầm nội dung lớn; "
                                 "thông báo cũ có thể xóa khỏi tệp (lịch sử vẫn giữ trong git).")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataError([_not_utf8(name, raw, error)]) from None
    return parse(text, name)
