"""Turn validation errors into Vietnamese messages with a fix: a table from error type to wording.

Pydantic's errors and the record rules' (models.py) share one shape; each type has one
wording function here, registered with @wording.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, Callable, Mapping, Optional

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..text import fold, range_in_words, short_date, slugify
from .models import ENUM_LABELS, INVISIBLE, choices


def shown(value: Any, limit: int = 60) -> str:
    """A bad value as the person typed it, shortened."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def looks_like(text: str) -> str:
    """The text as a reader sees it: invisible characters dropped."""
    return INVISIBLE.sub("", text)


def suggest(wrong: str, choices: typing.Iterable[str]) -> Optional[str]:
    """The closest choice; never one that looks the same as what was typed (it differs only by
    an invisible character: proposing it would read 'did you mean what you wrote?')."""
    seen = looks_like(wrong)
    matches = difflib.get_close_matches(wrong, [c for c in choices if looks_like(c) != seen], n=1, cutoff=0.6)
    return matches[0] if matches else None


def _inner_model(annotation: Any) -> Optional[type[BaseModel]]:
    """The record type inside Optional[...] or tuple[..., ...], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, tuple, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found:
                return found
    return None


def model_at(model: type[BaseModel], loc: tuple) -> Optional[type[BaseModel]]:
    """Follow a location through nested records; ints (list positions) are skipped."""
    current: Optional[type[BaseModel]] = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        current = _inner_model(info.annotation) if info else None
    return current


def field_at(model: type[BaseModel], loc: tuple) -> Optional[FieldInfo]:
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return None
    parent = model_at(model, loc[: max(i for i, p in enumerate(loc) if isinstance(p, str))])
    return parent.model_fields.get(names[-1]) if parent else None


def without_echoes(model: type[BaseModel], errors: list[dict]) -> list[dict]:
    """Drop errors that only echo another one beside them: one mistake, one message.

    `capcity: 80` makes both an unknown key 'capcity' and a missing 'capacity'; the first
    already says "Có phải ý bạn là 'capacity'?". A list whose only item is wrong is also
    reported "too short" (pydantic counts the valid items); the item's own error says why.
    """
    typed: dict[tuple, list[str]] = {}
    for error in errors:
        if error["type"] == "extra_forbidden":
            typed.setdefault(tuple(error["loc"][:-1]), []).append(str(error["loc"][-1]))
    item_errors = {tuple(error["loc"][:-1]) for error in errors if error["loc"] and isinstance(error["loc"][-1], int)}
    item_errors |= {tuple(error["loc"][:i]) for error in errors for i, part in enumerate(error["loc"]) if isinstance(part, int)}

    def echo(error: dict) -> bool:
        loc = tuple(error["loc"])
        if error["type"] == "too_short":
            return loc in item_errors
        if error["type"] != "missing":
            return False
        parent = model_at(model, loc[:-1])
        allowed = list(parent.model_fields) if parent else []
        return any(suggest(key, allowed) == loc[-1] for key in typed.get(loc[:-1], ()))

    return [error for error in errors if not echo(error)]


def _enum_at(model: type[BaseModel], loc: tuple) -> Optional[type[Enum]]:
    info = field_at(model, loc)
    annotation = info.annotation if info else None
    return annotation if isinstance(annotation, type) and issubclass(annotation, Enum) else None


def _enum_guess(enum: Optional[type[Enum]], value: Any) -> Optional[str]:
    """The allowed value closest to what was typed, by code or by its Vietnamese label ('dự kiến')."""
    if enum is None or not isinstance(value, str):
        return None
    labels = ENUM_LABELS.get(enum, {})
    spoken = {fold(labels[m]).replace(",", ""): m.value for m in enum if m in labels}
    typed = fold(value).replace("-", " ").replace("_", " ").strip()
    if typed in spoken:
        return spoken[typed]
    close = suggest(typed, list(spoken))
    return suggest(value, [m.value for m in enum]) or (spoken[close] if close else None)


_VN_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_LOOSE_TIME = re.compile(r"^(\d{1,2})\s*(?:[:hgH.]|giờ)\s*(\d{2})?\s*(?:phút|p)?$")


def _date_guess(value: Any) -> Optional[str]:
    """'14/4/2026' -> '2026-04-14': the way dates are written in Vietnamese text."""
    match = _VN_DATE.match(str(value).strip())
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _time_guess(value: Any) -> Optional[str]:
    """'7:30', '7h30', '8h', '8 giờ' -> '07:30', '08:00'; the number 7.3 (YAML's reading of
    07.30) -> '07:30', 730 -> '07:30'."""
    if isinstance(value, float):
        value = f"{value:.2f}"
    elif isinstance(value, int) and not isinstance(value, bool) and 100 <= value <= 2359:
        value = f"{value // 100}:{value % 100:02d}"
    match = _LOOSE_TIME.match(str(value).strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None


def _did_you_mean(guess: Optional[str]) -> str:
    return f"Có phải ý bạn là '{guess}'? " if guess else ""


def _bounds(model: type[BaseModel], loc: tuple) -> str:
    """'từ 1 đến 1000' from the field's ge/le constraints."""
    info = field_at(model, loc)
    low = high = None
    for item in info.metadata if info else ():
        low = getattr(item, "ge", low)
        high = getattr(item, "le", high)
    return range_in_words(low, high)


