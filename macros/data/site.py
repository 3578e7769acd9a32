"""Load every data file, validate it, cross-check it, and freeze it into one Site."""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Iterator, Mapping, Optional

from . import checks, history
from .attachments import DATA, attach
from .load import census, load_folder, load_list, load_record
from .models import (
    Announcement,
    DraftPolicy,
    FeedbackForm,
    Lecturer,
    Material,
    Plan,
    Reference,
    Reviewed,
    Role,
    Session,
    Settings,
    Topic,
    TrainingClass,
    Venue,
)
from .problems import ERROR, DataError, Problem
from .today import BuildDay, build_day

Teaching = tuple[TrainingClass, Session]  # a session with the class it belongs to

# The code that writes a calendar event: a change to it is a change to every event.
CALENDAR_CODE = ("macros/exports/ics.py",)


def _natural(text: str) -> tuple:
    """'lop-2' before 'lop-10'."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def _index(records: tuple) -> Mapping[str, object]:
    return MappingProxyType({record.id: record for record in records})


@dataclass(frozen=True)
class Site:
    """Everything the portal shows, validated and cross-checked. Never mutated."""

    plan: Plan
    topics: tuple[Topic, ...]
    classes: tuple[TrainingClass, ...]
    lecturers: tuple[Lecturer, ...]
    venues: tuple[Venue, ...]
    references: tuple[Reference, ...]
    materials: tuple[Material, ...]
    attachments: Mapping[str, bytes] = field(repr=False)  # the bytes of each file a material names, by its path in the repository
    announcements: tuple[Announcement, ...]  # newest first
    roles: tuple[Role, ...]
    settings: Settings
    today: BuildDay = field(compare=False)
    feedback: FeedbackForm
    # Warnings and notes that do not stop the build: drafts, classes past their dates…
    notices: tuple[Problem, ...] = field(default=(), repr=False, compare=False)
    # Date of the last commit of each data file ('data/classes/lop-1.yml'), from git; empty without git.
    changed_on: Mapping[str, date] = field(default_factory=dict, repr=False, compare=False)
    # Time (seconds since 1970, UTC) of the last commit of each data file and of the code
    # that writes calendar events (CALENDAR_CODE), from git; empty without git.
    changed_at: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)
    topic: Mapping[str, Topic] = field(init=False, repr=False, compare=False)
    klass: Mapping[str, TrainingClass] = field(init=False, repr=False, compare=False)
    lecturer: Mapping[str, Lecturer] = field(init=False, repr=False, compare=False)
    venue: Mapping[str, Venue] = field(init=False, repr=False, compare=False)
    reference: Mapping[str, Reference] = field(init=False, repr=False, compare=False)
    material: Mapping[str, Material] = field(init=False, repr=False, compare=False)
    role: Mapping[str, Role] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name, records in (("topic", self.topics), ("klass", self.classes), ("lecturer", self.lecturers),
                              ("venue", self.venues), ("reference", self.references), ("material", self.materials),
                              ("role", self.roles)):
            object.__setattr__(self, name, _index(records))

    def lecturer_of(self, session: Session) -> Optional[Lecturer]:
        """Who teaches a session; None until one is assigned (or while the record is withheld)."""
        return self.lecturer.get(session.lecturer) if session.lecturer else None

    def venue_of(self, cls: TrainingClass) -> Optional[Venue]:
        """Where a class is held; None while the venue's record is withheld."""
        return self.venue.get(cls.venue)

    def published(self) -> "Site":
        """What the public site shows: every record, or with `drafts: hide` in data/settings.yml,
        only approved ones. References to a withheld record read as not known yet."""
        if self.settings.drafts == DraftPolicy.show:
            return self
        def approved(records: tuple) -> tuple:
            return tuple(record for record in records if record.approved)
        topics = approved(self.topics)
        shown_topics = {topic.id for topic in topics}
        # A material of a withheld topic (its outline, say) goes with it.
        materials = tuple(m for m in approved(self.materials) if m.topic is None or m.topic in shown_topics)
        return replace(self, topics=topics, classes=approved(self.classes), lecturers=approved(self.lecturers),
                       venues=approved(self.venues), references=approved(self.references), materials=materials,
                       announcements=approved(self.announcements))

    def withheld(self, published: "Site") -> tuple[Reviewed, ...]:
        """The topics and classes of this Site that `published` leaves out: their pages keep
        their addresses (printed on QR codes) and say the content awaits approval."""
        shown = {id(record) for record in (*published.topics, *published.classes)}
        return tuple(record for record in (*self.topics, *self.classes) if id(record) not in shown)

    # Lookups across records, made once per Site on first use: pages are made record by
    # record, and scanning every session for each topic or lecturer grows with the square
    # of the data.

    @cached_property
    def sessions_of_topic(self) -> Mapping[str, list[Teaching]]:
        return self._sessions_by(lambda session: session.topic)

    @cached_property
    def sessions_of_lecturer(self) -> Mapping[str, list[Teaching]]:
        return self._sessions_by(lambda session: session.lecturer)

    def _sessions_by(self, key) -> Mapping[str, list[Teaching]]:
        found: dict[str, list[Teaching]] = defaultdict(list)
        for cls in self.classes:
            for session in cls.sessions:
                if key(session):
                    found[key(session)].append((cls, session))
        return MappingProxyType(dict(found))

    @cached_property
    def lecturers_of_topic(self) -> Mapping[str, list[Lecturer]]:
        found: dict[str, list[Lecturer]] = defaultdict(list)
        for lecturer in self.lecturers:
            for topic_id in lecturer.topics:
                found[topic_id].append(lecturer)
        return MappingProxyType(dict(found))

    @cached_property
    def topic_number(self) -> Mapping[str, int]:
        """1 for the plan's first topic."""
        return MappingProxyType({t.id: n for n, t in enumerate(self.topics, start=1)})


