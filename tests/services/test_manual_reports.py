"""Hand-entered reports (``set_report``) and the report list (``list_reports``).

A unit phones in its answer and staff type it in: the answer is stored as a new version while
the one before stays in the history, bad input is refused with a Chinese message and leaves the
database as it was, a stale edit (someone else saved meanwhile) is refused, evidence files are
copied under their sha256 so no name can reach outside the evidence folder, and the reports
follow their unit through a merge and their task through a pruning re-import.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from gkdesk.db import Database
from gkdesk.errors import BadFileError, ClosedPeriodError, ConflictError, NotFoundError, UserError
from gkdesk.models import EvidenceFile, Report, Submission, Task, Unit
from gkdesk.records import ReportFields, ReportRow
from gkdesk.services.periods import open_period, set_closed
from gkdesk.services.planning import import_plan
from gkdesk.services.reports import MANUAL_SOURCE, evidence_path, list_reports, safe_name, set_report
from gkdesk.services.units import merge_units
from tests.helpers import row_counts

PERIOD = "2021Q1"
RECEIVED = date(2021, 4, 12)

# Task 1: 市司法局 leads, 市发改委 cooperates. Task 2: 市政府办公室 leads, 市发改委 and 市财政局
# cooperate. Task 3: 市政府办公室 alone. 市财政局 has nothing to do with tasks 1 and 3.
PLAN = """\
示范市2021年政务公开工作要点
一、推进决策公开
（一）做好重大决策预公开。重大决策出台前向社会公开征求意见。（市司法局牵头，市发改委配合）
（二）做好政策解读。政策文件与解读材料同步发布。（市政府办公室牵头，市发改委、市财政局配合）
二、加强平台建设
（一）加强政府网站管理。开展常态化监测。（市政府办公室牵头）
"""

GOOD = ReportFields(
    status="按序时推进",
    progress="已起草征求意见稿，正在内部审核。",
    problems="无",
    next_steps="四月底前公开征求意见。",
)
CJK = re.compile(r"[\u4e00-\u9fff]")


def write_plan(folder: Path, text: str, name: str = "要点.txt") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def plan_id(database: Database, tmp_path: Path) -> int:
    """The three-task plan of 2021, with 2021Q1 open (deadline 2021-04-15)."""
    pid = import_plan(database, write_plan(tmp_path, PLAN), year=2021).plan_id
    open_period(database, PERIOD, date(2021, 4, 15))
    return pid


@pytest.fixture
def evidence_dir(tmp_path: Path) -> Path:
    return tmp_path / "evidence"


def enter(
    database: Database,
    seq: int,
    unit: str,
    fields: ReportFields = GOOD,
    **kwargs: Any,
) -> ReportRow:
    kwargs.setdefault("received", RECEIVED)
    kwargs.setdefault("who", "张三")
    return set_report(database, PERIOD, task_seq=seq, unit_name=unit, fields=fields, **kwargs)


def current_keys(database: Database) -> list[tuple[int, int, int]]:
    """(period, task, unit) of every current report, duplicates included."""
    with database.unit_of_work(read_only=True) as uow:
        rows = uow.session.execute(
            select(Report.period_id, Report.task_id, Report.unit_id).where(Report.is_current)
        ).all()
    return [(p, t, u) for p, t, u in rows]


def assert_one_current_each(database: Database) -> None:
    keys = current_keys(database)
    assert len(keys) == len(set(keys)), keys


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- entering and superseding ------------------------------------------------------------------


def test_a_hand_entry_is_stored_as_version_one_with_source_person_and_date(
    database: Database, plan_id: int
) -> None:
    row = enter(database, 2, "市发改委", who="李四", received=date(2021, 4, 13))
    (listed,) = list_reports(database, PERIOD)
    assert listed == row
    assert row.period == PERIOD
    assert (row.seq, row.title, row.unit, row.role) == (2, "做好政策解读", "市发改委", "co")
    assert row.fields == GOOD
    assert row.source == MANUAL_SOURCE == "手工录入"
    assert row.entered_by == "李四"
    assert row.received_on == "2021-04-13"
    assert row.version == 1
    assert row.evidence_files == ()
    with database.unit_of_work(read_only=True) as uow:
        (sub,) = uow.session.scalars(select(Submission)).all()
        assert (sub.kind, sub.file_name, sub.rows, sub.entered_by) == ("manual", "手工录入", 1, "李四")
        assert sub.received_on == date(2021, 4, 13)
        task = uow.session.get_one(Task, row.task_id)
        assert (task.plan_id, task.seq) == (plan_id, 2)


def test_the_lead_is_entered_in_the_lead_role(database: Database, plan_id: int) -> None:
    assert enter(database, 2, "市政府办公室").role == "lead"
    assert enter(database, 1, "市发改委").role == "co"


def test_fields_are_trimmed_before_they_are_stored(database: Database, plan_id: int) -> None:
    row = enter(
        database,
        1,
        "市司法局",
        ReportFields(status=" 滞后 ", progress="\n  已启动。 \n", problems="  资金未到位  "),
    )
    assert row.fields == ReportFields(status="滞后", progress="已启动。", problems="资金未到位")


def test_a_second_entry_supersedes_the_first_which_stays_in_the_history(
    database: Database, plan_id: int
) -> None:
    first = enter(database, 1, "市司法局", who="张三", received=date(2021, 4, 10))
    corrected = ReportFields(status="已完成", progress="已公开征求意见并采纳12条。")
    second = enter(database, 1, "市司法局", corrected, who="王五", received=date(2021, 4, 14))

    assert second.version == 2 and second.id != first.id
    (current,) = list_reports(database, PERIOD)
    assert current == second
    assert (current.fields, current.entered_by, current.received_on) == (corrected, "王五", "2021-04-14")

    history = list_reports(database, PERIOD, history=True)
    assert [(r.version, r.fields, r.entered_by) for r in history] == [
        (1, GOOD, "张三"),
        (2, corrected, "王五"),
    ]
    assert history[0] == first

    assert_one_current_each(database)
    with database.unit_of_work(read_only=True) as uow:
        old = uow.session.get_one(Report, first.id)
        assert not old.is_current and old.superseded_at is not None
        assert uow.session.get_one(Report, second.id).is_current
        assert uow.session.scalar(select(func.count()).select_from(Submission)) == 2


def test_many_corrections_keep_one_current_report_and_count_versions(
    database: Database, plan_id: int
) -> None:
    for n in range(1, 6):
        row = enter(database, 3, "市政府办公室", ReportFields(status="按序时推进", progress=f"第{n}次更正。"))
        assert row.version == n
    assert [r.version for r in list_reports(database, PERIOD, history=True)] == [1, 2, 3, 4, 5]
    assert [r.fields.progress for r in list_reports(database, PERIOD)] == ["第5次更正。"]
    assert_one_current_each(database)


def test_entering_the_same_answer_again_adds_no_version(database: Database, plan_id: int) -> None:
    first = enter(database, 1, "市司法局")
    again = enter(database, 1, "市司法局", received=date(2021, 4, 14))
    assert again == first
    assert len(list_reports(database, PERIOD, history=True)) == 1
    with database.unit_of_work(read_only=True) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Report)) == 1


def test_list_reports_orders_by_task_then_register_and_filters(database: Database, plan_id: int) -> None:
    enter(database, 2, "市财政局")
    enter(database, 3, "市政府办公室")
    enter(database, 2, "市政府办公室")
    enter(database, 1, "市发改委")
    enter(database, 2, "市发改委")
    enter(database, 1, "市司法局")
    listed = [(r.seq, r.unit) for r in list_reports(database, PERIOD)]
    # Register order is the order units were first printed: 司法局, 发改委, 政府办公室, 财政局.
    assert listed == [
        (1, "市司法局"),
        (1, "市发改委"),
        (2, "市发改委"),
        (2, "市政府办公室"),
        (2, "市财政局"),
        (3, "市政府办公室"),
    ]
    assert [r.seq for r in list_reports(database, PERIOD, unit_name="市发改委")] == [1, 2]
    assert [r.unit for r in list_reports(database, PERIOD, task_seq=2)] == [
        "市发改委",
        "市政府办公室",
        "市财政局",
    ]
    assert list_reports(database, PERIOD, unit_name="市财政局", task_seq=1) == []
    with pytest.raises(NotFoundError):
        list_reports(database, PERIOD, unit_name="市不存在局")
    with pytest.raises(NotFoundError):
        list_reports(database, "2021Q2")


# --- refusing bad input --------------------------------------------------------------------------


BAD_INPUT = [
    pytest.param(
        {"fields": ReportFields(status="差不多完成了", progress="已推进。")},
        UserError,
        "bad_report",
        "完成状态“差不多完成了”不在可选项",
        id="status-not-in-list",
    ),
    pytest.param(
        {"fields": ReportFields(status="", progress="已推进。")},
        UserError,
        "bad_report",
        "未选择完成状态",
        id="no-status",
    ),
    pytest.param(
        {"fields": ReportFields(status="按序时推进", progress=" \n\t ")},
        UserError,
        "bad_report",
        "未填写进展情况",
        id="blank-progress",
    ),
    pytest.param(
        {"fields": ReportFields(status="按序时推进", progress="字" * 11), "max_length": 10},
        UserError,
        "bad_report",
        "“进展情况”超过 10 字",
        id="progress-too-long",
    ),
    pytest.param(
        {"fields": ReportFields(status="按序时推进", progress="短", next_steps="计" * 3001)},
        UserError,
        "bad_report",
        "“下步计划”超过 3000 字",
        id="next-steps-too-long-default-limit",
    ),
    pytest.param(
        {"fields": ReportFields(status="滞后", progress="短", remarks="备" * 11), "max_length": 10},
        UserError,
        "bad_report",
        "“备注”超过 10 字",
        id="remarks-too-long",
    ),
    pytest.param({"unit_name": "市不存在局"}, NotFoundError, "not_found", "市不存在局", id="unknown-unit"),
    pytest.param({"task_seq": 99}, NotFoundError, "not_found", "第 99 项", id="unknown-task"),
    pytest.param(
        {"unit_name": "市财政局", "task_seq": 1},
        ConflictError,
        "conflict",
        "“市财政局”不承担第 1 项任务",
        id="unit-without-duty",
    ),
    pytest.param({"period_code": "2021Q3"}, NotFoundError, "not_found", "还没有开启", id="period-not-open"),
    pytest.param({"period_code": "2021年一季度"}, UserError, "bad_period", "写法不对", id="bad-period-code"),
]


@pytest.mark.parametrize(("change", "error", "code", "fragment"), BAD_INPUT)
def test_bad_input_is_refused_in_chinese_and_changes_nothing(
    database: Database,
    plan_id: int,
    evidence_dir: Path,
    change: dict[str, Any],
    error: type[UserError],
    code: str,
    fragment: str,
) -> None:
    enter(database, 1, "市司法局")  # something already stored, which must stay as it is
    before, reports_before = row_counts(database), list_reports(database, PERIOD, history=True)
    args: dict[str, Any] = {
        "period_code": PERIOD,
        "task_seq": 1,
        "unit_name": "市司法局",
        "fields": ReportFields(status="已完成", progress="新的答复。"),
        "received": RECEIVED,
        "evidence_dir": evidence_dir,
        **change,
    }
    period_code = args.pop("period_code")
    with pytest.raises(error) as caught:
        set_report(database, period_code, **args)
    assert type(caught.value) is error
    assert caught.value.code == code
    assert fragment in caught.value.message
    assert CJK.search(str(caught.value))
    assert row_counts(database) == before
    assert list_reports(database, PERIOD, history=True) == reports_before


def test_text_of_exactly_the_maximum_length_is_accepted(database: Database, plan_id: int) -> None:
    text = "字" * 10
    fields = ReportFields(
        status="滞后", progress=text, problems=text, next_steps=text, evidence=text, remarks=text
    )
    assert enter(database, 1, "市司法局", fields, max_length=10).fields == fields


def test_a_closed_period_refuses_entries_until_reopened(database: Database, plan_id: int) -> None:
    enter(database, 1, "市司法局")
    set_closed(database, PERIOD, True)
    before = row_counts(database)
    with pytest.raises(ClosedPeriodError) as caught:
        enter(database, 1, "市司法局", ReportFields(status="已完成", progress="补报。"))
    assert caught.value.code == "period_closed"
    assert "已关闭" in caught.value.message and f"gkdesk period reopen {PERIOD}" in caught.value.message
    with pytest.raises(ClosedPeriodError):
        enter(database, 3, "市政府办公室")  # a first answer too, not only corrections
    assert row_counts(database) == before

    set_closed(database, PERIOD, False)
    assert enter(database, 1, "市司法局", ReportFields(status="已完成", progress="补报。")).version == 2


def test_a_missing_evidence_file_is_refused_before_anything_is_stored(
    database: Database, plan_id: int, tmp_path: Path, evidence_dir: Path
) -> None:
    present = tmp_path / "已有文件.pdf"
    present.write_bytes(b"%PDF present")
    before = row_counts(database)
    for bad in (tmp_path / "不存在的文件.pdf", tmp_path):  # missing, and a folder instead of a file
        with pytest.raises(BadFileError) as caught:
            enter(database, 1, "市司法局", evidence_files=[present, bad], evidence_dir=evidence_dir)
        assert caught.value.code == "bad_file"
        assert "找不到佐证材料文件" in caught.value.message and bad.name in caught.value.message
    assert row_counts(database) == before
    assert stored_files(evidence_dir) == []  # not even the file that exists was copied


# --- two people editing the same report -------------------------------------------------------------


def test_expected_version_of_what_was_seen_saves(database: Database, plan_id: int) -> None:
    first = enter(database, 1, "市司法局", expected_version=0)  # nothing there yet: version 0
    assert first.version == 1
    second = enter(
        database, 1, "市司法局", ReportFields(status="已完成", progress="完成。"), expected_version=1
    )
    assert second.version == 2


def test_a_stale_expected_version_is_refused_and_stores_nothing(database: Database, plan_id: int) -> None:
    seen = enter(database, 1, "市司法局").version  # both 张三 and 李四 open version 1
    zhang = ReportFields(status="已完成", progress="张三：已公开征求意见。")
    li = ReportFields(status="滞后", progress="李四：尚未公开。")
    saved = enter(database, 1, "市司法局", zhang, who="张三", expected_version=seen)
    assert saved.version == 2

    before = row_counts(database)
    with pytest.raises(ConflictError) as caught:
        enter(database, 1, "市司法局", li, who="李四", expected_version=seen)
    assert caught.value.code == "stale_report"
    assert "刷新" in caught.value.message
    assert row_counts(database) == before
    (current,) = list_reports(database, PERIOD)
    assert (current.fields, current.entered_by, current.version) == (zhang, "张三", 2)

    # 李四 refreshes, sees version 2 and saves on top of it.
    assert enter(database, 1, "市司法局", li, who="李四", expected_version=current.version).version == 3
    assert_one_current_each(database)


def test_expecting_a_version_that_does_not_exist_yet_is_stale(database: Database, plan_id: int) -> None:
    before = row_counts(database)
    with pytest.raises(ConflictError) as caught:
        enter(database, 2, "市财政局", expected_version=1)
    assert caught.value.code == "stale_report"
    assert row_counts(database) == before


# --- evidence files ------------------------------------------------------------------------------


def test_evidence_files_are_copied_under_their_sha256(
    database: Database, plan_id: int, tmp_path: Path, evidence_dir: Path
) -> None:
    data = b"%PDF-1.4 notice"
    src = tmp_path / "通报文件.PDF"
    src.write_bytes(data)
    row = enter(database, 1, "市司法局", evidence_files=[src], evidence_dir=evidence_dir)

    sha = sha256(data)
    dest = evidence_path(evidence_dir, sha, src.name)
    assert dest == evidence_dir / sha[:2] / f"{sha}.pdf"
    assert dest.read_bytes() == data
    assert stored_files(evidence_dir) == [dest]  # no ".part" left behind
    assert src.read_bytes() == data  # the original is copied, not moved
    assert row.evidence_files == ("通报文件.PDF",)
    assert row.fields.evidence == "通报文件.PDF"  # the evidence text defaults to the file names
    with database.unit_of_work(read_only=True) as uow:
        (ef,) = uow.session.scalars(select(EvidenceFile)).all()
        assert (ef.report_id, ef.sha256, ef.original_name, ef.size) == (
            row.id,
            sha,
            "通报文件.PDF",
            len(data),
        )


def test_evidence_text_lists_every_file_unless_written(
    database: Database, plan_id: int, tmp_path: Path, evidence_dir: Path
) -> None:
    a, b = tmp_path / "方案.docx", tmp_path / "台账.xlsx"
    a.write_bytes(b"docx")
    b.write_bytes(b"xlsx")
    row = enter(database, 1, "市司法局", evidence_files=[a, b], evidence_dir=evidence_dir)
    assert row.fields.evidence == "方案.docx、台账.xlsx"
    assert row.evidence_files == ("方案.docx", "台账.xlsx")

    written = ReportFields(status="已完成", progress="完成。", evidence="见附件两份")
    row = enter(database, 2, "市发改委", written, evidence_files=[a], evidence_dir=evidence_dir)
    assert row.fields.evidence == "见附件两份"
    assert row.evidence_files == ("方案.docx",)


def test_the_same_content_is_stored_once_on_disk(
    database: Database, plan_id: int, tmp_path: Path, evidence_dir: Path
) -> None:
    data = "同一份会议纪要".encode()
    names = ["纪要.pdf", "纪要（副本）.pdf", "meeting.pdf"]
    for name in names:
        (tmp_path / name).write_bytes(data)
    one = enter(
        database,
        1,
        "市司法局",
        evidence_files=[tmp_path / names[0], tmp_path / names[1]],
        evidence_dir=evidence_dir,
    )
    other = enter(database, 2, "市财政局", evidence_files=[tmp_path / names[2]], evidence_dir=evidence_dir)

    assert stored_files(evidence_dir) == [evidence_path(evidence_dir, sha256(data), "x.pdf")]
    assert one.evidence_files == ("纪要.pdf", "纪要（副本）.pdf")  # every name as sent is kept
    assert other.evidence_files == ("meeting.pdf",)
    with database.unit_of_work(read_only=True) as uow:
        shas = uow.session.scalars(select(EvidenceFile.sha256)).all()
    assert shas == [sha256(data)] * 3


def test_a_newer_answer_without_files_keeps_the_files_sent_before(
    database: Database, plan_id: int, tmp_path: Path, evidence_dir: Path
) -> None:
    old_file, new_file = tmp_path / "初稿.pdf", tmp_path / "终稿.pdf"
    old_file.write_bytes(b"draft")
    new_file.write_bytes(b"final")
    first = enter(database, 1, "市司法局", evidence_files=[old_file], evidence_dir=evidence_dir)
    second = enter(
        database, 1, "市司法局", ReportFields(status="已完成", progress="已完成。"), evidence_dir=evidence_dir
    )
    assert second.version == 2
    assert second.evidence_files == first.evidence_files == ("初稿.pdf",)

    third = enter(
        database,
        1,
        "市司法局",
        ReportFields(status="已完成", progress="已完成，附终稿。"),
        evidence_files=[new_file],
        evidence_dir=evidence_dir,
    )
    assert "终稿.pdf" in third.evidence_files
    # The history keeps each version's own files.
    history = list_reports(database, PERIOD, history=True)
    assert [r.evidence_files for r in history[:2]] == [("初稿.pdf",), ("初稿.pdf",)]
    assert len(stored_files(evidence_dir)) == 2


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\x\\a:b.pdf", "a_b.pdf"),
        ("..\\..\\Windows\\win.ini", "win.ini"),
        ("..__evil?.pdf", "__evil_.pdf"),
        ('a<b>c|d*e"f.doc', "a_b_c_d_e_f.doc"),
        ("名单\x00\x1f.xlsx", "名单__.xlsx"),
        ("  .隐藏文件. ", "隐藏文件"),
        ("..", "未命名文件"),
        ("/", "未命名文件"),
        ("", "未命名文件"),
        ("通报.pdf", "通报.pdf"),
    ],
)
def test_safe_name_keeps_only_a_harmless_base_name(name: str, safe: str) -> None:
    assert safe_name(name) == safe


def test_a_hostile_file_name_cannot_leave_the_evidence_folder(
    database: Database, plan_id: int, tmp_path: Path, evidence_dir: Path
) -> None:
    outbox = tmp_path / "mail" / "deep"
    outbox.mkdir(parents=True)
    evil = outbox / "..__evil?.pdf"  # a real file with this very name, as a mail client might save
    evil.write_bytes(b"evil")
    before = {p for p in tmp_path.rglob("*") if p.is_file()}

    row = enter(database, 1, "市司法局", evidence_files=[evil], evidence_dir=evidence_dir)

    assert row.evidence_files == ("__evil_.pdf",)
    created = {p for p in tmp_path.rglob("*") if p.is_file()} - before
    sha = sha256(b"evil")
    assert created == {evidence_dir / sha[:2] / f"{sha}.pdf"}
    for path in created:
        assert path.resolve().is_relative_to(evidence_dir.resolve())


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "C:\\x\\a:b.pdf", "..", "../..", "/etc/passwd", "a/../../b"]
)
def test_evidence_path_of_a_hostile_name_stays_in_the_folder(tmp_path: Path, name: str) -> None:
    root = tmp_path / "evidence"
    sha = sha256(name.encode())
    path = evidence_path(root, sha, name)
    assert path.parent == root / sha[:2]
    assert path.name.startswith(sha)
    assert path.resolve().is_relative_to(root.resolve())


_PARTS = ["..", ".", "/", "\\", ":", "C:", "a", "评", " ", "?", "*", ".pdf", ".PDF", "\x00", "~"]
_PATHY = st.lists(st.sampled_from(_PARTS), max_size=12).map("".join)
# Names near the 200-character cut, where a dot or space may land at the end.
_LONG = st.tuples(
    st.text(alphabet="关x", min_size=185, max_size=205),
    st.lists(st.sampled_from(_PARTS), max_size=8).map("".join),
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.one_of(st.text(), _PATHY, _LONG), content=st.binary(max_size=16))
def test_no_name_makes_an_evidence_path_outside_the_folder(tmp_path: Path, name: str, content: bytes) -> None:
    root = tmp_path / "evidence"
    sha = sha256(content)
    path = evidence_path(root, sha, name)
    resolved = path.resolve()
    assert resolved.is_relative_to(root.resolve()), (name, path)
    assert resolved.parent == (root / sha[:2]).resolve()
    safe = safe_name(name)
    assert safe
    assert not set(safe) & {"/", "\\", ":"}, safe
    assert len(safe) <= 200
    # The stored (sanitised) name leads back to the same file as the name as sent.
    assert safe_name(safe) == safe
    assert evidence_path(root, sha, safe) == path


def test_a_long_file_name_is_stored_without_a_trailing_dot_and_leads_back_to_its_file(
    database: Database, plan_id: int, tmp_path: Path, evidence_dir: Path
) -> None:
    # 195 characters of title, ".pdf" up to character 199 and a dot as character 200 (and under
    # 255 bytes, so the file system takes the name).
    title = "关于印发政务公开工作要点的通知-" + "x" * 179
    assert len(title) == 195
    name = title + ".pdf.v2.pdf"
    src = tmp_path / name
    src.write_bytes(b"long")
    row = enter(database, 1, "市司法局", evidence_files=[src], evidence_dir=evidence_dir)
    (stored,) = row.evidence_files
    assert not stored.endswith((".", " ")), stored[-6:]  # Windows drops a trailing dot or space
    assert safe_name(stored) == stored
    (on_disk,) = stored_files(evidence_dir)
    assert evidence_path(evidence_dir, sha256(b"long"), stored) == on_disk


# --- text that looks like a formula ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["=SUM(A1:A2)", "+86 0746-1234567", "-5%的差距", "@各县市区", '=HYPERLINK("x")']
)
def test_text_that_starts_like_a_formula_is_stored_verbatim(
    database: Database, plan_id: int, text: str
) -> None:
    fields = ReportFields(
        status="按序时推进", progress=text, problems=text, next_steps=text, evidence=text, remarks=text
    )
    row = enter(database, 1, "市司法局", fields)
    assert row.fields == fields
    (listed,) = list_reports(database, PERIOD)
    assert listed.fields == fields
    with database.unit_of_work(read_only=True) as uow:
        report = uow.session.get_one(Report, row.id)
        assert (report.progress, report.problems, report.next_steps, report.evidence, report.remarks) == (
            text,
        ) * 5


# --- reports follow their unit and their task ------------------------------------------------------

MERGE_PLAN = """\
示范市2021年政务公开工作要点
一、推进公开
（一）甲任务。内容甲。（市发改委牵头）
（二）乙任务。内容乙。（市发展改革委牵头，市发改委配合）
（三）丙任务。内容丙。（市发展改革委牵头）
（四）丁任务。内容丁。（市发改委牵头，市发展改革委配合）
"""


def _says(text: str) -> ReportFields:
    return ReportFields(status="按序时推进", progress=text)


def test_merging_units_moves_reports_and_the_later_answer_stays_current(
    database: Database, tmp_path: Path
) -> None:
    import_plan(database, write_plan(tmp_path, MERGE_PLAN), year=2021)
    open_period(database, PERIOD, date(2021, 4, 15))
    short, full = "市发改委", "市发展改革委"  # one unit printed two ways, registered twice
    enter(database, 1, short, _says("发改委：甲"), received=date(2021, 4, 11))
    enter(database, 2, short, _says("发改委：乙（早）"), received=date(2021, 4, 10))
    enter(database, 2, full, _says("发展改革委：乙（晚）"), received=date(2021, 4, 12))
    enter(database, 3, full, _says("发展改革委：丙 第一版"), received=date(2021, 4, 5))
    enter(database, 3, full, _says("发展改革委：丙 第二版"), received=date(2021, 4, 9))
    enter(database, 4, full, _says("发展改革委：丁（早）"), received=date(2021, 4, 8))
    enter(database, 4, short, _says("发改委：丁（晚）"), received=date(2021, 4, 14))
    before = row_counts(database)

    merge_units(database, full, short)

    after = row_counts(database)
    assert (after["reports"], after["submissions"], after["evidence_files"]) == (
        before["reports"],
        before["submissions"],
        before["evidence_files"],
    )
    assert_one_current_each(database)
    current = {r.seq: r for r in list_reports(database, PERIOD)}
    assert {seq: (r.unit, r.fields.progress) for seq, r in current.items()} == {
        1: (short, "发改委：甲"),
        2: (short, "发展改革委：乙（晚）"),
        3: (short, "发展改革委：丙 第二版"),
        4: (short, "发改委：丁（晚）"),
    }
    history = list_reports(database, PERIOD, history=True)
    assert len(history) == 7 and {r.unit for r in history} == {short}
    assert sorted(r.fields.progress for r in history if r.seq == 2) == sorted(
        ["发改委：乙（早）", "发展改革委：乙（晚）"]
    )
    # The old name now resolves to the merged unit.
    assert list_reports(database, PERIOD, unit_name=full) == list_reports(database, PERIOD, unit_name=short)
    with database.unit_of_work(read_only=True) as uow:
        s = uow.session
        unit_id = s.scalar(select(Unit.id).where(Unit.name == short))
        assert s.scalar(select(Unit.id).where(Unit.name == full)) is None
        assert set(s.scalars(select(Report.unit_id))) == {unit_id}
        assert set(s.scalars(select(Submission.unit_id))) == {unit_id}
        superseded = s.scalars(select(Report.progress).where(~Report.is_current)).all()
        assert sorted(superseded) == sorted(
            ["发改委：乙（早）", "发展改革委：丙 第一版", "发展改革委：丁（早）"]
        )

    # The merged unit goes on reporting; task 2 now has it as lead (the stronger role).
    row = enter(database, 2, short, _says("合并后：乙"), received=date(2021, 4, 15))
    assert row.role == "lead" and row.version == 2
    assert_one_current_each(database)


@pytest.mark.parametrize("order", [("市发展改革委", "市发改委"), ("市发改委", "市发展改革委")])
def test_merging_units_that_answered_on_the_same_day_keeps_the_one_entered_last(
    database: Database, tmp_path: Path, order: tuple[str, str]
) -> None:
    import_plan(database, write_plan(tmp_path, MERGE_PLAN), year=2021)
    open_period(database, PERIOD, date(2021, 4, 15))
    first, last = order
    enter(database, 2, first, _says(f"{first}先录入"), received=date(2021, 4, 12))
    enter(database, 2, last, _says(f"{last}后录入"), received=date(2021, 4, 12))
    merge_units(database, "市发展改革委", "市发改委")
    assert [r.fields.progress for r in list_reports(database, PERIOD)] == [f"{last}后录入"]
    assert len(list_reports(database, PERIOD, history=True)) == 2
    assert_one_current_each(database)


def test_a_pruned_task_takes_its_reports_and_their_evidence_records_with_it(
    database: Database, plan_id: int, tmp_path: Path, evidence_dir: Path
) -> None:
    proof = tmp_path / "解读材料.pdf"
    proof.write_bytes(b"jiedu")
    enter(database, 1, "市司法局")
    enter(database, 2, "市政府办公室", evidence_files=[proof], evidence_dir=evidence_dir)
    enter(database, 2, "市政府办公室", _says("第二版"))
    enter(database, 2, "市发改委")
    kept = enter(database, 3, "市政府办公室")
    with database.unit_of_work(read_only=True) as uow:
        gone = uow.session.scalar(select(Task.id).where(Task.plan_id == plan_id, Task.seq == 2))

    revised = write_plan(
        tmp_path, "\n".join(line for line in PLAN.splitlines() if "政策解读" not in line), "修订.txt"
    )
    report = import_plan(database, revised, replace=plan_id, prune=True)
    assert report.tasks_removed == 1

    listed = list_reports(database, PERIOD, history=True)
    assert [(r.seq, r.unit) for r in listed] == [(1, "市司法局"), (2, "市政府办公室")]
    assert listed[1].task_id == kept.task_id  # task 3 became task 2 and kept its report
    with database.unit_of_work(read_only=True) as uow:
        s = uow.session
        assert s.scalar(select(func.count()).select_from(Report).where(Report.task_id == gone)) == 0
        assert s.scalar(select(func.count()).select_from(Report)) == 2
        assert s.scalar(select(func.count()).select_from(EvidenceFile)) == 0
    assert_one_current_each(database)


def test_a_vanished_task_that_is_not_pruned_keeps_its_reports(
    database: Database, plan_id: int, tmp_path: Path
) -> None:
    enter(database, 2, "市政府办公室")
    enter(database, 2, "市财政局")
    revised = write_plan(
        tmp_path, "\n".join(line for line in PLAN.splitlines() if "政策解读" not in line), "修订.txt"
    )
    report = import_plan(database, revised, replace=plan_id)
    assert report.tasks_removed == 0 and len(report.tasks_vanished) == 1
    # The vanished task moves to the end of the plan, with its reports.
    assert [(r.seq, r.unit) for r in list_reports(database, PERIOD)] == [(3, "市政府办公室"), (3, "市财政局")]
