"""The notices' layout as a 秘书科 checks a printed set: titles, 版记, letterhead, tables, words.

Pure checks read the written XML back (titles broken between words into a trapezoid, the 版记 a
floating table pinned to the page foot, kinsoku on and spelled out, no 'distribute' alignment, the
three letterhead modes, task list and ranking tables, header words that fit, 文号 rules, the words
drawn from the rubric and the scores). When LibreOffice is installed the notices are rendered
(blank pages kept, as they print) and measured with pdfplumber: the 版记 sits at the foot of the
last page, the page count is even, landscape pages carry their number at the left edge (the foot
of the sheet held upright), no line ends with an opening bracket, and the page count matches the
writer's own estimate.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from gkdesk.exporters.gongwen import build_document, doc_number_problem, write_gongwen
from gkdesk.exporters.gongwen_flow import estimate
from gkdesk.exporters.gongwen_tables import column_widths
from gkdesk.exporters.gongwen_title import break_title, words
from gkdesk.exporters.gongwen_xml import CONDENSE, TITLE_SZ, text_width_twips
from gkdesk.exporters.notices import late_rule, ranking_table, remind_notice, report_notice, result_notice
from gkdesk.records import (
    DutyRow,
    GongwenAnnex,
    GongwenDoc,
    GongwenRole,
    GongwenTable,
    Grade,
    ItemScore,
    MissingRow,
    NoticeHeader,
    NoticeTask,
    RemindNotice,
    ReportNotice,
    ResultNotice,
    Rubric,
    RubricItem,
    ScoreSheet,
    UnitScore,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PORTRAIT_WIDTH = 8844  # twips: 156 mm

# --- titles ------------------------------------------------------------------------------------------

# Realistic titles, each with the words a line must never split.
TITLES = {
    "关于报送2026年第一季度政务公开重点工作进展情况的通知": ("进展情况", "政务公开", "第一季度", "通知"),
    "关于2026年第一季度政务公开工作考核情况的通报": ("考核情况", "的通报", "政务公开"),
    "2026年第一季度政务公开重点工作进展情况报送表": ("报送表", "进展情况", "重点工作"),
    "市住房和城乡建设局2026年政务公开重点任务清单": ("任务清单", "建设局", "住房", "城乡", "2026年"),
    "关于催报2026年第三季度政务公开重点工作进展情况的通知": ("催报", "进展情况", "的通知"),
    "2026年第四季度政务公开重点工作进展情况未报送单位名单": ("单位名单", "未报送", "进展情况"),
    "青禾市人民政府办公室关于印发青禾市2026年政务公开工作要点的通知": (
        "青禾市",
        "人民政府",
        "工作要点",
        "办公室",
    ),
    "市发展和改革委员会2026年政务公开重点任务清单": ("委员会", "任务清单", "发展", "改革"),
    "关于进一步加强和规范政府信息公开工作的实施意见": ("进一步", "政府信息公开", "实施意见"),
    "关于印发《青禾市2026年政务公开工作要点》的通知": ("《青禾市2026年政务公开工作要点》",),
}


def title_width(text: str) -> int:
    return text_width_twips(text, TITLE_SZ, CONDENSE)


@pytest.mark.parametrize("title", list(TITLES))
def test_no_title_line_ends_inside_a_word(title: str) -> None:
    lines = break_title(title, PORTRAIT_WIDTH)
    assert "".join(lines) == title
    assert len(lines) >= 2  # all of them are too long for one line of 二号
    assert all(title_width(line) <= PORTRAIT_WIDTH for line in lines)
    cuts = [sum(len(line) for line in lines[:k]) for k in range(1, len(lines))]
    for word in TITLES[title]:
        start = title.index(word)
        for cut in cuts:
            assert not start < cut < start + len(word), f"{lines} splits {word}"
    # Never a line starting with 的 or ending with 关于.
    assert not any(line.startswith("的") or line.endswith("关于") for line in lines)


def test_two_line_titles_are_balanced_not_a_word_left_alone() -> None:
    for title in (t for t in TITLES if "《" not in t):  # a quoted name cannot be split at all
        lines = break_title(title, PORTRAIT_WIDTH)
        if len(lines) == 2:
            short, long = sorted(title_width(line) for line in lines)
            assert short >= 0.3 * long, lines


def test_a_title_that_fits_stays_one_line_and_a_forced_break_is_kept() -> None:
    assert break_title("2026年第一季度政务公开工作考核得分排名表", PORTRAIT_WIDTH * 3 // 2) == [
        "2026年第一季度政务公开工作考核得分排名表"
    ]
    assert break_title("关于做好政务公开\n报送工作的通知", PORTRAIT_WIDTH) == [
        "关于做好政务公开",
        "报送工作的通知",
    ]


def test_the_notice_words_are_cut_without_the_big_dictionary() -> None:
    assert words("关于报送2026年第一季度政务公开重点工作进展情况的通知") == [
        "关于",
        "报送",
        "2026年",
        "第一季度",
        "政务公开",
        "重点工作",
        "进展情况",
        "的",
        "通知",
    ]


def test_title_paragraphs_carry_explicit_line_breaks(tmp_path: Path) -> None:
    doc = GongwenDoc(title="关于2026年第一季度政务公开工作考核情况的通报", body=(("p", "正文。"),))
    document = build_document(doc)
    title = next(p for p in document.paragraphs if "考核情况" in p.text)
    assert title.text == "关于2026年第一季度政务公开\n工作考核情况的通报"
    assert len(title._p.findall(f".//{W}br")) == 1


# --- 文号 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "fixed"),
    [
        ("永政办函[2021]18号", "永政办函〔2021〕18号"),
        ("永政办函（2021）018号", "永政办函〔2021〕18号"),
        ("青政办函〔2021〕018号", "青政办函〔2021〕18号"),
        ("青政办函(2021)7号", "青政办函〔2021〕7号"),
        ("青政办函【２０２１】１２号", "青政办函〔2021〕12号"),
    ],
)
def test_a_doc_number_not_written_the_standard_way_gets_its_corrected_form(number: str, fixed: str) -> None:
    problem = doc_number_problem(number)
    assert problem is not None and f"文号应写作“{fixed}”" in problem


@pytest.mark.parametrize("number", ["青政办函〔2021〕18号", "青政办函〔2021〕　号", ""])
def test_standard_doc_numbers_and_a_blank_serial_pass(number: str) -> None:
    assert doc_number_problem(number) is None


def test_a_doc_number_without_an_organ_code_is_refused() -> None:
    problem = doc_number_problem("（2021）018号")
    assert problem is not None and "机关代字〔2021〕18号" in problem


# --- tables ------------------------------------------------------------------------------------------


def test_header_words_fit_their_columns_on_one_line() -> None:
    table = GongwenTable(
        ("序号", "重点任务", "责任类型", "牵头单位", "配合单位", "完成时限"),
        tuple(
            (
                str(i),
                "做好重大决策部署公开和政策解读" * 2,
                "牵头",
                "市政府办公室",
                "市直各单位、各县（市、区）人民政府",
                "年底前",
            )
            for i in range(1, 20)
        ),
    )
    widths = column_widths(table, PORTRAIT_WIDTH)
    assert sum(widths) == PORTRAIT_WIDTH
    for header, width in zip(table.headers, widths, strict=True):
        assert width - 2 * 108 >= 240 * len(header), header  # 小四 黑体: 12 pt a character
    assert widths[1] == max(widths)  # the task titles take the spare width


def test_the_task_list_is_one_row_per_task_with_lead_and_cooperating_units() -> None:
    notice = ReportNotice(
        HEADER,
        2026,
        2,
        "青禾市2026年政务公开工作要点",
        "2026年7月10日",
        (
            DutyRow("市财政局", 1, "做好预决算公开", "lead", "市财政局"),
            DutyRow("市审计局", 1, "做好预决算公开", "co", "市财政局"),
            DutyRow("市财政局", 2, "做好政府采购公开", "lead", "市财政局"),
        ),
        2,
        tasks=(
            NoticeTask(1, "做好预决算公开", "市财政局", "市审计局"),
            NoticeTask(2, "做好政府采购公开", "市财政局"),
        ),
    )
    doc = report_notice(notice)
    table = doc.annexes[1].table
    assert table is not None
    assert table.headers == ("序号", "重点任务", "牵头单位", "配合单位")
    assert table.rows == (
        ("1", "做好预决算公开", "市财政局", "市审计局"),
        ("2", "做好政府采购公开", "市财政局", "—"),
    )
    assert doc.annexes[1].title == "2026年政务公开重点任务分工清单"
    assert "对照重点任务分工清单（见附件2）" in "".join(t for _, t in doc.body)
    mine = report_notice(notice, unit="市审计局")
    assert mine.annexes[1].title == "市审计局2026年政务公开重点任务清单"
    assert "对照本单位重点任务清单（见附件2）" in "".join(t for _, t in mine.body)
    assert mine.annexes[1].table is not None
    assert mine.annexes[1].table.rows == (("1", "做好预决算公开", "配合", "市财政局", "市审计局"),)


# --- words from the rubric and the scores -------------------------------------------------------------

TIMELINESS = RubricItem(
    "1", "报送时效", 15, "timeliness", params=(("late_short_days", 3), ("late_short", 5), ("late_long", 10))
)


def test_the_late_sentence_follows_the_rubric() -> None:
    assert late_rule(TIMELINESS) == (
        "按考核细则，逾期1至3个工作日报送的，“报送时效”项扣5分；逾期3个工作日以上的，扣10分；未报送的，该项不得分。"
    )
    harsher = dataclasses.replace(
        TIMELINESS, params=(("late_short_days", 1), ("late_short", 8), ("late_long", 20))
    )
    assert "逾期1个工作日报送的，“报送时效”项扣8分；逾期1个工作日以上的，扣15分" in late_rule(harsher)
    assert "逾期视为未报送" not in late_rule(TIMELINESS)


HEADER = NoticeHeader(
    office="青禾市人民政府办公室",
    doc_number="青政办函〔2026〕18号",
    recipients="各县（市、区）人民政府，市直各有关单位",
    signature="青禾市人民政府办公室",
    date="2026年7月20日",
    copy_to="市政府领导",
)
RUBRIC = Rubric(
    "细则",
    (TIMELINESS, RubricItem("2", "任务落实", 85, "tasks")),
    grades=(Grade("优秀", 90), Grade("良好", 80), Grade("一般", 60), Grade("较差", 0)),
)


def unit(name: str, category: str, total: float, rank: int, grade: str, penalty: float = 0) -> UnitScore:
    items = (ItemScore("1", "报送时效", 15, 15), ItemScore("2", "任务落实", 85, total - 15))
    return UnitScore(name, category, items, 0, penalty, total, rank, grade)


def result(units: tuple[UnitScore, ...], **kw: object) -> ResultNotice:
    sheet = ScoreSheet("2026年第二季度", 2026, 2, "办", "2026年7月20日", RUBRIC, units)
    fields: dict = {
        "header": HEADER,
        "sheet": sheet,
        "first_title": "关于报送2026年第二季度政务公开重点工作进展情况的通知",
        "units": len(units),
        "reported": len(units),
        "on_time": len(units),
        "status_counts": (("已完成", 3),),
        **kw,
    }
    return ResultNotice(**fields)


UNITS = (
    unit("市财政局", "市直部门", 96, 1, "优秀"),
    unit("市教育局", "市直部门", 93, 2, "优秀", penalty=1),
    unit("市民政局", "市直部门", 85, 3, "良好"),
    unit("甲县人民政府", "县市区", 95, 1, "优秀"),
    unit("乙县人民政府", "县市区", 70, 2, "一般"),
)


def test_commended_units_have_nothing_deducted_and_are_never_criticised() -> None:
    n = result(UNITS, late_units=("甲县人民政府",), first_number="青政办函〔2026〕18号")
    text = "".join(t for _, t in result_notice(n).body)
    assert "市财政局工作成效明显，予以通报表扬" in text
    assert "市教育局" not in text.split("工作成效明显")[0].split("考核等次分布")[1]  # a 扣分
    assert "甲县人民政府逾期报送" in text and "甲县人民政府工作成效" not in text
    assert "《关于报送2026年第二季度政务公开重点工作进展情况的通知》（青政办函〔2026〕18号）" in text


def test_grades_are_named_only_when_some_unit_has_them() -> None:
    text = "".join(t for _, t in result_notice(result(UNITS)).body)
    assert "较差" not in text and "不合格" not in text
    low = (*UNITS, unit("丙县人民政府", "县市区", 50, 3, "较差"))
    text = "".join(t for _, t in result_notice(result(low)).body)
    assert "考核等次为较差的单位：丙县人民政府" in text and "不合格" not in text


def test_the_ranking_table_has_one_block_per_category_in_rank_order() -> None:
    table = ranking_table(result(UNITS))
    assert table.headings == (0, 4)
    assert [r[0] if k in table.headings else (r[1], r[-2]) for k, r in enumerate(table.rows)] == [
        "市直部门（3个）",
        ("市财政局", "1"),
        ("市教育局", "2"),
        ("市民政局", "3"),
        "县市区（2个）",
        ("甲县人民政府", "1"),
        ("乙县人民政府", "2"),
    ]
    assert "单位类别" not in table.headers


def test_remind_notice_states_what_not_reporting_costs() -> None:
    n = RemindNotice(
        HEADER, 2026, 2, "关于报送…的通知", "", "2026年7月10日", "2026年7月13日", "2026年7月16日",
        (MissingRow("市商务局", 2, 0, "未报送"),), timeliness=TIMELINESS,
    )  # fmt: skip
    text = "".join(t for _, t in remind_notice(n).body)
    assert "逾期仍未报送的，“报送时效”项不得分" in text
    assert "（）" not in text  # no 文号 recorded: none cited


# --- letterhead, kinsoku, alignment ------------------------------------------------------------------

SHORT = GongwenDoc(
    title="关于报送2026年第二季度政务公开重点工作进展情况的通知",
    body=(("p", "根据工作安排，现将有关事项通知如下："), ("h1", "一、报送内容"), ("p", "请按时报送。")),
    recipients="各有关单位",
    doc_number="青政办函〔2026〕18号",
    signature="青禾市人民政府办公室",
    date="2026年6月25日",
    letterhead="青禾市人民政府办公室",
    copy_to="市政府领导",
    printed_by="青禾市人民政府办公室",
    printed_on="2026年6月25日",
)


def xml_of(path: Path, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def red_runs(root: etree._Element) -> list[str]:
    return [
        "".join(t.text or "" for t in r.iter(f"{W}t"))
        for r in root.iter(f"{W}r")
        if r.find(f"{W}rPr/{W}color") is not None and r.find(f"{W}rPr/{W}color").get(f"{W}val") == "FF0000"
    ]


def body_paragraphs(root: etree._Element) -> list[etree._Element]:
    return root.find(f"{W}body").findall(f"{W}p")


def test_red_mode_prints_the_red_head_above_the_doc_number_and_rule(tmp_path: Path) -> None:
    root = xml_of(write_gongwen(SHORT, tmp_path / "red.docx"))
    assert red_runs(root) == ["青禾市人民政府办公室"]
    number = next(p for p in body_paragraphs(root) if "".join(p.itertext()) == "青政办函〔2026〕18号")
    assert number.find(f"{W}pPr/{W}pBdr/{W}bottom") is not None


def test_preprinted_mode_keeps_the_head_space_empty_and_prints_only_the_doc_number(tmp_path: Path) -> None:
    red = xml_of(write_gongwen(SHORT, tmp_path / "red.docx"))
    pre = xml_of(
        write_gongwen(dataclasses.replace(SHORT, letterhead_mode="preprinted"), tmp_path / "pre.docx")
    )
    assert red_runs(pre) == []
    first = body_paragraphs(pre)[0]
    assert "".join(first.itertext()) == ""
    assert int(first.find(f"{W}pPr/{W}spacing").get(f"{W}before")) > 1500  # the 35 mm above the head
    # Every paragraph sits where it sits on red-head paper: the same heights down to the title.
    heights = [estimate_heights(red), estimate_heights(pre)]
    assert heights[0] == heights[1]
    number = next(p for p in body_paragraphs(pre) if "".join(p.itertext()) == "青政办函〔2026〕18号")
    assert number.find(f"{W}pPr/{W}pBdr") is None  # the paper carries the rule


def estimate_heights(root: etree._Element) -> list[int]:
    from gkdesk.exporters.gongwen_flow import paragraph_lines

    paragraphs = body_paragraphs(root)
    title = next(k for k, p in enumerate(paragraphs) if "关于报送" in "".join(p.itertext()))
    return [sum(paragraph_lines(p, PORTRAIT_WIDTH)) for p in paragraphs[: title + 1]]


def test_plain_mode_puts_the_doc_number_and_red_rule_first(tmp_path: Path) -> None:
    root = xml_of(write_gongwen(dataclasses.replace(SHORT, letterhead_mode="plain"), tmp_path / "plain.docx"))
    first = body_paragraphs(root)[0]
    assert "".join(first.itertext()) == "青政办函〔2026〕18号"
    assert first.find(f"{W}pPr/{W}pBdr/{W}bottom").get(f"{W}color") == "FF0000"
    assert red_runs(root) == []


def test_kinsoku_is_on_and_spelled_out_and_nothing_is_distributed(tmp_path: Path) -> None:
    path = write_gongwen(SHORT, tmp_path / "k.docx")
    styles = xml_of(path, "word/styles.xml")
    settings = xml_of(path, "word/settings.xml")
    normal = styles.find(f"{W}style[@{W}styleId='Normal']")
    assert normal.find(f"{W}pPr/{W}kinsoku").get(f"{W}val") == "1"
    after = settings.find(f"{W}noLineBreaksAfter")
    assert after is not None and all(c in after.get(f"{W}val") for c in "（《“")
    assert settings.find(f"{W}compat/{W}doNotExpandShiftReturn") is not None
    assert settings.find(f"{W}compat/{W}doNotUseEastAsianBreakRules") is None
    doc = xml_of(path)
    assert not [k for k in doc.iter(f"{W}kinsoku") if k.get(f"{W}val") in ("0", "false")]
    assert {jc.get(f"{W}val") for jc in doc.iter(f"{W}jc")} <= {"left", "center", "right", "both"}


def test_table_cells_are_never_justified_and_use_exact_lines(tmp_path: Path) -> None:
    notice = dataclasses.replace(
        SHORT, annexes=(GongwenAnnex("名单", table=GongwenTable(("序号", "单位"), (("1", "市财政局"),))),)
    )
    doc = xml_of(write_gongwen(notice, tmp_path / "t.docx"))
    for tbl in doc.iter(f"{W}tbl"):
        for p in tbl.iter(f"{W}p"):
            jc = p.find(f"{W}pPr/{W}jc")
            assert jc is None or jc.get(f"{W}val") in ("left", "center", "right")


def test_the_banji_is_a_floating_table_pinned_to_the_page_foot(tmp_path: Path) -> None:
    doc = xml_of(write_gongwen(SHORT, tmp_path / "b.docx"))
    tables = [t for t in doc.iter(f"{W}tbl") if "抄送" in "".join(t.itertext())]
    (banji,) = tables
    pos = banji.find(f"{W}tblPr/{W}tblpPr")
    assert pos.get(f"{W}tblpYSpec") == "bottom" and pos.get(f"{W}vertAnchor") == "margin"
    assert pos.get(f"{W}horzAnchor") == "page" and pos.get(f"{W}tblpX") == "1587"  # the left margin


def test_a_short_notice_ending_on_an_odd_page_puts_the_banji_on_the_next_even_page(tmp_path: Path) -> None:
    document = build_document(SHORT)
    sections = document.sections
    assert len(sections) == 2  # the text fits page 1: the 版记 goes to page 2 (even)
    assert sections[-1]._sectPr.find(f"{W}type").get(f"{W}val") == "evenPage"
    assert estimate(document).pages == 2


# --- rendered with LibreOffice -----------------------------------------------------------------------

needs_soffice = pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice (soffice)")
KEEP_BLANK_PAGES = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'


def render(paths: list[Path], out: Path) -> list[Path]:
    """PDFs as the notices print: LibreOffice's automatically inserted blank pages kept."""
    profile = (out / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation={profile}", "--convert-to", KEEP_BLANK_PAGES,
         "--outdir", str(out), *map(str, paths)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return [out / (p.stem + ".pdf") for p in paths]


def long_body(n: int) -> tuple[tuple[GongwenRole, str], ...]:
    text = "各单位要结合工作实际认真梳理本单位承担的重点任务，明确责任分工，细化工作措施，"
    text += "确保各项任务按期保质完成。"
    return tuple(("p", text * 3) for _ in range(n))


RANKING = ranking_table(result(UNITS * 6))
TASKS = GongwenTable(
    ("序号", "重点任务", "牵头单位", "配合单位"),
    tuple(
        (str(i), "做好重大决策部署公开和政策解读" + "工作" * (i % 5), "市政府办公室", "市直各单位")
        for i in range(1, 41)
    ),
    numeric=(0,),
)
CASES = {
    "short": SHORT,  # one page of text: 版记 alone on page 2
    "two-pages": dataclasses.replace(SHORT, body=long_body(9)),  # text ends on an even page
    "three-pages": dataclasses.replace(SHORT, body=long_body(16)),
    "portrait-annex": dataclasses.replace(SHORT, annexes=(GongwenAnnex("重点任务分工清单", table=TASKS),)),
    "landscape-annex": dataclasses.replace(
        SHORT, annexes=(GongwenAnnex("考核得分排名表", table=RANKING, landscape=True),)
    ),
    "preprinted": dataclasses.replace(SHORT, letterhead_mode="preprinted", body=long_body(3)),
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    if not shutil.which("soffice"):
        pytest.skip("needs LibreOffice (soffice)")
    folder = tmp_path_factory.mktemp("layout")
    docs = {name: write_gongwen(doc, folder / f"{name}.docx") for name, doc in CASES.items()}
    pdfs = render(list(docs.values()), folder)
    return {name: (docs[name], pdf) for name, pdf in zip(docs, pdfs, strict=True)}


@needs_soffice
@pytest.mark.parametrize("case", list(CASES))
def test_the_banji_sits_at_the_foot_of_the_last_page_which_is_even(
    rendered: dict[str, tuple[Path, Path]], case: str
) -> None:
    import pdfplumber

    docx_path, pdf = rendered[case]
    with pdfplumber.open(pdf) as doc:
        pages = doc.pages
        assert len(pages) % 2 == 0, f"{case}: {len(pages)} pages"
        last = pages[-1]
        text = last.extract_text() or ""
        assert "抄送" in text and "印发" in text
        for page in pages[:-1]:
            assert "印发" not in (page.extract_text() or "")
        printed = [w for w in last.extract_words() if "印发" in w["text"]]
        mm = 72 / 25.4
        # The 版记's last line ends at the foot of the type area (35 mm above the sheet's edge).
        assert abs((last.height - printed[-1]["bottom"]) / mm - 35) < 6, case
    # The writer's own page count agrees with LibreOffice's.
    import docx

    assert estimate(docx.Document(str(docx_path))).pages == len(pages)


@needs_soffice
def test_landscape_pages_show_their_number_at_the_left_edge_turned(
    rendered: dict[str, tuple[Path, Path]],
) -> None:
    import pdfplumber

    _, pdf = rendered["landscape-annex"]
    mm = 72 / 25.4
    with pdfplumber.open(pdf) as doc:
        landscape = [p for p in doc.pages if p.width > p.height]
        assert landscape
        for page in landscape:
            digits = [c for c in page.chars if c["text"] == str(page.page_number)[-1] and not c["upright"]]
            assert digits, f"page {page.page_number}: no turned number"
            assert all(c["x0"] < 35 * mm for c in digits)  # in the left margin: the upright sheet's foot
            low = digits[0]["top"] > page.height / 2
            assert low == (page.page_number % 2 == 1)  # odd: the sheet's right (the page's bottom)


@needs_soffice
def test_no_rendered_line_ends_with_an_opening_bracket(tmp_path: Path) -> None:
    # Sentences where "（" and "《" would fall at a line's end when filled greedily.
    body = tuple(
        ("p", "一" * k + "根据《青禾市政务公开工作要点》（青政办函〔2026〕18号）要求，“政务公开”是重点。")
        for k in range(20, 32)
    )
    path = write_gongwen(dataclasses.replace(SHORT, body=body), tmp_path / "kinsoku.docx")
    (pdf,) = render([path], tmp_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [re.sub(r"\s", "", line) for line in text.splitlines()]
    assert not [line for line in lines if line.endswith(("（", "《", "“", "〔"))]
