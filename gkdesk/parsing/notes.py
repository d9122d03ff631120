"""Responsibility notes: finding them in task text and reading lead/co units from them.

A note names the units of a task, e.g. "(市发改委牵头,市直相关单位…按职责分工负责)",
"(牵头单位:X;配合单位:Y;责任主体:Z)" or an unparenthesized "X、Y按职责分工分别牵头落实。".
Rules (see the corpus README/NOTES): 牵头/主办 units are lead; 配合/协办/参与/协助 units are co;
负责/落实/责任单位/责任主体 units are lead when the note names no 牵头, else co; in
"牵头单位:X;Y" the unlabelled part Y is co; in "X会同Y" X is lead and Y co.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from gkdesk.parsing.unit_names import (
    CLOSERS,
    OPENERS,
    ends_like_organ,
    is_plausible_name,
    is_unit_like,
    split_units,
)
from gkdesk.records import NoteUnits

_Role = Literal["lead", "co", "resp", "tail", "ignore"]

_MOD = (
    r"(?:按照?(?:各自)?(?:职责|职能|分工)(?:分工)?|根据(?:各自)?(?:职责|职能)(?:分工)?|依职责"
    r"|分别|共同|具体|各自)"
)
# (?!公): 政协办公室 is a name, not 协办; (?!人|同志): 负责人 is a person.
# 参照落实 / 参照执行: units that follow the lead's example are co. 主办 inside a name
# ("局主办科室") is not a role.
_CORE = (
    r"(?:牵头|(?:主|协|承|会)办(?!公|科室|处室|股室)|负责(?!人|同志)|参照(?:落实|执行)"
    r"|落实|配合|参与|参加|协助)"
)
# Disjoint from _CORE so that _MARKER_AT_END cannot backtrack exponentially.
_TAIL = r"(?:推进|实施|办理|执行|组织实施|抓好落实|抓落实|完成)"
_MARKER_SRC = rf"(?:{_MOD}*{_CORE}(?:{_CORE}|{_TAIL})*|为(?:牵头|主办|责任|配合|协办|参与)(?:单位|部门))"
_MARKER = re.compile(_MARKER_SRC)
_MARKER_AT_END = re.compile(rf"{_MARKER_SRC}[\s。.;；,，!！]*$")
_LABEL = re.compile(
    r"(?:(?:牵头|分管|责任)?(?:负责)?领导|责任人|联系人|(?:完成)?时限|完成时间|时间(?:要求|节点)?"
    r"|(?:牵头|主办|主责|责任|配合|协办|协同|参与|协助|承办|会办)(?:责任)?(?:单位|部门|处室|科室|股室|主体)?)"
    r"\s*[:：]"
)
# The last two characters of every _MARKER match.
_MARKER_ENDINGS = frozenset(
    re.findall("..", "牵头主办协办承办会办负责落实配合参与参加协助推进实施办理执行完成单位部门")
)
_LABEL_AT_START = re.compile(rf"^[\s\u3000]*{_LABEL.pattern}")
# "X会同Y", and its short form between two office names: "宣传处会办公室" is 宣传处 with 办公室
# (not 会议室, 会商, 会签: those are words).
_HUITONG = re.compile(
    r"会同|(?<=[处科局室股厅])会(?![议谈商签审同])(?=办公室|[\u4e00-\u9fff]{2,12}?(?:处|科|股|室|中心)(?:$|[、，,；;]))"
)
# Anything that could start a note; a paragraph without one has no marked note.
_CUE = re.compile(r"牵头|主办|负责|落实|配合|协办|参与|参加|协助|承办|会办|责任|会同|执行|[:：]")
_STRONG_CUE = re.compile(
    r"牵头|主办|配合|协办|会办|参与|参加|协助|会同|(?:单位|部门|主体|科室|处室|股室)\s*[:：]"
)
_ANNOTATION = re.compile(r"^(.+?)[(（](牵头|主办|配合|协办|参与|协助)(?:单位|部门)?[)）]$")
_SEMICOLON = frozenset(";；")
_CLAUSE_SEP = re.compile("[，,；;]")
_OPENER = re.compile(r"[(（【\[〔［]")
_PAREN = re.compile(r"[(（【\[〔［)）】\]〕］]")
_SENTENCE = re.compile(r"[^。！？!?\n\r]+")
_EDGE = " \t\u3000\xa0。.，,、;；:：!！?？\"“”‘’'"
_NOT_NOTE = re.compile(r"简称|下同|详见|见附件|试行|暂行|草案")
_MAX_NOTE = 400


@dataclass(frozen=True, slots=True)
class Note:
    """One responsibility note in a text: ``text == source[start:end]``.

    For a parenthesized note the span includes the parentheses; for a note sentence it ends
    before the sentence's final punctuation.
    """

    start: int
    end: int
    text: str
    units: NoteUnits


def _marker_role(marker: str) -> _Role:
    if "牵头" in marker or "主办" in marker or "主责" in marker:
        return "lead"
    if any(w in marker for w in ("配合", "协办", "参与", "参加", "协助", "协同", "会办", "参照")):
        return "co"
    return "resp"


def _label_role(label: str) -> _Role:
    if any(w in label for w in ("领导", "人", "时限", "时间")):
        return "ignore"
    return _marker_role(label)


def _top_spans(text: str) -> list[tuple[int, int]] | None:
    """The top-level parenthesized spans of ``text``; ``None`` when it has no parentheses."""
    if not _OPENER.search(text):
        return None
    return [(s, e) for s, e, _ in _paren_groups(text)]


def _is_top(pos: int, spans: list[tuple[int, int]] | None) -> bool:
    return spans is None or not any(s < pos < e for s, e in spans)


def _top_matches(
    pattern: re.Pattern[str], text: str, spans: list[tuple[int, int]] | None
) -> list[re.Match[str]]:
    return [m for m in pattern.finditer(text) if _is_top(m.start(), spans)]


def _unwrap(text: str) -> str:
    text = text.strip(_EDGE)
    # A note copied without one of its parentheses: "(市发改委牵头".
    if text[:1] in OPENERS and not any(c in CLOSERS for c in text):
        text = text[1:]
    elif text[-1:] in CLOSERS and not any(c in OPENERS for c in text):
        text = text[:-1]
    while len(text) >= 2 and text[0] in OPENERS and text[-1] in CLOSERS:
        depth = 0
        for i, c in enumerate(text):
            if c in OPENERS:
                depth += 1
            elif c in CLOSERS:
                depth -= 1
                if depth == 0 and i != len(text) - 1:
                    return text
        text = text[1:-1].strip(_EDGE)
    return text


class _NotANote(Exception):
    """Raised inside strict reading when a part is prose rather than unit names."""


_Pair = tuple[str, _Role]


def _names(segment: str, role: _Role, strict: bool, huitong: bool = True) -> list[_Pair]:
    segment = segment.strip(_EDGE)
    if segment.startswith("由"):
        segment = segment[1:]
    if not segment:
        return []
    m = _HUITONG.search(segment) if huitong else None
    if m is not None:
        left = _names(segment[: m.start()], "lead", strict, False)
        return left + _names(segment[m.end() :], "co", strict, False)
    pairs: list[_Pair] = []
    for name in split_units(segment):
        r = role
        m = _ANNOTATION.match(name)
        if m:
            name, r = m.group(1), _marker_role(m.group(2))
        if "由" in name:
            # "规章由政策法规司(牵头)": what is done comes before 由, who does it after.
            after = name.rsplit("由", 1)[1]
            if is_unit_like(after):
                name = after
        pairs.append((name, r))
    if strict and not pairs:
        raise _NotANote
    return pairs


def _read_verbs(text: str, strict: bool) -> tuple[list[_Pair], bool]:
    spans = _top_spans(text)
    markers = _top_matches(_MARKER, text, spans)
    pairs: list[_Pair] = []
    pos = 0
    for m in markers:
        segment = text[pos : m.start()]
        if pos:
            segment = _drop_object(segment)
        pairs += _names(segment, _marker_role(m.group()), strict)
        pos = m.end()
    if markers:
        # Words after the last verb are co units only when they are names ("X牵头,Y"), not
        # "统筹推进" or "确保按时完成".
        pairs += [p for p in _names(text[pos:], "tail", False) if is_unit_like(p[0])]
    else:
        pairs += _names(text[pos:], "resp", strict)
    return pairs, bool(markers) or _HUITONG.search(text) is not None


def _drop_object(segment: str) -> str:
    """Words glued to the verb before them are its object, not a unit: in "X牵头规范性文件公开
    工作,Y落实" the words up to the comma say what X leads."""
    m = _CLAUSE_SEP.search(segment)
    if m is None or m.start() == 0:
        return segment
    head = segment[: m.start()].strip(_EDGE)
    if head and not is_unit_like(head):
        return segment[m.end() :]
    return segment


