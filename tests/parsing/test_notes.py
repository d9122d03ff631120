"""parse_note, find_notes, is_note_paragraph and units_from_cells, rule by rule."""

from __future__ import annotations

import itertools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gkdesk.parsing.notes import (
    Note,
    find_notes,
    is_note_paragraph,
    merge_notes,
    parse_note,
    units_from_cells,
)
from gkdesk.records import NoteUnits

YZ_CO = ("市直相关单位", "各县市区人民政府", "管理区管委会", "经开区管委会")


def units(lead: tuple[str, ...] = (), co: tuple[str, ...] = ()) -> NoteUnits:
    return NoteUnits(lead, co)


# --- parse_note -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        (
            "市发改委牵头,市直相关单位和各县市区人民政府、管理区、经开区管委会按职责分工负责",
            units(("市发改委",), YZ_CO),
        ),
        (
            "市发改委、市市场监管局牵头，市直相关单位和各县市区人民政府按职责分工负责",
            units(("市发改委", "市市场监管局"), ("市直相关单位", "各县市区人民政府")),
        ),
        ("由市财政局牵头，市直各部门配合", units(("市财政局",), ("市直各部门",))),
        ("市政府办公室牵头，市直各单位配合", units(("市政府办公室",), ("市直各单位",))),
        ("市发改委负责，市财政局配合", units(("市发改委",), ("市财政局",))),
        ("市发改委牵头；市财政局、市统计局配合", units(("市发改委",), ("市财政局", "市统计局"))),
        ("省经信委牵头落实", units(("省经信委",))),
        ("省扶贫开发办、省财政厅牵头落实", units(("省扶贫开发办", "省财政厅"))),
        ("省发展改革委、省财政厅按职责分工分别牵头落实", units(("省发展改革委", "省财政厅"))),
        ("市发改委为牵头单位，市财政局为配合单位", units(("市发改委",), ("市财政局",))),
    ],
)
def test_verb_notes(note: str, expected: NoteUnits) -> None:
    assert parse_note(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("市直相关单位,各县市区人民政府、管理区、经开区管委会按职责分工负责", units(YZ_CO)),
        ("市直相关单位和各县市区人民政府、管理区、经开区管委会按职责分工负责", units(YZ_CO)),
        ("各市、县人民政府，省直各部门负责落实", units(("各市人民政府", "各县人民政府", "省直各部门"))),
        ("各市、县人民政府负责落实", units(("各市人民政府", "各县人民政府"))),
        ("市发改委、市财政局分别负责", units(("市发改委", "市财政局"))),
        ("责任单位：市发改委、市财政局", units(("市发改委", "市财政局"))),
        ("责任主体:各市州政府和兰州新区管委会", units(("各市州政府", "兰州新区管委会"))),
        ("市发改委、市财政局", units(("市发改委", "市财政局"))),
    ],
)
def test_no_qiantou_means_all_lead(note: str, expected: NoteUnits) -> None:
    assert parse_note(note) == expected


def test_an_jiaoze_qiantou_fuze_is_qiantou() -> None:
    assert parse_note("公共企事业单位相应主管部门按职责牵头负责") == units(("公共企事业单位相应主管部门",))


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        (
            "牵头单位:省审改办、省质监局、省政府办公厅;责任主体:各市州政府和兰州新区管委会,省直部门单位",
            units(("省审改办", "省质监局", "省政府办公厅"), ("各市州政府", "兰州新区管委会", "省直部门单位")),
        ),
        (
            "牵头单位:省政府办公厅、省审改办;配合单位:省政府法制办;责任主体:各市州政府和兰州新区管委会,省直部门单位",
            units(
                ("省政府办公厅", "省审改办"),
                ("省政府法制办", "各市州政府", "兰州新区管委会", "省直部门单位"),
            ),
        ),
        ("牵头单位：市政府办公室；配合单位：市直各单位", units(("市政府办公室",), ("市直各单位",))),
        ("牵头单位:市发改委,配合单位:市财政局", units(("市发改委",), ("市财政局",))),
        ("牵头单位：市发改委 配合单位：市财政局", units(("市发改委",), ("市财政局",))),
        ("牵头：市发改委；配合：市财政局", units(("市发改委",), ("市财政局",))),
        ("牵头单位：市发改委；责任单位：各县市区人民政府", units(("市发改委",), ("各县市区人民政府",))),
        (
            "牵头单位：市发改委；配合单位：市财政局；完成时限：2021年12月底前",
            units(("市发改委",), ("市财政局",)),
        ),
        ("责任领导：张三；责任单位：市发改委", units(("市发改委",))),
    ],
)
def test_labelled_notes(note: str, expected: NoteUnits) -> None:
    assert parse_note(note) == expected