def _with(fix: str, described: str) -> str:
    """A hint: first the fix, then what the field is."""
    return f"{fix} ({described.rstrip('.')})." if described else fix


@dataclass(frozen=True)
class Said:
    """One error as staff read it: where it points, what is wrong and how to fix it."""

    message: str
    hint: str
    at_key: bool = False


@dataclass(frozen=True)
class Error:
    """A pydantic error (or a record rule's, shaped alike) with what its wording needs."""

    model: type[BaseModel]
    kind: str
    loc: tuple
    value: Any
    ctx: Mapping[str, Any]
    msg: str
    where: Callable[[tuple], str]  # "file:line" of a place in the same record

    @property
    def described(self) -> str:
        """The field's own description: what belongs there."""
        info = field_at(self.model, self.loc)
        return info.description or "" if info else ""

    @property
    def name(self) -> str:
        return next((part for part in reversed(self.loc) if isinstance(part, str)), "")


Wording = Callable[[Error], Said]
WORDINGS: dict[str, Wording] = {}  # by pydantic's error type, or a prefix of it ending in '*'


def wording(*kinds: str) -> Callable[[Wording], Wording]:
    def register(function: Wording) -> Wording:
        WORDINGS.update(dict.fromkeys(kinds, function))
        return function
    return register


def _wording_of(kind: str) -> Wording:
    if kind in WORDINGS:
        return WORDINGS[kind]
    return next((function for key, function in WORDINGS.items() if key.endswith("*") and kind.startswith(key[:-1])),
                _anything_else)


@wording("missing")
def _missing(e: Error) -> Said:
    return Said(f"thiếu trường bắt buộc '{e.loc[-1]}'", f"Thêm dòng '{e.loc[-1]}: …' — {e.described}")


@wording("extra_forbidden")
def _unknown_key(e: Error) -> Said:
    parent = model_at(e.model, e.loc[:-1])
    allowed = list(parent.model_fields) if parent else []
    guess = suggest(str(e.loc[-1]), allowed)
    return Said(f"khóa không hợp lệ '{e.loc[-1]}'", _did_you_mean(guess) + f"Các khóa hợp lệ: {', '.join(allowed)}.", at_key=True)


@wording("date*", "datetime*")
def _bad_date(e: Error) -> Said:
    reason = " (ngày không tồn tại)" if "range" in str(e.ctx.get("error", "")) else ""
    return Said(f"ngày không hợp lệ '{shown(e.value)}'{reason}",
                _did_you_mean(_date_guess(e.value)) + "Viết ngày dạng YYYY-MM-DD, ví dụ: 2026-04-14.")


@wording("time*")
def _bad_time(e: Error) -> Said:
    return Said(f"giờ không hợp lệ '{shown(e.value)}'",
                _did_you_mean(_time_guess(e.value)) + "Viết giờ dạng HH:MM (24 giờ), ví dụ: 07:30 hoặc 13:30.")


@wording("invisible_character")
def _invisible_character(e: Error) -> Said:
    return Said(f"có ký tự vô hình {e.ctx['code_point']} trong '{shown(looks_like(str(e.value)))}'",
                "Ký tự này không hiện trên màn hình (thường lẫn vào khi chép từ web hoặc Word): "
                "xóa cả giá trị rồi gõ lại bằng bàn phím.")


@wording("enum")
def _not_allowed(e: Error) -> Said:
    enum = _enum_at(e.model, e.loc)
    return Said(f"giá trị không hợp lệ '{shown(e.value)}'",
                _did_you_mean(_enum_guess(enum, e.value)) + f"Chọn một trong: {choices(enum) if enum else ''}.")


