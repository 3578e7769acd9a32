"""The data model: every rule a single record must obey lives here.

Field descriptions are Vietnamese: they become the JSON Schema, the editor hints and
the field reference of the staff guide. Rules of one field are pydantic constraints and
field validators. Rules that span several fields of one record are its `record rules`
(methods marked @record_rule): they yield errors shaped like pydantic's, which
messages.py words like any other. Rules that need several records at once (references,
conflicts between classes) live in `checks.py`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from enum import Enum
from typing import Annotated, Any, Callable, ClassVar, Iterator, NamedTuple, Optional

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from .. import urls
from ..text import nfc, slugify
from .formats import extension_of
from .intervals import overlaps
from .problems import Loc

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


# Unicode category Cc (C0 and C1 controls, DEL) except tab and newline.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# Characters that show as nothing (zero-width spaces and joiners, the soft hyphen, the
# byte-order mark) or reorder what is shown (bidirectional controls): two names that look
# identical would differ, and a reviewer would not see what a pull request really says.
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def invisible_in(value: str) -> Optional[str]:
    """'U+200B' for the first invisible character of value, or None."""
    bad = INVISIBLE.search(value)
    return f"U+{ord(bad.group()):04X}" if bad else None


# Personal data (Nghị định 13/2023/NĐ-CP): a public site holds no trainee's phone number, e-mail
# or ID number. Text that looks like one is refused in every text field; links (tel:, mailto:)
# are a separate type, for the federation's own contacts.
PERSONAL_DATA: tuple[tuple[str, re.Pattern], ...] = (
    ("địa chỉ e-mail", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("số điện thoại", re.compile(r"(?<![\w/.,-])(?:\+84|0)(?:[ .-]?\d){8,10}(?![\w/])")),
    ("số định danh (CCCD/CMND)", re.compile(r"(?<![\w/.,-])(?:\d{12}|\d{9})(?![\w/.,-]?\d)")),
)


def personal_data_in(value: str) -> Optional[tuple[str, str]]:
    """(what it looks like, the text) for the first phone number, e-mail or ID number in value."""
    for kind, pattern in PERSONAL_DATA:
        found = pattern.search(value)
        if found:
            return kind, found.group()
    return None


# Every character a rule of _checked_text could refuse, found in one scan of the text: a
# control or invisible character, the '@' of an e-mail address, nine digits (with single
# spaces, dots or hyphens between) that a phone or ID number holds at least. Nearly every
# text has none: it is then only checked for being blank, not scanned four more times.
_SUSPECT_CHARS = re.compile(f"[{_CONTROL.pattern[1:-1]}{INVISIBLE.pattern[1:-1]}@]")
_DIGIT_RUN = re.compile(r"\d(?:[ .-]?\d){8}")


def _clean_text(value: str) -> str:
    value = nfc(value)
    if _SUSPECT_CHARS.search(value) is None and _DIGIT_RUN.search(value) is None:
        if not value.strip():
            raise ValueError("không được để trống")
        return value
    return _checked_text(value)


def _checked_text(value: str) -> str:
    """Every rule of a text field, in the order its problems are worded."""
    bad = _CONTROL.search(value)
    if bad:
        raise ValueError(f"có ký tự điều khiển U+{ord(bad.group()):04X}")
    hidden = invisible_in(value)
    if hidden:
        raise ValueError(f"có ký tự vô hình {hidden} ở vị trí {INVISIBLE.search(value).start() + 1}")
    if not value.strip():
        raise ValueError("không được để trống")
    personal = personal_data_in(value)
    if personal:
        raise PydanticCustomError("personal_data", "personal data", {"looks_like": personal[0], "found": personal[1]})
    return value


def _visible_id(value: object) -> object:
    """An id with an invisible character is named by its code point, not as a bad pattern."""
    # Every invisible character is outside ASCII, as nearly every id is: such an id is not scanned.
    if isinstance(value, str) and not value.isascii() and invisible_in(value):
        raise PydanticCustomError("invisible_character", "invisible character", {"code_point": invisible_in(value)})
    return value


# Every text field has a bound, so no field can carry a pasted document: prose (a summary,
# a note, a paragraph of the plan) up to TEXT_MAX, and a name or a title up to NAME_MAX
# (one line on a page, in a menu, a calendar's event title).
TEXT_MAX = 5000
NAME_MAX = 200
Text = Annotated[str, Field(max_length=TEXT_MAX), AfterValidator(_clean_text)]
Name = Annotated[str, Field(max_length=NAME_MAX), AfterValidator(_clean_text)]
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=60), BeforeValidator(_visible_id)]

# Browsers drop tabs and newlines inside a URL ("java\tscript:" runs as "javascript:") and
# quotes or angle brackets belong percent-encoded: none of them may appear.
_NOT_IN_LINK = re.compile(r"[\s\x00-\x1f\x7f-\x9f\"<>\\^`{|}]")
_LINK_START = re.compile(r"^(?:(https?)://[^/?#]|(mailto|tel):.)", re.IGNORECASE)


def _link(value: str) -> str:
    bad = _NOT_IN_LINK.search(value)
    if bad:
        raise ValueError(f"liên kết có ký tự không được phép {bad.group()!r} (dấu cách, dấu ngoặc kép, < >…)")
    if not _LINK_START.match(value):
        raise ValueError("liên kết chỉ được bắt đầu bằng http://, https://, mailto: hoặc tel:")
    return value


# A link from data: only web pages, e-mail and telephone; never javascript:, data:, file:…
Link = Annotated[str, Field(max_length=2000), AfterValidator(_link)]


def _not_a_number(value: object) -> object:
    """YAML reads 07.30 as the number 7.3, and pydantic would read a number as seconds since
    midnight in UTC: a time written as a number is refused as a time (messages.py guesses
    the one meant)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise PydanticCustomError("time_parsing", "a time written as a number")
    return value


