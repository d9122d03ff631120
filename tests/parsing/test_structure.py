"""Document structure: outline levels, which items are tasks, titles, tables, warnings."""

from __future__ import annotations

import pytest

from gkdesk.errors import NoTasksError
from gkdesk.parsing.deadlines import deadline_date
from gkdesk.parsing.plan import parse_blocks
from gkdesk.records import Block, ParsedPlan


def paras(text: str, **headings: int) -> list[Block]:
    return [Block("para", line, heading_level=headings.get(line, 0)) for line in text.strip().splitlines()]


def rows(*lines: str, table: int = 0) -> list[Block]:
    return [Block("row", line, tuple(line.split("|")), table=table) for line in lines]


def parse(blocks: list[Block]) -> ParsedPlan:
    return parse_blocks(blocks, "测试.docx")


def test_numbering_restarts_per_chapter_and_seq_runs_on() -> None:
    plan = parse(
        paras("""
某市2023年政务公开工作要点
一、甲
（一）做好甲一。内容。（市甲局牵头）
（二）做好甲二。内容。（市乙局牵头）
二、乙
（一）做好乙一。内容。（市丙局负责）
""")
    )
    assert [(t.seq, t.label, t.section, t.title) for t in plan.tasks] == [
        (1, "（一）", "一、甲", "做好甲一"),
        (2, "（二）", "一、甲", "做好甲二"),
        (3, "（一）", "二、乙", "做好乙一"),
    ]
    assert plan.year == 2023 and plan.layout == "paragraphs"


def test_general_requirements_are_not_tasks_and_numbering_may_run_on() -> None:
    plan = parse(
        paras("""
关于推进某项工作的指导意见
一、总体要求
（一）指导思想。以某某为指导。
（二）基本原则。
坚持问题导向。解决问题。
二、主要任务
（三）规范流程。要求如下。
（四）完善机制。要求如下。
三、保障措施
（五）加强组织领导。各地区要重视。
""")
    )
    assert [t.label for t in plan.tasks] == ["（三）", "（四）", "（五）"]
    assert plan.tasks[2].section == "三、保障措施"
    assert not any(w.kind == "numbering_gap" for w in plan.warnings)


def test_deepest_items_are_tasks_and_a_leaf_heading_takes_the_next_paragraph_note() -> None:
    plan = parse(
        paras("""
实施方案
一、推进公开
（一）推进决策公开
1.实行预公开制度。内容。（牵头单位:县政府办公室）
2.实行审查制度。内容。（牵头单位:县司法局;县政府各部门）
二、强化保障
（一）加强组织领导
各级要高度重视。（牵头单位:县政府办公室）
这一段是结尾，不属于任务。
""")
    )
    assert [(t.label, t.section, t.title) for t in plan.tasks] == [
        ("1.", "一、推进公开 / （一）推进决策公开", "实行预公开制度"),
        ("2.", "一、推进公开 / （一）推进决策公开", "实行审查制度"),
        ("（一）", "二、强化保障", "加强组织领导"),
    ]
    assert plan.tasks[1].lead == ("县司法局",) and plan.tasks[1].co == ("县政府各部门",)
    assert plan.tasks[2].lead == ("县政府办公室",)
    assert "结尾" not in plan.tasks[2].text


def test_task_continues_until_its_note_and_inline_lists_are_content() -> None:
    plan = parse(
        paras("""
某省2017年政务公开工作要点
一、平台
（一）强化网站建设。要做好（1）甲；（2）乙；（3）丙。
各地网站要转载信息。（各市、县人民政府，省直各部门负责落实）
此后的段落是结尾。
（二）做好政务服务。内容。（省政务办牵头落实）
""")
    )
    assert len(plan.tasks) == 2
    first = plan.tasks[0]
    assert first.lead == ("各市人民政府", "各县人民政府", "省直各部门")
    assert "转载" in first.text and "结尾" not in first.text


def test_wrapper_title_is_not_the_plan_title_and_year_comes_from_title() -> None:
    plan = parse(
        paras("""
某市人民政府办公室
关于印发《某市2022年政务公开工作要点》的通知
各县（市、区）人民政府，市直各单位：
现将《某市2022年政务公开工作要点》印发给你们，请认真贯彻执行。
某市人民政府办公室
2022年3月1日
某市2022年政务公开工作要点
一、重点
（一）做好公开。内容。（市政府办公室牵头）
（二）做好解读。内容。（市政府办公室牵头）
""")
    )
    assert plan.title == "某市2022年政务公开工作要点"
    assert plan.year == 2022


