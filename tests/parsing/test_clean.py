"""Tests of per-line clean-up (pinyin, traditional → simplified) and web-page furniture detection."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gkdesk.parsing import clean
from gkdesk.parsing.clean import clean_text, is_furniture

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
REPO = Path(__file__).resolve().parents[2]
TONE_MARKS = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")


def corpus_lines(name: str) -> list[str]:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {name} not available")
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def corpus_json(name: str) -> dict[str, object]:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {name} not available")
    result: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return result


SIMPLIFIED_DOCS = [
    "yongzhou2021.txt",
    "yongzhou2021_table.txt",
    "shanxi2017.txt",
    "gansu2017.txt",
    "linqu_fangan.txt",
    "linqu_fengong.txt",
    "guobanfa2019_54.txt",
]


# --------------------------------------------------------------------------------------------
# Traditional text with inline pinyin
# --------------------------------------------------------------------------------------------


def test_news_title() -> None:
    title = corpus_lines("shandong2020_news.txt")[0]
    assert clean_text("2020年山東政務(wù)公開(kāi)工作要點(diǎn)出爐") == "2020年山东政务公开工作要点出炉"
    assert clean_text(title) == corpus_json("shandong2020_news.expected.json")["title"]


def test_news_expected_titles_and_sections_appear() -> None:
    cleaned = "\n".join(clean_text(line) for line in corpus_lines("shandong2020_news.txt"))
    expected = corpus_json("shandong2020_news.expected.json")
    tasks = expected["tasks"]
    assert isinstance(tasks, list)
    wanted = {t["title"] for t in tasks} | {t["section"] for t in tasks}
    missing = {w for w in wanted if w not in cleaned}
    # The only miss is a heading whose 保” and 强 the web page destroyed ("六?!惫ぷ骷訌?qiáng)").
    assert missing == {"聚焦“六稳”“六保”工作加强政策解读回应"}
    assert "聚焦“六稳”“六?" in cleaned


def test_news_lines_are_fully_cleaned() -> None:
    for line in corpus_lines("shandong2020_news.txt"):
        out = clean_text(line)
        assert not TONE_MARKS.search(out), out
        assert not clean.has_traditional(out), out
        assert out == out.strip()


def test_news_damaged_spots_lose_their_pinyin_but_keep_the_damage_mark() -> None:
    lines = corpus_lines("shandong2020_news.txt")
    out = clean_text(next(line for line in lines if line.startswith("聚焦“六穩(wěn)”")))
    assert out.startswith("聚焦“六稳”“六?!惫ぷ骷讧?政策解读回应。")
    out = clean_text(lines[-1])
    assert out == "闪电新闻?浾?高亚南 柴慧娟  报道"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("政務(wù)公開(kāi)", "政务公开"),
        ("政务(zhèng wù)公开", "政务公开"),
        ("政务(Zhèngwù)公开", "政务公开"),
        ("政务（zhèng）公开", "政务公开"),
        ("政务(zhe\u0300ng)公开", "政务公开"),  # combining grave accent
        ("公开(gong)工作", "公开工作"),
        ("公开(gongkai)工作", "公开工作"),
        ("公开(gong kai)工作", "公开工作"),
        ("公开(kai1)工作", "公开工作"),
        ("律(lǜ)师", "律师"),
        ("绿(lv)色", "绿色"),
        ("字(kāi)(ma)", "字"),
        ("訌?qiáng)政策", "讧?政策"),  # the page ate the hanzi and "(" together
        ("舆\\(yùn)转", "舆\\转"),
    ],
)
def test_pinyin_removed(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "临朐县重大行政决策程序规定(试行)",
        "政府和社会资本合作(PPP)项目",
        "政务服务(APP)客户端",
        "国发〔2016〕55号(2016)",
        "十件民生实事:(1)改造老旧小区;(2)完成棚户区改造",
        "附件(a)和附件(b)",
        "北京(Beijing)",
        "咖啡(café)",
        "(gong)开头不在汉字后",
        "园(区)管委会",
        "（一）做好“三高四新”战略实施信息公开",
        "(十三)规范完善主动公开内容",
        "Windows(x64)",
    ],
)
def test_legit_parentheticals_kept(text: str) -> None:
    assert clean_text(text) == text


def test_punctuation_kept_and_ends_stripped() -> None:
    assert (
        clean_text("\u3000\u3000（一）推进决策公开：（牵头单位：县编办）\u3000 ")
        == "（一）推进决策公开：（牵头单位：县编办）"
    )
    assert clean_text("政务\u3000公开  工作") == "政务\u3000公开  工作"
    assert clean_text("政\u200b务\xa0公\ufeff开") == "政务 公开"
    assert clean_text("") == ""
    assert clean_text("  (1) ABC  ") == "(1) ABC"


def test_traditional_converted_simplified_untouched() -> None:
    assert clean_text("推進決策公開，各級政府要制定發布重大行政決策事項目錄。") == (
        "推进决策公开，各级政府要制定发布重大行政决策事项目录。"
    )
    # Characters that look traditional but are ordinary simplified ones stay as they are.
    for text in ("显著提升", "皇后", "干部", "乾隆", "著作权", "名字里有玥和璟"):
        assert clean_text(text) == text


def test_mainland_word_forms() -> None:
    assert clean_text("著力推進，隨著發展") == "着力推进，随着发展"


def test_corpus_simplified_documents_unchanged_except_ends() -> None:
    for name in SIMPLIFIED_DOCS:
        for line in corpus_lines(name):
            for part in line.split("\t"):
                assert clean_text(part) == part.strip(), (name, part)


def test_clean_text_is_idempotent_on_corpus() -> None:
    for name in [*SIMPLIFIED_DOCS, "shandong2020_news.txt"]:
        for line in corpus_lines(name):
            once = clean_text(line)
            assert clean_text(once) == once


# --------------------------------------------------------------------------------------------
# Lazy converter
# --------------------------------------------------------------------------------------------


def test_converter_not_loaded_for_simplified_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clean, "_converter", None)
    for name in SIMPLIFIED_DOCS:
        for line in corpus_lines(name):
            clean_text(line)
            is_furniture(line)
    assert clean._converter is None


def test_converter_loaded_on_first_traditional_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clean, "_converter", None)
    assert clean_text("政務公開") == "政务公开"
    assert clean._converter is not None


def test_converter_not_imported_at_import_time() -> None:
    code = (
        "import sys\n"
        "from gkdesk.parsing.clean import clean_text\n"
        "assert clean_text('永州市2021年政务公开工作要点(试行)') == '永州市2021年政务公开工作要点(试行)'\n"
        "loaded = sorted(m for m in ('zhconv', 'opencc') if m in sys.modules)\n"
        "assert not loaded, loaded\n"
        "assert clean_text('政務公開') == '政务公开'\n"
        "assert any(m in sys.modules for m in ('zhconv', 'opencc'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------------------------
# Furniture
# --------------------------------------------------------------------------------------------


def test_news_reporter_line_is_furniture_and_nothing_else() -> None:
    lines = corpus_lines("shandong2020_news.txt")
    assert is_furniture(lines[-1])
    assert is_furniture(clean_text(lines[-1]))
    assert not any(is_furniture(line) for line in lines[:-1])


def test_no_furniture_in_corpus_documents() -> None:
    for name in SIMPLIFIED_DOCS:
        for line in corpus_lines(name):
            for part in line.split("\t"):
                assert not is_furniture(part), (name, part)


@pytest.mark.parametrize(
    "line",
    [
        "责任编辑：张三",
        "责任编辑 李四",
        "编辑：王五",
        "来源：山东省人民政府",
        "信息来源: 省政府办公厅",
        "作者：本站",
        "发布时间：2020-06-16 09:32  来源：齐鲁网  【字体：大 中 小】",
        "发布日期：2020年06月16日",
        "浏览次数：1234",
        "点击数：56",
        "【字体：大 中 小】",
        "【打印本页】【关闭窗口】",
        "[打印] [关闭]",
        "打印本页 | 关闭窗口",
        "分享到：",
        "扫一扫在手机打开当前页",
        "版权所有：山东省人民政府办公厅",
        "山东省人民政府 版权所有",
        "Copyright © 2004-2020 www.shandong.gov.cn All Rights Reserved",
        "鲁ICP备05047792号",
        "鲁公网安备 37010202000001号",
        "网站标识码：3700000063",
        "主办单位：山东省人民政府办公厅  技术支持：大众网",
        "联系我们",
        "返回顶部",
        "上一篇：关于印发2020年政务公开工作要点的通知",
        "下一篇：无",
        "相关链接",
        "附件下载：",
        "（记者 张三）",
        "记者 张三 通讯员 李四",
        "本报记者 王五",
        "闪电新闻记者 高亚南 柴慧娟 报道",
        "（完）",
        "責任編輯：張三",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "来源于财政预算的资金要及时公开。",
        "资金来源：省级财政",
        "编辑出版政府公报,着力提升规范性文件的发布质量和时效。",
        "加强版权保护,依法打击侵犯版权所有者权益的行为。",
        "做好网站ICP备案和安全保护工作。",
        "按照“谁主管、谁负责”的原则,加强新闻报道管理。",
        "及时发布解读政策,正确引导舆论。",
        "国务院办公厅",
        "2019年12月26日",
        "(此件公开发布)",
        "附件:2016年临朐县政务公开重点工作任务分工",
        "一、总体要求",
        "中",
        "",
    ],
)
def test_ordinary_lines_are_not_furniture(line: str) -> None:
    assert not is_furniture(line)


# --------------------------------------------------------------------------------------------
# Never raises
# --------------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_clean_text_never_raises(text: str) -> None:
    out = clean_text(text)
    assert isinstance(out, str)
    assert out == out.strip()
    assert isinstance(is_furniture(text), bool)


PINYINISH = st.text(alphabet=st.sampled_from(list("政務公開()（）kaigonāáǎàü ?'12PA\u3000")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(PINYINISH)
def test_clean_text_on_pinyin_like_text(text: str) -> None:
    out = clean_text(text)
    assert clean_text(out) == out
    assert len(out) <= len(text)
