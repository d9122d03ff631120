#!/bin/sh
# 政务公开任务管理（gkdesk）离线安装，Linux x86_64：
#   sh install.sh               安装；再次运行即原地升级
#   sh install.sh --uninstall   卸载（删除虚拟环境和快捷方式，数据保留）
#
# The wheels beside this script go into a venv of the user's own (no root, the system Python
# stays untouched), with pip's index switched off so nothing is fetched. The data lives elsewhere
# (platformdirs' user data folder, ~/.local/share/gkdesk), which is why re-running can upgrade the
# venv in place and uninstalling can delete it whole without losing anything.
set -eu

HERE=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
VENV=$DATA_HOME/gkdesk-venv
APPS=$DATA_HOME/applications
DESKTOP_FILE=$APPS/gkdesk.desktop
BIN_DIR=$HOME/.local/bin
LINK=$BIN_DIR/gkdesk
NAME=政务公开任务管理

say() { printf '%s\n' "$*"; }
die() {
    printf '错误：%s\n' "$*" >&2
    exit 1
}

# The wheelhouse holds cp311 wheels, so any other Python (3.12 included) would fail half-way
# through pip; check before touching anything.
is_py311() {
    "$1" -c 'import struct, sys; sys.exit(0 if sys.version_info[:2] == (3, 11) and struct.calcsize("P") == 8 else 1)' \
        >/dev/null 2>&1
}

refresh_menu() {
    # Some desktops (older GNOME, UOS, Kylin) only notice a new .desktop file after this.
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$APPS" >/dev/null 2>&1 || true
    fi
}

uninstall() {
    # The link may belong to another gkdesk (installed some other way); only ours is removed.
    if [ -L "$LINK" ] && [ "$(readlink "$LINK")" = "$VENV/bin/gkdesk" ]; then
        rm -f "$LINK"
    fi
    rm -f "$DESKTOP_FILE"
    rm -rf "$VENV"
    refresh_menu
    say "已卸载 $NAME（程序和快捷方式）。"
    say "数据未删除：${GKDESK_HOME:-$DATA_HOME/gkdesk}"
}

case "${1:-}" in
    --uninstall | uninstall)
        uninstall
        exit 0
        ;;
    -h | --help)
        sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    "") ;;
    *) die "不认识的参数：$1（可用：--uninstall）" ;;
esac

set -- "$HERE"/gkdesk-*.whl
[ -f "$1" ] || die "本文件夹中没有 gkdesk 的 wheel 文件（gkdesk-*.whl），安装包不完整。"
APP_WHEEL=$1
[ -f "$HERE/requirements.txt" ] || die "本文件夹中没有 requirements.txt，安装包不完整。"

PY=
for candidate in "${GKDESK_PYTHON:-}" python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && is_py311 "$candidate"; then
        PY=$(command -v "$candidate")
        break
    fi
done
if [ -z "$PY" ]; then
    found=$(python3 --version 2>&1 || echo "未找到 python3")
    die "需要 64 位 Python 3.11（本机：$found）。请先安装 Python 3.11（如 Debian/Ubuntu：apt install python3.11 python3.11-venv），或用 GKDESK_PYTHON=/路径/python3.11 sh install.sh 指定。"
fi

if [ -x "$VENV/bin/python" ] && is_py311 "$VENV/bin/python"; then
    say "升级已有的安装：$VENV"
else
    # A venv whose Python is gone or of another version cannot be upgraded; it holds no data.
    rm -rf "$VENV"
    say "创建虚拟环境：$VENV（使用 $PY）"
    mkdir -p "$DATA_HOME"
    if ! "$PY" -m venv "$VENV"; then
        rm -rf "$VENV"
        die "无法创建虚拟环境。Debian/Ubuntu 请先安装 python3.11-venv 包（apt install python3.11-venv）。"
    fi
fi

# --isolated: a user's pip.conf or PIP_* variables (an index URL, "user = true") must not change
# an offline install into a venv.
pip_install() {
    "$VENV/bin/python" -m pip --isolated --disable-pip-version-check install -q --no-index --find-links "$HERE" "$@"
}

say "安装依赖（离线）……"
pip_install -r "$HERE/requirements.txt" || die "依赖安装失败（见上方 pip 的输出）。若程序正在运行，请先关闭再重试。"
# The same version number may come back rebuilt, so gkdesk itself is always reinstalled; its
# dependencies were settled by the line above.
say "安装 $NAME ……"
pip_install --force-reinstall --no-deps "$APP_WHEEL" || die "程序安装失败（见上方 pip 的输出）。"

VERSION=$("$VENV/bin/python" -c 'import gkdesk; print(gkdesk.__version__)') || die "安装后无法载入 gkdesk。"

# The icon comes with the package; without it the menu shows a generic office icon.
ICON=$("$VENV/bin/python" -c 'import pathlib, gkdesk
p = pathlib.Path(gkdesk.__file__).parent / "_resources" / "icons" / "gkdesk-256.png"
print(p if p.is_file() else "")')
[ -n "$ICON" ] || ICON=applications-office

mkdir -p "$APPS"
cat >"$DESKTOP_FILE" <<EOF
[Desktop Entry]
Type=Application
Version=1.0
Name=$NAME
Name[zh_CN]=$NAME
GenericName=$NAME
Comment=政务公开工作要点任务管理：导入工作要点、单位名册、季度报送、考核评分
Exec="$VENV/bin/gkdesk" gui
Icon=$ICON
Terminal=false
Categories=Office;
StartupNotify=true
EOF
refresh_menu

mkdir -p "$BIN_DIR"
if [ -e "$LINK" ] && [ ! -L "$LINK" ]; then
    say "提示：$LINK 已存在且不是链接，未改动；命令行请用 $VENV/bin/gkdesk。"
else
    ln -sfn "$VENV/bin/gkdesk" "$LINK"
fi

# Qt needs a few desktop libraries that minimal or server installs lack; say which, rather than
# leave the menu entry silently doing nothing.
if ! "$VENV/bin/python" -c 'import PySide6.QtWidgets' >/dev/null 2>&1; then
    say "注意：Qt 图形库载入失败，程序窗口可能打不开。通常需安装系统库（Debian/Ubuntu：" \
        "apt install libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-noto-cjk）。"
fi

say "已安装 $NAME $VERSION。"
say "  应用菜单：$NAME"
say "  命令行：$LINK（或 $VENV/bin/gkdesk）"
case ":$PATH:" in
    *":$BIN_DIR:"*) ;;
    *) say "  提示：$BIN_DIR 不在 PATH 中，重新登录后一般会生效。" ;;
esac
say "  数据位置：${GKDESK_HOME:-$DATA_HOME/gkdesk}（升级、卸载都不会删除）"
