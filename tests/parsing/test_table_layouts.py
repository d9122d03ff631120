"""Task tables as offices lay them out, in Word (merged cells known) and as plain-text copies."""

from __future__ import annotations

from gkdesk.parsing.plan import parse_blocks
from gkdesk.records import Block, ParsedPlan


def word_rows(*rows: tuple[str, ...]) -> list[Block]:
    """Rows as the Word reader gives them: "^" marks a cell merged down, "<" one merged across."""
    out = []
    for cells in rows:
        flags = tuple("up" if c == "^" else "left" if c == "<" else "" for c in cells)
        texts = tuple("" if c in "^<" else c for c in cells)
        out.append(Block("row", "\t".join(texts), texts, table=0, merged=flags))
    return out


def text_rows(*rows: tuple[str, ...]) -> list[Block]:
    """Rows of a plain-text copy: merged cells are simply blank."""
    out = []
    for cells in rows:
        texts = tuple("" if c in "^<" else c for c in cells)
        out.append(Block("row", "\t".join(texts), texts, table=0))
    return out


def parse(blocks: list[Block]) -> ParsedPlan:
    return parse_blocks([Block("para", "某县2024年政务公开重点任务分工"), *blocks], "分工.docx")


def summary(plan: ParsedPlan) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    return [(t.label, t.section, t.lead, t.co) for t in plan.tasks]


LEADER_TABLE = (
    ("序号", "重点工作", "工作措施", "牵头责任单位", "责任单位", "分管县领导", "完成时间"),
    (
        "1",
        "推进决策公开",
        "完善重大行政决策事项目录，向社会公开征求意见。",
        "县司法局",
        "县直各单位",
        "张三",
        "2024年6月底前",
    ),
    (
        "2",
        "^",
        "做好政策解读，政策文件与解读材料同步发布。",
        "县政府办公室",
        "各乡镇人民政府",
        "^",
        "持续推进",
    ),
    (
        "3",
        "加强平台建设",
        "加强政府网站和政务新媒体管理，及时整改发现的问题。",
        "县政府办公室",
        "",
        "李四",
        "每季度",
    ),
)


def test_leader_column_gives_no_unit_and_responsible_units_beside_a_lead_are_co() -> None:
    for rows in (word_rows(*LEADER_TABLE), text_rows(*LEADER_TABLE)):
        plan = parse(rows)
        assert summary(plan) == [
            ("1", "推进决策公开", ("县司法局",), ("县直各单位",)),
            ("2", "推进决策公开", ("县政府办公室",), ("各乡镇人民政府",)),
            ("3", "加强平台建设", ("县政府办公室",), ()),
        ]
        assert [t.deadline for t in plan.tasks] == ["2024年6月底前", "持续推进", "每季度"]
        roles = [c.role for c in plan.columns]
        assert roles == ["label", "section", "task", "lead", "co", "ignore", "deadline"]


CHAPTERS_IN_LABEL_COLUMN = (
    ("序号", "工作任务", "责任单位", "完成时限"),
    ("一", "推进决策公开", "", ""),
    ("1", "完善重大行政决策事项目录。", "县司法局", "年底前"),
    ("2", "做好政策解读。", "县政府办公室", "持续推进"),
    ("二", "加强平台建设", "", ""),
    ("3", "加强政府网站管理。", "县政府办公室、县大数据中心", "每季度"),
)


def test_chapter_rows_numbered_in_the_label_column() -> None:
    for rows in (word_rows(*CHAPTERS_IN_LABEL_COLUMN), text_rows(*CHAPTERS_IN_LABEL_COLUMN)):
        plan = parse(rows)
        assert summary(plan) == [
            ("1", "一、推进决策公开", ("县司法局",), ()),
            ("2", "一、推进决策公开", ("县政府办公室",), ()),
            ("3", "二、加强平台建设", ("县政府办公室", "县大数据中心"), ()),
        ]


MERGED_NUMBER_OVER_MEASURES = (
    ("序号", "重点任务", "具体措施", "责任单位"),
    ("1", "推进决策公开", "1.完善重大行政决策事项目录。", "县司法局"),
    ("^", "^", "2.做好决策预公开。", "县直各单位"),
    ("2", "加强平台建设", "加强政府网站管理。", "县政府办公室"),
)


def test_a_number_merged_over_several_measures_numbers_their_category() -> None:
    plan = parse(word_rows(*MERGED_NUMBER_OVER_MEASURES))
    assert [(t.label, t.section, t.title) for t in plan.tasks] == [
        ("1.", "1 推进决策公开", "完善重大行政决策事项目录"),
        ("2.", "1 推进决策公开", "做好决策预公开"),
        ("2", "加强平台建设", "加强政府网站管理"),
    ]


TWO_ROW_HEADER = (
    ("序号", "工作任务", "责任单位", "<", "完成时限", "备注"),
    ("^", "^", "牵头单位", "配合单位", "^", "^"),
    ("1", "完善重大行政决策事项目录。", "县司法局", "县直各单位", "年底前", "新增"),
    ("2", "做好政策解读。", "县政府办公室", "", "持续推进", ""),
)


def test_two_row_header_with_lead_and_co_under_one_cell() -> None:
    plan = parse(word_rows(*TWO_ROW_HEADER))
    assert summary(plan) == [("1", "", ("县司法局",), ("县直各单位",)), ("2", "", ("县政府办公室",), ())]
    assert [c.header for c in plan.columns][2:4] == ["责任单位 › 牵头单位", "责任单位 › 配合单位"]