def test_unlabelled_part_after_semicolon_is_co() -> None:
    assert parse_note("牵头单位:县政府各部门;各镇政府、街道办事处、园(区)管委会") == units(
        ("县政府各部门",), ("各镇政府", "街道办事处", "园(区)管委会")
    )
    assert parse_note("牵头单位:县智慧城市建设管理中心,县政府各部门;各镇政府、街道办事处") == units(
        ("县智慧城市建设管理中心", "县政府各部门"), ("各镇政府", "街道办事处")
    )


def test_qiantou_list_without_semicolon_is_all_lead() -> None:
    assert parse_note("牵头单位:县政府有关部门,各镇政府、街道办事处、园(区)管委会") == units(
        ("县政府有关部门", "各镇政府", "街道办事处", "园(区)管委会")
    )


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("主办：市财政局；协办：市审计局", units(("市财政局",), ("市审计局",))),
        ("市民政局主办，市财政局协办", units(("市民政局",), ("市财政局",))),
        ("市发改委牵头，各县市区人民政府参与", units(("市发改委",), ("各县市区人民政府",))),
        ("参与单位：市财政局", units((), ("市财政局",))),
        ("市财政局会同市发改委负责", units(("市财政局",), ("市发改委",))),
        ("市财政局会同市发改委、市统计局", units(("市财政局",), ("市发改委", "市统计局"))),
        ("责任单位：市发改委（牵头）、市财政局", units(("市发改委",), ("市财政局",))),
    ],
)
def test_other_roles(note: str, expected: NoteUnits) -> None:
    assert parse_note(note) == expected


def test_names_inside_units_are_not_verbs() -> None:
    # 政协办公室 is not 协办; 负责人 is not 负责
    assert parse_note("牵头单位:县人大常委会办公室、县政府办公室、县政协办公室") == units(
        ("县人大常委会办公室", "县政府办公室", "县政协办公室")
    )


def test_parse_note_full_width_and_parentheses() -> None:
    assert parse_note("（牵头单位：县编办；县政府各部门）") == units(("县编办",), ("县政府各部门",))
    assert parse_note("(市发改委牵头") == units(("市发改委",))


def test_order_and_duplicates() -> None:
    got = parse_note("市发改委、市财政局牵头，市财政局、市审计局、市发改委配合，市审计局负责")
    assert got == units(("市发改委", "市财政局"), ("市审计局",))


def test_trailing_words_are_not_units() -> None:
    assert parse_note("市发改委牵头，市直相关单位按职责分工负责，2021年12月底前完成") == units(
        ("市发改委",), ("市直相关单位",)
    )
    assert parse_note("市发改委牵头，确保按时完成") == units(("市发改委",))
    assert parse_note("市发改委、市财政局等按职责分工负责") == units(("市发改委", "市财政局"))


def test_empty_note() -> None:
    assert parse_note("") == NoteUnits()
    assert parse_note("   ") == NoteUnits()
    assert parse_note("按职责分工负责").empty


# --- find_notes -----------------------------------------------------------------------------


def test_parenthesized_note_at_end() -> None:
    text = (
        "做好财政信息公开。稳步扩大预决算公开范围。"
        "(市财政局牵头,市直相关单位和各县市区人民政府、管理区、经开区管委会按职责分工负责)"
    )
    notes = find_notes(text)
    assert len(notes) == 1
    note = notes[0]
    assert isinstance(note, Note)
    assert text[note.start : note.end] == note.text
    assert note.text.startswith("(市财政局") and note.end == len(text)
    assert note.units == units(("市财政局",), YZ_CO)