def read_records(root: Path) -> tuple[checks.Records, list[Problem]]:
    data = root / DATA
    problems: list[Problem] = []
    failed: dict[str, set[str]] = {key: set() for key in ("topics", "classes", "lecturers", "venues", "references", "materials", "roles")}
    materials = load_list(data / "materials.yml", root, Material, problems, failed=failed["materials"])
    named = sorted({item.record.file for item in materials if item.record.file is not None})
    records = checks.Records(
        plan=load_record(data / "plan.yml", root, Plan, problems),
        topics=load_folder(data / "topics", root, Topic, problems, failed["topics"]),
        classes=load_folder(data / "classes", root, TrainingClass, problems, failed["classes"]),
        lecturers=load_list(data / "lecturers.yml", root, Lecturer, problems, failed=failed["lecturers"]),
        venues=load_list(data / "venues.yml", root, Venue, problems, failed=failed["venues"]),
        references=load_list(data / "references.yml", root, Reference, problems, failed=failed["references"]),
        materials=materials,
        attachments={path: attach(root, path) for path in named},
        announcements=load_list(data / "announcements.yml", root, Announcement, problems, optional=True),
        roles=load_list(data / "roles.yml", root, Role, problems, failed=failed["roles"]),
        settings=load_record(data / "settings.yml", root, Settings, problems, optional=True),
        feedback=load_record(data / "feedback.yml", root, FeedbackForm, problems),
        failed={key: frozenset(ids) for key, ids in failed.items()},
        entries=census(root, DATA),
    )
    return records, problems


def _topic_order(records: checks.Records) -> tuple[Topic, ...]:
    """Plan order first (the order of 'Nội dung'), then any others by id."""
    order = {content.topic: i for i, content in enumerate(records.plan.record.contents)}
    topics = [item.record for item in records.topics]
    return tuple(sorted(topics, key=lambda t: (order.get(t.id, len(order)), t.id)))


@contextmanager
def _without_cycle_collection():
    """Loading allocates hundreds of thousands of objects that all live on (values, records)
    and hardly any reference cycles, so the collector's passes over them find nothing: at
    10 000 sessions they were a tenth of the load time. Any cycle made meanwhile (a
    caught validation error, say) is collected by the collector's next full pass."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        _among_the_oldest()
        if enabled:
            gc.enable()


def _among_the_oldest() -> None:
    """Put every object the collector tracks among its oldest, as if it had outlived two
    collections: what loading made lives as long as the Site, and the young collection
    that would follow, going through every one of them (25 ms at 10 000 sessions), would
    find nothing. Moving them is a splice of the collector's lists, whatever their number.
    Left alone if some other code keeps objects frozen (gc.freeze) for its own reasons."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def _data_dates(records: checks.Records) -> Iterator[date]:
    """Every date the data names as having happened: the plan's, approvals', announcements'."""
    if records.plan:
        yield records.plan.record.date
    for item in records.reviewed():
        if item.record.review.on:
            yield item.record.review.on
    yield from (item.record.date for item in records.announcements)


def load_site(root: Path, changed_on: Mapping[str, date] | None = None, environ: Mapping[str, str] | None = None) -> Site:
    """The one way in: raises DataError listing every problem, or returns the Site.
    `changed_on` is the data files' git history when the caller has already read it;
    `environ` may set the build's day (SOURCE_DATE_EPOCH), else it is the commit's."""
    root = Path(root)
    with _without_cycle_collection():
        records, problems = read_records(root)
        records = replace(records, today=build_day(root, environ or {}, _data_dates(records)))
        problems += checks.run(records)
    errors = [p for p in problems if p.severity == ERROR]
    if errors or records.plan is None or records.feedback is None:
        raise DataError(errors)
    return Site(
        plan=records.plan.record,
        topics=_topic_order(records),
        classes=tuple(sorted((item.record for item in records.classes), key=lambda c: _natural(c.id))),
        lecturers=tuple(item.record for item in records.lecturers),
        venues=tuple(item.record for item in records.venues),
        references=tuple(item.record for item in records.references),
        materials=tuple(item.record for item in records.materials),
        attachments=MappingProxyType({path: a.content for path, a in records.attachments.items()}),
        announcements=tuple(sorted((item.record for item in records.announcements), key=lambda a: a.date, reverse=True)),
        roles=tuple(item.record for item in records.roles),
        settings=records.settings.record if records.settings else Settings(),
        today=records.today,
        feedback=records.feedback.record,
        notices=tuple(sorted(p for p in problems if p.severity != ERROR)),
        changed_on=MappingProxyType(history.last_commit_dates(root, DATA) if changed_on is None else dict(changed_on)),
        changed_at=MappingProxyType(history.last_commit_times(root, DATA, *CALENDAR_CODE)),
    )
