"""Deterministic data at N times the shipped data, as a complete project copy.

`generate(target, scale, seed)` writes target/data (plan, references, topics, classes,
lecturers, venues) plus what a build needs (docs/, overrides/, mkdocs.yml and a symlink
to macros/, as tests/conftest.py ProjectCopy.with_site_sources does).

Scale 1 is the shipped data, byte for byte. Each further copy c = 2 … N adds the shipped
topics, lecturers, venues and classes again under new ids ("nu-cong-2", "lop-6" …), with
its own lecturers and venues and its dates moved by a seeded number of weeks: copies share
no lecturer and no room, so the data stays valid with no conflicts at any scale. The same
(scale, seed) always gives the same bytes.

    python -m benchmarks.generate 10 /tmp/x10
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data"
SEED = 2026
SITE_SOURCES = ("docs", "overrides")


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


class _Dumper(yaml.SafeDumper):
    """Writes every value out in full: the loader refuses YAML aliases (&id001 / *id001)."""

    def ignore_aliases(self, data) -> bool:
        return True


def dump_yaml(value) -> str:
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)


def _suffix(record_id: str, copy: int) -> str:
    return record_id if copy == 1 else f"{record_id}-{copy}"


def _topic(topic: dict, copy: int, rng: random.Random) -> dict:
    if copy == 1:
        return topic
    outline = list(topic["outline"])
    rng.shuffle(outline)
    return {**topic, "id": _suffix(topic["id"], copy), "title": f"{topic['title']} (nhóm {copy})",
            "outline": outline, "duration_minutes": rng.choice((45, 60, 90, 120))}


def _lecturer(lecturer: dict, copy: int) -> dict:
    if copy == 1:
        return lecturer
    return {**lecturer, "id": _suffix(lecturer["id"], copy), "name": f"{lecturer['name']} (nhóm {copy})",
            "topics": [_suffix(t, copy) for t in lecturer.get("topics", [])]}


def _venue(venue: dict, copy: int) -> dict:
    if copy == 1:
        return venue
    return {**venue, "id": _suffix(venue["id"], copy), "name": f"{venue['name']} (nhóm {copy})"}


def _session(session: dict, copy: int, shift: timedelta) -> dict:
    moved = {**session, "date": session["date"] + shift}
    for key in ("topic", "lecturer"):
        if key in session:
            moved[key] = _suffix(session[key], copy)
    return moved


def _class(cls: dict, copy: int, number: int, shift: timedelta) -> dict:
    if copy == 1:
        return cls
    return {**cls, "id": f"lop-{number}", "name": f"Lớp {number}", "venue": _suffix(cls["venue"], copy),
            "start_date": cls["start_date"] + shift, "end_date": cls["end_date"] + shift,
            "sessions": [_session(s, copy, shift) for s in cls["sessions"]]}


def _class_number(stem: str) -> int:
    return int(stem.rsplit("-", 1)[-1])


def generate_data(data: Path, scale: int, seed: int = SEED) -> dict[str, int]:
    """Write data/ at `scale` copies; returns record counts."""
    rng = random.Random(seed)
    # Not scaled: the plan, the documents it cites, the materials, the announcements, the roles
    # that approve, the publishing settings and the feedback form.
    for name in ("plan.yml", "references.yml", "materials.yml", "announcements.yml", "roles.yml", "settings.yml", "feedback.yml"):
        shutil.copy(SHIPPED / name, data / name)
    if (SHIPPED / "materials").is_dir():  # files staff uploaded; the shipped data has none (its documents are generated)
        shutil.copytree(SHIPPED / "materials", data / "materials")
    topics = [load_yaml(p) for p in sorted((SHIPPED / "topics").glob("*.yml"))]
    classes = sorted((load_yaml(p) for p in (SHIPPED / "classes").glob("*.yml")), key=lambda c: _class_number(c["id"]))
    lecturers, venues = load_yaml(SHIPPED / "lecturers.yml"), load_yaml(SHIPPED / "venues.yml")
    (data / "topics").mkdir()
    (data / "classes").mkdir()
    all_lecturers, all_venues, sessions = [], [], 0
    # Moved by whole weeks (the same weekdays), and never past the plan's year: a class outside
    # it is refused.
    latest = max(cls["end_date"] for cls in classes)
    weeks_left = (date(latest.year, 12, 31) - latest).days // 7
    for copy in range(1, scale + 1):
        shift = timedelta(weeks=0 if copy == 1 else rng.randrange(1, weeks_left + 1))
        for topic in topics:
            written = _topic(topic, copy, rng)
            (data / "topics" / f"{written['id']}.yml").write_text(dump_yaml(written), encoding="utf-8")
        for cls in classes:
            written = _class(cls, copy, (copy - 1) * len(classes) + _class_number(cls["id"]), shift)
            sessions += len(written["sessions"])
            (data / "classes" / f"{written['id']}.yml").write_text(dump_yaml(written), encoding="utf-8")
        all_lecturers += [_lecturer(l, copy) for l in lecturers]
        all_venues += [_venue(v, copy) for v in venues]
    if scale == 1:  # the shipped files themselves, comments and all
        for folder in ("topics", "classes"):
            for path in (SHIPPED / folder).glob("*.yml"):
                shutil.copy(path, data / folder / path.name)
        shutil.copy(SHIPPED / "lecturers.yml", data / "lecturers.yml")
        shutil.copy(SHIPPED / "venues.yml", data / "venues.yml")
    else:
        (data / "lecturers.yml").write_text(dump_yaml(all_lecturers), encoding="utf-8")
        (data / "venues.yml").write_text(dump_yaml(all_venues), encoding="utf-8")
    return {"topics": len(topics) * scale, "classes": len(classes) * scale, "sessions": sessions,
            "lecturers": len(all_lecturers), "venues": len(all_venues)}


def add_site_sources(target: Path) -> None:
    """What a build of the copy needs besides data/ (as ProjectCopy.with_site_sources)."""
    for name in SITE_SOURCES:
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    (target / "macros").symlink_to(ROOT / "macros")


def generate(target: Path, scale: int, seed: int = SEED) -> dict[str, int]:
    """A complete project copy at `scale` times the shipped data, in `target` (created)."""
    target = Path(target)
    (target / "data").mkdir(parents=True)
    counts = generate_data(target / "data", scale, seed)
    add_site_sources(target)
    return counts


def announcements_of_size(size: int, seed: int = SEED) -> str:
    """data/announcements.yml of about `size` bytes (within one announcement), made from the
    shipped announcements: dated through the plan's year, each with its own id, some about a
    class. For the benchmark of the build's time against the size of one data file."""
    rng = random.Random(seed)
    shipped = load_yaml(SHIPPED / "announcements.yml")
    head = (SHIPPED / "announcements.yml").read_text(encoding="utf-8").split("\n- ", 1)[0].rstrip("\n") + "\n"
    items, length, n = [], len(head.encode("utf-8")), 0
    while True:
        base = shipped[n % len(shipped)]
        item = {**base, "id": f"thong-bao-{n + 1}", "date": (base["date"] + timedelta(days=rng.randrange(300))),
                "title": f"{base['title']} ({n + 1})"}
        if rng.random() < 0.3:
            item["class_id"] = f"lop-{rng.randrange(1, 6)}"
        text = dump_yaml([item])
        if length + len(text.encode("utf-8")) + 1 > size:
            break
        items.append(text)
        length += len(text.encode("utf-8")) + 1
        n += 1
    return head + "\n".join(items)


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a project copy at N times the shipped data.")
    parser.add_argument("scale", type=int)
    parser.add_argument("target", type=Path)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    counts = generate(args.target, args.scale, args.seed)
    print(", ".join(f"{n} {name}" for name, n in counts.items()))


if __name__ == "__main__":
    main()