def _local_time(value: dt.time) -> dt.time:
    if value.tzinfo is not None:
        raise ValueError("giờ không ghi múi giờ (mọi giờ là giờ Việt Nam)")
    return value


# A time of day in local time: one with a zone could not be compared with the others.
Clock = Annotated[dt.time, BeforeValidator(_not_a_number), AfterValidator(_local_time)]


# --- Record rules --------------------------------------------------------------------
#
# Pydantic runs a model's own after-validators only once every field is valid, and a record
# that fails them does not exist for the rules across records: a class with one session
# outside its dates would vanish, and its announcements and topics be reported wrongly. So
# a record rule runs on a valid record, and the loader reports what it yields beside the
# record, which still takes part in every cross-record check.

RuleError = dict[str, Any]  # pydantic's error shape: type, loc, input, ctx


def rule_error(kind: str, loc: Loc, value: object, **context: object) -> RuleError:
    return {"type": kind, "loc": loc, "input": value, "ctx": context}


def record_rule(method: Callable[[Any], Iterator[RuleError]]) -> Callable[[Any], Iterator[RuleError]]:
    """Mark a method as a rule of its record; its docstring (Vietnamese) is the rule as staff read it."""
    method.record_rule = True  # type: ignore[attr-defined]
    return method


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # This model's record rules, found once when the model is made: looking through every
    # attribute of every base for each record cost more than running the rules.
    __record_rules__: ClassVar[tuple[Callable[[Any], Iterator[RuleError]], ...]] = ()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.__record_rules__ = tuple(rule for klass in reversed(cls.__mro__) for rule in vars(klass).values()
                                     if getattr(rule, "record_rule", False))

    @classmethod
    def record_rules(cls) -> list[Callable[[Any], Iterator[RuleError]]]:
        """This model's record rules, its bases' first, each in the order it is written."""
        return list(cls.__record_rules__)

    def broken_rules(self) -> list[RuleError]:
        return [error for rule in self.__record_rules__ for error in rule(self)]


# --- Review: who approved a record's content, and when ---------------------------------


class ReviewState(str, Enum):
    draft = "draft"
    approved = "approved"


REVIEW_STATE_LABELS = {
    ReviewState.draft: "Dự thảo",
    ReviewState.approved: "Đã duyệt",
}

DIGEST_LENGTH = 12  # hex digits of SHA-256 per field: enough to tell any edit, short enough to read


class Review(Record):
    """Whether a record's content is approved. A record without one is a draft."""

    state: ReviewState = Field(default=ReviewState.draft, description="Tình trạng duyệt nội dung.")
    by: Optional[Id] = Field(default=None, description="Mã vai trò đã duyệt (trong data/roles.yml), ví dụ: ban-thuong-vu; bắt buộc khi state là approved.")
    on: Optional[dt.date] = Field(default=None, description="Ngày duyệt, dạng YYYY-MM-DD; bắt buộc khi state là approved.")
    content: Optional[dict[str, Annotated[str, Field(pattern=rf"^[0-9a-f]{{{DIGEST_LENGTH}}}$")]]] = Field(
        default=None, description="Dấu vân tay của từng trường lúc duyệt: lệnh `make approve` ghi vào, đừng sửa tay.")


