"""``gkdesk selftest``: every page shown on a throwaway demo database, and a broken page reported."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from gkdesk.app import app_icon, install_qt_chinese
from gkdesk.ui.main_window import MainWindow
from gkdesk.ui.selftest import run_selftest


@pytest.fixture
def set_up_app(qapp: QApplication) -> Iterator[QApplication]:
    """The test QApplication dressed as make_app dresses the program's: translations and icon."""
    translator = install_qt_chinese(qapp)
    qapp.setWindowIcon(app_icon())
    yield qapp
    qapp.removeTranslator(translator)
    qapp.setWindowIcon(QIcon())


def test_every_page_is_shown_and_kept_as_a_screenshot(set_up_app: QApplication, tmp_path: Path) -> None:
    lines: list[str] = []
    code = run_selftest(set_up_app, tmp_path / "数据", tmp_path / "截图", out=lines.append)
    assert code == 0, lines
    assert lines[-1] == "自检通过。"
    assert [line for line in lines if line.endswith("：正常")] == [
        "计划与任务：正常", "单位：正常", "季度报送：正常", "考核评分：正常", "统计：正常", "设置：正常",
    ]  # fmt: skip
    assert len(list((tmp_path / "截图").glob("*.png"))) == 6
    assert list((tmp_path / "数据" / "data").glob("*.sqlite")), "the demo database was made where told"


def test_a_page_that_cannot_open_is_named(
    set_up_app: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = MainWindow.page

    def broken(self: MainWindow, index: int) -> object:
        if index == 2:
            raise ImportError("No module named 'openpyxl'")
        return original(self, index)

    monkeypatch.setattr(MainWindow, "page", broken)
    lines: list[str] = []
    assert run_selftest(set_up_app, tmp_path / "数据", None, out=lines.append) == 1
    assert any(line.startswith("问题：“季度报送”页打不开") and "openpyxl" in line for line in lines)
    assert lines[-1] == "自检发现 1 个问题。"


def test_without_translations_or_icon_it_says_so(qapp: QApplication, tmp_path: Path) -> None:
    lines: list[str] = []
    assert run_selftest(qapp, tmp_path / "数据", None, out=lines.append) == 1
    assert "问题：Qt 的中文翻译没有加载（按钮会显示英文）" in lines
    assert "问题：窗口没有图标" in lines
