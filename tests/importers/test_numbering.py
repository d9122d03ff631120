"""Word automatic numbering: parsing numbering.xml, counting like Word, and number formats."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gkdesk.importers.numbering import Numbering, NumberingState, format_number

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def lvl(ilvl: int, fmt: str, text: str, start: int | None = 1, extra: str = "") -> str:
    start_el = f'<w:start w:val="{start}"/>' if start is not None else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}">{start_el}<w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def numbering(*parts: str) -> bytes:
    return f"<w:numbering {W}>{''.join(parts)}</w:numbering>".encode()


def num(num_id: int, abstract_id: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


PLAN_LIST = numbering(
    '<w:abstractNum w:abstractNumId="0">',
    lvl(0, "chineseCounting", "(%1)"),
    lvl(1, "decimal", "%2."),
    lvl(2, "decimal", "%1.%2.%3"),
    "</w:abstractNum>",
    num(1, 0),
    num(2, 0),
    num(3, 0, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'),
)


def labels(state: NumberingState, calls: list[tuple[int, int]]) -> list[str]:
    return [state.next_label(num_id, ilvl) for num_id, ilvl in calls]


def test_two_level_plan_labels_restart_the_deeper_level() -> None:
    state = NumberingState(Numbering.from_xml(PLAN_LIST))
    got = labels(state, [(1, 0), (1, 1), (1, 1), (1, 0), (1, 1), (1, 2)])
    assert got == ["(一)", "1.", "2.", "(二)", "1.", "二.1.1"]


def test_nums_of_one_abstract_share_counters() -> None:
    state = NumberingState(Numbering.from_xml(PLAN_LIST))
    assert labels(state, [(1, 0), (1, 0), (2, 0), (1, 0)]) == ["(一)", "(二)", "(三)", "(四)"]


def test_start_override_restarts_on_first_use_only() -> None:
    state = NumberingState(Numbering.from_xml(PLAN_LIST))
    got = labels(state, [(1, 0), (1, 0), (3, 0), (3, 0), (1, 0), (3, 0)])
    assert got == ["(一)", "(二)", "(一)", "(二)", "(三)", "(四)"]


def test_start_override_value_is_used() -> None:
    xml = numbering(
        '<w:abstractNum w:abstractNumId="0">',
        lvl(0, "decimal", "%1、"),
        "</w:abstractNum>",
        num(1, 0, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>'),
    )
    state = NumberingState(Numbering.from_xml(xml))
    assert labels(state, [(1, 0), (1, 0)]) == ["5、", "6、"]


def test_level_override_replaces_the_format_for_that_num_only() -> None:
    xml = numbering(
        '<w:abstractNum w:abstractNumId="0">',
        lvl(0, "decimal", "%1."),
        "</w:abstractNum>",
        num(1, 0),
        num(2, 0, f'<w:lvlOverride w:ilvl="0">{lvl(0, "upperRoman", "%1)")}</w:lvlOverride>'),
    )
    state = NumberingState(Numbering.from_xml(xml))
    assert labels(state, [(1, 0), (2, 0), (1, 0)]) == ["1.", "II)", "3."]


def test_lvl_restart_zero_never_restarts_and_n_restarts_after_level_n() -> None:
    xml = numbering(
        '<w:abstractNum w:abstractNumId="0">',
        lvl(0, "decimal", "%1"),
        lvl(1, "decimal", "%2)", extra='<w:lvlRestart w:val="0"/>'),
        lvl(2, "lowerLetter", "%3", extra='<w:lvlRestart w:val="1"/>'),
        "</w:abstractNum>",
        num(1, 0),
    )
    state = NumberingState(Numbering.from_xml(xml))
    got = labels(state, [(1, 0), (1, 1), (1, 2), (1, 2), (1, 1), (1, 2), (1, 0), (1, 1), (1, 2)])
    # Level 2 restarts only when level 0 is used; level 1 never restarts.
    assert got == ["1", "1)", "a", "b", "2)", "c", "2", "3)", "a"]


def test_is_lgl_writes_every_level_in_decimal() -> None:
    xml = numbering(
        '<w:abstractNum w:abstractNumId="0">',
        lvl(0, "chineseCounting", "%1、"),
        lvl(1, "upperRoman", "%1.%2", extra="<w:isLgl/>"),
        "</w:abstractNum>",
        num(1, 0),
    )
    state = NumberingState(Numbering.from_xml(xml))
    assert labels(state, [(1, 0), (1, 0), (1, 1), (1, 1)]) == ["一、", "二、", "2.1", "2.2"]


def test_unused_upper_level_shows_its_start_value() -> None:
    state = NumberingState(Numbering.from_xml(PLAN_LIST))
    assert state.next_label(1, 2) == "一.1.1"


def test_missing_start_counts_from_zero_like_word() -> None:
    xml = numbering(
        '<w:abstractNum w:abstractNumId="0">', lvl(0, "decimal", "%1.", start=None), "</w:abstractNum>"
    )
    xml = xml.replace(b"</w:numbering>", num(1, 0).encode() + b"</w:numbering>")
    state = NumberingState(Numbering.from_xml(xml))
    assert labels(state, [(1, 0), (1, 0)]) == ["0.", "1."]


def test_num_style_link_uses_the_linked_definition_and_its_counters() -> None:
    xml = numbering(
        '<w:abstractNum w:abstractNumId="0"><w:styleLink w:val="PlanList"/>',
        lvl(0, "chineseCounting", "%1、"),
        "</w:abstractNum>",
        '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="PlanList"/></w:abstractNum>',
        num(1, 0),
        num(2, 1),
    )
    state = NumberingState(Numbering.from_xml(xml))
    assert labels(state, [(2, 0), (1, 0), (2, 0)]) == ["一、", "二、", "三、"]


def test_num_style_link_through_the_style_num_id() -> None:
    xml = numbering(
        '<w:abstractNum w:abstractNumId="0">',
        lvl(0, "decimal", "第%1条"),
        "</w:abstractNum>",
        '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="PlanList"/></w:abstractNum>',
        num(7, 0),
        num(8, 1),
    )
    state = NumberingState(Numbering.from_xml(xml, {"PlanList": 7}))
    assert labels(state, [(8, 0), (8, 0)]) == ["第1条", "第2条"]


def test_bullets_none_unknown_nums_and_levels_give_no_label() -> None:
    xml = numbering(
        '<w:abstractNum w:abstractNumId="0">',
        lvl(0, "bullet", "\uf0b7"),
        lvl(1, "none", ""),
        "</w:abstractNum>",
        num(1, 0),
    )
    state = NumberingState(Numbering.from_xml(xml))
    assert labels(state, [(1, 0), (1, 1), (1, 4), (99, 0), (1, 12), (1, -1)]) == [""] * 6


def test_empty_or_missing_part_has_no_lists() -> None:
    assert NumberingState(Numbering.from_xml(None)).next_label(1, 0) == ""
    assert NumberingState(Numbering.from_xml(b"")).next_label(1, 0) == ""


def test_level_for_style() -> None:
    xml = numbering(
        '<w:abstractNum w:abstractNumId="0">',
        lvl(0, "chineseCounting", "%1、", extra='<w:pStyle w:val="Heading1"/>'),
        lvl(1, "chineseCounting", "(%2)", extra='<w:pStyle w:val="Heading2"/>'),
        "</w:abstractNum>",
        num(1, 0),
    )
    numbering_ = Numbering.from_xml(xml)
    assert numbering_.level_for_style(1, "Heading2") == 1
    assert numbering_.level_for_style(1, "Normal") is None
    assert numbering_.level_for_style(5, "Heading2") is None


def test_word_2010_alternate_content_number_format_uses_the_fallback() -> None:
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    level = (
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent {mc}>'
        '<mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="01, 02, 03, ..."/></mc:Choice>'
        '<mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent>'
        '<w:lvlText w:val="%1."/></w:lvl>'
    )
    xml = numbering(f'<w:abstractNum w:abstractNumId="0">{level}</w:abstractNum>', num(1, 0))
    assert NumberingState(Numbering.from_xml(xml)).next_label(1, 0) == "01."


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (21, "二十一"),
     (99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十"), (1005, "一千零五"),
     (10000, "一万"), (10010, "一万零一十")],
)  # fmt: skip
def test_chinese_counting(value: int, expected: str) -> None:
    assert format_number(value, "chineseCounting") == expected
    assert format_number(value, "chineseCountingThousand") == expected


@pytest.mark.parametrize(
    ("fmt", "value", "expected"),
    [
        ("decimal", 7, "7"),
        ("decimalZero", 7, "07"),
        ("decimalZero", 12, "12"),
        ("decimalFullWidth", 12, "１２"),
        ("decimalHalfWidth", 12, "12"),
        ("decimalEnclosedCircle", 1, "①"),
        ("decimalEnclosedCircle", 20, "⑳"),
        ("decimalEnclosedCircle", 21, "21"),
        ("decimalEnclosedParen", 3, "⑶"),
        ("decimalEnclosedFullstop", 3, "⒊"),
        ("upperLetter", 1, "A"),
        ("upperLetter", 27, "AA"),
        ("lowerLetter", 28, "bb"),
        ("upperLetter", 781, "781"),
        ("upperRoman", 14, "XIV"),
        ("lowerRoman", 1999, "mcmxcix"),
        ("chineseLegalSimplified", 3, "叁"),
        ("chineseLegalSimplified", 11, "壹拾壹"),
        ("chineseLegalSimplified", 105, "壹佰零伍"),
        ("ideographTraditional", 1, "甲"),
        ("ideographTraditional", 10, "癸"),
        ("ideographZodiac", 12, "亥"),
        ("ideographZodiacTraditional", 11, "甲戌"),
        ("ideographDigital", 105, "一〇五"),
        ("japaneseCounting", 111, "百十一"),
        ("japaneseCounting", 2021, "二千二十一"),
        ("taiwaneseCounting", 21, "二十一"),
        ("ideographEnclosedCircle", 2, "㊁"),
        ("ordinal", 22, "22nd"),
        ("bullet", 3, ""),
        ("none", 3, ""),
        ("someFutureFormat", 3, "3"),
    ],
)
def test_formats(fmt: str, value: int, expected: str) -> None:
    assert format_number(value, fmt) == expected


def parse_chinese(text: str) -> int:
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    units = {"十": 10, "百": 100, "千": 1000}
    total = section = number = 0
    for ch in text:
        if ch in digits:
            number = digits[ch]
        elif ch in units:
            section += (number or 1) * units[ch]
            number = 0
        elif ch == "万":
            total += (section + number) * 10_000
            section = number = 0
        elif ch == "亿":
            total = (total + section + number) * 100_000_000
            section = number = 0
        else:
            raise ValueError(ch)
    return total + section + number


@given(st.integers(min_value=1, max_value=999_999_999_999))
def test_chinese_counting_reads_back(value: int) -> None:
    text = format_number(value, "chineseCounting")
    assert parse_chinese(text) == value
    assert "零零" not in text
    assert not text.endswith("零")
    assert text.startswith("十") == (10 <= value < 20)


@given(st.integers(min_value=-5, max_value=10**13), st.sampled_from(sorted(
    ["decimal", "decimalZero", "decimalFullWidth", "decimalEnclosedCircle", "decimalEnclosedParen",
     "upperLetter", "lowerLetter", "upperRoman", "lowerRoman", "chineseCounting", "chineseCountingThousand",
     "chineseLegalSimplified", "ideographTraditional", "ideographZodiac", "japaneseCounting",
     "taiwaneseCounting", "ideographDigital", "bullet", "none", "unknown"])))  # fmt: skip
def test_every_format_renders_any_counter(value: int, fmt: str) -> None:
    assert isinstance(format_number(value, fmt), str)