def field_digest(value: Any) -> str:
    """A short digest of one field's value, as JSON: what an approval fingerprints."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


class Reviewed(Record):
    """A record that carries prose or schedule facts: a draft until a role approves it.

    An approval covers the content it fingerprinted (review.content) and nothing else: once a
    field changes, the record reads as a draft again until it is approved anew.
    """

    review: Review = Field(default_factory=Review, description="Duyệt nội dung: bỏ trống là dự thảo.")

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        # What a record says comes first; its review last: in the files, the schemas, the
        # guide's field reference and the list of valid keys an error shows.
        fields = dict(cls.__pydantic_fields__)
        fields["review"] = fields.pop("review")
        cls.__pydantic_fields__ = fields
        cls.model_rebuild(force=True)

    # Fields recorded after the content was approved (a class's issued numbers, its results):
    # recording them does not make an approved record a draft again.
    after_approval: ClassVar[frozenset[str]] = frozenset()

    def content_digests(self) -> dict[str, str]:
        content = self.model_dump(mode="json", exclude={"review", *self.after_approval})
        return {name: field_digest(value) for name, value in content.items()}

    def changed_since_approval(self) -> list[str]:
        """The fields whose content differs from what was approved (none for a draft)."""
        if self.review.state != ReviewState.approved:
            return []
        approved = self.review.content or {}
        now = self.content_digests()
        return sorted(name for name in now.keys() | approved.keys() if now.get(name) != approved.get(name))

    @property
    def key(self) -> str:
        """The id the record goes by in messages and commands."""
        return self.id

    @property
    def approved(self) -> bool:
        """Approved, and unchanged since."""
        return self.review.state == ReviewState.approved and not self.changed_since_approval()

    @record_rule
    def approval_names_role_and_date(self) -> Iterator[RuleError]:
        """Nội dung đã duyệt (review.state: approved) ghi rõ vai trò duyệt (by) và ngày duyệt (on)."""
        if self.review.state == ReviewState.approved:
            for name in ("by", "on"):
                if getattr(self.review, name) is None:
                    yield rule_error("approval_incomplete", ("review", "state"), "approved", name=name)


# --- Plan ---------------------------------------------------------------------------


class Content(Record):
    """One item of the plan's 'Nội dung' list, tied to the topic that teaches it."""

    text: Text = Field(description="Câu văn đúng như trong kế hoạch.")
    topic: Id = Field(description="Mã chuyên đề dạy nội dung này (tên tệp trong data/topics/, không có .yml).")


class Quantity(Record):
    classes: int = Field(ge=1, le=1000, description="Số lớp tập huấn.")
    participants_per_class: int = Field(ge=1, le=10000, description="Số học viên mỗi lớp.")
    tentative: bool = Field(description="true nếu kế hoạch ghi là 'Dự kiến'.")


class Duty(Record):
    unit: Text = Field(description="Đơn vị được giao nhiệm vụ, ví dụ: Ban Công tác công đoàn.")
    task: Text = Field(description="Nhiệm vụ của đơn vị, đúng như trong kế hoạch.")


class Signature(Record):
    on_behalf: Text = Field(description="Dòng thẩm quyền ký, ví dụ: TM. BAN THƯỜNG VỤ.")
    title: Text = Field(description="Chức vụ người ký, ví dụ: CHỦ TỊCH.")
    name: Text = Field(description="Họ và tên người ký, đúng như văn bản gốc.")


class Plan(Record):
    """The source plan, field by field, as issued."""

    number: Name = Field(description="Số, ký hiệu văn bản, ví dụ: 15/KH-LĐLĐ.")
    doc_type: Text = Field(description="Loại văn bản, ví dụ: Kế hoạch.")
    superior_body: Text = Field(description="Cơ quan chủ quản (dòng trên của tiêu đề), viết đầy đủ.")
    issuer: Text = Field(description="Cơ quan ban hành, viết đầy đủ.")
    place: Text = Field(description="Địa danh ghi ở dòng ngày tháng, ví dụ: Lai Châu.")
    date: dt.date = Field(description="Ngày ban hành, dạng YYYY-MM-DD.")
    title: Name = Field(description="Trích yếu nội dung (tên kế hoạch).")
    legal_bases: tuple[Text, ...] = Field(min_length=1, description="Các căn cứ, mỗi căn cứ một câu, đúng như văn bản.")
    preamble: Text = Field(description="Câu dẫn sau các căn cứ.")
    purpose: Text = Field(description="Mục đích.")
    requirements: tuple[Text, ...] = Field(min_length=1, description="Các yêu cầu.")
    contents: tuple[Content, ...] = Field(min_length=1, description="Nội dung tập huấn, theo thứ tự của kế hoạch.")
    audience: Text = Field(description="Đối tượng tham gia.")
    quantity: Quantity = Field(description="Số lượng lớp và học viên.")
    time_and_place: Text = Field(description="Thời gian, địa điểm (như văn bản ghi).")
    funding: Text = Field(description="Kinh phí.")
    implementation: tuple[Duty, ...] = Field(min_length=1, description="Tổ chức thực hiện: đơn vị và nhiệm vụ.")
    closing: Text = Field(description="Đoạn kết của văn bản.")
    recipients: tuple[Text, ...] = Field(min_length=1, description="Nơi nhận, mỗi dòng một nơi, giữ dấu câu như văn bản.")
    signature: Signature = Field(description="Khối chữ ký.")


# --- Curriculum -----------------------------------------------------------------------