def test_title_over_two_lines_is_joined_and_year_from_document_number() -> None:
    plan = parse(
        paras("""
某省深入推进
“互联网+政务服务”工作方案
某政办发〔2019〕12号
为推进工作，制定本方案。
一、重点任务
（一）规范事项。内容。（牵头单位:省政务办）
（二）优化流程。内容。（牵头单位:省政务办）
""")
    )
    assert plan.title == "某省深入推进“互联网+政务服务”工作方案"
    assert plan.year == 2019


def test_unlabelled_word_headings_are_chapters() -> None:
    plan = parse(
        paras(
            """
某县2024年工作要点
重点任务
1.做好甲。内容。（县甲局牵头）
2.做好乙。内容。（县乙局牵头）
保障措施
1.加强领导。内容。（县政府办公室牵头）
""",
            重点任务=1,
            保障措施=1,
        )
    )
    assert [(t.label, t.section) for t in plan.tasks] == [
        ("1.", "重点任务"),
        ("2.", "重点任务"),
        ("1.", "保障措施"),
    ]


def test_table_columns_found_by_name_and_other_columns_ignored() -> None:
    blocks = paras("某市2021年任务分工表") + rows(
        "序号|重点任务|牵头单位|配合单位|完成时限|备注",
        "一、公开",
        "1|做好甲。内容。|市甲局|市乙局、丙局|2021年6月底前|无",
        "2|做好乙。内容。|市丙局和市丁局||",
        "二、解读",
        "3|做好丙。内容。|市政府办公室|市直相关单位和各县市区人民政府|长期坚持|",
    )
    plan = parse(blocks)
    assert plan.layout == "table"
    assert [(t.label, t.section, t.title, t.deadline) for t in plan.tasks] == [
        ("1", "一、公开", "做好甲", "2021年6月底前"),
        ("2", "一、公开", "做好乙", None),
        ("3", "二、解读", "做好丙", "长期坚持"),
    ]
    assert plan.tasks[0].co == ("市乙局", "丙局")
    assert plan.tasks[1].lead == ("市丙局", "市丁局")
    assert plan.tasks[2].co == ("市直相关单位", "各县市区人民政府")
    assert plan.tasks[0].deadline_date == "2021-06-30"


def test_responsibility_column_alone_gives_leads() -> None:
    blocks = rows("序号|工作任务|责任单位", "1|做好甲。|县甲局、县乙局", "2|做好乙。|县丙局牵头，县丁局配合")
    plan = parse(blocks)
    assert plan.tasks[0].lead == ("县甲局", "县乙局")
    assert plan.tasks[1].lead == ("县丙局",) and plan.tasks[1].co == ("县丁局",)


def test_body_then_annex_table_is_mixed_and_tasks_come_from_the_table() -> None:
    body = paras("""
某县2020年政务公开工作实施方案
一、总体要求
按照上级要求，结合实际，制定本方案。
二、工作任务
各部门要按照分工抓好落实，详见附件。
附件：任务分工表
""")
    plan = parse(body + rows("序号|工作任务|牵头单位", "1|做好甲。|县甲局", "2|做好乙。|县乙局"))
    assert plan.layout == "mixed"
    assert [t.title for t in plan.tasks] == ["做好甲", "做好乙"]
    assert plan.title == "某县2020年政务公开工作实施方案"


def test_warnings_for_gaps_and_missing_units() -> None:
    plan = parse(
        paras("""
某市2021年要点
一、甲
（一）做好一。内容。（市甲局牵头）
（三）做好三。内容。
""")
    )
    kinds = [(w.seq, w.kind) for w in plan.warnings]
    assert (2, "numbering_gap") in kinds and (2, "no_units") in kinds
    assert (1, "no_units") not in kinds


def test_news_text_sections_and_heading_sentences() -> None:
    plan = parse(
        paras("""
某省发布2020年政务公开要点
日前，某省政府发布要点。总体要求是推进公开，这是导语。
拓展公开广度：
公开惠企政策清单
聚焦中心工作加强信息公开。推进多渠道公开重大决策部署进展及落实情况。
推进决策公开，各级政府要严格落实重大行政决策程序规定，扩大公众参与。
""")
    )
    assert [(t.section, t.title) for t in plan.tasks] == [
        ("拓展公开广度", "聚焦中心工作加强信息公开"),
        ("拓展公开广度", "推进决策公开"),
    ]


