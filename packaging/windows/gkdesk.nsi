; gkdesk Windows installer (NSIS 3, Modern UI 2, Simplified Chinese only).
;
; Per-user install: no administrator rights are needed, which is the point on locked-down intranet
; PCs. The program goes to %LOCALAPPDATA%\Programs\gkdesk; the user's data (database, backups,
; logs) lives in %LOCALAPPDATA%\gkdesk (platformdirs' user_data_dir, appauthor=False), a
; different folder on purpose, so installing a new version or uninstalling never touches it
; unless the user says so.
;
; Built by packaging/windows/build_installer.py; by hand:
;   makensis -DVERSION=0.1.0 -DDIST_DIR=dist\gkdesk -DOUT_FILE=dist\setup.exe -DICON=gkdesk.ico gkdesk.nsi
; (makensis on Windows takes /D as well; on Linux only -D). Every define has a default relative to
; this script. The same script compiles with Debian's makensis against the Linux frozen folder, so
; nothing here names a compile-time file inside DIST_DIR: gkdesk.exe only appears as an
; installed path.
;
; This file is UTF-8 with a BOM: makensis reads a BOM-less script in the system code page on
; Windows, which would garble the Chinese text.

Unicode true
; QUICK (tests only): the same script without compression, in seconds instead of minutes.
!ifdef QUICK
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif
ManifestDPIAware true

; ---------------------------------------------------------------------------- defines
!define PRODUCT "政务公开任务管理"
!define PUBLISHER "gkdesk"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\gkdesk"
!define DATA_DIR "$LOCALAPPDATA\gkdesk"
!define SHORTCUT "${PRODUCT}.lnk"

!ifndef VERSION
  ; The version the program itself reports, so a bare `makensis gkdesk.nsi` is still right.
  !searchparse /file "${__FILEDIR__}\..\..\gkdesk\__init__.py" `__version__ = "` VERSION `"`
!endif
!ifndef VI_VERSION
  ; VIProductVersion must be four numbers; build_installer.py passes it for versions such as
  ; 0.2.0rc1 that this simple split cannot turn into numbers.
  !searchparse /noerrors "${VERSION}.0.0" "" _VI_MAJOR "." _VI_MINOR "." _VI_PATCH "."
  !define VI_VERSION "${_VI_MAJOR}.${_VI_MINOR}.${_VI_PATCH}.0"
!endif
!ifndef DIST_DIR
  !define DIST_DIR "${__FILEDIR__}\..\..\dist\gkdesk"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "${__FILEDIR__}\..\..\dist\gkdesk-${VERSION}-windows-x64-setup.exe"
!endif
!ifndef ICON
  !define ICON "${__FILEDIR__}\..\..\resources\icons\gkdesk.ico"
!endif

Name "${PRODUCT}"
OutFile "${OUT_FILE}"
BrandingText "${PRODUCT} ${VERSION}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\gkdesk"
; An upgrade goes where the previous version was installed, even if the user chose another folder.
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include x64.nsh

; ---------------------------------------------------------------------------- pages
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING

!define MUI_WELCOMEPAGE_TEXT "安装向导将把${PRODUCT} ${VERSION} 安装到这台电脑，无需管理员权限。$\r$\n$\r$\n\
如果已安装旧版本，将直接升级；原有数据（数据库、备份、日志）保留不变。$\r$\n$\r$\n\
请先关闭正在运行的${PRODUCT}，然后单击“下一步”继续。"
!insertmacro MUI_PAGE_WELCOME
!define MUI_PAGE_CUSTOMFUNCTION_LEAVE DirectoryLeave
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\gkdesk.exe"
!define MUI_FINISHPAGE_RUN_TEXT "运行 ${PRODUCT}"
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

; ---------------------------------------------------------------------------- version info
VIProductVersion "${VI_VERSION}"
VIFileVersion "${VI_VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${PRODUCT}安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "Copyright © ${PUBLISHER}"

; ---------------------------------------------------------------------------- is it running?
Var InUse
Var Handle

; Windows will not let anyone open a running .exe for writing (its image is mapped), so a
; failed FileOpen in append mode means gkdesk.exe or gkdesk-cli.exe is running from this folder.
; Unlike deleting or renaming the exe (a running exe can be renamed), the test changes nothing,
; and it needs no plugin (Debian's NSIS ships no process plugin; FindWindow would depend on
; Qt's window class name and the title, which change between versions).
!macro _GKDESK_MARK_IF_IN_USE FILE
  ${If} ${FileExists} "${FILE}"
    ClearErrors
    FileOpen $Handle "${FILE}" a
    ${If} ${Errors}
      StrCpy $InUse "busy"
    ${Else}
      FileClose $Handle
    ${EndIf}
  ${EndIf}
!macroend

; Leaves $InUse "ok" once gkdesk is not running from $INSTDIR, or "cancel" if the user gave up.
; Silent runs cannot ask, so they give up at once.
!macro GKDESK_ENSURE_CLOSED_FUNC UN
  Function ${UN}EnsureClosed
    retry:
      StrCpy $InUse "ok"
      !insertmacro _GKDESK_MARK_IF_IN_USE "$INSTDIR\gkdesk.exe"
      !insertmacro _GKDESK_MARK_IF_IN_USE "$INSTDIR\gkdesk-cli.exe"
      ${If} $InUse == "busy"
        MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${PRODUCT}正在运行，无法继续。$\r$\n$\r$\n\
请关闭程序窗口（以及命令行中运行的 gkdesk-cli）后，单击“重试”。" /SD IDCANCEL IDRETRY retry
        StrCpy $InUse "cancel"
      ${EndIf}
  FunctionEnd
!macroend
!insertmacro GKDESK_ENSURE_CLOSED_FUNC ""
!insertmacro GKDESK_ENSURE_CLOSED_FUNC "un."

; ---------------------------------------------------------------------------- installer
Function .onInit
  ; The frozen program is 64-bit; a 32-bit Windows would only fail later with a cryptic error.
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "${PRODUCT}需要 64 位 Windows（Windows 10 或更新版本）。" /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
FunctionEnd

; The program must not go into the data folder or below it: "delete all data" on uninstall
; would then take the program with it, and the two are kept apart on purpose. Abort here greys
; out the Install button on the directory page.
Function .onVerifyInstDir
  Call InstDirInDataDir
  ${If} $R1 == "${DATA_DIR}\"
    Abort
  ${EndIf}
FunctionEnd

; Leaves $R1 equal to "${DATA_DIR}\" when $INSTDIR is the data folder or inside it
; (== compares case-insensitively, like Windows paths).
Function InstDirInDataDir
  StrLen $R0 "${DATA_DIR}\"
  StrCpy $R1 "$INSTDIR\" $R0
FunctionEnd

Function DirectoryLeave
  Call EnsureClosed
  ${If} $InUse != "ok"
    Abort  ; stays on the directory page
  ${EndIf}
FunctionEnd

Section "-${PRODUCT}"
  ; Again here: a silent install shows no directory page, and the program may have been started
  ; since that page.
  Call EnsureClosed
  ${If} $InUse != "ok"
    SetErrorLevel 2
    Abort "${PRODUCT}正在运行，安装已取消。"
  ${EndIf}
  ; A silent install (/S /D=...) never calls .onVerifyInstDir.
  Call InstDirInDataDir
  ${If} $R1 == "${DATA_DIR}\"
    SetErrorLevel 2
    Abort "不能安装到数据文件夹 ${DATA_DIR}，请另选安装位置。"
  ${EndIf}

  SetOutPath "$INSTDIR"
  ; A new version's _internal is a different set of files; copying over the old one would leave
  ; stale modules and DLLs behind that the new program might load. The user's data is elsewhere.
  RMDir /r "$INSTDIR\_internal"
  File /r "${DIST_DIR}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; SetOutPath above makes $INSTDIR the shortcuts' working folder.
  CreateShortCut "$SMPROGRAMS\${SHORTCUT}" "$INSTDIR\gkdesk.exe" "" "$INSTDIR\gkdesk.exe" 0 \
    SW_SHOWNORMAL "" "${PRODUCT}"
  CreateShortCut "$DESKTOP\${SHORTCUT}" "$INSTDIR\gkdesk.exe" "" "$INSTDIR\gkdesk.exe" 0 \
    SW_SHOWNORMAL "" "${PRODUCT}"

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\gkdesk.exe,0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ; Apps & features shows this (in KB); measured after copying, so it is what is on disk.
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

; ---------------------------------------------------------------------------- uninstaller
Section "Uninstall"
  Call un.EnsureClosed
  ${If} $InUse != "ok"
    SetErrorLevel 2
    Abort "${PRODUCT}正在运行，卸载已取消。"
  ${EndIf}

  Delete "$SMPROGRAMS\${SHORTCUT}"
  Delete "$DESKTOP\${SHORTCUT}"
  DeleteRegKey HKCU "${UNINST_KEY}"

  ; Only what the installer put there: the user may have chosen a folder that holds other files.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\gkdesk.exe"
  Delete "$INSTDIR\gkdesk-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  ; The data outlives the program unless the user says otherwise; a silent uninstall (/S) takes
  ; the default answer, No, so scripted removals and upgrades by IT staff never lose data.
  ${If} ${Cmd} `MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "是否同时删除所有数据（数据库、备份、日志）？$\r$\n$\r$\n数据文件夹：${DATA_DIR}$\r$\n选择“否”则保留数据，重新安装后可继续使用。" /SD IDNO IDYES`
    RMDir /r "${DATA_DIR}"
  ${EndIf}
SectionEnd