class Reference(Reviewed):
    """A confirmed legal or official document that topics may cite."""

    id: Id = Field(description="Mã văn bản, chữ thường không dấu, nối bằng gạch ngang.")
    kind: Text = Field(description="Loại văn bản, ví dụ: Luật, Nghị định, Quyết định, Điều lệ.")
    number: Optional[Text] = Field(default=None, description="Số, ký hiệu, ví dụ: 50/2024/QH15.")
    title: Optional[Text] = Field(default=None, description="Tên (trích yếu) văn bản, không kèm số hiệu; bỏ trống nếu chưa xác nhận được.")
    issuer: Optional[Text] = Field(default=None, description="Cơ quan ban hành.")
    effective: Optional[dt.date] = Field(default=None, description="Ngày có hiệu lực, dạng YYYY-MM-DD.")
    note: Optional[Text] = Field(default=None, description="Ghi chú ngắn, chỉ điều đã được xác nhận.")
    url: Optional[Link] = Field(default=None, description="Địa chỉ toàn văn trên mạng, bắt đầu bằng https:// (hoặc http://).")


class Topic(Reviewed):
    """One topic (chuyên đề) of the curriculum."""

    id: Id = Field(description="Mã chuyên đề, trùng tên tệp; không đổi sau khi đã công bố.")
    title: Name = Field(description="Tên chuyên đề.")
    summary: Text = Field(description="Tóm tắt nội dung, 2–4 câu.")
    objectives: tuple[Text, ...] = Field(min_length=3, max_length=5, description="Mục tiêu học tập (3–5 mục).")
    outline: tuple[Text, ...] = Field(min_length=1, description="Dàn ý bài giảng.")
    duration_minutes: int = Field(ge=15, le=480, description="Thời lượng dự kiến, tính bằng phút.")
    references: tuple[Id, ...] = Field(default=(), description="Mã các văn bản tham khảo (trong data/references.yml).")


# --- People and places ------------------------------------------------------------------


class Lecturer(Reviewed):
    """A lecturer (báo cáo viên), named by role until staff name a person."""

    id: Id = Field(description="Mã báo cáo viên.")
    name: Name = Field(description="Tên hiển thị: họ tên, hoặc vai trò nếu chưa phân công người cụ thể.")
    unit: Name = Field(description="Đơn vị công tác.")
    topics: tuple[Id, ...] = Field(default=(), description="Mã các chuyên đề người này phụ trách.")


class Venue(Reviewed):
    """A training venue, addressed in today's units (phường/xã, tỉnh)."""

    id: Id = Field(description="Mã địa điểm.")
    name: Name = Field(description="Tên địa điểm.")
    address: Text = Field(description="Địa chỉ theo đơn vị hành chính hiện nay: '…, phường/xã …, tỉnh Lai Châu'.")
    rooms: tuple[Name, ...] = Field(min_length=1, description="Các phòng học tại địa điểm.")
    note: Optional[Text] = Field(default=None, description="Ghi chú, ví dụ: địa chỉ cụ thể sẽ thông báo.")

    @field_validator("address")
    @classmethod
    def _today_units(cls, value: str) -> str:
        if re.search(r"\b(huyện|thành phố Lai Châu|quận|thị xã)\b", value, re.IGNORECASE):
            raise ValueError("địa chỉ dùng đơn vị đã bãi bỏ (huyện, thành phố Lai Châu…) từ 01/7/2025")
        if not re.search(r"\b(phường|xã) ", value):
            raise ValueError("địa chỉ phải ghi phường hoặc xã")
        return value


# --- Classes and sessions ----------------------------------------------------------------


class SessionKind(str, Enum):
    opening = "opening"
    topic = "topic"
    discussion = "discussion"
    closing = "closing"


SESSION_KIND_LABELS = {
    SessionKind.opening: "Khai mạc",
    SessionKind.topic: "Chuyên đề",
    SessionKind.discussion: "Thảo luận, trao đổi",
    SessionKind.closing: "Bế mạc",
}


class ClassStatus(str, Enum):
    tentative = "tentative"
    confirmed = "confirmed"
    finished = "finished"
    postponed = "postponed"


STATUS_LABELS = {
    ClassStatus.tentative: "Dự kiến",
    ClassStatus.confirmed: "Đã xác nhận",
    ClassStatus.finished: "Đã kết thúc",
    ClassStatus.postponed: "Hoãn",
}


