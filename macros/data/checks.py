"""Rules across records: ids, references, double bookings, material files, announcements.

Each rule is a function registered with @rule; its docstring (Vietnamese) is the
rule as staff read it in the guide. Each yields located problems. Rules of one record
(a session within its class's dates, say) are the models' record rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Callable, Iterable, Iterator, Mapping

from .. import urls
from ..text import short_date
from . import formats
from .attachments import MAX_BYTES, Attachment
from .intervals import overlaps
from .kinds import expected_name, kind_of
from .load import ANY, Entry, Located
from .messages import suggest
from .models import (
    MATERIALS_FOLDER,
    Announcement,
    ClassStatus,
    FeedbackForm,
    Generated,
    Lecturer,
    Material,
    Plan,
    Reference,
    Reviewed,
    ReviewState,
    Role,
    Session,
    Settings,
    Topic,
    TrainingClass,
    Venue,
)
from .problems import NOTE, WARNING, Problem
from .today import BuildDay


@dataclass(frozen=True)
class Records:
    """Every record that passed its own model, with its source."""

    plan: Located[Plan] | None
    topics: list[Located[Topic]]
    classes: list[Located[TrainingClass]]
    lecturers: list[Located[Lecturer]]
    venues: list[Located[Venue]]
    references: list[Located[Reference]]
    materials: list[Located[Material]] = field(default_factory=list)
    attachments: Mapping[str, Attachment] = field(default_factory=dict)  # by the path a material names
    announcements: list[Located[Announcement]] = field(default_factory=list)
    # Ids of the records that failed their own model, by collection ('topics', …); load.ANY
    # when a whole file failed. A reference to one of them is not reported as missing: the
    # record is reported where it is wrong, once.
    failed: Mapping[str, frozenset[str]] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)  # everything under data/, as on disk

    def failed_record(self, collection: str, record_id: str) -> bool:
        ids = self.failed.get(collection, frozenset())
        return record_id in ids or ANY in ids

    roles: list[Located[Role]] = field(default_factory=list)
    settings: Located[Settings] | None = None
    today: BuildDay | None = None  # set once the records are read: its fallback is a date they name
    feedback: Located[FeedbackForm] | None = None

    def reviewed(self) -> Iterator[Located[Reviewed]]:
        """Every record that is a draft until approved, in file order."""
        for items in (self.topics, self.classes, self.lecturers, self.venues, self.references, self.materials, self.announcements):
            yield from items

    @cached_property
    def bookings(self) -> list[Booking]:
        """Every session as a booking, built once for the rules on clashes."""
        return _bookings(self)


Rule = Callable[[Records], Iterable[Problem]]
RULES: list[Rule] = []


def rule(function: Rule) -> Rule:
    RULES.append(function)
    return function


def run(records: Records) -> list[Problem]:
    return [problem for check in RULES for problem in check(records)]


# --- ids ------------------------------------------------------------------------------


def _file_stem(item: Located) -> str:
    return item.file.rsplit("/", 1)[-1].removesuffix(".yml")


def _duplicates(items: list[Located], noun: str) -> Iterator[Problem]:
    first: dict[str, Located] = {}
    for item in items:
        key = item.record.id
        if key in first:
            yield item.problem(("id",), f"mã {noun} '{key}' bị trùng với {first[key].where(('id',))}",
                               "Mỗi mã chỉ dùng một lần; đặt mã mới, chưa dùng.")
        else:
            first[key] = item


@rule
def ids_are_unique(records: Records) -> Iterator[Problem]:
    """Mã của mỗi chuyên đề, lớp, báo cáo viên, địa điểm và văn bản là duy nhất."""
    yield from _duplicates(records.topics, "chuyên đề")
    yield from _duplicates(records.classes, "lớp")
    yield from _duplicates(records.lecturers, "báo cáo viên")
    yield from _duplicates(records.venues, "địa điểm")
    yield from _duplicates(records.references, "văn bản")


@rule
def ids_match_file_names(records: Records) -> Iterator[Problem]:
    """Tệp data/topics/<mã>.yml và data/classes/<mã>.yml mang đúng mã ghi bên trong."""
    for item in [*records.topics, *records.classes]:
        stem = _file_stem(item)
        if item.record.id != stem:
            yield item.problem(("id",), f"mã '{item.record.id}' khác tên tệp '{stem}.yml'",
                               f"Đổi mã thành '{stem}' hoặc đổi tên tệp thành '{item.record.id}.yml'.")


# --- references ---------------------------------------------------------------------------


def _missing(item: Located, path: tuple, value: str, noun: str, known: Iterable[str], where: str) -> Problem:
    known = list(known)
    guess = suggest(value, known)
    hint = f"Có phải ý bạn là '{guess}'? " if guess else ""
    return item.problem(path, f"không có {noun} '{value}' (có: {', '.join(known)})",
                        hint + f"Dùng một mã trong danh sách, hoặc thêm {noun} mới vào {where}.")


def _ids(items: list[Located]) -> dict[str, Located]:
    return {item.record.id: item for item in items}


class _Known(dict):
    """Records by id, where an id of a record that failed its own model counts as known:
    `value not in known` is then a reference that is really missing."""

    def __init__(self, records: Records, collection: str, items: list[Located]):
        super().__init__(_ids(items))
        self._records, self._collection = records, collection

    def __contains__(self, record_id: object) -> bool:
        return super().__contains__(record_id) or self._records.failed_record(self._collection, str(record_id))


@rule
def references_resolve(records: Records) -> Iterator[Problem]:
    """Mọi mã được nhắc tới (chuyên đề, báo cáo viên, địa điểm, văn bản) đều có thật."""
    topics, lecturers = _Known(records, "topics", records.topics), _Known(records, "lecturers", records.lecturers)
    venues, documents = _Known(records, "venues", records.venues), _Known(records, "references", records.references)
    if records.plan:
        for i, content in enumerate(records.plan.record.contents):
            if content.topic not in topics:
                yield _missing(records.plan, ("contents", i, "topic"), content.topic, "chuyên đề", topics, "data/topics/")
    for topic in records.topics:
        for i, ref in enumerate(topic.record.references):
            if ref not in documents:
                yield _missing(topic, ("references", i), ref, "văn bản", documents, "data/references.yml")
    for lecturer in records.lecturers:
        for i, ref in enumerate(lecturer.record.topics):
            if ref not in topics:
                yield _missing(lecturer, ("topics", i), ref, "chuyên đề", topics, "data/topics/")
    for item in records.classes:
        cls = item.record
        venue = venues.get(cls.venue)
        if venue is None and cls.venue not in venues:
            yield _missing(item, ("venue",), cls.venue, "địa điểm", venues, "data/venues.yml")
        elif venue is not None and cls.room not in venue.record.rooms:
            yield _missing(item, ("room",), cls.room, "phòng", venue.record.rooms, f"rooms của '{cls.venue}' trong data/venues.yml")
        for i, session in enumerate(cls.sessions):
            if session.topic is not None and session.topic not in topics:
                yield _missing(item, ("sessions", i, "topic"), session.topic, "chuyên đề", topics, "data/topics/")
            if session.lecturer is not None and session.lecturer not in lecturers:
                yield _missing(item, ("sessions", i, "lecturer"), session.lecturer, "báo cáo viên", lecturers, "data/lecturers.yml")
            if venue and session.room is not None and session.room not in venue.record.rooms:
                yield _missing(item, ("sessions", i, "room"), session.room, "phòng", venue.record.rooms, f"rooms của '{cls.venue}' trong data/venues.yml")


@rule
def every_plan_topic_is_taught(records: Records) -> Iterator[Problem]:
    """Mỗi nội dung của kế hoạch được dạy ở ít nhất một lớp."""
    if not records.plan:
        return
    if records.failed.get("classes"):
        return  # what a class that failed its model teaches is not known: no topic is judged untaught
    taught = {s.topic for item in records.classes for s in item.record.sessions}
    for i, content in enumerate(records.plan.record.contents):
        if content.topic not in taught:
            yield records.plan.problem(("contents", i, "topic"), f"chuyên đề '{content.topic}' chưa được dạy ở lớp nào",
                                       "Thêm một buổi 'kind: topic' với chuyên đề này vào ít nhất một tệp data/classes/*.yml.")


# --- time -------------------------------------------------------------------------------------


@rule
def classes_fall_within_the_plan_year(records: Records) -> Iterator[Problem]:
    """Mỗi lớp diễn ra trong năm của kế hoạch, không trước ngày ban hành kế hoạch."""
    if not records.plan:
        return
    issued = records.plan.record.date
    for item in records.classes:
        cls = item.record
        if cls.start_date < issued:
            yield item.problem(("start_date",), f"lớp khai giảng ngày {cls.start_date.isoformat()}, trước ngày ban hành kế hoạch ({issued.isoformat()})",
                               f"Sửa start_date (và ngày các buổi học) cho đúng: lớp học theo kế hoạch diễn ra từ {issued.isoformat()} đến hết năm {issued.year}.")
        elif cls.end_date.year != issued.year:
            yield item.problem(("end_date",), f"lớp kết thúc ngày {cls.end_date.isoformat()}, ngoài năm {issued.year} của kế hoạch",
                               f"Sửa end_date (và ngày các buổi học): kế hoạch chỉ gồm các lớp trong năm {issued.year}.")


@dataclass(frozen=True)
class Booking:
    """One session seen as an interval of time held by some resource."""

    start: datetime
    end: datetime
    owner: Located[TrainingClass]
    index: int

    @property
    def session(self) -> Session:
        return self.owner.record.sessions[self.index]

    def where(self) -> str:
        return f"{self.owner.where(('sessions', self.index))} ({self.owner.record.id}, sessions[{self.index}], {self.session.start:%H:%M}–{self.session.end:%H:%M} {short_date(self.session.date)})"


def _bookings(records: Records) -> list[Booking]:
    # A session outside its class's dates is reported by that class's record rule; its
    # clashes would only echo that wrong date (and send staff to change a lecturer or a room).
    return [
        Booking(datetime.combine(s.date, s.start), datetime.combine(s.date, s.end), item, i)
        for item in records.classes
        for i, s in enumerate(item.record.sessions)
        if item.record.within_dates(s)
    ]


def _clashes(records: Records, resource: Callable[[Booking], object], message: str, hint: str) -> Iterator[Problem]:
    """Two sessions of different classes holding one resource at once (a class's own
    sessions are its record rule's)."""
    # Bookings by resource, each in the order of the bookings; the resources in the order of
    # their repr, so the problems come in the same order on every build. (Grouped in a dict:
    # sorting every booking by its resource's repr cost more than the sweep.)
    held: dict[object, list[Booking]] = {}
    for booking in records.bookings:
        key = resource(booking)
        if key is not None:
            held.setdefault(key, []).append(booking)
    for key in sorted(held, key=repr):
        for first, second in overlaps(held[key]):
            if first.owner is not second.owner:
                yield second.owner.problem(("sessions", second.index), message.format(key=key, other=first.where()), hint)


@rule
def lecturers_are_not_double_booked(records: Records) -> Iterator[Problem]:
    """Một báo cáo viên không dạy hai buổi cùng lúc ở hai lớp."""
    yield from _clashes(records, lambda b: b.session.lecturer, "báo cáo viên '{key}' đã có buổi cùng giờ ở {other}",
                        "Đổi báo cáo viên hoặc dời giờ một trong hai buổi.")


@rule
def rooms_are_not_double_booked(records: Records) -> Iterator[Problem]:
    """Một phòng không có hai lớp học cùng lúc."""
    def room(b: Booking) -> tuple[str, str]:
        return (b.owner.record.venue, b.owner.record.room_of(b.session))
    yield from _clashes(records, room, "phòng {key[1]} ({key[0]}) đã có lớp khác cùng giờ: {other}",
                        "Đổi phòng (room) hoặc dời giờ một trong hai buổi.")


# --- materials ----------------------------------------------------------------------------------


@rule
def material_ids_are_unique(records: Records) -> Iterator[Problem]:
    """Mã của mỗi tài liệu là duy nhất và không trùng tên tệp cổng tự tạo (sổ tay tập huấn, kế hoạch bản Word, báo cáo kết quả)."""
    yield from _duplicates(records.materials, "tài liệu")
    for item in records.materials:
        for path in item.record.public_paths:  # a generated Word file's PDF twin too
            if path in urls.RESERVED_MATERIAL_PATHS:
                yield item.problem(("id",), f"mã tài liệu '{item.record.id}' trùng tên tệp cổng tự tạo ({path})",
                                   "Đặt mã khác cho tài liệu này.")
                break


@rule
def generated_documents_are_listed_once(records: Records) -> Iterator[Problem]:
    """Mỗi tài liệu tạo tự động chỉ ghi một lần (đề cương: mỗi chuyên đề một lần), để một văn bản, như phiếu lấy ý kiến học viên, chỉ có một địa chỉ tải về."""
    first: dict[tuple, Located[Material]] = {}
    for item in records.materials:
        material = item.record
        if material.generated is None or material.file is not None:  # one naming both is reported by names_one_source
            continue
        # An outline is of its topic; every other generated document is one for the whole plan.
        key = (material.generated, material.topic if material.generated == Generated.topic_outline else None)
        if key in first:
            yield item.problem(("generated",), f"tài liệu '{material.generated.value}' đã có ở mục '{first[key].record.id}' "
                               f"({first[key].where(('generated',))})",
                               f"Mỗi tài liệu tạo tự động chỉ ghi một lần: xóa mục '{material.id}', hoặc sửa mục '{first[key].record.id}'.")
        else:
            first[key] = item


@rule
def material_topics_resolve(records: Records) -> Iterator[Problem]:
    """Chuyên đề của mỗi tài liệu có thật; đề cương tạo tự động (generated: topic-outline) phải ghi chuyên đề."""
    # The guide lists this sentence for both halves: the second is Material.outline_names_its_topic.
    topics = _Known(records, "topics", records.topics)
    for item in records.materials:
        material = item.record
        if material.topic is not None and material.topic not in topics:
            yield _missing(item, ("topic",), material.topic, "chuyên đề", topics, "data/topics/")


def _attachments(records: Records) -> Iterator[tuple[Located[Material], Attachment]]:
    for item in records.materials:
        if item.record.file is not None and item.record.file in records.attachments:
            yield item, records.attachments[item.record.file]


@rule
def material_files_exist(records: Records) -> Iterator[Problem]:
    """Tệp của mỗi tài liệu có trong thư mục data/materials/ (đúng chữ hoa, chữ thường và đuôi tệp)."""
    for item, attachment in _attachments(records):
        if not attachment.exists:
            guess = suggest(attachment.path, attachment.siblings)
            hint = f"Có phải ý bạn là '{guess}'? " if guess else ""
            yield item.problem(("file",), f"không có tệp '{attachment.path}'",
                               hint + "Đặt tệp vào thư mục data/materials/ hoặc sửa đường dẫn cho khớp tên tệp.")


@rule
def material_files_are_real_files_inside_the_folder(records: Records) -> Iterator[Problem]:
    """Tệp của tài liệu là tệp thật nằm trong data/materials/: không phải liên kết tượng trưng (symlink), thư mục hay thiết bị."""
    for item, attachment in _attachments(records):
        if attachment.refused:
            yield item.problem(("file",), f"'{attachment.path}' {attachment.refused}: không xuất bản",
                               "Chép chính tệp tài liệu vào thư mục data/materials/ (không dùng liên kết), rồi ghi đường dẫn của tệp đó.")


@rule
def material_formats_are_known(records: Records) -> Iterator[Problem]:
    """Tệp tài liệu có định dạng được hỗ trợ (PDF, Word, Excel, PowerPoint, OpenDocument) và nội dung đúng định dạng đó."""
    known = ", ".join(formats.FORMATS)
    for item, attachment in _attachments(records):
        if not attachment.exists or attachment.refused:
            continue  # said by material_files_exist (with the name it probably meant) or the rule above
        extension = formats.extension_of(attachment.path)
        if extension not in formats.FORMATS:
            said = f"định dạng '.{extension}' không được hỗ trợ" if extension else "tệp không có đuôi định dạng"
            yield item.problem(("file",), said,
                               f"Dùng một trong các định dạng: {known}. Lưu lại tệp ở một định dạng này (ví dụ: xuất ra PDF) rồi sửa đường dẫn.")
        elif attachment.defect():
            yield item.problem(("file",), f"{attachment.defect()}: '{attachment.path}'",
                               "Mở tệp kiểm tra lại, lưu lại đúng định dạng rồi đặt vào data/materials/ lần nữa.")


@rule
def material_files_are_at_most_20_mb(records: Records) -> Iterator[Problem]:
    """Mỗi tệp tài liệu không quá 20 MB, để học viên ở vùng mạng yếu vẫn tải được."""
    for item, attachment in _attachments(records):
        if attachment.size > MAX_BYTES:
            yield item.problem(("file",), f"tệp nặng {formats.size_label(attachment.size)}, vượt giới hạn {MAX_BYTES // 1024 // 1024} MB",
                               "Giảm dung lượng (ví dụ: xuất PDF với ảnh nén) hoặc tách thành nhiều tệp nhỏ.")


# --- files -------------------------------------------------------------------------------------------


@rule
def every_data_file_is_read(records: Records) -> Iterator[Problem]:
    """Mọi tệp trong data/ đều được đọc: tệp dữ liệu đúng tên, đuôi .yml chữ thường; trong data/materials/ chỉ có tệp thật, không có liên kết tượng trưng (symlink); tệp tài liệu không mục nào dùng thì được cảnh báo."""
    for entry in records.entries:
        if entry.path.startswith(MATERIALS_FOLDER):
            # A file that no material names is kept, unpublished, and named in a warning (a
            # material may name it later; material_files_exist offers it for a misspelt
            # name). A link or a device never becomes one: an error, referenced or not.
            if entry.path not in records.attachments and (entry.link or not entry.regular):
                yield Problem(entry.path, 1, 1, "", "liên kết tượng trưng (symlink) hoặc tệp đặc biệt trong data/materials/: không được đọc, không xuất bản",
                              "Xóa nó; nếu cần tài liệu này, chép chính tệp vào data/materials/ và thêm một mục vào data/materials.yml.")
            elif entry.path not in records.attachments:
                yield Problem(entry.path, 1, 1, "", "tệp không được tài liệu nào trong data/materials.yml dùng: không xuất bản",
                              "Thêm một mục có 'file: " + entry.path + "' vào data/materials.yml, hoặc xóa tệp nếu không cần.", WARNING)
        elif kind_of(entry.path) is None:
            guess = expected_name(entry.path)
            yield Problem(entry.path, 1, 1, "", "tệp không được đọc: tên tệp không phải tên một tệp dữ liệu",
                          f"Đổi tên thành {guess.rsplit('/', 1)[-1]} ({guess}): tên chữ thường, đuôi .yml." if guess else
                          "Tệp dữ liệu có tên và đuôi .yml như trong trang Hướng dẫn; xóa tệp này hoặc chuyển nó ra khỏi data/.")


# --- announcements ------------------------------------------------------------------------------


@rule
def announcements_name_real_classes(records: Records) -> Iterator[Problem]:
    """Thông báo gắn với một lớp (class_id) ghi đúng mã của một lớp có thật."""
    classes = _Known(records, "classes", records.classes)
    for item in records.announcements:
        class_id = item.record.class_id
        if class_id is not None and class_id not in classes:
            yield _missing(item, ("class_id",), class_id, "lớp", classes, "data/classes/")


@rule
def announcements_have_distinct_addresses(records: Records) -> Iterator[Problem]:
    """Hai thông báo không trùng mã (mã tự tạo từ ngày và tiêu đề, nếu không ghi id)."""
    first: dict[str, Located] = {}
    for item in records.announcements:
        key = item.record.key
        if key in first:
            yield item.problem(("id",) if item.record.id else (), f"thông báo trùng mã '{key}' với {first[key].where()}",
                               "Đổi tiêu đề, hoặc ghi một id riêng (chữ thường không dấu, nối bằng gạch ngang) cho thông báo này.")
        else:
            first[key] = item


# --- review and the build's day ------------------------------------------------------------------


def _today(records: Records) -> date | None:
    return records.today.date if records.today else None


@rule
def approvals_name_real_roles(records: Records) -> Iterator[Problem]:
    """Vai trò duyệt (review.by) là một vai trò có trong data/roles.yml."""
    roles = _Known(records, "roles", records.roles)
    for item in records.reviewed():
        role = item.record.review.by
        if role is not None and role not in roles:
            yield _missing(item, ("review", "by"), role, "vai trò", roles, "data/roles.yml")


@rule
def approvals_are_not_dated_after_the_build_day(records: Records) -> Iterator[Problem]:
    """Ngày duyệt (review.on) không sau ngày xây dựng trang (nội dung chưa được duyệt thì chưa thể ghi đã duyệt)."""
    today = _today(records)
    for item in records.reviewed():
        on = item.record.review.on
        if today and on and on > today:
            yield item.problem(("review", "on"), f"ngày duyệt {on.isoformat()} sau ngày xây dựng trang ({today.isoformat()})",
                               "Ghi đúng ngày đã duyệt; nếu chưa duyệt, để state: draft.")


@rule
def drafts_are_listed(records: Records) -> Iterator[Problem]:
    """Mỗi bản ghi chưa được duyệt được liệt kê (ghi chú), để người duyệt thấy còn gì chưa duyệt."""
    for item in records.reviewed():
        record = item.record
        changed = record.changed_since_approval()
        if changed:
            yield item.problem(("review",), f"đã sửa sau khi duyệt ngày {record.review.on.isoformat() if record.review.on else '?'}: "
                                            f"{', '.join(changed)} khác với nội dung đã duyệt; đang hiện là dự thảo",
                               "Trình duyệt lại, rồi chạy: make approve FILE=<tệp> BY=<mã vai trò> ON=<ngày duyệt>.").as_(WARNING)
        elif record.review.state == ReviewState.draft:
            yield item.problem(("review",), f"dự thảo, chưa được duyệt: '{record.key}'",
                               "Khi đã được duyệt, chạy: make approve FILE=<tệp> BY=<mã vai trò> ON=<ngày duyệt>.").as_(NOTE)


@rule
def classes_past_their_dates_are_not_still_planned(records: Records) -> Iterator[Problem]:
    """Lớp đã qua ngày kết thúc thì không còn để trạng thái tentative hay confirmed (cảnh báo)."""
    today = _today(records)
    for item in records.classes:
        cls = item.record
        if today and cls.end_date < today and cls.status in (ClassStatus.tentative, ClassStatus.confirmed):
            yield item.problem(("status",), f"lớp đã qua ngày kết thúc {cls.end_date.isoformat()} mà trạng thái vẫn là '{cls.status.value}'",
                               "Nếu lớp đã học, ghi status: finished; nếu hoãn, ghi postponed và thông báo ngày mới.").as_(WARNING)


@rule
def announcements_are_not_dated_after_the_build_day(records: Records) -> Iterator[Problem]:
    """Thông báo không ghi ngày sau ngày xây dựng trang (cảnh báo)."""
    today = _today(records)
    for item in records.announcements:
        if today and item.record.date > today:
            yield item.problem(("date",), f"thông báo ghi ngày {item.record.date.isoformat()}, sau ngày xây dựng trang ({today.isoformat()})",
                               "Ghi ngày đăng thông báo, không ghi ngày trong tương lai.").as_(WARNING)


# --- results and issued documents ------------------------------------------------------------


@rule
def results_follow_the_feedback_form(records: Records) -> Iterator[Problem]:
    """Kết quả của lớp chỉ ghi các câu hỏi và các mức đánh giá có trên phiếu lấy ý kiến (data/feedback.yml)."""
    if records.feedback is None:
        return
    form = records.feedback.record
    questions = {q.id: q for q in form.questions}
    levels = [level.id for level in form.levels]
    for item in records.classes:
        results = item.record.results
        if results is None:
            continue
        for question, counts in results.answers.items():
            if question not in questions:
                yield _missing(item, ("results", "answers", question), question, "câu hỏi", questions, "data/feedback.yml")
                continue
            for level in counts:
                if level not in levels:
                    yield _missing(item, ("results", "answers", question, level), level, "mức đánh giá", levels, "data/feedback.yml")


@rule
def signed_scans_are_materials(records: Records) -> Iterator[Problem]:
    """Bản scan đã ký của kế hoạch lớp hay giấy triệu tập (scan) là mã một tài liệu có trong data/materials.yml."""
    materials = _Known(records, "materials", records.materials)
    for item in records.classes:
        for name in ("plan", "summons"):
            issued = getattr(item.record.documents, name)
            if issued is not None and issued.scan is not None and issued.scan not in materials:
                yield _missing(item, ("documents", name, "scan"), issued.scan, "tài liệu", materials, "data/materials.yml")


# --- the rules as the guide lists them -----------------------------------------------------------

# Every rule beyond a single field, in the order staff read them in the guide ("Quy tắc giữa
# các bản ghi"): by subject, the models' record rules among these. An entry of two rules
# is one sentence in the guide, the first one's docstring.
GUIDE = (
    (ids_are_unique,),
    (ids_match_file_names,),
    (references_resolve,),
    (every_plan_topic_is_taught,),
    (classes_fall_within_the_plan_year,),
    (TrainingClass.sessions_fall_within_class_dates,),
    (TrainingClass.sessions_do_not_overlap_within_a_class,),
    (lecturers_are_not_double_booked,),
    (rooms_are_not_double_booked,),
    (material_ids_are_unique,),
    (generated_documents_are_listed_once,),
    (Material.names_one_source,),
    (material_topics_resolve, Material.outline_names_its_topic),
    (material_files_exist,),
    (material_files_are_real_files_inside_the_folder,),
    (material_formats_are_known,),
    (material_files_are_at_most_20_mb,),
    (every_data_file_is_read,),
    (announcements_name_real_classes,),
    (announcements_have_distinct_addresses,),
    (Reviewed.approval_names_role_and_date,),
    (approvals_name_real_roles,),
    (approvals_are_not_dated_after_the_build_day,),
    (drafts_are_listed,),
    (classes_past_their_dates_are_not_still_planned,),
    (announcements_are_not_dated_after_the_build_day,),
    (TrainingClass.results_only_for_a_finished_class,),
    (TrainingClass.results_add_up,),
    (results_follow_the_feedback_form,),
    (FeedbackForm.ids_are_distinct,),
    (signed_scans_are_materials,),
)
