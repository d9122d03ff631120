"""Typing unit names: a line edit that offers the register's names (and aliases) as you type.

A cell of 牵头单位/配合单位 holds several names separated by "、". The completer looks only at
the name being typed (the text after the last separator) and, when one is picked, replaces just
that name, so "市财政局、市发" + 市发改委 becomes "市财政局、市发改委".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
)
from PySide6.QtWidgets import QCompleter, QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

SEPARATOR = "、"
# What people type between names: 、 ， , ； ; / and spaces (full- and half-width).
_SEPARATORS = "、，,；;/／ \u3000\t\n"
_OPENERS = "（(〔[【"
_CLOSERS = "）)〕]】"


def split_names(text: str) -> list[str]:
    """The names in ``text``, in order, without repeats.

    Separators inside brackets do not split: "各县（区、市）人民政府" is one name.
    """
    names: list[str] = []
    buf: list[str] = []
    depth = 0
    for c in text:
        if c in _OPENERS:
            depth += 1
        elif c in _CLOSERS:
            depth = max(depth - 1, 0)
        elif depth == 0 and c in _SEPARATORS:
            names.append("".join(buf))
            buf = []
            continue
        buf.append(c)
    names.append("".join(buf))
    return list(dict.fromkeys(n.strip() for n in names if n.strip()))


def join_names(names: Iterable[str]) -> str:
    return SEPARATOR.join(names)


class UnitCompleter(QCompleter):
    """Completes the last name of a "、"-separated list from the register's names."""

    def __init__(self, names: Iterable[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(QStringListModel(sorted(set(names)), self))
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # 发改 should find 市发改委: people remember a part of the name, not its start.
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setMaxVisibleItems(12)

    def splitPath(self, path: str) -> list[str]:
        return [re.split(f"[{re.escape(_SEPARATORS)}]", path)[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        widget = self.widget()
        typed = widget.text() if isinstance(widget, QLineEdit) else ""
        match = list(re.finditer(f"[{re.escape(_SEPARATORS)}]", typed))
        head = typed[: match[-1].end()] if match else ""
        return head + str(index.data())


class UnitListEdit(QLineEdit):
    """A line edit for "、"-separated unit names with the register's names offered as you type."""

    def __init__(self, names: Iterable[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCompleter(UnitCompleter(names, self))
        self.setPlaceholderText("单位名称，多个用“、”隔开")


class UnitListDelegate(QStyledItemDelegate):
    """Edits a unit-list cell with ``UnitListEdit``; the names offered are set by ``set_names``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names: list[str] = []

    def set_names(self, names: Iterable[str]) -> None:
        self._names = sorted(set(names))

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        editor = UnitListEdit(self._names, parent)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QLineEdit):
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
