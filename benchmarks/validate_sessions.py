"""How long validation takes for 10,000 sessions (DESIGN: under a second, by sort and sweep).

Writes a deterministic, valid data set into a temporary folder: the shipped plan, topics
and references, plus 1,000 generated classes of 10 sessions each, at 50 venues with 5
lecturers per venue, all on the same few weeks, so the conflict rules have dense
calendars to sweep. Then times:
  - load_site: reading the YAML (with positions), the models, and every cross-record rule;
  - checks.run: the cross-record rules alone (unique ids, references, lecturer and room
    double bookings), on records already read;
  - the sweeps: every class's own overlap rule (a record rule of the model) and the
    lecturer and room double bookings.

Run:  .venv/bin/python benchmarks/validate_sessions.py [--sessions 10000] [--repeat 3]
Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.data import checks  # noqa: E402
from macros.data.site import load_site, read_records  # noqa: E402

VENUES = 50
LECTURERS_PER_VENUE = 5
SESSIONS_PER_CLASS = 10
SLOTS = ("07:30", "09:00", "10:30", "13:30", "15:00")  # five 80-minute sessions a day
FIRST_DAY = date(2026, 3, 9)  # a Monday after the plan is issued (2026-03-02)
TOPICS = ("dieu-le-cong-doan", "phat-trien-doan-vien", "kiem-tra-giam-sat", "truyen-thong", "nu-cong",
          "thi-dua-khen-thuong", "dan-chu-co-so", "tai-chinh-cong-doan", "noi-dung-khac")


def end_of(start: str) -> str:
    hours, minutes = map(int, start.split(":"))
    total = hours * 60 + minutes + 80
    return f"{total // 60:02d}:{total % 60:02d}"


def venues_yaml() -> str:
    return "".join(f'- id: bench-venue-{v}\n  name: "Điểm thử {v}"\n  address: "xã Thử {v}, tỉnh Lai Châu"\n'
                   f'  rooms: ["Hội trường"]\n' for v in range(VENUES))


def lecturers_yaml() -> str:
    return "".join(f'- id: bench-bcv-{v}-{k}\n  name: "Báo cáo viên thử {v}.{k}"\n  unit: "Đơn vị thử"\n'
                   for v in range(VENUES) for k in range(LECTURERS_PER_VENUE))


def class_yaml(number: int) -> str:
    """Class n meets at venue n % 50 on two days; venues never share rooms or lecturers."""
    venue = number % VENUES
    first = FIRST_DAY + timedelta(days=2 * (number // VENUES))
    lines = [f"id: bench-{number}", f'name: "Lớp thử {number}"', "status: tentative",
             f"start_date: {first.isoformat()}", f"end_date: {(first + timedelta(days=1)).isoformat()}",
             f"venue: bench-venue-{venue}", 'room: "Hội trường"', "capacity: 80",
             "invited:", '  - "Cán bộ công đoàn cơ sở"', "sessions:"]
    for j in range(SESSIONS_PER_CLASS):
        day = first + timedelta(days=j // len(SLOTS))
        start = SLOTS[j % len(SLOTS)]
        lines += [f"  - date: {day.isoformat()}", f'    start: "{start}"', f'    end: "{end_of(start)}"']
        lines += [f"    topic: {TOPICS[j]}"] if j < len(TOPICS) else ["    kind: closing"]
        lines += [f"    lecturer: bench-bcv-{venue}-{j % LECTURERS_PER_VENUE}"]
    return "\n".join(lines) + "\n"


def make_project(root: Path, sessions: int) -> None:
    data = root / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("classes"))
    (data / "classes").mkdir()
    with (data / "venues.yml").open("a", encoding="utf-8") as out:
        out.write("\n" + venues_yaml())
    with (data / "lecturers.yml").open("a", encoding="utf-8") as out:
        out.write("\n" + lecturers_yaml())
    for number in range(sessions // SESSIONS_PER_CLASS):
        (data / "classes" / f"bench-{number}.yml").write_text(class_yaml(number), encoding="utf-8")


def best_of(repeat: int, function) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        make_project(root, args.sessions)
        whole, site = best_of(args.repeat, lambda: load_site(root))
        records, problems = read_records(root)
        assert not problems
        rules, found = best_of(args.repeat, lambda: checks.run(records))
        conflict_rules = [checks.lecturers_are_not_double_booked, checks.rooms_are_not_double_booked]
        own = [item.record for item in records.classes]
        sweep, _ = best_of(args.repeat, lambda: [*(p for rule in conflict_rules for p in rule(records)),
                                                 *(e for cls in own for e in cls.sessions_do_not_overlap_within_a_class())])
    total = sum(len(c.sessions) for c in site.classes)
    errors = sum(p.severity == "error" for p in found)
    print(f"{total} buổi học, {len(site.classes)} lớp, {errors} lỗi, {len(found) - errors} cảnh báo và ghi chú (best of {args.repeat})")
    print(f"load_site (YAML + models + every rule): {whole:.3f} s")
    print(f"checks.run (every cross-record rule):   {rules:.3f} s")
    print(f"overlap + lecturer + room rules only:    {sweep:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
