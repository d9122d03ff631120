"""The notices' rules from the database through the service: 文号 checks, the order of writing and
recording, the letterhead setting, the words drawn from the rubric, and dates on every copy.

Uses the scored quarter of test_scoring (six units, 市商务局 never reports; the default rubric:
报送时效 15, −5 for 1–3 working days late, −10 beyond).
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from gkdesk.cli import main
from gkdesk.db import Database
from gkdesk.errors import CancelledError, UserError
from gkdesk.models import Period
from gkdesk.services.notices import write_notice
from gkdesk.services.settings import get_settings, parse_value, set_setting
from tests.services.test_scoring import quarter  # noqa: F401 - the fixture

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def text_of(path: Path) -> str:
    return "\n".join(p.text.replace("\n", "") for p in Document(str(path)).paragraphs)


def recorded(db: Database) -> tuple[str, date | None]:
    with db.unit_of_work(read_only=True) as uow:
        (period,) = uow.session.query(Period).all()
        return period.notice_number, period.notice_date


@pytest.mark.parametrize("number", ["示政办函[2021]12号", "示政办函〔2021〕012号", "（2021）12号"])
def test_a_badly_written_doc_number_is_refused_and_nothing_is_recorded(
    quarter: Database,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    number: str,
) -> None:
    before = recorded(quarter)
    out = tmp_path / "报送通知.docx"
    code = main(
        ["--db", quarter.url, "export", "notice", "report", "2021Q1", "--out", str(out), "--number", number]
    )
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("错误：") and "〔2021〕12号" in err
    assert not out.exists()
    assert recorded(quarter) == before


def test_the_report_notice_is_recorded_only_after_all_its_files_are_written(
    quarter: Database,  # noqa: F811
    tmp_path: Path,
) -> None:
    before = recorded(quarter)
    units = tmp_path / "各单位"
    steps = iter(range(100))
    with pytest.raises(CancelledError):
        write_notice(
            quarter,
            "report",
            "2021Q1",
            tmp_path / "报送通知.docx",
            number="示政办函〔2021〕12号",
            per_unit_dir=units,
            cancelled=lambda: next(steps) >= 3,  # stop half way through the copies
        )
    assert recorded(quarter) == before
    assert list(units.iterdir()) == []  # no half set, no staging folder left behind
    files = write_notice(
        quarter,
        "report",
        "2021Q1",
        tmp_path / "报送通知.docx",
        number="示政办函〔2021〕12号",
        per_unit_dir=units,
        day=date(2021, 4, 8),
    )
    assert len(files) == 7 and all(f.exists() for f in files)
    assert sorted(p.name for p in units.iterdir()) == sorted(f.name for f in files[1:])
    assert recorded(quarter) == ("示政办函〔2021〕12号", date(2021, 4, 8))


def test_every_per_unit_copy_carries_the_given_date_and_the_rubrics_late_rule(
    quarter: Database,  # noqa: F811
    tmp_path: Path,
) -> None:
    files = write_notice(
        quarter, "report", "2021Q1", tmp_path / "n.docx", per_unit_dir=tmp_path / "u", day=date(2021, 4, 6)
    )
    for path in files:
        text = text_of(path)
        assert "2021年4月6日" in text
        assert "逾期1至3个工作日报送的，“报送时效”项扣5分；逾期3个工作日以上的，扣10分" in text
        assert "逾期视为未报送" not in text


def test_the_remind_and_result_notices_cite_the_recorded_doc_number(
    quarter: Database,  # noqa: F811
    tmp_path: Path,
) -> None:
    write_notice(quarter, "report", "2021Q1", tmp_path / "r.docx", number="示政办函〔2021〕12号")
    cited = "《关于报送2021年第一季度政务公开重点工作进展情况的通知》（示政办函〔2021〕12号）"
    (remind,) = write_notice(quarter, "remind", "2021Q1", tmp_path / "c.docx", day=date(2021, 4, 16))
    (result,) = write_notice(quarter, "result", "2021Q1", tmp_path / "k.docx", day=date(2021, 4, 25))
    assert cited in text_of(remind) and "截至2021年4月16日" in text_of(remind)
    assert cited in text_of(result) and "2021年4月25日" in text_of(result)


def test_a_blank_serial_is_not_cited(quarter: Database, tmp_path: Path) -> None:  # noqa: F811
    set_setting(quarter, "doc_prefix", "示政办函")
    write_notice(quarter, "report", "2021Q1", tmp_path / "r.docx")  # 示政办函〔2021〕　号
    (result,) = write_notice(quarter, "result", "2021Q1", tmp_path / "k.docx")
    assert "通知》和季度考核细则" in text_of(result)


def red_runs(path: Path) -> int:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return xml.count('w:color w:val="FF0000"')


def test_the_letterhead_setting_chooses_red_head_preprinted_paper_or_plain(
    quarter: Database,  # noqa: F811
    tmp_path: Path,
) -> None:
    set_setting(quarter, "office_name", "示范市人民政府办公室")
    assert get_settings(quarter)["letterhead_mode"] == "red"  # the default: the red head printed
    red = write_notice(quarter, "report", "2021Q1", tmp_path / "red.docx")[0]
    assert red_runs(red) == 1 and "示范市人民政府办公室" in text_of(red).split("\n")[0]
    set_setting(quarter, "letterhead_mode", "preprinted")
    pre = write_notice(quarter, "report", "2021Q1", tmp_path / "pre.docx")[0]
    assert red_runs(pre) == 0 and text_of(pre).split("\n")[0] == ""
    set_setting(quarter, "letterhead_mode", "plain")
    plain = write_notice(quarter, "report", "2021Q1", tmp_path / "plain.docx")[0]
    assert red_runs(plain) == 0
    with pytest.raises(UserError, match="公文用纸"):
        parse_value("letterhead_mode", "blue")


@pytest.mark.parametrize("prefix", ["示政办函〔2021〕", "示政办函[2021]", "示政办函2021"])
def test_a_doc_prefix_with_a_year_or_brackets_is_refused(prefix: str) -> None:
    with pytest.raises(UserError, match="只写机关代字，如“示政办函”"):
        parse_value("doc_prefix", prefix)
