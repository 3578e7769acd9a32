"""Read YAML data files, keeping the line and column of every key and value.

Scalars are built by hand rather than by PyYAML's constructor so that times such as
07:30 stay text (YAML 1.1 would read them as base-60 integers), invalid dates reach
the models as text (and get a located message), and duplicate keys are reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

import yaml

from .problems import DataError, Path, Problem
from .text import nfc

_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*)?\.[0-9_]+([eE][-+][0-9]+)?$")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


@dataclass(frozen=True)
class Mark:
    line: int
    column: int


@dataclass
class Document:
    """One data file: its value, and where each part of it stands."""

    file: str
    value: Any
    values: dict[Path, Mark] = field(default_factory=dict)
    keys: dict[Path, Mark] = field(default_factory=dict)

    def mark(self, path: Path, *, key: bool = False) -> Mark:
        """The closest known position: the key or value itself, else its nearest parent."""
        table = self.keys if key else self.values
        while path:
            if path in table:
                return table[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), Mark(1, 1))

    def problem(self, path: Path, field_name: str, message: str, hint: str = "", *, key: bool = False) -> Problem:
        where = self.mark(path, key=key)
        return Problem(self.file, where.line, where.column, field_name, message, hint)


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def _scalar(node: yaml.ScalarNode) -> Any:
    text = node.value
    if node.style:  # quoted or block: always text (plain is None in PyYAML's parser, '' in libyaml's)
        return nfc(text)
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text.replace("_", ""))
    if _FLOAT.match(text):
        return float(text.replace("_", ""))
    return nfc(text)


class _Builder:
    def __init__(self, document: Document):
        self.document = document
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.document.values[path] = _mark(node)
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._mapping(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.problems.append(Problem(self.document.file, *_pos(key_node), "", "khóa phải là chữ", "Viết khóa dạng chữ thường, ví dụ: title"))
                continue
            if key in result:
                self.problems.append(Problem(self.document.file, *_pos(key_node), key, f"khóa '{key}' bị lặp lại", "Mỗi khóa chỉ được viết một lần; xóa một trong hai dòng."))
                continue
            self.document.keys[path + (key,)] = _mark(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result


def _pos(node: yaml.Node) -> tuple[int, int]:
    mark = _mark(node)
    return mark.line, mark.column


# PyYAML's problems, said in Vietnamese with what usually causes them.
_YAML_PROBLEMS = (
    ("quoted scalar", "chuỗi trong dấu ngoặc kép chưa được đóng"),
    ("mapping values are not allowed", "dấu ':' đặt sai chỗ (nội dung có ':' cần đặt trong dấu ngoặc kép)"),
    ("cannot start any token", "có ký tự không được phép ở đầu (thường là phím Tab; hãy thụt lề bằng dấu cách)"),
    ("could not find expected ':'", "thiếu dấu ':' sau tên khóa"),
    ("expected <block end>", "thụt lề không khớp với các dòng phía trên"),
    ("did not find expected key", "thụt lề không khớp với các dòng phía trên"),
    ("did not find expected '-'", "mục danh sách phải bắt đầu bằng '- ' và thẳng hàng với các mục khác"),
    ("found undefined alias", "dùng ký tự '*' ở đầu giá trị (cần đặt trong dấu ngoặc kép)"),
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


# libyaml parses about ten times faster and gives the same nodes and marks. Bad files are
# parsed again by PyYAML's own parser, whose error wording _YAML_PROBLEMS translates.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _compose(text: str) -> yaml.Node | None:
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def parse(text: str, file: str) -> Document:
    """Parse one YAML text; raise DataError with a located message if it is not valid YAML."""
    document = Document(file, None)
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as error:
        raise DataError([_syntax_problem(error, file, text)]) from None
    except yaml.YAMLError:
        raise DataError([Problem(file, 1, 1, "", "tệp không đọc được như YAML", "Kiểm tra lại định dạng tệp.")]) from None
    if root is None:
        raise DataError([Problem(file, 1, 1, "", "tệp rỗng", "Điền nội dung theo mẫu trong trang Hướng dẫn.")])
    builder = _Builder(document)
    document.value = builder.build(root, ())
    if builder.problems:
        raise DataError(builder.problems)
    return document


def read(path: FsPath, root: FsPath) -> Document:
    """Read a data file; its name in messages is relative to the project root."""
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise DataError([Problem(name, 1, 1, "", f"tệp không phải UTF-8 (byte {error.start})", "Lưu tệp với mã hóa UTF-8.")]) from None
    return parse(text, name)