@wording("string_pattern_mismatch")
def _bad_id(e: Error) -> Said:
    guess = slugify(str(e.value)) if slugify(str(e.value)) != e.value else None
    return Said(f"mã không hợp lệ '{shown(e.value)}'",
                _did_you_mean(guess) + "Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ: lop-6.")


@wording("too_short")
def _too_few(e: Error) -> Said:
    return Said(f"cần ít nhất {e.ctx.get('min_length')} mục, hiện có {e.ctx.get('actual_length')}",
                _with("Thêm mục, mỗi mục một dòng bắt đầu bằng '- '", e.described))


@wording("too_long")
def _too_many(e: Error) -> Said:
    return Said(f"cần nhiều nhất {e.ctx.get('max_length')} mục, hiện có {e.ctx.get('actual_length')}",
                _with("Bớt mục cho đủ số cho phép", e.described))


@wording("string_too_long")
def _text_too_long(e: Error) -> Said:
    return Said(f"quá dài: {len(str(e.value))} ký tự ('{shown(e.value)}')",
                _with(f"Viết gọn lại, tối đa {e.ctx.get('max_length')} ký tự", e.described))


@wording("string_too_short")
def _text_too_short(e: Error) -> Said:
    return Said(f"quá ngắn: '{shown(e.value)}'", _with(f"Viết gọn lại, tối thiểu {e.ctx.get('min_length')} ký tự", e.described))


_SIGNS = {"greater_than_equal": "≥", "less_than_equal": "≤", "greater_than": ">", "less_than": "<"}


@wording(*_SIGNS)
def _out_of_bounds(e: Error) -> Said:
    bound = next(iter(e.ctx.values()), "")
    return Said(f"giá trị {shown(e.value)} phải {_SIGNS[e.kind]} {bound}",
                _with(f"Ghi một số {_bounds(e.model, e.loc)}".rstrip(), e.described))


@wording("int_type", "int_parsing", "int_from_float")
def _not_an_integer(e: Error) -> Said:
    span = _bounds(e.model, e.loc)
    return Said(f"cần một số nguyên, nhận được '{shown(e.value)}'",
                _with("Chỉ ghi chữ số, không kèm chữ hay đơn vị" + (f", {span}" if span else ""), e.described))


@wording("bool_type", "bool_parsing")
def _not_a_boolean(e: Error) -> Said:
    return Said(f"cần true hoặc false, nhận được '{shown(e.value)}'", _with("Ghi true (có) hoặc false (không)", e.described))


@wording("string_type")
def _not_text(e: Error) -> Said:
    if isinstance(e.value, (int, float, bool)):
        return Said(f"cần một đoạn chữ, nhận được '{shown(e.value)}'",
                    _with(f'Đặt giá trị trong dấu ngoặc kép: {e.name}: "{e.value}"', e.described))
    if isinstance(e.value, dict) and len(e.value) == 1:
        # `- Cán bộ: khối y tế` is read as a key and a value: the text held a colon.
        text = "{}: {}".format(*next(iter(e.value.items())))
        return Said(f"nội dung có dấu ':' nên bị đọc thành 'khóa: giá trị' ('{shown(text)}')",
                    f'Đặt cả nội dung trong dấu ngoặc kép: "{text}"')
    return Said(f"cần một đoạn chữ, nhận được '{shown(e.value)}'", e.described)


@wording("tuple_type", "list_type")
def _not_a_list(e: Error) -> Said:
    return Said(f"cần một danh sách, nhận được '{shown(e.value)}'", "Mỗi mục một dòng, bắt đầu bằng '- '.")


@wording("model_type", "model_attributes_type", "dict_type")
def _not_a_mapping(e: Error) -> Said:
    return Said(f"cần các cặp 'khóa: giá trị', nhận được '{shown(e.value)}'", e.described)


@wording("value_error")
def _rule_of_a_field(e: Error) -> Said:
    said = e.ctx.get("error", e.msg)
    return Said(f"{said} (giá trị: '{shown(e.value)}')" if e.value is not None else str(said), e.described)


def _anything_else(e: Error) -> Said:
    return Said(f"{e.msg} (giá trị: '{shown(e.value)}')", e.described)


# --- the record rules of models.py ---------------------------------------------------------------


