"""What Word and Excel files share: opening password-protected ones and converting old formats.

Both readers meet OLE containers (an encrypted .docx/.xlsx, or an old binary .doc/.xls/.wps/.et)
and formats only LibreOffice reads. The messages name the file and say what the clerk can do in
the program they have (Word, Excel or WPS).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from msoffcrypto.exceptions import InvalidKeyError
from msoffcrypto.format.ooxml import OOXMLFile

from gkdesk.errors import BadFileError, PasswordRequiredError

CONVERT_TIMEOUT = 120  # seconds LibreOffice may take for one file


def wrong_password(name: str) -> BadFileError:
    return BadFileError(f"{name} 的密码不正确，请核对后重新输入。", code="wrong_password")


def ask_password(name: str) -> PasswordRequiredError:
    return PasswordRequiredError(f"{name} 设有打开密码，请输入密码后再导入。")


def decrypt(office: Any, password: str, name: str, app: str, *, quiet: bool = False) -> bytes | None:
    """The plain bytes of an encrypted Office file; with ``quiet``, None instead of an error.

    ``app`` names the program that can remove the password ("Word" or "Excel").
    """
    out = io.BytesIO()
    try:
        if isinstance(office, OOXMLFile):
            office.load_key(password=password, verify_password=True)
        else:
            office.load_key(password=password)
        office.decrypt(out)
    except InvalidKeyError:
        if quiet:
            return None
        raise wrong_password(name) from None
    except Exception as exc:  # msoffcrypto raises many kinds on damaged or unusual containers
        if quiet:
            return None
        raise BadFileError(
            f"{name} 无法解密：加密方式不受支持或文件已损坏。请在 {app} 或 WPS 中取消密码后再导入。",
            code="corrupt",
        ) from exc
    return out.getvalue()


def convert(data: bytes, name: str, ext: str, target: str, *, kind: str, save_as: str) -> bytes:
    """``data`` (an old or foreign format, suffix ``ext``) converted to ``target`` ("docx"/"xlsx")
    by LibreOffice, if it is installed.

    ``kind`` says what the file is ("旧版 Word/WPS 格式") and ``save_as`` what to do instead
    ("请在 Word 或 WPS 中“另存为”.docx 后再导入。"); both go into the messages.
    """
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise BadFileError(f"{name} 是{kind}，无法直接读取。{save_as}", code="old_format")
    failed = BadFileError(f"{name} 是{kind}，自动转换失败，文件可能已损坏。{save_as}", code="old_format")
    with tempfile.TemporaryDirectory(prefix="gkdesk-convert-") as tmp:
        tmp_dir = Path(tmp)
        # A plain ASCII name avoids LibreOffice's trouble with some non-ASCII paths.
        source = tmp_dir / f"source{ext}"
        source.write_bytes(data)
        out_dir = tmp_dir / "out"
        command = [
            exe,
            # A private profile: a running LibreOffice window would otherwise swallow the job.
            f"-env:UserInstallation={(tmp_dir / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            str(source),
        ]
        try:
            subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=CONVERT_TIMEOUT,
                check=False,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
            )
        except subprocess.TimeoutExpired:
            raise BadFileError(f"{name} 转换超时。{save_as}", code="old_format") from None
        except OSError as exc:
            raise failed from exc
        result = out_dir / f"source.{target}"
        if not result.is_file():
            raise failed
        return result.read_bytes()
