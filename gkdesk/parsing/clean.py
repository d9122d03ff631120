"""Text clean-up applied to every line or cell before parsing, and web-page furniture detection.

``clean_text`` removes inline pinyin annotations ("政務(wù)公開(kāi)" → "政務公開"), converts
traditional characters to simplified and strips the ends. Punctuation is left exactly as printed,
because labels such as "（一）" and "(一)" are reported back to the user verbatim.

The traditional→simplified converter (zhconv) costs 10–20 ms and several MB
to load, and almost every document is already simplified, so it is loaded only the first time a
text actually contains traditional-only characters. The check for those characters runs at C speed
for ordinary simplified text (one GB2312 encode per line).

``is_furniture`` recognises lines a browser copy drags along with an article (editor, source,
"【字体：大 中 小】", copyright footer, reporter by-line …) so that the parser can leave them out.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from functools import lru_cache

__all__ = ["clean_text", "has_traditional", "is_furniture", "strip_pinyin", "to_simplified"]

# The loaded converter, None until a text with traditional characters is first cleaned. Tests
# read it to prove that simplified documents never pay for loading it.
_converter: Callable[[str], str] | None = None
_converter_name = ""
_converter_lock = threading.Lock()

# NBSP-like spaces become plain spaces; zero-width characters and the BOM are invisible debris
# from web pages and Word that would otherwise split words ("政务\u200b公开"). Regexes rather than
# str.translate with a dict, which runs per character in Python: these scan at C speed and almost
# never find anything.
_ODD_SPACE_RE = re.compile("[\u00a0\u2007\u202f]")
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")

# ---------------------------------------------------------------------------------------------
# Traditional characters
# ---------------------------------------------------------------------------------------------

# A character is taken as traditional-only when it is not in GB2312 (the simplified set) but is a
# Big5 level-1 (frequently used) hanzi. These 140 characters pass that test yet convert to
# themselves (mostly characters used in names, e.g. 玥 璟 祐), so they must not trigger a load.
# Derived from zhconv ∪ OpenCC t2s tables; with them excluded the test matches exactly the 1933
# frequent traditional-only characters.
_NOT_TRADITIONAL = frozenset(
    "伋伕佺偭偯偺僇僎僩儅儳劻勗吋呎嘐堉塭塽墦奭姅屘屝崁巉帟彊徬惇愒慇抆撚撢擭敔昤晅晞暍暸杗枓栘梂"
    "梡梱棻楛榣槃橾櫂櫺歜毚汍沍沘沬泜洸浥浬涊湣湩湲潟潠澴濩濬炤焜煆煖燐燸玆玥玨珪珮琍琯璘璟瓖甽疢痳"
    "瞋砠硿祇祐穋箄籣籥糢縿耑脤脰芣蔆蘗衹裯褕褽覜觔觼詨詻誧谿豭賸跦跼踡迆迺遝郃鄗鄘釆釭鉼雊霤韹鯈鶸"
)

_CHARREF_RE = re.compile(rb"&#(\d{1,7});")


@lru_cache(maxsize=4096)
def _is_traditional_char(ch: str) -> bool:
    try:
        b = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xA440 <= (b[0] << 8 | b[1]) <= 0xC67E and ch not in _NOT_TRADITIONAL


def has_traditional(s: str) -> bool:
    """True when ``s`` contains a frequent traditional-only character (e.g. 開 務 點, not 后 干)."""
    if s.isascii():
        return False
    # Characters outside GB2312 come back as "&#NNNN;"; a simplified line usually has none, so
    # the per-character look-ups below are normally skipped entirely.
    encoded = s.encode("gb2312", "xmlcharrefreplace")
    if b"&#" not in encoded:
        return False
    for m in _CHARREF_RE.finditer(encoded):
        cp = int(m[1])
        if cp <= 0x10FFFF and _is_traditional_char(chr(cp)):
            return True
    return False


def _zhconv() -> Callable[[str], str]:
    import zhconv

    def convert(text: str) -> str:
        return str(zhconv.convert(text, "zh-cn"))

    return convert


def _load_converter() -> Callable[[str], str]:
    global _converter, _converter_name
    with _converter_lock:
        if _converter is None:
            # zhconv's zh-cn table (chosen over OpenCC's t2s) also fixes words mainland text needs
            # (著力 → 着力, 隨著 → 随着, 甚麼 → 什么, 網路 → 网络).
            _converter, _converter_name = _zhconv(), "zhconv"
        return _converter


def to_simplified(s: str) -> str:
    """Traditional → simplified (loads the converter on first use); cheap no-op for simplified text."""
    if not has_traditional(s):
        return s
    conv = _converter or _load_converter()
    return conv(s)


# ---------------------------------------------------------------------------------------------
# Inline pinyin
# ---------------------------------------------------------------------------------------------

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙǕǗǙǛ"
_TONELESS = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿɑɡ", "aaaaeeeeiiiioooouuuuüüüünnnmag")

# Every standard Mandarin syllable (ü written ü or v), so that a toneless "(gong)" after a hanzi can
# be told from an English word or an abbreviation in parentheses.
_SYLLABLE_TABLE = """
    a ai an ang ao e ei en eng er o ou
    ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu
    pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu
    ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu
    fa fan fang fei fen feng fo fou fu
    da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo
    ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo
    na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nuo
    nü nüe nv nve nue
    la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo
    lü lüe lv lve lue
    ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo
    ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo
    ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo
    ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun
    qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun
    xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun
    zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun
    zhuo
    cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo
    sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo
    ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo
    za zai zan zang zao ze zei zen zeng zi zong zou zu zuan zui zun zuo
    ca cai can cang cao ce cen ceng ci cong cou cu cuan cui cun cuo
    sa sai san sang sao se sen seng si song sou su suan sui sun suo
    ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun
    wa wai wan wang wei wen weng wo wu