def test_full_width_parentheses_and_nested_names() -> None:
    text = (
        "建立规范性文件公开机制。"
        "（牵头单位：县政府办公室、县政府各部门；各镇政府、街道办事处、园（区）管委会）"
    )
    (note,) = find_notes(text)
    assert note.units == units(("县政府办公室", "县政府各部门"), ("各镇政府", "街道办事处", "园（区）管委会"))


@pytest.mark.parametrize(
    "text",
    [
        "深化公开十件民生实事:(1)改造县以上城镇老旧小区348个;(2)改造农村户用卫生厕所2万户。",
        "认真执行《临朐县重大行政决策程序规定(试行)》,把公众参与作为必要条件。",
        "推动补贴信息公开向村(社区)延伸。",
        "落实《意见》（中办发〔2016〕8号，以下简称《意见》）精神。",
        "按照“五统一”(统一标识标牌、统一公开内容、统一载体配置)要求,建立线下政务公开专区。",
        "市、县(市区)人民政府办公室(管理区、经开区管委会)履行政务公开工作主管部门的法定职责。",
        "实施政府和社会资本合作（PPP）项目。",
        "各级政府办公厅（室）作为第一责任主体，要做好网站监督管理工作。",
        "(一)做好“三高四新”战略实施信息公开。",
        "（市直有关单位负责人参加）",
    ],
)
def test_ordinary_parentheticals_are_not_notes(text: str) -> None:
    assert find_notes(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "各地区各部门要高度重视，主要负责同志要亲自抓，负责推进落实。",
        "各级政府要在党委统一领导下，牵头做好政务公开工作，主要负责人亲自抓。",
        "省政府办公厅牵头统筹推进、监督协调全省“互联网+政务服务”工作。",
        "省政府各部门牵头负责指导本系统、本行业做好政务服务事项清单的规范完善工作。",
        "牵头单位要加强协调指导，牵头抓好任务落实；配合单位要承担起具体任务。",
        "各市州政府和兰州新区管委会要根据本工作方案，抓紧制定本地区的实施方案，认真抓好落实。",
        "强化责任落实。",
    ],
)
def test_prose_is_not_a_note(text: str) -> None:
    assert find_notes(text) == []


def test_unparenthesized_note_sentences() -> None:
    text = "做好去产能信息公开。省发展改革委、省财政厅按职责分工分别牵头落实。"
    (note,) = find_notes(text)
    assert note.text == "省发展改革委、省财政厅按职责分工分别牵头落实"
    assert note.units == units(("省发展改革委", "省财政厅"))
    text = "做好政府公报工作。各市、县人民政府，省直各部门负责落实。"
    (note,) = find_notes(text)
    assert note.units == units(("各市人民政府", "各县人民政府", "省直各部门"))


def test_note_clause_after_a_comma() -> None:
    (note,) = find_notes("做好公开工作，省财政厅牵头落实。")
    assert note.text == "省财政厅牵头落实"


def test_labelled_note_sentence() -> None:
    (note,) = find_notes("做好公开工作。牵头单位：县编办；配合单位：县财政局。")
    assert note.units == units(("县编办",), ("县财政局",))


def test_several_notes_in_one_task() -> None:
    text = (
        "（三）强化预期引导。按月公开全省财政收支情况。（省发展改革委、省财政厅按职责分工分别牵头落实）"
        "及时组织召开新闻发布会。（省统计局牵头落实）做好跟踪审计结果公开。（省审计厅、省财政厅牵头落实）"
    )
    notes = find_notes(text)
    assert [n.units.lead for n in notes] == [
        ("省发展改革委", "省财政厅"),
        ("省统计局",),
        ("省审计厅", "省财政厅"),
    ]
    assert merge_notes(text) == units(("省发展改革委", "省财政厅", "省统计局", "省审计厅"))


def test_notes_in_text_order_with_sentence_and_parenthesis() -> None:
    text = "做好甲。市财政局牵头落实。做好乙。（市审计局牵头落实）"
    assert [n.units.lead for n in find_notes(text)] == [("市财政局",), ("市审计局",)]


def test_bare_unit_list_only_at_the_end() -> None:
    assert find_notes("做好预算公开。（市财政局、市审计局）")[0].units == units(("市财政局", "市审计局"))
    assert find_notes("由(市财政局、市审计局)做好预算公开。") == []


