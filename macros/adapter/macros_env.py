"""mkdocs-macros entry point: each block a hand-written page may embed (macros.build.pages.BLOCKS),
the plan's fields as `{{ plan.* }}`, and the date filter.

A page in docs/ may come from any pull request, so its Jinja runs in a sandbox that sees
only what pages need: the blocks, `plan` (every text escaped: views.render.MarkdownSafe),
the short_date filter and Jinja's own builtins. Not mkdocs-macros' variables (config,
page, navigation…), whose objects lead to unsandboxed environments; no attribute starting
with '_' (no way to Python's internals, files or processes). A mistake in a page's Jinja
stops the build with the page, the line and the mistake in Vietnamese.
"""

from __future__ import annotations

import difflib
import re
import traceback
from pathlib import Path
from typing import Callable

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from mkdocs.exceptions import PluginError

from ..build.pages import BLOCKS
from ..text import short_date
from ..views.render import MarkdownSafe, markdown_safe
from .carry import build_of


def _bind(env, name: str) -> Callable[[], str]:
    def call() -> str:
        return build_of(env.conf).block(name, env.page.url)

    return call


def sandbox(env) -> SandboxedEnvironment:
    """The environment hand-written pages are rendered in: the blocks, the plan, one filter."""
    jinja = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
    jinja.globals.update({name: _bind(env, name) for name in BLOCKS})
    jinja.globals["plan"] = markdown_safe(build_of(env.conf).site.plan)
    jinja.filters["short_date"] = short_date
    return jinja


_NO_ATTRIBUTE = re.compile(r"has no attribute '([^']+)'")
_UNDEFINED = re.compile(r"'([^']+)' is undefined")


def _line_of(error: Exception) -> int:
    """The page's line: Jinja puts the template's frames in the traceback as '<template>'."""
    if isinstance(error, TemplateSyntaxError) and error.lineno:
        return error.lineno
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == "<template>"]
    return frames[-1].lineno if frames and frames[-1].lineno else 1


def _front_matter_lines(page, markdown: str) -> int:
    """Lines before the text mkdocs-macros renders (MkDocs takes the front matter off first)."""
    try:
        source = page.file.content_string
    except (OSError, UnicodeDecodeError, TypeError):
        return 0
    return source[: len(source) - len(markdown)].count("\n") if markdown and source.endswith(markdown) else 0


def mistake(error: Exception, jinja: SandboxedEnvironment) -> tuple[str, str]:
    """(what is wrong, how to fix it), in Vietnamese."""
    names = sorted([*BLOCKS, "plan"])
    plan_fields = jinja.globals["plan"].fields() if isinstance(jinja.globals.get("plan"), MarkdownSafe) else []
    if isinstance(error, SecurityError):
        return ("trang dùng một thuộc tính hay hàm không được phép trong mẫu",
                "Trang viết tay chỉ dùng {{ plan.<trường> }} và các khối có sẵn: " + ", ".join(f"{n}()" for n in names if n != "plan") + ".")
    if isinstance(error, TemplateSyntaxError):
        return (f"lỗi cú pháp Jinja ({error.message})",
                "Kiểm tra dấu {{ … }} và {% … %} đóng mở đủ; để viết chính các dấu này, đặt trong {% raw %}…{% endraw %}.")
    if isinstance(error, UndefinedError):
        said = str(error.message or "")
        attribute, name = _NO_ATTRIBUTE.search(said), _UNDEFINED.search(said)
        if attribute:
            wrong = attribute.group(1)
            guess = difflib.get_close_matches(wrong, plan_fields, n=1)
            hint = f"Có phải ý bạn là 'plan.{guess[0]}'? " if guess else ""
            return f"không có trường '{wrong}'", hint + "Các trường của plan: " + ", ".join(plan_fields) + "."
        if name:
            wrong = name.group(1)
            guess = difflib.get_close_matches(wrong, names, n=1)
            hint = f"Có phải ý bạn là '{guess[0]}'? " if guess else ""
            return f"không có tên '{wrong}'", hint + "Dùng được: " + ", ".join(names) + "."
    return f"lỗi trong mẫu Jinja ({type(error).__name__}: {error})", "Sửa dòng này theo các trang mẫu trong docs/."


def _render_in_sandbox(env) -> Callable[..., str]:
    jinja: list[SandboxedEnvironment] = []

    def render(markdown: str, force_rendering: bool = False) -> str:
        page = env.page
        if page.meta and page.meta.get("render_macros") is False:
            return markdown
        if not jinja:
            jinja.append(sandbox(env))
        try:
            return jinja[0].from_string(markdown).render()
        except (TemplateError, SecurityError) as error:
            what, fix = mistake(error, jinja[0])
            where = f"{Path(env.conf.docs_dir).name}/{page.file.src_uri}:{_line_of(error) + _front_matter_lines(page, markdown)}"
            raise PluginError(f"{where}: {what}\n    → {fix}") from None

    return render


def define_env(env) -> None:
    for name in BLOCKS:
        env.macro(_bind(env, name), name)
    env.variables["plan"] = markdown_safe(build_of(env.conf).site.plan)
    env.filter(short_date, "short_date")
    # mkdocs-macros renders every page (and its title) with MacrosPlugin.render, which uses
    # its own unsandboxed Environment and ends a failure with "Error 100". This instance
    # attribute takes its place: the same page, rendered in the sandbox above.
    env.render = _render_in_sandbox(env)
