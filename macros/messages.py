"""Turn pydantic's validation errors into located Vietnamese messages with a fix."""

from __future__ import annotations

import difflib
import re
import types
import typing
from datetime import date
from enum import Enum
from typing import Any, Optional

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .models import ENUM_LABELS
from .text import fold, slugify


def shown(value: Any, limit: int = 60) -> str:
    """A bad value as the person typed it, shortened."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def suggest(wrong: str, choices: typing.Iterable[str]) -> Optional[str]:
    matches = difflib.get_close_matches(wrong, list(choices), n=1, cutoff=0.6)
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


def _fill_hint(model: type[BaseModel], loc: tuple) -> str:
    info = field_at(model, loc)
    return info.description or "" if info else ""


def _enum_at(model: type[BaseModel], loc: tuple) -> Optional[type[Enum]]:
    info = field_at(model, loc)
    annotation = info.annotation if info else None
    return annotation if isinstance(annotation, type) and issubclass(annotation, Enum) else None


def _choices(enum: Optional[type[Enum]]) -> str:
    if enum is None:
        return ""
    labels = ENUM_LABELS.get(enum, {})
    return ", ".join(f"{m.value} ({labels[m]})" if m in labels else m.value for m in enum)


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
    """'7:30', '7h30', '8h', '8 giờ' -> '07:30', '08:00'."""
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
    if low is not None and high is not None:
        return f"từ {low} đến {high}"
    if low is not None:
        return f"từ {low} trở lên"
    return f"không quá {high}" if high is not None else ""


def _with(fix: str, described: str) -> str:
    """A hint: first the fix, then what the field is."""
    return f"{fix} ({described.rstrip('.')})." if described else fix


def describe(model: type[BaseModel], error: dict) -> tuple[str, str, bool]:
    """(message, hint, points_at_key) for one pydantic error."""
    message, hint, at_key = _describe(model, error)
    name = next((part for part in reversed(error["loc"]) if isinstance(part, str)), "")
    if error.get("input") is None and error["type"] not in ("missing", "extra_forbidden", "value_error"):
        # `key:` with nothing after it: YAML reads an empty value, which no message should print as 'None'.
        return "chưa có giá trị (đang để trống)", f"Ghi giá trị ngay sau '{name}: ' trên cùng dòng. {hint}", at_key
    return message, hint, at_key


def _describe(model: type[BaseModel], error: dict) -> tuple[str, str, bool]:
    kind, loc, ctx = error["type"], tuple(error["loc"]), error.get("ctx", {})
    value = error.get("input")
    described = _fill_hint(model, loc)
    name = next((part for part in reversed(loc) if isinstance(part, str)), "")
    if kind == "missing":
        return f"thiếu trường bắt buộc '{loc[-1]}'", f"Thêm dòng '{loc[-1]}: …' — {described}", False
    if kind == "extra_forbidden":
        parent = model_at(model, loc[:-1])
        allowed = list(parent.model_fields) if parent else []
        guess = suggest(str(loc[-1]), allowed)
        return f"khóa không hợp lệ '{loc[-1]}'", _did_you_mean(guess) + f"Các khóa hợp lệ: {', '.join(allowed)}.", True
    if kind.startswith("date") or kind.startswith("datetime"):
        reason = " (ngày không tồn tại)" if "range" in str(ctx.get("error", "")) else ""
        return f"ngày không hợp lệ '{shown(value)}'{reason}", _did_you_mean(_date_guess(value)) + "Viết ngày dạng YYYY-MM-DD, ví dụ: 2026-04-14.", False
    if kind.startswith("time"):
        return f"giờ không hợp lệ '{shown(value)}'", _did_you_mean(_time_guess(value)) + "Viết giờ dạng HH:MM (24 giờ), ví dụ: 07:30 hoặc 13:30.", False
    if kind == "enum":
        enum = _enum_at(model, loc)
        return f"giá trị không hợp lệ '{shown(value)}'", _did_you_mean(_enum_guess(enum, value)) + f"Chọn một trong: {_choices(enum)}.", False
    if kind == "string_pattern_mismatch":
        guess = slugify(str(value)) if slugify(str(value)) != value else None
        return f"mã không hợp lệ '{shown(value)}'", _did_you_mean(guess) + "Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ: lop-6.", False
    if kind in ("too_short", "too_long"):
        bound = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        word = "ít nhất" if kind == "too_short" else "nhiều nhất"
        fix = "Thêm mục, mỗi mục một dòng bắt đầu bằng '- '" if kind == "too_short" else "Bớt mục cho đủ số cho phép"
        return f"cần {word} {bound} mục, hiện có {ctx.get('actual_length')}", _with(fix, described), False
    if kind in ("string_too_long", "string_too_short"):
        limit = ctx.get("max_length") if kind == "string_too_long" else ctx.get("min_length")
        word = "tối đa" if kind == "string_too_long" else "tối thiểu"
        return f"quá dài: {len(str(value))} ký tự ('{shown(value)}')" if kind == "string_too_long" else f"quá ngắn: '{shown(value)}'", \
            _with(f"Viết gọn lại, {word} {limit} ký tự", described), False
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(ctx.values()), "")
        sign = {"greater_than_equal": "≥", "less_than_equal": "≤", "greater_than": ">", "less_than": "<"}[kind]
        return f"giá trị {shown(value)} phải {sign} {bound}", _with(f"Ghi một số {_bounds(model, loc)}".rstrip(), described), False
    if kind in ("int_type", "int_parsing", "int_from_float"):
        span = _bounds(model, loc)
        return f"cần một số nguyên, nhận được '{shown(value)}'", _with("Chỉ ghi chữ số, không kèm chữ hay đơn vị" + (f", {span}" if span else ""), described), False
    if kind in ("bool_type", "bool_parsing"):
        return f"cần true hoặc false, nhận được '{shown(value)}'", _with("Ghi true (có) hoặc false (không)", described), False
    if kind == "string_type":
        if isinstance(value, (int, float, bool)):
            return f"cần một đoạn chữ, nhận được '{shown(value)}'", _with(f'Đặt giá trị trong dấu ngoặc kép: {name}: "{value}"', described), False
        if isinstance(value, dict) and len(value) == 1:
            # `- Cán bộ: khối y tế` is read as a key and a value: the text held a colon.
            text = "{}: {}".format(*next(iter(value.items())))
            return f"nội dung có dấu ':' nên bị đọc thành 'khóa: giá trị' ('{shown(text)}')", \
                f'Đặt cả nội dung trong dấu ngoặc kép: "{text}"', False
        return f"cần một đoạn chữ, nhận được '{shown(value)}'", described, False
    if kind in ("tuple_type", "list_type"):
        return f"cần một danh sách, nhận được '{shown(value)}'", "Mỗi mục một dòng, bắt đầu bằng '- '.", False
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"cần các cặp 'khóa: giá trị', nhận được '{shown(value)}'", described, False
    if kind == "value_error":
        said = ctx.get("error", error["msg"])
        return (f"{said} (giá trị: '{shown(value)}')" if value is not None else str(said)), described, False
    return f"{error['msg']} (giá trị: '{shown(value)}')", described, False
