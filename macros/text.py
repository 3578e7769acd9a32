"""Vietnamese text handling: normalisation, folding, slugs, dates, sorting.

Pure functions; used by the loader, the views, the exports and the MkDocs adapter.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")

# Vietnamese alphabet order; letters not listed sort after, by code point.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_BASE_MARKS = {"\u0306", "\u0302", "\u031b"}  # ă/â/ê/ô/ơ/ư keep these: they make letters


def nfc(text: str) -> str:
    # ASCII is already NFC; the check is cheaper than the call, and most keys and ids are ASCII.
    return text if text.isascii() else unicodedata.normalize("NFC", text)


class _WithoutMarks(dict):
    """A str.translate table that drops combining marks. Filled as characters are met: the
    search index folds every page's text, and a table lookup in C beats a call per character."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


_WITHOUT_MARKS = _WithoutMarks()


def fold(text: str) -> str:
    """Diacritic-free, case-folded form: 'CÔNG ĐOÀN' -> 'cong doan'.

    đ has no canonical decomposition, so it is mapped explicitly.
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    stripped = unicodedata.normalize("NFD", text).translate(_WITHOUT_MARKS)
    return unicodedata.normalize("NFC", stripped).casefold()


def slugify(value: str, separator: str = "-") -> str:
    """Heading anchors: 'Đăng ký lớp' -> 'dang-ky-lop' (Markdown's toc `slugify` hook)."""
    folded = fold(value)
    return re.sub(r"[^a-z0-9]+", separator, folded).strip(separator)


def _letter_key(ch: str) -> tuple[int, int]:
    decomposed = unicodedata.normalize("NFD", ch.lower())
    tone = 0
    base = ""
    for part in decomposed:
        if part in _TONES:
            tone = _TONES[part]
        else:
            base += part
    base = unicodedata.normalize("NFC", base)
    position = _ALPHABET.find(base) if base else -1
    if position >= 0:
        return (position + 1, tone)
    # Spaces and punctuation sort before letters; other letters after the alphabet.
    return (100 + ord(base[0]) if base and base.isalpha() else 0, tone)


def collation_key(text: str) -> tuple:
    """Vietnamese dictionary order: letters first (đ after d), tones second."""
    letters = [_letter_key(ch) for ch in nfc(text)]
    return (tuple(k[0] for k in letters), tuple(k[1] for k in letters))


def name_key(full_name: str) -> tuple:
    """People sort by given name (last word), then by full name."""
    words = full_name.split()
    return (collation_key(words[-1] if words else ""), collation_key(full_name))


def date_line(day: date) -> str:
    """Official date line: day < 10 and months 1-2 take a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: date) -> str:
    """Body-text date: '14/4/2026'."""
    return f"{day.day}/{day.month}/{day.year}"


def date_range(start: date, end: date) -> str:
    """'14/4/2026' or '14–15/4/2026' or '30/4–1/5/2026'."""
    if start == end:
        return short_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{short_date(end)}"
    if start.year == end.year:
        return f"{start.day}/{start.month}–{short_date(end)}"
    return f"{short_date(start)}–{short_date(end)}"


def weekday_date(day: date) -> str:
    """Timetable day heading: 'Thứ Ba, 14/4/2026'."""
    return f"{WEEKDAYS[day.weekday()]}, {short_date(day)}"


def vn_number(value: float, decimals: int = 0) -> str:
    """Vietnamese digits: '1.234,5'."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def range_in_words(low: object, high: object) -> str:
    """Bounds as staff read them: 'từ 1 đến 1000', 'từ 1 trở lên', 'không quá 5'; '' without any."""
    if low is not None and high is not None:
        return f"từ {low} đến {high}"
    if low is not None:
        return f"từ {low} trở lên"
    return f"không quá {high}" if high is not None else ""