@pytest.mark.parametrize("text", ["", "今天天气很好。\n我们去散步。", "一、只有标题"])
def test_no_tasks_is_a_user_error(text: str) -> None:
    with pytest.raises(NoTasksError) as exc:
        parse(paras(text) if text else [])
    assert "测试.docx" in exc.value.message


@pytest.mark.parametrize(
    ("text", "year", "want"),
    [
        ("2021年12月底前", None, "2021-12-31"),
        ("2021年6月30日前", None, "2021-06-30"),
        ("2022年第二季度", None, "2022-06-30"),
        ("2021年底前", None, "2021-12-31"),
        ("9月底前", 2023, "2023-09-30"),
        ("长期坚持", 2021, None),
        ("每季度", 2021, None),
        ("2021年2月30日", None, None),
    ],
)
def test_deadline_dates(text: str, year: int | None, want: str | None) -> None:
    got = deadline_date(text, year)
    assert (got.isoformat() if got else None) == want


def test_part_chapters_and_general_part_excluded() -> None:
    plan = parse(
        paras("""
某省2024年政务公开工作要点
第一部分 总体要求
以某某思想为指导。
第二部分 重点任务
一、加强决策公开
（一）做好预公开。内容。（省司法厅牵头）
（二）做好解读。内容。（省政府办公厅牵头，省直各部门配合）
""")
    )
    assert [(t.label, t.title) for t in plan.tasks] == [("（一）", "做好预公开"), ("（二）", "做好解读")]
    assert plan.tasks[0].section.startswith("第二部分")


def test_two_row_header_and_a_chapter_row_repeated_in_every_cell() -> None:
    blocks = paras("某市2022年任务分工") + rows(
        "序号|重点任务|责任单位|责任单位|完成时限",
        "序号|重点任务|牵头单位|配合单位|完成时限",
        "一、决策公开|一、决策公开|一、决策公开|一、决策公开|一、决策公开",
        "1|做好预公开。内容。|市司法局|各县市区人民政府|2022年6月底前",
    )
    plan = parse(blocks)
    assert [(t.label, t.section, t.lead, t.co) for t in plan.tasks] == [
        ("1", "一、决策公开", ("市司法局",), ("各县市区人民政府",))
    ]


def test_notes_in_their_own_labelled_paragraph() -> None:
    plan = parse(
        paras("""
某县2023年政务公开工作要点
一、重点工作
1.推进决策公开。严格落实重大行政决策程序。
责任单位：县司法局、县政府办公室
2.推进执行公开。做好督查。
牵头单位：县政府督查室；配合单位：县直各部门
""")
    )
    assert [(t.lead, t.co) for t in plan.tasks] == [
        (("县司法局", "县政府办公室"), ()),
        (("县政府督查室",), ("县直各部门",)),
    ]


def test_item_numbers_glued_to_a_year_are_labels() -> None:
    plan = parse(
        paras("""
某县2020年政务公开工作方案
一、工作任务
1.2020年9月底前，完成政务公开事项目录编制。（县政府办公室牵头）
2.2021年底前，建成统一规范的政务公开标准体系。（县政府办公室牵头）
3.5万元以下的项目按程序公开。（县财政局负责）
""")
    )
    # "3.5万元" is an amount, not item 3: that paragraph stays part of item 2
    assert [(t.label, t.title[:8]) for t in plan.tasks] == [("1.", "2020年9月底"), ("2.", "2021年底前，")]
    assert plan.tasks[1].lead == ("县政府办公室",)


def test_a_chapter_that_names_its_lead_unit_gives_it_to_items_without_notes() -> None:
    plan = parse(
        paras("""
某县2025年重点工作任务
一、县示范区管委会牵头工作（2项）
1.建设食用菌生产基地。
2.建设劳动密集型产业园。（县工信局负责）
二、王五副县长牵头重点工作
3.推进城区改造。
""")
    )
    # a person's name leads nobody; a task with its own note keeps it
    assert [t.lead for t in plan.tasks] == [("县示范区管委会",), ("县工信局",), ()]


def test_notes_name_who_does_what_after_you() -> None:
    plan = parse(
        paras("""
民政部2021年政务公开工作要点
一、深化公开
1.规范公开部门规章和规范性文件。〔规章由政策法规司牵头、规范性文件由制发司（局）牵头，办公厅配合〕
2.主动公开民政事业发展规划。（规划财务司、养老服务司按职责分工负责）
""")
    )
    assert [(t.lead, t.co) for t in plan.tasks] == [
        (("政策法规司", "制发司（局）"), ("办公厅",)),
        (("规划财务司", "养老服务司"), ()),
    ]
