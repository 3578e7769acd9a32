"""'Cập nhật lần cuối' on class and topic pages: from git history, else from the data; never the clock."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from macros import urls
from macros.build import pages
from macros.data import history
from macros.data.site import load_site
from macros.text import short_date
from tests.conftest import ROOT, text_of


def git_date(path: str) -> str:
    return subprocess.run(["git", "log", "-1", "--format=%cs", "--", path], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout.strip()


def shown(html) -> tuple[str, str]:
    element = html.select_one(".last-updated time")
    return element["datetime"], text_of(html.select_one(".last-updated"))


def test_class_and_topic_pages_show_the_date_of_their_files_last_commit(page, site):
    for url, path in [(urls.klass(c.id), f"data/classes/{c.id}.yml") for c in site.classes] + \
                     [(urls.topic(t.id), f"data/topics/{t.id}.yml") for t in site.topics]:
        committed = git_date(path)
        if not committed:  # the file is not committed yet: the page falls back to a data date
            continue
        iso, line = shown(page(url))
        assert iso == committed, url
        assert line == f"Cập nhật lần cuối: {short_date(date.fromisoformat(committed))}"


def test_without_git_the_dates_come_from_the_data(project):
    site = load_site(project.root)  # a copy outside any repository
    assert site.changed_on == {}
    generated = pages.generated_pages(site)
    assert f'<time datetime="{site.plan.date.isoformat()}">' in generated["chuong-trinh/nu-cong.md"].split("last-updated")[1]  # a draft: no approval date
    assert f'<time datetime="{site.plan.date.isoformat()}">' in generated["lop-hoc/lop-1.md"].split("last-updated")[1]


def test_the_git_log_is_read_newest_commit_first():
    log = "\x002026-05-02\n\ndata/classes/lop-1.yml\n\x002026-04-01\n\ndata/classes/lop-1.yml\ndata/plan.yml\n"
    assert history.parse_log(log) == {"data/classes/lop-1.yml": date(2026, 5, 2), "data/plan.yml": date(2026, 4, 1)}


def test_no_repository_gives_no_dates(tmp_path):
    assert history.last_commit_dates(tmp_path, "data") == {}
    assert history.last_commit_dates(Path("/nonexistent-folder"), "data") == {}


def test_a_new_commit_moves_the_date_of_that_file_only(project):
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project.root, check=True, capture_output=True,
                       env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                            "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(project.root), "PATH": "/usr/bin:/bin",
                            "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})

    when = "2026-04-01T09:00:00+07:00"
    git("init", "-q")
    git("add", "data")
    git("commit", "-q", "-m", "data")
    when = "2026-05-02T09:00:00+07:00"
    project.edit("data/classes/lop-2.yml", "capacity: 80", "capacity: 75")
    git("commit", "-q", "-am", "lop-2")
    changed = load_site(project.root).changed_on
    assert changed["data/classes/lop-2.yml"] == date(2026, 5, 2)
    assert changed["data/classes/lop-1.yml"] == date(2026, 4, 1)
