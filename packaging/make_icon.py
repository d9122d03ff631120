"""Render the application icon from its SVG sources into PNGs and a Windows .ico.

    .venv/bin/python packaging/make_icon.py [--out resources/icons]

Writes ``gkdesk-{16,24,32,48,64,128,256,512}.png`` (RGBA, transparent background) and
``gkdesk.ico`` (16-256 px) next to the SVGs. The outputs are committed: the build only copies them,
so rerun this after editing ``gkdesk.svg`` or ``gkdesk-small.svg`` (tests/test_icon.py fails when
the committed PNGs drift from the SVGs).

Sizes up to 32 px come from ``gkdesk-small.svg``, a simplified drawing on a pixel grid; downscaling
the detailed one turns its task rows and seal into grey mush at those sizes.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# Before Qt is imported: rendering needs no display, and must not open one on a build machine.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICON_DIR / "gkdesk.svg"
SMALL_SVG = ICON_DIR / "gkdesk-small.svg"
SMALL_MAX = 32
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def _ensure_app() -> QCoreApplication:
    # QPainter on a QImage wants a GUI application; reuse one (e.g. pytest-qt's QApplication)
    # rather than create a second, which Qt forbids.
    app = QCoreApplication.instance()
    return app if app is not None else QGuiApplication([])


def svg_for(size: int, icon_dir: Path = ICON_DIR) -> Path:
    """The SVG drawn for ``size`` px: the simplified one up to 32 px, the detailed one above."""
    return icon_dir / ("gkdesk-small.svg" if size <= SMALL_MAX else "gkdesk.svg")


def render_image(svg: Path, size: int) -> Image.Image:
    """``svg`` rendered antialiased into a ``size`` × ``size`` RGBA image on a transparent background."""
    _ensure_app()
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"not a renderable SVG: {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        renderer.render(painter)
    finally:
        painter.end()
    # Straight (not premultiplied) alpha, byte order R G B A on every platform: what Pillow expects.
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    data = bytes(rgba.constBits())
    return Image.frombuffer("RGBA", (size, size), data, "raw", "RGBA", rgba.bytesPerLine(), 1).copy()


def render_pngs(
    out_dir: Path, sizes: tuple[int, ...] = PNG_SIZES, icon_dir: Path = ICON_DIR
) -> dict[int, Path]:
    """Write ``gkdesk-<size>.png`` into ``out_dir`` for each size; returns size → path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[int, Path] = {}
    for size in sizes:
        path = out_dir / f"gkdesk-{size}.png"
        # Pillow writes no timestamp or other metadata, so equal pixels give equal bytes.
        render_image(svg_for(size, icon_dir), size).save(path, format="PNG")
        written[size] = path
    return written


def write_ico(out: Path, pngs: dict[int, Path], sizes: tuple[int, ...] = ICO_SIZES) -> Path:
    """Bundle the PNGs of ``sizes`` into one .ico, each size stored as drawn (no resampling)."""
    images = [Image.open(pngs[size]).convert("RGBA") for size in sorted(sizes, reverse=True)]
    # Pillow takes the first image as the master and picks the others by size from append_images.
    images[0].save(out, format="ICO", sizes=[(s, s) for s in sizes], append_images=images[1:])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=ICON_DIR, help="output folder (default: %(default)s)")
    args = parser.parse_args(argv)
    pngs = render_pngs(args.out)
    ico = write_ico(args.out / "gkdesk.ico", pngs)
    for path in [*pngs.values(), ico]:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
