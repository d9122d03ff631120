"""Column roles of task tables: from header words and from what the cells hold."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from gkdesk.parsing.columns import ColumnRole, cell_kind, guess_columns, header_family, looks_like_header
from gkdesk.parsing.grid import build_grid
from gkdesk.records import Block

TASKS = [
    "对行政规范性文件进行全面清理，并向社会公布现行有效行政规范性文件目录。",
    "积极做好政策解读工作，持续提升政策解读质量，丰富解读形式。",
    "严格规范政府信息公开专栏，及时、集中、规范发布法定主动公开内容。",
    "规范做好政府信息公开工作年度报告编制发布工作，确保体例规范、数据准确。",
    "依法依规办理政府信息公开申请，做好行政复议答复和行政诉讼答辩工作。",
    "加强政务新媒体管理，定期开展检查，及时关停整合僵尸账号。",
    "推进重大建设项目批准和实施领域信息公开，及时公开项目审批结果。",
    "做好财政预决算公开，细化公开到功能分类项级科目和经济分类款级科目。",
]
UNITS = [
    "办公室",
    "各科室",
    "法规科、区划地名科",
    "市发展改革委、市财政局",
    "县政府办公室",
    "各镇人民政府、街道办事处",
    "区政务服务数据管理局",
    "社会救助股、社会事务股",
]
DEADLINES = ["年底前", "持续推进", "长期坚持", "2021年6月底前", "每季度", "12月31日前", "常态化推进"]
CATEGORIES = ["强化规范性文件公开", "深化政策解读", "做好主动公开", "规范依申请公开", "加强宣传"]
PEOPLE = ["张三、李四", "王五", "副县长赵六", "钱七、孙八"]
REMARKS = ["已完成", "", "正在推进，已发布三批清单。", "", "按计划推进中"]


def roles(headers: list[str], body: list[list[str]]) -> list[ColumnRole]:
    return list(guess_columns(headers, body).roles)


def test_headers_offices_really_use() -> None:
    headers = ["序号", "主要工作任务", "细化分工", "责任处室", "分管领导", "时限要求", "落实情况"]
    body = [
        [str(i + 1), CATEGORIES[i % 5], TASKS[i], UNITS[i], PEOPLE[i % 4], DEADLINES[i], REMARKS[i % 5]]
        for i in range(6)
    ]
    assert roles(headers, body) == ["label", "section", "task", "lead", "ignore", "deadline", "ignore"]


def test_unit_columns_without_lead_are_lead_and_beside_a_lead_column_are_co() -> None:
    body = [[str(i + 1), TASKS[i], UNITS[i], UNITS[i + 1]] for i in range(5)]
    assert roles(["序号", "具体内容", "责任股室", "参与单位"], body) == ["label", "task", "lead", "co"]
    assert roles(["编号", "工作措施", "牵头责任单位", "责任单位"], body) == ["label", "task", "lead", "co"]
    assert roles(["序号", "任务", "责任部门", "责任科室"], body)[2:] == ["lead", "co"]


def test_a_number_or_a_long_sentence_is_never_a_unit() -> None:
    body = [[str(i + 1), TASKS[i], TASKS[i + 1]] for i in range(5)]
    got = roles(["责任单位", "具体要求", "责任部门"], body)
    assert got[0] == "label" and "lead" not in got and "co" not in got
    assert got[1] == "task"


def test_unknown_headers_are_read_from_the_cells_and_marked_unsure() -> None:
    body = [[UNITS[i], str(i + 1), DEADLINES[i], TASKS[i]] for i in range(6)]
    plan = guess_columns(["甲", "乙", "丙", "丁"], body)
    assert plan.roles == ("lead", "label", "deadline", "task")
    assert not plan.columns[0].sure


def test_short_category_column_beside_the_item_column_is_the_section() -> None:
    body = [[CATEGORIES[i % 5], TASKS[i], UNITS[i]] for i in range(6)]
    assert roles(["工作任务", "具体要求", "责任科室"], body) == ["section", "task", "lead"]
    # with a single text column, 工作任务 is the task
    body = [[TASKS[i], UNITS[i]] for i in range(6)]
    assert roles(["工作任务", "责任科室"], body) == ["task", "lead"]


def test_overrides_by_header_text_win() -> None:
    body = [[CATEGORIES[i % 5], TASKS[i], UNITS[i]] for i in range(6)]
    plan = guess_columns(["工作任务", "具体要求", "责任科室"], body, overrides={"具体 要求": "ignore"})
    assert plan.roles[1] == "ignore" and plan.columns[1].sure


def test_cell_kinds() -> None:
    assert cell_kind("12") == "number"
    assert cell_kind("（三）") == "number"
    assert cell_kind("办公室、各股室") == "units"
    assert cell_kind("2021年12月底前") == "deadline"
    assert cell_kind("持续推进") == "deadline"
    assert cell_kind(TASKS[0]) == "sentence"
    assert cell_kind("一、做好财政信息公开。") == "heading"
    assert cell_kind("张三、李四") == "person"


def test_header_words() -> None:
    assert header_family("时 限 要 求") == "deadline"
    assert header_family("责任单位 › 牵头单位") == "lead"
    assert header_family("分管县领导") == "people"
    assert header_family("备注") == "ignore"
    assert looks_like_header(["序号", "具体要求", "责任科室", "完成时间"])
    assert not looks_like_header(["1", "做好公开。", "办公室"])


def test_plain_text_header_shorter_than_the_rows_is_laid_over_the_right_columns() -> None:
    # 具体要求 spans the 序号 and the text column; 工作任务 spans two category columns
    rows = [
        ("工作任务", "具体要求", "责任科室", "完成时限"),
        ("一、围绕民生抓好公开", "（一）聚焦中心工作", "1", TASKS[0], "低保中心、各相关科室", "持续推进"),
        ("", "（二）聚焦公众参与", "2", TASKS[1], "法规科、各相关科室", "持续推进"),
        ("", "", "3", TASKS[2], "法规科", "年底前"),
    ]
    grid = build_grid([Block("row", "\t".join(r), cells=r, table=0) for r in rows])
    assert grid.headers == ("工作任务", "工作任务", "具体要求", "具体要求", "责任科室", "完成时限")
    body = [list(r.cells) for r in grid.rows]
    plan = guess_columns(grid.headers, body, spanned=grid.spanned)
    assert plan.roles == ("section", "section", "label", "task", "lead", "deadline")


def test_two_row_header_from_word() -> None:
    rows = [
        (("序号", "工作任务", "责任单位", "", "完成时限"), ("", "", "", "left", "")),
        (("", "", "牵头单位", "配合单位", ""), ("up", "up", "", "", "up")),
        (("1", TASKS[0], "市财政局", "各县市区人民政府", "年底前"), ("",) * 5),
        (("2", TASKS[1], "市发展改革委", "", "持续推进"), ("",) * 5),
    ]
    grid = build_grid([Block("row", "", cells=c, merged=m, table=0) for c, m in rows])
    assert grid.headers[2:4] == ("责任单位 › 牵头单位", "责任单位 › 配合单位")
    plan = guess_columns(grid.headers, [list(r.cells) for r in grid.rows])
    assert plan.roles == ("label", "task", "lead", "co", "deadline")


# --- property: shuffled columns, synonyms it may never have seen ------------------------------

_KINDS: dict[str, tuple[ColumnRole, list[str], list[str]]] = {
    "label": ("label", ["序号", "编号", "序", "项次"], []),
    "task": ("task", ["具体要求", "细化分工", "具体内容", "工作措施", "主要工作任务", "重点任务"], TASKS),
    "lead": ("lead", ["责任科室", "责任处室", "责任部门", "责任股室", "责任单位", "承办单位"], UNITS),
    "deadline": ("deadline", ["时限要求", "完成时限", "完成时间", "时间节点", "进度安排"], DEADLINES),
    "people": ("ignore", ["分管领导", "责任领导", "分管县领导", "责任人"], PEOPLE),
    "remarks": ("ignore", ["落实情况", "备注", "进展情况", "完成情况"], REMARKS),
}


def _column(kind: str, rows: int, rnd: random.Random) -> list[str]:
    if kind == "label":
        return [str(i + 1) for i in range(rows)]
    pool = _KINDS[kind][2]
    return [pool[(i + rnd.randrange(len(pool))) % len(pool)] for i in range(rows)]


@settings(max_examples=150, deadline=None)
@given(
    order=st.permutations(["label", "task", "lead", "deadline", "people", "remarks"]),
    seed=st.integers(0, 10_000),
    rows=st.integers(3, 9),
    blank_headers=st.booleans(),
)
def test_roles_survive_shuffled_columns_and_header_synonyms(
    order: list[str], seed: int, rows: int, blank_headers: bool
) -> None:
    rnd = random.Random(seed)
    kinds = [k for k in order if not (blank_headers and k in ("people", "remarks"))]
    headers = [("" if blank_headers else rnd.choice(_KINDS[k][1])) for k in kinds]
    columns = [_column(k, rows, rnd) for k in kinds]
    body = [[col[r] for col in columns] for r in range(rows)]
    got = guess_columns(headers, body).roles
    want = tuple(_KINDS[k][0] for k in kinds)
    if blank_headers and "task" not in want:
        return
    assert got == want, (headers, body[0])


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), rows=st.integers(3, 8))
def test_a_short_category_column_left_of_the_task_is_a_section(seed: int, rows: int) -> None:
    rnd = random.Random(seed)
    headers = [rnd.choice(["工作任务", "重点工作", "主要任务", "类别"]), rnd.choice(["具体要求", "细化分工"])]
    headers.append(rnd.choice(["责任科室", "责任单位"]))
    body = [[rnd.choice(CATEGORIES), rnd.choice(TASKS), rnd.choice(UNITS)] for _ in range(rows)]
    assert guess_columns(headers, body).roles == ("section", "task", "lead")


def test_naming_another_task_column_demotes_the_guessed_one() -> None:
    body = [[str(i + 1), CATEGORIES[i % 5], TASKS[i], UNITS[i]] for i in range(6)]
    headers = ["序号", "类别", "具体事项", "承担科室"]
    assert guess_columns(headers, body).roles == ("label", "section", "task", "lead")
    chosen = guess_columns(headers, body, overrides={"类别": "task"})
    assert chosen.roles == ("label", "task", "ignore", "lead") and chosen.usable
    chosen = guess_columns(headers, body, overrides={"序号": "task"})
    assert chosen.roles == ("task", "ignore", "ignore", "lead")