class Session(Record):
    """One session (buổi) of a class."""

    date: dt.date = Field(description="Ngày học, dạng YYYY-MM-DD, trong khoảng ngày của lớp.")
    start: Clock = Field(description="Giờ bắt đầu, dạng HH:MM (24 giờ), ví dụ: 07:30.")
    end: Clock = Field(description="Giờ kết thúc, dạng HH:MM, sau giờ bắt đầu.")
    kind: SessionKind = Field(default=SessionKind.topic, description="Loại buổi: khai mạc, chuyên đề, thảo luận hay bế mạc.")
    # validate_default: a topic session that omits `topic` must still be caught here.
    topic: Optional[Id] = Field(default=None, validate_default=True, description="Mã chuyên đề; bắt buộc khi kind là topic.")
    title: Optional[Name] = Field(default=None, description="Tên buổi, nếu khác tên chuyên đề hoặc tên loại buổi.")
    lecturer: Optional[Id] = Field(default=None, description="Mã báo cáo viên (trong data/lecturers.yml); bỏ trống nếu chưa phân công.")
    room: Optional[Name] = Field(default=None, description="Phòng học; bỏ trống để dùng phòng của lớp.")

    @field_validator("end")
    @classmethod
    def _ends_after_start(cls, value: dt.time, info: ValidationInfo) -> dt.time:
        start = info.data.get("start")
        if start is not None and value <= start:
            raise ValueError(f"giờ kết thúc {value:%H:%M} không sau giờ bắt đầu {start:%H:%M}")
        return value

    @field_validator("topic")
    @classmethod
    def _topic_matches_kind(cls, value: Optional[str], info: ValidationInfo) -> Optional[str]:
        kind = info.data.get("kind")
        if kind == SessionKind.topic and value is None:
            raise ValueError("buổi chuyên đề (kind: topic) phải có mã chuyên đề")
        if kind not in (None, SessionKind.topic) and value is not None:
            raise ValueError(f"buổi loại '{kind.value}' không gắn chuyên đề")
        return value


class Signer(Record):
    """Who signs a class's documents, as the clerk writes it; a line left out is left blank for hand-filling."""

    on_behalf: Optional[Text] = Field(default=None, description="Dòng thẩm quyền ký, ví dụ: TM. BAN THƯỜNG VỤ; bỏ trống để viết tay.")
    title: Optional[Text] = Field(default=None, description="Chức vụ người ký, ví dụ: PHÓ CHỦ TỊCH; bỏ trống để viết tay.")
    name: Optional[Name] = Field(default=None, description="Họ và tên người ký; bỏ trống để viết tay.")


class Issued(Record):
    """A document the clerk has issued: its number and date (and the signed scan, if attached)."""

    number: int = Field(ge=1, le=99999, description="Số văn bản do văn thư cấp (chỉ ghi số, ví dụ: 23; ký hiệu như /KH-LĐLĐ tự thêm).")
    date: dt.date = Field(description="Ngày ban hành, dạng YYYY-MM-DD.")
    scan: Optional[Id] = Field(default=None, description="Mã tài liệu (trong data/materials.yml) của bản scan đã ký, đóng dấu; bỏ trống nếu chưa có.")


class ClassDocuments(Record):
    """The class plan and the summons: drafts until the clerk issues them."""

    plan: Optional[Issued] = Field(default=None, description="Kế hoạch tổ chức lớp đã ban hành: số, ngày; bỏ trống khi còn là dự thảo.")
    summons: Optional[Issued] = Field(default=None, description="Giấy triệu tập đã ban hành: số, ngày; bỏ trống khi còn là dự thảo.")
    signer: Signer = Field(default_factory=Signer, description="Người ký kế hoạch lớp và giấy triệu tập; dòng nào bỏ trống thì để trống cho viết tay.")
    addressees: Optional[Name] = Field(default=None, description="Dòng 'Kính gửi' của giấy triệu tập; bỏ trống là các Công đoàn cơ sở trực thuộc LĐLĐ tỉnh.")


class UnionAttendance(Record):
    union: Name = Field(description="Tên công đoàn cơ sở (tên tổ chức, không ghi tên người).")
    attended: int = Field(ge=0, le=10000, description="Số học viên của công đoàn cơ sở này đã dự lớp.")


Count = Annotated[int, Field(ge=0, le=10000)]


class Results(Record):
    """What a finished class gave: counts only, never a trainee's name, phone, ID number or address."""

    attended: int = Field(ge=0, le=10000, description="Số học viên đã dự lớp.")
    by_union: tuple[UnionAttendance, ...] = Field(default=(), description="Số học viên theo từng công đoàn cơ sở (không bắt buộc).")
    forms_returned: int = Field(ge=0, le=10000, description="Số phiếu lấy ý kiến thu về.")
    answers: dict[Id, dict[Id, Count]] = Field(default_factory=dict, description="Số phiếu theo từng mức của mỗi câu hỏi: mã câu hỏi → {mã mức: số phiếu} (mã trong data/feedback.yml).")
    note: Optional[Text] = Field(default=None, description="Nhận xét chung về lớp (không ghi thông tin cá nhân).")


