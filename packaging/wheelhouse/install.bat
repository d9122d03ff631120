@echo off
rem gkdesk offline installer for Windows x64: install.bat installs, or upgrades in place when run
rem again; "install.bat uninstall" removes the venv and the shortcuts but keeps the data.
rem
rem Encoding: this file is UTF-8 without a BOM (a BOM would glue itself to "@echo" and break the
rem first line). cmd.exe decodes each line with the console code page when it reaches that line,
rem so every line above "chcp 65001" is ASCII, and the Chinese lines below it decode as UTF-8 on
rem any Windows language. Python 3.11 needs Windows 8.1 or later, whose cmd.exe runs batch files
rem under code page 65001 (Windows 7's could stop half-way). A GBK-saved file would show garbage
rem on non-Chinese Windows and in every diff. The old code page is restored on the way out.
setlocal EnableExtensions DisableDelayedExpansion
set "GK_OLDCP="
for /f "tokens=2 delims=:." %%c in ('chcp') do set "GK_OLDCP=%%c"
if defined GK_OLDCP set "GK_OLDCP=%GK_OLDCP: =%"
chcp 65001 >nul

set "GK_HERE=%~dp0"
rem Without its trailing backslash: "C:\dir\" would escape the closing quote on pip's command line.
set "GK_HERE=%GK_HERE:~0,-1%"
set "GK_VENV=%LOCALAPPDATA%\Programs\gkdesk-venv"
set "GK_VPY=%GK_VENV%\Scripts\python.exe"
set "GK_NAME=政务公开任务管理"
set "GK_ACTION=install"
set "GK_PAUSE=1"
set "GK_RC=0"
rem Only Python 3.11 x64 can use these cp311 win_amd64 wheels.
set "GK_CHECK=import struct, sys; sys.exit(0 if sys.version_info[:2] == (3, 11) and struct.calcsize('P') == 8 else 1)"

:args
if "%~1"=="" goto :args_done
if /i "%~1"=="uninstall" set "GK_ACTION=uninstall"
if /i "%~1"=="--uninstall" set "GK_ACTION=uninstall"
if /i "%~1"=="/uninstall" set "GK_ACTION=uninstall"
rem For scripted installs: no "press any key" at the end.
if /i "%~1"=="--no-pause" set "GK_PAUSE="
if /i "%~1"=="/nopause" set "GK_PAUSE="
shift
goto :args
:args_done
if "%GK_ACTION%"=="uninstall" goto :uninstall

if not exist "%GK_HERE%\requirements.txt" goto :incomplete
set "GK_WHEEL="
for /f "delims=" %%w in ('dir /b /a-d "%GK_HERE%\gkdesk-*.whl" 2^>nul') do set "GK_WHEEL=%GK_HERE%\%%w"
if not defined GK_WHEEL goto :incomplete

rem The py launcher finds 3.11 even when another Python comes first on PATH.
set "GK_PY="
py -3.11 -c "%GK_CHECK%" >nul 2>&1 && set "GK_PY=py -3.11"
if not defined GK_PY python -c "%GK_CHECK%" >nul 2>&1 && set "GK_PY=python"
if not defined GK_PY goto :nopython

rem A venv whose Python is gone or of another version cannot be upgraded; it holds no data.
if exist "%GK_VPY%" "%GK_VPY%" -c "%GK_CHECK%" >nul 2>&1 && goto :upgrade
if exist "%GK_VENV%" rmdir /s /q "%GK_VENV%"
echo 创建虚拟环境：%GK_VENV%
%GK_PY% -m venv "%GK_VENV%"
if errorlevel 1 goto :novenv
goto :pip
:upgrade
echo 升级已有的安装：%GK_VENV%

:pip
rem --isolated: a user's pip.ini or PIP_* variables (an index URL, "user = true") must not change
rem an offline install into a venv.
echo 安装依赖（离线）……
"%GK_VPY%" -m pip --isolated --disable-pip-version-check install --no-index --find-links "%GK_HERE%" -r "%GK_HERE%\requirements.txt"
if errorlevel 1 goto :pipfail
rem The same version number may come back rebuilt, so gkdesk itself is always reinstalled.
echo 安装 %GK_NAME% ……
"%GK_VPY%" -m pip --isolated --disable-pip-version-check install --no-index --find-links "%GK_HERE%" --force-reinstall --no-deps "%GK_WHEEL%"
if errorlevel 1 goto :pipfail

rem Shortcuts through WScript.Shell: the only way without extra tools. Names and paths travel in
rem environment variables, which stay UTF-16 all the way, so neither quoting nor code pages can
rem mangle the Chinese name. gkdesk-gui.exe is the windowed launcher (no console behind the
rem window); GetFolderPath follows a Desktop moved to OneDrive or another drive.
set "GK_TARGET=%GK_VENV%\Scripts\gkdesk-gui.exe"
set "GK_ICON="
if exist "%GK_VENV%\Lib\site-packages\gkdesk\_resources\icons\gkdesk.ico" set "GK_ICON=%GK_VENV%\Lib\site-packages\gkdesk\_resources\icons\gkdesk.ico"
powershell -NoProfile -ExecutionPolicy Bypass -Command "$ws = New-Object -ComObject WScript.Shell; foreach ($dir in @([Environment]::GetFolderPath('Programs'), [Environment]::GetFolderPath('Desktop'))) { $l = $ws.CreateShortcut((Join-Path $dir ($env:GK_NAME + '.lnk'))); $l.TargetPath = $env:GK_TARGET; $l.WorkingDirectory = $env:USERPROFILE; $l.Description = $env:GK_NAME; if ($env:GK_ICON) { $l.IconLocation = $env:GK_ICON + ',0' }; $l.Save() }"
if errorlevel 1 echo 注意：快捷方式创建失败，可直接运行 %GK_TARGET%

echo.
echo 已安装 %GK_NAME%。
echo   开始菜单和桌面：%GK_NAME%
echo   命令行：%GK_VENV%\Scripts\gkdesk.exe
echo   数据位置：%LOCALAPPDATA%\gkdesk（升级、卸载都不会删除）
goto :end

:uninstall
powershell -NoProfile -ExecutionPolicy Bypass -Command "foreach ($dir in @([Environment]::GetFolderPath('Programs'), [Environment]::GetFolderPath('Desktop'))) { Remove-Item -LiteralPath (Join-Path $dir ($env:GK_NAME + '.lnk')) -ErrorAction SilentlyContinue }"
if exist "%GK_VENV%" rmdir /s /q "%GK_VENV%"
if exist "%GK_VENV%" goto :busy
echo 已卸载 %GK_NAME%（程序和快捷方式）。
echo 数据未删除：%LOCALAPPDATA%\gkdesk
goto :end

:incomplete
echo 错误：本文件夹中缺少 requirements.txt 或 gkdesk-*.whl，安装包不完整。
set "GK_RC=1"
goto :end

:nopython
echo 错误：未找到 64 位 Python 3.11。请先从 python.org 安装 Python 3.11（Windows installer 64-bit），
echo       安装时勾选“py launcher”，然后重新运行本脚本。
set "GK_RC=1"
goto :end

:novenv
echo 错误：无法创建虚拟环境 %GK_VENV%。
set "GK_RC=1"
goto :end

:pipfail
echo 错误：安装失败（见上方 pip 的输出）。若程序正在运行，请先关闭再重试。
set "GK_RC=1"
goto :end

:busy
echo 错误：无法删除 %GK_VENV%，程序可能正在运行。请关闭程序后重试。
set "GK_RC=1"
goto :end

:end
if defined GK_PAUSE pause
if defined GK_OLDCP chcp %GK_OLDCP% >nul
endlocal & exit /b %GK_RC%