def _split_semicolons(text: str) -> list[str]:
    spans = _top_spans(text)
    parts: list[str] = []
    start = 0
    for i, c in enumerate(text):
        if c in _SEMICOLON and _is_top(i, spans):
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _read(text: str, strict: bool) -> tuple[list[_Pair], bool]:
    """The (name, role) pairs of a note, and whether any marker or label was seen."""
    text = _unwrap(text)
    spans = _top_spans(text)
    labels = _top_matches(_LABEL, text, spans)
    if not labels:
        return _read_verbs(text, strict)
    pairs: list[_Pair] = []
    head = text[: labels[0].start()]
    if head.strip(_EDGE):
        pairs += _read_verbs(head, strict)[0]
    for i, m in enumerate(labels):
        role = _label_role(m.group())
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        if role == "ignore":
            continue
        for k, piece in enumerate(_split_semicolons(text[m.end() : end])):
            if not piece.strip(_EDGE):
                continue
            piece_spans = _top_spans(piece)
            if _top_matches(_MARKER, piece, piece_spans):
                pairs += _read_verbs(piece, strict)[0]
                continue
            piece_role: _Role = role if k == 0 else ("co" if role == "lead" else role)
            pairs += _names(piece, piece_role, strict)
    return pairs, True


def _resolve(pairs: list[_Pair]) -> NoteUnits:
    roles = {r for _, r in pairs}
    has_lead = "lead" in roles
    named = has_lead or "resp" in roles
    lead: list[str] = []
    co: list[str] = []
    for name, role in pairs:
        if role == "resp":
            role = "co" if has_lead else "lead"
        elif role == "tail":
            role = "co" if named else "lead"
        (lead if role == "lead" else co).append(name)
    lead = list(dict.fromkeys(lead))
    co = [u for u in dict.fromkeys(co) if u not in lead]
    return NoteUnits(tuple(lead), tuple(co))


