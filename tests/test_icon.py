"""The application icon: the committed PNGs and .ico in resources/icons/ are complete, well formed,
and still what packaging/make_icon.py renders from the SVGs."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from PIL import IcoImagePlugin, Image, ImageChops, ImageStat

from tests.scripts import load_script

ROOT = Path(__file__).resolve().parent.parent
ICON_DIR = ROOT / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
SVGS = ("gkdesk.svg", "gkdesk-small.svg")
SVG_NS = "{http://www.w3.org/2000/svg}"


def _load_make_icon() -> ModuleType:
    return load_script("packaging/make_icon.py")


@pytest.fixture(scope="module")
def make_icon() -> ModuleType:
    return _load_make_icon()


def test_script_sizes_match() -> None:
    module = _load_make_icon()
    assert module.PNG_SIZES == PNG_SIZES
    assert module.ICO_SIZES == ICO_SIZES


@pytest.mark.parametrize("size", PNG_SIZES)
def test_png_exists_with_size_and_alpha(size: int) -> None:
    path = ICON_DIR / f"gkdesk-{size}.png"
    assert path.is_file(), f"missing {path}; run packaging/make_icon.py"
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (size, size)
        assert image.mode == "RGBA"
        alpha = image.getchannel("A")
        # Rounded corners: (nearly) transparent at the very corner, opaque in the middle. At 16 px
        # antialiasing leaves a trace of the curve in the corner pixel.
        assert alpha.getpixel((0, 0)) < 16
        assert alpha.getpixel((size // 2, size // 2)) == 255


def test_ico_holds_every_size() -> None:
    path = ICON_DIR / "gkdesk.ico"
    with Image.open(path) as ico:
        assert ico.format == "ICO"
        assert sorted(ico.info["sizes"]) == [(s, s) for s in ICO_SIZES]
        assert isinstance(ico, IcoImagePlugin.IcoImageFile)
        assert sorted(ico.ico.sizes()) == [(s, s) for s in ICO_SIZES]
        for size in ICO_SIZES:
            frame = ico.ico.getimage((size, size))
            assert frame.size == (size, size)
            assert frame.mode == "RGBA"


def test_ico_frames_are_the_pngs() -> None:
    """Each .ico frame is the PNG of its size, not a resampled copy of another size."""
    with Image.open(ICON_DIR / "gkdesk.ico") as ico:
        for size in ICO_SIZES:
            frame = ico.ico.getimage((size, size)).convert("RGBA")
            with Image.open(ICON_DIR / f"gkdesk-{size}.png") as png:
                assert ImageChops.difference(frame, png.convert("RGBA")).getbbox() is None, size


@pytest.mark.parametrize("name", SVGS)
def test_svg_parses_and_has_no_text(name: str) -> None:
    root = ET.parse(ICON_DIR / name).getroot()
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox")
    # Shapes only: glyphs would depend on the fonts of the machine that renders the icon.
    tags = {element.tag.removeprefix(SVG_NS) for element in root.iter()}
    assert not tags & {"text", "tspan", "textPath", "font", "image", "use"}


@pytest.mark.parametrize("name", SVGS)
def test_svg_renders(name: str, qapp: object) -> None:
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(ICON_DIR / name))
    assert renderer.isValid()
    assert not renderer.defaultSize().isEmpty()


def test_render_is_not_empty(make_icon: ModuleType, qapp: object) -> None:
    image = make_icon.render_image(ICON_DIR / "gkdesk.svg", 64)
    assert image.size == (64, 64)
    # Red tile, white sheet, grey rows: several distinct colours, and mostly opaque.
    assert len(image.getcolors(64 * 64)) > 10
    assert ImageStat.Stat(image.getchannel("A")).mean[0] > 200


@pytest.mark.parametrize("size", [32, 48])
def test_committed_png_matches_svg(size: int, make_icon: ModuleType, qapp: object, tmp_path: Path) -> None:
    """Re-rendering gives the committed pixels (within antialiasing noise between Qt versions), so
    an edited SVG can't ship with stale PNGs. Covers both SVGs: 32 px is the small one, 48 the detailed."""
    fresh = make_icon.render_pngs(tmp_path, sizes=(size,))[size]
    with Image.open(fresh) as new, Image.open(ICON_DIR / f"gkdesk-{size}.png") as old:
        assert new.size == old.size
        diff = ImageChops.difference(new.convert("RGBA"), old.convert("RGBA"))
        mean = ImageStat.Stat(diff).mean
        assert max(mean) < 2.0, f"gkdesk-{size}.png is stale (mean diff {mean}); run packaging/make_icon.py"
        # Antialiasing differs by a few levels at most; a moved or recoloured shape differs a lot.
        assert max(high for _low, high in diff.getextrema()) < 64


def test_render_is_deterministic(make_icon: ModuleType, qapp: object, tmp_path: Path) -> None:
    first = make_icon.render_pngs(tmp_path / "a", sizes=(16, 64))
    second = make_icon.render_pngs(tmp_path / "b", sizes=(16, 64))
    for size in (16, 64):
        assert first[size].read_bytes() == second[size].read_bytes()
    ico_a = make_icon.write_ico(tmp_path / "a.ico", make_icon.render_pngs(tmp_path / "c"))
    ico_b = make_icon.write_ico(tmp_path / "b.ico", make_icon.render_pngs(tmp_path / "d"))
    assert ico_a.read_bytes() == ico_b.read_bytes()