UNIT_MERGED_OVER_ROWS = (
    ("序号", "工作任务", "责任科室", "完成时限"),
    ("1", "做好预决算公开。", "财务科", "年底前"),
    ("2", "做好政策解读。", "^", "^"),
    ("3", "做好依申请公开。", "办公室", ""),
    ("4", "加强网站管理。", "^", "持续推进"),
)


def test_unit_merged_down_applies_to_every_row_it_covers() -> None:
    for rows in (word_rows(*UNIT_MERGED_OVER_ROWS), text_rows(*UNIT_MERGED_OVER_ROWS)):
        plan = parse(rows)
        assert [(t.lead, t.deadline) for t in plan.tasks] == [
            (("财务科",), "年底前"),
            (("财务科",), "年底前"),
            (("办公室",), None),
            (("办公室",), "持续推进"),
        ]


def test_a_title_row_inside_the_table_is_the_plans_title() -> None:
    rows = word_rows(
        ("某局2023年政务公开工作任务清单", "<", "<"),
        ("序号", "工作内容", "责任股室"),
        ("1", "做好预决算公开。", "财务股"),
        ("2", "做好政策解读。", "办公室"),
    )
    plan = parse_blocks(rows, "x.xlsx")
    assert plan.title == "某局2023年政务公开工作任务清单" and plan.year == 2023
    assert [t.lead for t in plan.tasks] == [("财务股",), ("办公室",)]


def test_headerless_continuation_table_keeps_the_columns_of_the_one_before() -> None:
    first = word_rows(
        ("序号", "重点任务", "牵头单位", "配合单位"),
        ("1", "做好预决算公开。", "县财政局", "县直各单位"),
    )
    second = [
        Block(b.kind, b.text, b.cells, table=1, merged=b.merged)
        for b in word_rows(("2", "做好政策解读。", "县政府办公室", "各乡镇人民政府"))
    ]
    plan = parse([*first, Block("para", "（续表）"), *second])
    assert summary(plan)[1] == ("2", "", ("县政府办公室",), ("各乡镇人民政府",))


def test_columns_chosen_by_position_for_a_table_without_header() -> None:
    rows = word_rows(
        ("1", "做好预决算公开。", "县财政局", "县直各单位"),
        ("2", "做好政策解读。", "县政府办公室", "各乡镇人民政府"),
    )
    plan = parse_blocks([Block("para", "某县2024年任务分工"), *rows], "x.docx", columns={"第4列": "ignore"})
    assert [(t.lead, t.co) for t in plan.tasks] == [(("县财政局",), ()), (("县政府办公室",), ())]


HEAD = (
    "序号",
    "公开事项",
    "公开内容（要素）",
    "公开依据",
    "公开时限",
    "公开主体",
    "公开渠道和载体",
    "公开对象",
    "<",
)
BASIS, WITHIN, TOWN = "《政府信息公开条例》", "20个工作日内", "镇人民政府"
ITEM = "1、中央及地方涉农资金文件 2、本镇涉农资金文件"
STANDARD_CATALOGUE = (
    HEAD,
    ("", "", "", "", "", "", "", "全社会", "特定群体"),
    ("1", "政策文件", ITEM, BASIS, WITHIN, TOWN, "■政府网站 □政府公报 □两微一端 ■公开查阅点", "√", ""),
    ("2", "资金明细", "涉农相关资金明细", BASIS, WITHIN, TOWN, "■政府网站 □政府公报 □两微一端", "√", ""),
    HEAD,
)


def test_standard_catalogue_with_check_boxes_a_sub_header_and_a_header_repeated() -> None:
    for rows in (word_rows(*STANDARD_CATALOGUE), text_rows(*STANDARD_CATALOGUE)):
        plan = parse(rows)
        # beside a 序号, "1、…2、…" is a list inside the item and stays in its title
        assert [(t.label, t.section, t.title, t.lead, t.deadline) for t in plan.tasks] == [
            ("1", "政策文件", ITEM, (TOWN,), WITHIN),
            ("2", "资金明细", "涉农相关资金明细", (TOWN,), WITHIN),
        ]
        roles = [c.role for c in plan.columns]
        assert roles[:7] == ["label", "section", "task", "ignore", "deadline", "lead", "ignore"]


def test_a_plain_copy_of_a_wide_two_row_header_is_laid_by_the_words_under_it() -> None:
    """17 columns, the header's second row under cells spanning 2 and 3 of them: the first row
    is laid over the columns its second row has words under, so the units and deadline stay put."""
    top = ("序号", "公开事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "公开对象")
    top += ("公开方式", "公开层级", "备注")
    sub = ("", "一级事项", "二级事项", "", "", "", "", "", "全社会", "特定群众", "主动", "依申请")
    sub += ("市级", "镇街", "村", "", "", "")
    body = []
    for n, (first, second) in enumerate([("法治宣传", "普法"), ("^", "法治文化"), ("公证", "办证")], 1):
        label = "^" if first == "^" else str(n)
        row = (label, first, second, f"第{n}项公开内容的要素清单", "同上", "20个工作日内", "市司法局")
        row += ("政府网站", "√", "", "√", "", "√", "", "", "", "", "")
        body.append(row)
    plan = parse(text_rows(top, sub, *body))
    assert [(t.label, t.section, t.lead, t.deadline) for t in plan.tasks] == [
        ("1", "法治宣传 / 普法", ("市司法局",), "20个工作日内"),
        ("1", "法治宣传 / 法治文化", ("市司法局",), "20个工作日内"),
        ("3", "公证 / 办证", ("市司法局",), "20个工作日内"),
    ]
