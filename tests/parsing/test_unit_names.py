"""split_units: separators, 和 between whole names, parentheses, shared suffix and 各."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gkdesk.parsing.unit_names import ends_like_organ, is_bare_area, is_unit_like, split_units


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市发改委、市财政局", ["市发改委", "市财政局"]),
        (
            "市发改委，市财政局；市商务局;市司法局,市卫健委",
            ["市发改委", "市财政局", "市商务局", "市司法局", "市卫健委"],
        ),
        ("县编办/县财政局", ["县编办", "县财政局"]),
        ("县编办\n县财政局", ["县编办", "县财政局"]),
        ("  市发改委、 、市财政局。 ", ["市发改委", "市财政局"]),
        ("市发改委、市发改委", ["市发改委"]),
    ],
)
def test_separators(text: str, expected: list[str]) -> None:
    assert split_units(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市直相关单位和各县市区人民政府", ["市直相关单位", "各县市区人民政府"]),
        ("各市州政府和兰州新区管委会", ["各市州政府", "兰州新区管委会"]),
        ("市财政局及市审计局", ["市财政局", "市审计局"]),
        ("市财政局以及市审计局", ["市财政局", "市审计局"]),
        ("住房和城乡建设局", ["住房和城乡建设局"]),
        ("市人力资源和社会保障局", ["市人力资源和社会保障局"]),
        ("省发展和改革委员会", ["省发展和改革委员会"]),
        ("市文化和旅游局、市住房和城乡建设局", ["市文化和旅游局", "市住房和城乡建设局"]),
        ("县政府及其部门", ["县政府及其部门"]),
    ],
)
def test_conjunction_only_between_whole_names(text: str, expected: list[str]) -> None:
    assert split_units(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("各镇政府、街道办事处、园(区)管委会", ["各镇政府", "街道办事处", "园(区)管委会"]),
        ("省直(有关)部门单位、省财政厅", ["省直(有关)部门单位", "省财政厅"]),
        ("各县（市、区）人民政府、市直有关单位", ["各县（市、区）人民政府", "市直有关单位"]),
        ("县政府(含园(区)、街道)和县编办", ["县政府(含园(区)、街道)", "县编办"]),
        ("各乡镇（街道）、县直各部门", ["各乡镇（街道）", "县直各部门"]),
    ],
)
def test_parentheses_are_never_split(text: str, expected: list[str]) -> None:
    assert split_units(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("管理区、经开区管委会", ["管理区管委会", "经开区管委会"]),
        ("管理区和经开区管委会", ["管理区管委会", "经开区管委会"]),
        ("市、县人民政府", ["市人民政府", "县人民政府"]),
        ("宁乡市、浏阳市人民政府办公室", ["宁乡市人民政府办公室", "浏阳市人民政府办公室"]),
        (
            "各县市区人民政府、管理区、经开区管委会",
            ["各县市区人民政府", "管理区管委会", "经开区管委会"],
        ),
        (
            "市直相关单位和各县市区人民政府、管理区、经开区管委会",
            ["市直相关单位", "各县市区人民政府", "管理区管委会", "经开区管委会"],
        ),
        # a full name that is not "bare area + organ" lends nothing
        ("管理区、市发改委", ["管理区", "市发改委"]),
        ("管理区、市直相关单位", ["管理区", "市直相关单位"]),
        ("各市、县", ["各市", "县"]),
        # only areas of one kind share: levels, area types, named places
        ("各市州、兰州新区管委会", ["各市州", "兰州新区管委会"]),
        ("各县市区、市政府", ["各县市区", "市政府"]),
        ("长沙经开区、宁乡高新区管委会", ["长沙经开区管委会", "宁乡高新区管委会"]),
        ("县、乡两级政府", ["县", "乡两级政府"]),
    ],
)
def test_shared_suffix(text: str, expected: list[str]) -> None:
    assert split_units(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("各市、县人民政府", ["各市人民政府", "各县人民政府"]),
        ("各市、县、区人民政府", ["各市人民政府", "各县人民政府", "各区人民政府"]),
        ("各市、县人民政府，省直各部门", ["各市人民政府", "各县人民政府", "省直各部门"]),
        ("各市、各县人民政府", ["各市人民政府", "各县人民政府"]),
        # a complete name shares neither its organ nor its 各
        ("各镇政府、街道办事处", ["各镇政府", "街道办事处"]),
    ],
)
def test_shared_prefix_ge(text: str, expected: list[str]) -> None:
    assert split_units(text) == expected


@pytest.mark.parametrize(
    "name",
    [
        "市直相关单位",
        "各县市区人民政府",
        "省直各部门",
        "省直(有关)部门单位",
        "县政府各部门",
        "公共企事业单位相应主管部门",
    ],
)
def test_group_names_kept_whole(name: str) -> None:
    assert split_units(name) == [name]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市发改委、市财政局等", ["市发改委", "市财政局"]),
        ("市发改委、市财政局等部门", ["市发改委", "市财政局等部门"]),
        ("市发改委、市财政局按职责分工负责", ["市发改委", "市财政局"]),
        ("市发改委、按职责分工", ["市发改委"]),
        ("牵头单位：市发改委", ["市发改委"]),
        ("由市发改委", ["市发改委"]),
        ("无", []),
        ("—", []),
        ("", []),
        ("市发改委、2021年底前", ["市发改委"]),
    ],
)
def test_non_units_removed(text: str, expected: list[str]) -> None:
    assert split_units(text) == expected


def test_spaces_split_only_between_names() -> None:
    assert split_units("县编办 县财政局") == ["县编办", "县财政局"]
    assert split_units("县 编 办") == ["县编办"]


def test_unbalanced_parentheses_are_trimmed() -> None:
    assert split_units("(市发改委、市财政局)") == ["市发改委", "市财政局"]


def test_word_classes() -> None:
    assert (
        ends_like_organ("市发改委")
        and ends_like_organ("园(区)管委会")
        and ends_like_organ("人行太原中心支行")
    )
    assert not ends_like_organ("网站") and not ends_like_organ("社会") and not ends_like_organ("执行")
    assert is_bare_area("管理区") and is_bare_area("各市") and is_bare_area("各乡镇（街道）")
    assert not is_bare_area("市发改委") and not is_bare_area("住房")
    assert is_unit_like("省直各部门") and is_unit_like("各县市区")
    assert not is_unit_like("各地区各部门要") and not is_unit_like("统一公开内容")


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("市县区各和及、，,;；()（）局委政府管委会办 \n等牵头负责X")),
        max_size=60,
    )
)
def test_split_units_never_raises_on_unit_alphabet(text: str) -> None:
    names = split_units(text)
    assert all(n and n == n.strip() for n in names)
    assert len(names) == len(set(names))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_split_units_never_raises(text: str) -> None:
    split_units(text)