@lru_cache(maxsize=4096)
def _parse_cached(note: str) -> NoteUnits:
    pairs, _ = _read(note, strict=False)  # never raises _NotANote: that is strict-only
    return _resolve(pairs)


def parse_note(note: str) -> NoteUnits:
    """Lead and co units of one responsibility note (with or without its parentheses).

    >>> parse_note("市发改委牵头,市直相关单位和各县市区人民政府按职责分工负责")
    NoteUnits(lead=('市发改委',), co=('市直相关单位', '各县市区人民政府'))
    """
    if not note or not note.strip():
        return NoteUnits()
    return _parse_cached(note)


@lru_cache(maxsize=4096)
def _strict_note(content: str, allow_bare: bool) -> NoteUnits | None:
    """The units of ``content`` if it is nothing but a responsibility note, else ``None``.

    A note with a strong cue (牵头, 配合, a label …) may carry a name we do not recognise as long
    as it does not read as prose; one with only 负责/落实 must consist of recognisable names.
    """
    if len(content) > _MAX_NOTE or _NOT_NOTE.search(content):
        return None
    try:
        pairs, marked = _read(content, strict=True)
    except _NotANote:
        return None
    if not pairs or not (marked or allow_bare):
        return None
    names = [n for n, _ in pairs]
    if marked and _STRONG_CUE.search(content):
        if not all(is_plausible_name(n) for n in names) or not any(is_unit_like(n) for n in names):
            return None
    elif not all(is_unit_like(n) for n in names):
        return None
    if not marked and not any(ends_like_organ(n) for n in names):
        return None
    units = _resolve(pairs)
    return None if units.empty else units


_ROUND = frozenset("(（)）")


def _paren_groups(text: str) -> list[tuple[int, int, bool]]:
    """Top-level parenthesized groups as ``(start, end, closed)``; an unclosed one runs to the end.

    Round and square brackets pair only with their own kind, so a damaged 文号 "(国办函〔号)"
    closes at its ")" instead of swallowing the rest of the paragraph.
    """
    groups: list[tuple[int, int, bool]] = []
    stack: list[bool] = []  # True for a round opener
    start = -1
    for m in _PAREN.finditer(text):
        i = m.start()
        c = text[i]
        if c in OPENERS:
            if not stack:
                start = i
            stack.append(c in _ROUND)
            continue
        kind = c in _ROUND
        if kind not in stack:
            continue  # a stray closer
        while stack and stack.pop() != kind:
            pass
        if not stack:
            groups.append((start, i + 1, True))
    if stack:
        groups.append((start, len(text), False))
    return groups


def _at_end(text: str, end: int) -> bool:
    return not text[end:].strip(_EDGE + ")）")


def _sentence_note(text: str, start: int, end: int) -> Note | None:
    """A note that makes up the end of the sentence ``text[start:end]``, if there is one.

    It starts at the sentence start or right after a top-level comma/semicolon, ends with a
    responsibility verb (or starts with a label), and holds nothing but unit names.
    """
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    sentence = text[start:end]
    # cheap tests first: a note sentence has a label (so a colon) or ends with a verb
    labelled = ("：" in sentence or ":" in sentence) and _LABEL.search(sentence) is not None
    if not labelled and (
        sentence[-2:] not in _MARKER_ENDINGS
        or not _MARKER_AT_END.search(sentence, max(0, len(sentence) - _MAX_NOTE))
    ):
        return None
    spans = _top_spans(sentence)
    starts = [0] + [m.end() for m in _CLAUSE_SEP.finditer(sentence) if _is_top(m.start(), spans)]
    for s in starts:
        sub = sentence[s:]
        if labelled and not _LABEL_AT_START.match(sub) and not _MARKER_AT_END.search(sub):
            continue
        if len(sub) > _MAX_NOTE:
            continue
        units = _strict_note(sub, False)
        if units is not None:
            lead = len(sub) - len(sub.lstrip(_EDGE))
            return Note(start + s + lead, end, text[start + s + lead : end], units)
    return None