def test_unclosed_note_runs_to_end() -> None:
    (note,) = find_notes("做好公开。(市发改委牵头,市财政局配合")
    assert note.units == units(("市发改委",), ("市财政局",))


def test_square_brackets() -> None:
    (note,) = find_notes("做好公开。【牵头单位：市发改委】")
    assert note.units == units(("市发改委",))


def test_is_note_paragraph() -> None:
    assert is_note_paragraph("(牵头单位:县政府办公室,县政府各部门;各镇政府、街道办事处、园(区)管委会)")
    assert is_note_paragraph("（各市、县人民政府，省直各部门负责落实）")
    assert is_note_paragraph("省发展改革委、省财政厅按职责分工分别牵头落实。")
    assert is_note_paragraph("责任单位：市发改委")
    assert not is_note_paragraph("各级党委、政府要高度重视政务公开工作。（牵头单位:县政府办公室）")
    assert not is_note_paragraph("(一)加强组织领导")
    assert not is_note_paragraph("")


# --- units_from_cells -----------------------------------------------------------------------


def test_cells_plain() -> None:
    assert units_from_cells("市发改委", "市直相关单位和各县市区人民政府、管理区、经开区管委会") == units(
        ("市发改委",), YZ_CO
    )
    assert units_from_cells("市直相关单位,各县市区人民政府、管理区、经开区管委会", "") == units(YZ_CO)
    assert units_from_cells("县卫计局", None) == units(("县卫计局",))
    assert units_from_cells("", "") == NoteUnits()
    assert units_from_cells(None, None, None) == NoteUnits()


def test_lead_cell_with_towns_is_all_lead() -> None:
    got = units_from_cells("县政府各部门,各镇政府、街道办事处、园(区)管委会", "")
    assert got == units(("县政府各部门", "各镇政府", "街道办事处", "园(区)管委会"))


def test_cells_with_line_breaks_and_labels() -> None:
    assert units_from_cells("县编办\n县财政局", "配合单位：县审计局") == units(
        ("县编办", "县财政局"), ("县审计局",)
    )
    assert units_from_cells("市发改委（牵头）、市财政局", "") == units(("市发改委", "市财政局"))
    assert units_from_cells("牵头单位：市发改委；配合单位：市财政局", "") == units(
        ("市发改委",), ("市财政局",)
    )


def test_co_cell_does_not_repeat_lead() -> None:
    assert units_from_cells("市发改委", "市发改委、市财政局") == units(("市发改委",), ("市财政局",))


def test_responsible_cell() -> None:
    assert units_from_cells(None, None, "市发改委、市财政局") == units(("市发改委", "市财政局"))
    assert units_from_cells(None, None, "市发改委牵头，市财政局配合") == units(("市发改委",), ("市财政局",))
    assert units_from_cells("市发改委", None, "市财政局") == units(("市发改委",), ("市财政局",))
    assert units_from_cells(None, "市审计局", "市财政局") == units(("市财政局",), ("市审计局",))


# --- robustness and speed -------------------------------------------------------------------

_NOTE_ALPHABET = list(
    "市县区各省直单位部门政府管委会局委办牵头负责配合落实按职责分工、，,;；:：()（）【】和及 \n。等会同由X1"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_NOTE_ALPHABET), max_size=80))
def test_never_raises_on_note_like_text(text: str) -> None:
    got = parse_note(text)
    assert not set(got.lead) & set(got.co)
    for note in find_notes(text):
        assert text[note.start : note.end] == note.text
        assert not note.units.empty
    is_note_paragraph(text)
    units_from_cells(text, text, text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_text(text: str) -> None:
    parse_note(text)
    find_notes(text)
    is_note_paragraph(text)
    units_from_cells(text, None, text)


def test_notes_are_ordered_and_disjoint() -> None:
    text = "甲。市财政局牵头落实。乙（市审计局牵头落实）丙。县编办负责。"
    notes = find_notes(text)
    assert all(a.end <= b.start for a, b in itertools.pairwise(notes))


def test_pathological_input_is_fast() -> None:
    for text in ("负责" * 2000 + "X", "市和" * 3000, "(" * 5000, "会同" * 3000, "局、" * 5000):
        t0 = time.perf_counter()
        find_notes(text)
        parse_note(text)
        assert time.perf_counter() - t0 < 0.5
