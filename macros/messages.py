"""Turn pydantic's validation errors into located Vietnamese messages with a fix."""

from __future__ import annotations

import difflib
import types
from enum import Enum
import typing
from typing import Any, Optional

from pydantic import BaseModel
from pydantic.fields import FieldInfo



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


def _fill_hint(model: type[BaseModel], loc: tuple) -> str:
    info = field_at(model, loc)
    return info.description or "" if info else ""


def _choices(model: type[BaseModel], loc: tuple) -> str:
    info = field_at(model, loc)
    annotation = info.annotation if info else None
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return ", ".join(member.value for member in annotation)
    return ""


def describe(model: type[BaseModel], error: dict) -> tuple[str, str, bool]:
    """(message, hint, points_at_key) for one pydantic error."""
    kind, loc, ctx = error["type"], tuple(error["loc"]), error.get("ctx", {})
    value = error.get("input")
    described = _fill_hint(model, loc)
    if kind == "missing":
        return f"thiếu trường bắt buộc '{loc[-1]}'", f"Thêm dòng '{loc[-1]}: …' — {described}", False
    if kind == "extra_forbidden":
        parent = model_at(model, loc[:-1])
        allowed = list(parent.model_fields) if parent else []
        guess = suggest(str(loc[-1]), allowed)
        hint = f"Có phải ý bạn là '{guess}'? " if guess else ""
        return f"khóa không hợp lệ '{loc[-1]}'", hint + f"Các khóa hợp lệ: {', '.join(allowed)}.", True
    if kind.startswith("date") or kind.startswith("datetime"):
        reason = " (ngày không tồn tại)" if "range" in str(ctx.get("error", "")) else ""
        return f"ngày không hợp lệ '{shown(value)}'{reason}", "Viết ngày dạng YYYY-MM-DD, ví dụ: 2026-04-14.", False
    if kind.startswith("time"):
        return f"giờ không hợp lệ '{shown(value)}'", "Viết giờ dạng HH:MM (24 giờ), ví dụ: 07:30 hoặc 13:30.", False
    if kind == "enum":
        return f"giá trị không hợp lệ '{shown(value)}'", f"Chọn một trong: {_choices(model, loc)}.", False
    if kind == "string_pattern_mismatch":
        return f"mã không hợp lệ '{shown(value)}'", "Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ: lop-6.", False
    if kind in ("too_short", "too_long"):
        bound = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        word = "ít nhất" if kind == "too_short" else "nhiều nhất"
        return f"cần {word} {bound} mục, hiện có {ctx.get('actual_length')}", described, False
    if kind in ("string_too_long", "string_too_short"):
        limit = f"Tối đa {ctx['max_length']} ký tự." if kind == "string_too_long" else f"Tối thiểu {ctx.get('min_length')} ký tự."
        return f"độ dài không hợp lệ ({len(str(value))} ký tự)", f"{limit} {described}".strip(), False
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(ctx.values()), "")
        sign = {"greater_than_equal": "≥", "less_than_equal": "≤", "greater_than": ">", "less_than": "<"}[kind]
        return f"giá trị {shown(value)} phải {sign} {bound}", described, False
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"cần một số nguyên, nhận được '{shown(value)}'", described, False
    if kind in ("bool_type", "bool_parsing"):
        return f"cần true hoặc false, nhận được '{shown(value)}'", described, False
    if kind == "string_type":
        return f"cần một đoạn chữ, nhận được '{shown(value)}'", "Viết nội dung trong dấu ngoặc kép nếu cần. " + described, False
    if kind in ("tuple_type", "list_type"):
        return f"cần một danh sách, nhận được '{shown(value)}'", "Mỗi mục một dòng, bắt đầu bằng '- '.", False
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"cần các cặp 'khóa: giá trị', nhận được '{shown(value)}'", described, False
    if kind == "value_error":
        return f"{ctx.get('error', error['msg'])} (giá trị: '{shown(value)}')", described, False
    return f"{error['msg']} (giá trị: '{shown(value)}')", described, False