def _sentence_notes(text: str, lo: int, hi: int, out: list[Note]) -> None:
    for m in _SENTENCE.finditer(text, lo, hi):
        note = _sentence_note(text, m.start(), m.end())
        if note is not None:
            out.append(note)


def find_notes(text: str) -> list[Note]:
    """The responsibility notes in a task's text, in order.

    Parenthesized notes anywhere in the text, plus sentences that are nothing but a note
    ("省发展改革委、省财政厅按职责分工分别牵头落实。"). A parenthetical of bare unit names with
    no verb counts only at the very end of the text. Ordinary parentheticals ("(1)", "(试行)",
    "园(区)", "(以下简称…)") and prose that merely mentions 负责 are not notes.
    """
    if not text:
        return []
    has_cue = _CUE.search(text) is not None
    ends_in_paren = text.rstrip(_EDGE)[-1:] in CLOSERS
    if not has_cue and not ends_in_paren:
        return []
    notes: list[Note] = []
    for s, e, closed in _paren_groups(text):
        content = text[s + 1 : e - 1] if closed else text[s + 1 : e]
        at_end = _at_end(text, e)
        if not (at_end or _CUE.search(content)):
            continue
        units = _strict_note(content, at_end)
        if units is not None:
            notes.append(Note(s, e, text[s:e], units))
    if not has_cue:
        return notes
    found: list[Note] = []
    pos = 0
    for note in notes:
        _sentence_notes(text, pos, note.start, found)
        found.append(note)
        pos = note.end
    _sentence_notes(text, pos, len(text), found)
    return found


def is_note_paragraph(text: str) -> bool:
    """Whether a paragraph is nothing but a responsibility note (e.g. "(牵头单位:县编办)")."""
    body = text.strip(_EDGE)
    if not body:
        return False
    notes = find_notes(body)
    return len(notes) == 1 and notes[0].start == 0 and not body[notes[0].end :].strip(_EDGE)


def merge_notes(text: str) -> NoteUnits:
    """The union of every note in ``text`` (order of first appearance, lead not repeated in co)."""
    units = NoteUnits()
    for note in find_notes(text):
        units = units.merged(note.units)
    return units


def _cell_has_structure(cell: str) -> bool:
    spans = _top_spans(cell)
    return bool(
        _top_matches(_LABEL, cell, spans) or _top_matches(_MARKER, cell, spans) or _HUITONG.search(cell)
    )


def _cell_names(cell: str) -> tuple[str, ...]:
    names = []
    for name in split_units(cell):
        m = _ANNOTATION.match(name)
        names.append(m.group(1) if m else name)
    return tuple(dict.fromkeys(names))


def units_from_cells(lead: str | None, co: str | None, responsible: str | None = None) -> NoteUnits:
    """Units from the 牵头单位 / 配合单位 / 责任单位 cells of a task table row.

    Every unit of a plain 牵头单位 cell is lead (towns listed there are co-leads); every unit of
    the 配合单位 cell is co. A 责任单位 cell alone is lead unless it spells out roles itself
    ("X牵头,Y配合"); beside a 牵头单位 cell it is co. A cell that carries labels or verbs
    ("牵头单位:X;配合单位:Y") is read as a note.
    """
    result = NoteUnits()
    lead = (lead or "").strip()
    co = (co or "").strip()
    responsible = (responsible or "").strip()
    if lead:
        if _cell_has_structure(lead):
            result = result.merged(parse_note(lead))
        else:
            result = result.merged(NoteUnits(lead=_cell_names(lead)))
    if responsible:
        if _cell_has_structure(responsible):
            parsed = parse_note(responsible)
            if result.lead:
                parsed = NoteUnits(co=parsed.lead + parsed.co)
        else:
            names = _cell_names(responsible)
            parsed = NoteUnits(co=names) if result.lead else NoteUnits(lead=names)
        result = result.merged(parsed)
    if co:
        if _cell_has_structure(co):
            parsed = parse_note(co)
            names = parsed.lead + parsed.co
        else:
            names = _cell_names(co)
        result = result.merged(NoteUnits(co=names))
    return result
