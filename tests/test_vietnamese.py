"""No English reaches a reader: the theme's strings in Vietnamese, no generator line in the
footer, Vietnamese in the calendars' own comments, a label beside every code in the CSV."""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path

import icalendar
import material

from macros import urls
from tests.conftest import mkdocs_config, text_of

LANGUAGES = Path(material.__file__).parent / "templates" / "partials" / "languages"
# Keys whose values are settings, not words: a language code, the direction, search's tokenizer.
SETTINGS = {"language", "direction", "search.config.lang", "search.config.pipeline", "search.config.separator"}
_ENTRY = re.compile(r'^\s*"([^"]+)":\s*("(?:[^"\\]|\\.)*")', re.M)


@lru_cache(maxsize=None)
def theme_translations(language: str) -> dict[str, str]:
    """The installed mkdocs-material's own translation file, key -> text."""
    text = (LANGUAGES / f"{language}.html").read_text(encoding="utf-8")
    return {key: json.loads(value) for key, value in _ENTRY.findall(text)}


def left_in_english() -> dict[str, str]:
    """Every string the theme's Vietnamese file leaves in English or lacks (then the theme
    shows the English one): key -> the English text."""
    english, vietnamese = theme_translations("en"), theme_translations("vi")
    return {key: text for key, text in english.items()
            if key not in SETTINGS and vietnamese.get(key, text) == text}


def english_words(text: str) -> list[str]:
    """The fixed words of a translation: '# matching documents' -> ['matching documents']."""
    return [part.strip() for part in text.split("#") if part.strip()]


def test_the_theme_files_are_read_and_the_vietnamese_one_leaves_strings_in_english():
    """The check below is only as good as this list: it must find what the issue found."""
    assert len(theme_translations("en")) > 40 and len(theme_translations("vi")) > 40
    found = left_in_english()
    assert found["search.result.initializer"] == "Initializing search"
    assert "direction" not in found and "search.config.lang" not in found


def test_no_english_string_of_the_theme_reaches_a_built_page_or_its_script_configuration(built):
    english = {key: words for key, text in left_in_english().items() for words in [english_words(text)] if words}
    patterns = {key: [re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])") for word in words] for key, words in english.items()}
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 20
    found = []
    for path in pages:
        text = html.unescape(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(built)}: {key} ({pattern.pattern})"
                  for key, compiled in patterns.items() for pattern in compiled if pattern.search(text)]
    assert found == []


def test_the_scripts_get_every_message_in_vietnamese(page):
    config = json.loads(page("").find("script", id="__config").string)
    english = set(theme_translations("en").values())
    assert config["translations"] and not [text for text in config["translations"].values() if text in english]
    assert page("").select_one(".md-search-result__meta").get_text(strip=True) == "Đang chuẩn bị tìm kiếm"


def test_the_footer_keeps_the_copyright_and_has_no_generator_line(page):
    for url in (urls.HOME, urls.klass("lop-1")):
        footer = page(url).select_one("footer.md-footer")
        assert text_of(footer) == mkdocs_config()["copyright"]
        assert not footer.select("a[href*='mkdocs-material']")


def test_the_calendars_comment_on_their_time_zone_in_vietnamese(built):
    calendar = icalendar.Calendar.from_ical((built / urls.class_feed("lop-1")).read_bytes())
    zones = calendar.walk("VTIMEZONE")
    assert [str(zone["COMMENT"]) for zone in zones] == ["Múi giờ này dùng cho các ngày từ 1/1/2026 đến 31/12/2026."]