class TrainingClass(Reviewed):
    """One class (lớp tập huấn), in its own file data/classes/<id>.yml."""

    after_approval: ClassVar[frozenset[str]] = frozenset({"documents", "results"})

    id: Id = Field(description="Mã lớp, trùng tên tệp, ví dụ: lop-1.")
    name: Name = Field(description="Tên lớp, ví dụ: Lớp 1.")
    status: ClassStatus = Field(description="Trạng thái của lớp.")
    start_date: dt.date = Field(description="Ngày khai giảng, dạng YYYY-MM-DD.")
    end_date: dt.date = Field(description="Ngày kết thúc, dạng YYYY-MM-DD, không trước ngày khai giảng.")
    venue: Id = Field(description="Mã địa điểm (trong data/venues.yml).")
    room: Name = Field(description="Phòng học chính của lớp.")
    capacity: int = Field(ge=1, le=1000, description="Số học viên dự kiến của lớp; kế hoạch ghi dự kiến 80 người mỗi lớp.")
    invited: tuple[Text, ...] = Field(default=(), description="Đơn vị hoặc nhóm được triệu tập; bỏ trống là đối tượng của kế hoạch (cán bộ công đoàn cơ sở trực thuộc LĐLĐ tỉnh).")
    note: Optional[Text] = Field(default=None, description="Ghi chú cho học viên, ví dụ: những gì cần mang theo.")
    sessions: tuple[Session, ...] = Field(min_length=1, description="Các buổi học.")
    documents: ClassDocuments = Field(default_factory=ClassDocuments, description="Kế hoạch lớp và giấy triệu tập: số, ngày ban hành và người ký.")
    results: Optional[Results] = Field(default=None, description="Kết quả lớp (chỉ ghi khi lớp đã kết thúc): số học viên, số phiếu và ý kiến theo từng câu hỏi.")

    @field_validator("end_date")
    @classmethod
    def _ends_after_start(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("start_date")
        if start is not None and value < start:
            raise ValueError(f"ngày kết thúc {value.isoformat()} trước ngày khai giảng {start.isoformat()}")
        return value

    def room_of(self, session: Session) -> str:
        """Where a session is held: its own room, else the class's."""
        return session.room or self.room

    def within_dates(self, session: Session) -> bool:
        return self.start_date <= session.date <= self.end_date

    @record_rule
    def sessions_fall_within_class_dates(self) -> Iterator[RuleError]:
        """Mỗi buổi học nằm trong khoảng ngày của lớp (start_date … end_date)."""
        for i, session in enumerate(self.sessions):
            if not self.within_dates(session):
                yield rule_error("session_outside_class", ("sessions", i, "date"), session.date.isoformat(),
                                 start=self.start_date.isoformat(), end=self.end_date.isoformat())

    @record_rule
    def sessions_do_not_overlap_within_a_class(self) -> Iterator[RuleError]:
        """Các buổi của cùng một lớp không trùng giờ nhau."""
        # A session outside the class's dates is reported by the rule above; its clashes
        # would only echo that wrong date.
        spans = [Span.of(session, i) for i, session in enumerate(self.sessions) if self.within_dates(session)]
        for first, second in overlaps(spans):
            earlier = self.sessions[first.index]
            yield rule_error("sessions_overlap", ("sessions", second.index), second.index, class_id=self.id,
                             other=first.index, date=earlier.date.isoformat(),
                             start=f"{earlier.start:%H:%M}", end=f"{earlier.end:%H:%M}")


    @record_rule
    def results_only_for_a_finished_class(self) -> Iterator[RuleError]:
        """Kết quả (results) chỉ ghi cho lớp đã kết thúc (status: finished)."""
        if self.results is not None and self.status != ClassStatus.finished:
            yield rule_error("results_before_finished", ("results",), self.status.value)

    @record_rule
    def results_add_up(self) -> Iterator[RuleError]:
        """Trong kết quả của lớp: số phiếu thu về không quá số học viên dự lớp; số phiếu trả lời mỗi câu hỏi không quá số phiếu thu về; tổng số học viên theo công đoàn cơ sở không quá số học viên dự lớp."""
        results = self.results
        if results is None:
            return
        if results.forms_returned > results.attended:
            yield rule_error("more_than", ("results", "forms_returned"), results.forms_returned,
                             what="số phiếu thu về", bound="số học viên dự lớp (attended)", limit=results.attended)
        by_union = sum(item.attended for item in results.by_union)
        if by_union > results.attended:
            yield rule_error("more_than", ("results", "by_union"), by_union,
                             what="tổng số học viên theo công đoàn cơ sở", bound="số học viên dự lớp (attended)", limit=results.attended)
        for question, counts in results.answers.items():
            answered = sum(counts.values())
            if answered > results.forms_returned:
                yield rule_error("more_than", ("results", "answers", question), answered,
                                 what=f"tổng số phiếu trả lời câu '{question}'", bound="số phiếu thu về (forms_returned)",
                                 limit=results.forms_returned)


class Span(NamedTuple):
    """A session as an interval of time, by its place in the class's list."""

    start: dt.datetime
    end: dt.datetime
    index: int

    @classmethod
    def of(cls, session: Session, index: int) -> "Span":
        return cls(dt.datetime.combine(session.date, session.start), dt.datetime.combine(session.date, session.end), index)


# --- The feedback form ---------------------------------------------------------------------


class Level(Record):
    id: Id = Field(description="Mã mức đánh giá, ví dụ: rat-tot; không đổi khi đã có kết quả ghi theo mã này.")
    label: Name = Field(description="Tên mức như in trên phiếu, ví dụ: Rất tốt.")


class Question(Record):
    id: Id = Field(description="Mã câu hỏi, ví dụ: noi-dung; kết quả của lớp ghi theo mã này.")
    text: Name = Field(description="Câu hỏi như in trên phiếu.")


class Choice(Record):
    text: Name = Field(description="Câu hỏi về người trả lời, như in trên phiếu (không hỏi tên, điện thoại, địa chỉ).")
    options: tuple[Name, ...] = Field(min_length=2, description="Các lựa chọn để đánh dấu.")


class FeedbackForm(Record):
    """The anonymous feedback form (phiếu lấy ý kiến học viên): its questions and answer levels.
    The printed form and the results of every class follow them."""

    title: Name = Field(description="Tên phiếu, ví dụ: Phiếu lấy ý kiến học viên.")
    intro: Text = Field(description="Lời dẫn in đầu phiếu.")
    about: tuple[Choice, ...] = Field(default=(), description="Phần I: thông tin chung về người trả lời (chức vụ…), không có tên.")
    levels: tuple[Level, ...] = Field(min_length=2, description="Các mức đánh giá, từ cao xuống thấp.")
    questions: tuple[Question, ...] = Field(min_length=1, description="Phần II: các nội dung đánh giá lớp tập huấn.")
    open_questions: tuple[Name, ...] = Field(default=(), description="Phần III: các câu hỏi ghi ý kiến.")
    thanks: Optional[Name] = Field(default=None, description="Lời cảm ơn cuối phiếu.")

    @record_rule
    def ids_are_distinct(self) -> Iterator[RuleError]:
        """Mã của các câu hỏi và các mức đánh giá trên phiếu không trùng nhau."""
        for name in ("levels", "questions"):
            seen: set[str] = set()
            for i, item in enumerate(getattr(self, name)):
                if item.id in seen:
                    yield rule_error("duplicate_id", (name, i, "id"), item.id)
                seen.add(item.id)


# --- Materials ----------------------------------------------------------------------------


class MaterialKind(str, Enum):
    slides = "slides"
    handout = "handout"
    form = "form"
    legal_text = "legal-text"
    plan = "plan"


MATERIAL_KIND_LABELS = {
    MaterialKind.slides: "Bài giảng trình chiếu",
    MaterialKind.handout: "Tài liệu học tập",
    MaterialKind.form: "Biểu mẫu",
    MaterialKind.legal_text: "Văn bản pháp luật, quy định",
    MaterialKind.plan: "Kế hoạch",
}

class Generated(str, Enum):
    """Documents the portal builds from the data itself, so they never drift from it."""

    plan = "plan"
    topic_outline = "topic-outline"
    sign_in_sheet = "sign-in-sheet"
    feedback_form = "feedback-form"


GENERATED_LABELS = {
    Generated.plan: "Kế hoạch",
    Generated.topic_outline: "Đề cương một trang của chuyên đề",
    Generated.sign_in_sheet: "Danh sách học viên ký tên",
    Generated.feedback_form: "Phiếu lấy ý kiến học viên theo data/feedback.yml, bản Word kèm bản PDF",
}

# The files a generated document is published as, the first its download: a PDF to print, or a
# Word file that staff edit and print with its PDF twin beside it (the feedback form).
GENERATED_EXTENSIONS: dict[Generated, tuple[str, ...]] = {Generated.feedback_form: ("docx", "pdf")}

# Vietnamese labels of each set of allowed values, their one home: the schema and editor
# hints, the guide's field reference, the error hints and the CSV's documentation show them.
ENUM_LABELS: dict[type[Enum], dict] = {SessionKind: SESSION_KIND_LABELS, ClassStatus: STATUS_LABELS,
                                       MaterialKind: MATERIAL_KIND_LABELS, Generated: GENERATED_LABELS}


def choices(enum: type[Enum]) -> str:
    """'tentative (Dự kiến), confirmed (Đã xác nhận), …': each allowed value with its label."""
    labels = ENUM_LABELS.get(enum, {})
    return ", ".join(f"{m.value} ({labels[m]})" if m in labels else m.value for m in enum)


MATERIALS_FOLDER = "data/materials/"


class Material(Reviewed):
    """One downloadable material: a file kept in data/materials/, or a document built from the data."""

    id: Id = Field(description="Mã tài liệu; cũng là tên tệp khi tải về (tai-lieu/<mã>.<đuôi>), không đổi sau khi đã công bố.")
    title: Name = Field(description="Tên tài liệu.")
    kind: MaterialKind = Field(description="Loại tài liệu.")
    topic: Optional[Id] = Field(default=None, description="Mã chuyên đề của tài liệu; bỏ trống nếu tài liệu dùng chung cho cả lớp.")
    file: Optional[str] = Field(default=None, description="Đường dẫn tệp trong kho, bắt đầu bằng data/materials/, ví dụ: data/materials/phieu-danh-gia.docx.")
    generated: Optional[Generated] = Field(default=None, description="Thay cho file: tài liệu tạo tự động từ dữ liệu.")
    description: Optional[Text] = Field(default=None, description="Mô tả ngắn: tài liệu dùng để làm gì.")

    @field_validator("file")
    @classmethod
    def _inside_materials_folder(cls, value: Optional[str]) -> Optional[str]:
        if value is None:
            return value
        value = nfc(value)
        parts = value.split("/")
        if not value.startswith(MATERIALS_FOLDER) or "\\" in value or any(part in ("", ".", "..") for part in parts):
            raise ValueError(f"tệp phải nằm trong thư mục {MATERIALS_FOLDER}, ví dụ: {MATERIALS_FOLDER}phieu-danh-gia.docx")
        return value

    @property
    def public_paths(self) -> tuple[str, ...]:
        """tai-lieu/<id>.<extension>, one per file published: the id names the download, so
        replacing the file keeps the address. The first is the download; a generated Word file
        has its PDF twin beside it (tai-lieu/<id>.pdf), which no other material can take."""
        if self.generated is None:
            return (urls.material(self.id, extension_of(self.file or "")),)
        return tuple(urls.material(self.id, extension) for extension in GENERATED_EXTENSIONS.get(self.generated, ("pdf",)))

    @property
    def public_path(self) -> str:
        return self.public_paths[0]

    @record_rule
    def names_one_source(self) -> Iterator[RuleError]:
        """Mỗi tài liệu ghi đúng một trong hai: file (tệp trong data/materials/) hoặc generated (tài liệu tạo tự động từ dữ liệu)."""
        if self.file is None and self.generated is None:
            yield rule_error("material_without_source", ("id",), self.id)
        elif self.file is not None and self.generated is not None:
            yield rule_error("material_with_two_sources", ("generated",), self.generated.value)

    @record_rule
    def outline_names_its_topic(self) -> Iterator[RuleError]:
        """Đề cương tạo tự động (generated: topic-outline) phải ghi chuyên đề."""
        if self.generated == Generated.topic_outline and self.topic is None:
            yield rule_error("outline_without_topic", ("generated",), self.generated.value)


# --- Announcements -------------------------------------------------------------------------


class Announcement(Reviewed):
    """A dated notice on /thong-bao/, optionally about one class (data/announcements.yml)."""

    date: dt.date = Field(description="Ngày đăng thông báo, dạng YYYY-MM-DD.")
    title: Name = Field(description="Tiêu đề ngắn của thông báo.")
    text: Text = Field(description="Nội dung thông báo: chỉ ghi điều đã được quyết định.")
    class_id: Optional[Id] = Field(default=None, description="Mã lớp mà thông báo nói tới (tên tệp trong data/classes/, ví dụ: lop-2); bỏ trống nếu thông báo chung cho mọi lớp.")
    id: Optional[Id] = Field(default=None, description="Mã thông báo, làm địa chỉ cố định …/thong-bao/#mã; bỏ trống thì mã là ngày và tiêu đề viết không dấu.")

    @property
    def key(self) -> str:
        """The anchor and feed id: stable once an explicit id is given."""
        return self.id or f"{self.date.isoformat()}-{slugify(self.title)[:60].rstrip('-')}"


# --- Who approves, and what the site publishes ---------------------------------------------


class Role(Record):
    """A body that may approve what the portal publishes, as the plan names it."""

    id: Id = Field(description="Mã vai trò, ví dụ: ban-thuong-vu.")
    name: Name = Field(description="Tên vai trò như kế hoạch ghi, ví dụ: Ban Thường vụ LĐLĐ tỉnh.")


class DraftPolicy(str, Enum):
    show = "show"
    hide = "hide"


DRAFT_POLICY_LABELS = {
    DraftPolicy.show: "Đăng bản dự thảo kèm nhãn “Dự thảo”",
    DraftPolicy.hide: "Không đăng bản dự thảo; trang của nó báo nội dung đang chờ duyệt",
}
ENUM_LABELS.update({ReviewState: REVIEW_STATE_LABELS, DraftPolicy: DRAFT_POLICY_LABELS})


class Settings(Record):
    """How the site publishes (data/settings.yml)."""

    drafts: DraftPolicy = Field(default=DraftPolicy.show, description="Bản dự thảo (nội dung chưa được duyệt) có được đăng không.")