"""
_SYLLABLES = frozenset(_SYLLABLE_TABLE.split())
_MAX_SYLLABLE = max(map(len, _SYLLABLES))

# A run of parenthesised groups of Latin letters. The group body is
# deliberately loose (any Latin letter, combining marks, digits, spaces, apostrophes); whether it
# really is pinyin is decided in _drop_pinyin.
_PINYIN_RUN_RE = re.compile(
    r"(?:[(（][A-Za-z\u00c0-\u024f\u0251\u0261\u1e3f\u0300-\u036f0-9' ’\-]{1,48}[)）])+"
)
_GROUP_RE = re.compile(r"[(（]([^()（）]*)[)）]")
# Web pages that mangled the encoding sometimes ate the hanzi and its "(" together, leaving
# "訌?qiáng)" or "?dòng)浾"; the stray syllable and ")" go, the "?" stays as a mark of the damage.
_DAMAGED_RE = re.compile(r"(?<=[?\ufffd])([A-Za-z\u00c0-\u024f\u0300-\u036f' ]{1,24})[)）]")


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x323AF
        or ch == "〇"
    )


@lru_cache(maxsize=2048)
def _is_pinyin_word(word: str) -> bool:
    """Whether ``word`` (lower case, tones removed) splits into pinyin syllables, each optionally
    followed by a tone digit 1–5."""
    n = len(word)
    ok = [False] * (n + 1)
    ok[0] = True
    for i in range(n):
        if not ok[i]:
            continue
        for j in range(i + 1, min(n, i + _MAX_SYLLABLE) + 1):
            if word[i:j] in _SYLLABLES:
                ok[j] = True
                if j < n and word[j] in "12345":
                    ok[j + 1] = True
    return ok[n]


def _pinyin_kind(body: str) -> str:
    """Classify a group body: "toned" pinyin (tone marks), "plain" (toneless lower case) or ""."""
    body = unicodedata.normalize("NFC", body).strip()
    if not body:
        return ""
    toned = any(c in _TONED for c in body)
    if not toned and body != body.lower():
        # Capitals without tone marks are acronyms or names: (PPP), (APP), (Beijing).
        return ""
    words = [w for w in re.split(r"[\s'’\-]+", body.lower().translate(_TONELESS)) if w]
    if not words or not all(_is_pinyin_word(w) for w in words):
        return ""
    if not toned and len("".join(words)) < 2:
        # "(a)", "(e)", "(o)" are far more often list markers than pinyin.
        return ""
    return "toned" if toned else "plain"


def _drop_pinyin(m: re.Match[str]) -> str:
    # Runs are maximal, so the character before one is never itself removed.
    prev = m.string[m.start() - 1] if m.start() else ""
    out: list[str] = []
    for g in _GROUP_RE.finditer(m[0]):
        kind = _pinyin_kind(g[1])
        # Toned pinyin is unmistakable even after a character the web page mangled ("?(qiáng)",
        # "\\(yùn)"); toneless pinyin counts only straight after a hanzi.
        if kind == "toned" or (kind == "plain" and prev != "" and _is_cjk(prev[-1])):
            continue
        out.append(g[0])
        prev = g[0]
    return "".join(out)


def _drop_damaged(m: re.Match[str]) -> str:
    return "" if _pinyin_kind(m[1]) == "toned" else m[0]


def strip_pinyin(s: str) -> str:
    """Remove inline pinyin annotations: "政務(wù)公開(kāi)" → "政務公開"."""
    if ")" not in s and "）" not in s:
        return s
    if "?" in s or "\ufffd" in s:
        for _ in range(8):  # "?à)à)": removing one stray syllable puts the next right after the "?"
            new = _DAMAGED_RE.sub(_drop_damaged, s)
            if new == s:
                break
            s = new
    # Removing a group can put a hanzi right before a group that was not after one, so repeat
    # until stable; each pass that changes something removes at least one group.
    for _ in range(8):
        new = _PINYIN_RUN_RE.sub(_drop_pinyin, s)
        if new == s:
            break
        s = new
    return s


@lru_cache(maxsize=8192)
def clean_text(s: str) -> str:
    """Clean one line or cell: invisible characters, inline pinyin, traditional → simplified, ends.

    Punctuation and inner spacing are kept as printed. Encoding damage such as "六?!惫ぷ" is left
    alone: it cannot be undone in general.
    """
    if not s:
        return ""
    if s.isascii():
        return s.strip()
    s = _INVISIBLE_RE.sub("", _ODD_SPACE_RE.sub(" ", s))
    s = strip_pinyin(s)
    s = to_simplified(s)
    return s.strip()


# ---------------------------------------------------------------------------------------------
# Web-page furniture
# ---------------------------------------------------------------------------------------------

_OPEN = r"^[\[【(（<《]?\s*"
_SEP = r"(?:\s*[:：]|\s+|$)"

# Labels that are furniture only when a separator follows ("编辑：张三", not "编辑出版").
_LABEL_RE = re.compile(
    _OPEN
    + r"(?:责任编辑|编辑|来源|信息来源|文章来源|稿件来源|新闻来源|作者|发布时间|发布日期|发布机构|发布者|"
    r"更新时间|更新日期|浏览次数|访问次数|阅读次数|点击数|点击量|点击次数|阅读量|浏览量|访问量|字体|字号|"
    r"主办单位|主办|承办单位|承办|技术支持|维护单位|网站标识码|审核|校对|校审|供稿|索引号|"
    r"当前位置|您现在的位置|您的位置|所在位置)" + _SEP
)
# Phrases that never open a sentence of a government document.
_PHRASE_RE = re.compile(
    _OPEN + r"(?:扫一扫|分享到|打印本页|打印此页|关闭窗口|关闭本页|返回顶部|回到顶部|上一篇|下一篇|"
    r"网站地图|联系我们|设为首页|加入收藏|收藏本页|视力保护色|我要纠错|附件下载|相关链接|相关阅读|"
    r"相关新闻|相关文章|相关稿件|相关附件|责任编辑)"
)
_BUTTONS_RE = re.compile(
    r"(?:打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|收藏本页|收藏|分享|返回顶部|返回|顶部|我要纠错|纠错|"
    r"字体|字号|默认|大|中|小|保存|本页|完)+"
)
_BUTTON_NOISE_RE = re.compile(r"[\s【】\[\]()（）|｜/·•:：>»]+")
_FOOTER_RE = re.compile(
    r"(?i)copyright|all\s+rights\s+reserved|©|\(c\)\s*\d{4}|ICP[备证證]?\s*[:：]?\s*\d{5,}|"
    r"公网安备\s*\d|网站标识码|版权所有(?:\s|$|[:：©|｜(（,，])|^版权所有"
)
_REPORTER_RE = re.compile(
    r"^[(（]?\s*(?:本报|本台|本网|本刊|本站)?(?:特约|实习|见习)?(?:记者|通讯员|实习生)\s*[:：\s]"
)
_BYLINE_END_RE = re.compile(r"[\u4e00-\u9fff]{2,4}\s+(?:报道|摄|/摄)\s*[)）]?$")


def is_furniture(line: str) -> bool:
    """Whether ``line`` is web-page furniture rather than part of the document.

    Conservative: only short lines that start (or, for by-lines and footers, end) with a
    furniture marker count; a sentence that merely mentions 来源 or 版权 does not. Works on raw or
    cleaned lines (traditional text is cleaned first).
    """
    s = clean_text(line)
    if not s:
        return False
    n = len(s)
    if n <= 200 and _FOOTER_RE.search(s):
        return True
    if n > 100:
        return False
    if _LABEL_RE.match(s) or _PHRASE_RE.match(s):
        return True
    if n <= 40:
        bare = _BUTTON_NOISE_RE.sub("", s)
        if bare and _BUTTONS_RE.fullmatch(bare) and (len(bare) >= 2 or bare == "完"):
            return True
    return n <= 50 and (_REPORTER_RE.match(s) is not None or _BYLINE_END_RE.search(s) is not None)