@wording("session_outside_class")
def _session_outside_class(e: Error) -> Said:
    return Said(f"ngày {e.value} nằm ngoài thời gian của lớp ({e.ctx['start']} – {e.ctx['end']})",
                "Sửa ngày của buổi học, hoặc sửa start_date/end_date của lớp.")


@wording("sessions_overlap")
def _sessions_overlap(e: Error) -> Said:
    other = e.ctx["other"]
    when = f"{e.ctx['start']}–{e.ctx['end']} {short_date(date.fromisoformat(e.ctx['date']))}"
    where = f"{e.where(('sessions', other))} ({e.ctx['class_id']}, sessions[{other}], {when})"
    return Said(f"trùng giờ với buổi khác của lớp: {where}",
                "Dời giờ một trong hai buổi để buổi sau bắt đầu khi buổi trước đã kết thúc.")


@wording("material_without_source")
def _material_without_source(e: Error) -> Said:
    return Said(f"tài liệu '{e.value}' chưa có tệp: thiếu 'file'",
                "Đặt tệp vào thư mục data/materials/ rồi thêm dòng 'file: data/materials/<tên tệp>'.")


@wording("material_with_two_sources")
def _material_with_two_sources(e: Error) -> Said:
    return Said("chỉ ghi một trong hai: 'file' hoặc 'generated'",
                "Xóa dòng 'generated' nếu tài liệu là tệp trong data/materials/, hoặc xóa dòng 'file'.")


@wording("outline_without_topic")
def _outline_without_topic(e: Error) -> Said:
    return Said("đề cương (topic-outline) phải ghi chuyên đề", "Thêm dòng 'topic: <mã chuyên đề>', ví dụ: topic: nu-cong.")


@wording("approval_incomplete")
def _approval_incomplete(e: Error) -> Said:
    what = {"by": "vai trò duyệt", "on": "ngày duyệt"}[e.ctx["name"]]
    example = {"by": "by: ban-thuong-vu (các mã trong data/roles.yml)", "on": "on: 2026-11-20"}[e.ctx["name"]]
    return Said(f"đã ghi duyệt (state: approved) nhưng thiếu {what} '{e.ctx['name']}'",
                f"Thêm dòng {example} trong review, hoặc dùng lệnh make approve; nếu chưa duyệt, ghi state: draft.")


@wording("personal_data")
def _personal_data(e: Error) -> Said:
    return Said(f"có nội dung giống {e.ctx['looks_like']} '{shown(e.ctx['found'])}'",
                "Cổng thông tin công khai không đăng thông tin cá nhân (Nghị định 13/2023/NĐ-CP): "
                "xóa số điện thoại, e-mail, số CCCD/CMND khỏi dữ liệu.")


@wording("results_before_finished")
def _results_before_finished(e: Error) -> Said:
    return Said(f"lớp chưa kết thúc (status: {e.value}) nên chưa ghi kết quả",
                "Chỉ ghi results khi lớp đã học xong: sửa status thành finished, hoặc xóa phần results.")


@wording("more_than")
def _more_than(e: Error) -> Said:
    return Said(f"{e.ctx['what']} ({e.value}) lớn hơn {e.ctx['bound']} ({e.ctx['limit']})",
                "Kiểm tra lại các số: số phiếu trả lời ≤ số phiếu thu về ≤ số học viên dự lớp.")


@wording("duplicate_id")
def _duplicate_id(e: Error) -> Said:
    return Said(f"mã '{e.value}' bị trùng", "Mỗi mã chỉ dùng một lần trong danh sách; đặt mã mới, chưa dùng.")


# Errors whose missing value means the key was left empty (`key:` with nothing after it):
# every error of a value's type or form, none of those that say something else is wrong.
_ABOUT_THE_VALUE_ITSELF = frozenset({"missing", "extra_forbidden", "value_error"})


def describe(model: type[BaseModel], error: Mapping[str, Any], where: Callable[[tuple], str]) -> Said:
    """How staff read one pydantic error (or one record rule's) about a record of `model`.
    `where` gives "file:line" of another place in the same record."""
    found = Error(model, error["type"], tuple(error["loc"]), error.get("input"), error.get("ctx", {}),
                  error.get("msg", ""), where)
    said = _wording_of(found.kind)(found)
    if found.value is None and found.kind not in _ABOUT_THE_VALUE_ITSELF:
        # YAML reads an empty value, which no message should print as 'None'.
        return Said("chưa có giá trị (đang để trống)", f"Ghi giá trị ngay sau '{found.name}: ' trên cùng dòng. {said.hint}",
                    said.at_key)
    return said
