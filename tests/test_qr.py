"""The 2次元コード above the 求職番号: it scans back to the number and fits a strict CSP page."""

import re
from xml.etree import ElementTree as ET

import numpy as np
import pytest
import zxingcpp

from jobseeker.qr import qr_svg

PIXELS_PER_MODULE = 4
NUMBER = "74601-00000018"
LABEL = f"求職番号 {NUMBER} の2次元コード"
WHITE = {"#fff", "#ffffff", "white"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own output, not untrusted input)


def rectangles(d: str):
    """The subpaths of path data made of M/H/V/Z (absolute or relative), each as x0, y0, x1, y1.

    Only axis-aligned rectangles are expected; anything else fails the test.
    """
    tokens = re.findall(r"[MmHhVvZz]|-?\d+(?:\.\d+)?", d)
    x = y = 0.0
    corners: list[tuple[float, float]] = []
    position = 0
    while position < len(tokens):
        command = tokens[position]
        position += 1
        if command in "Mm":
            dx, dy = float(tokens[position]), float(tokens[position + 1])
            position += 2
            x, y = (x + dx, y + dy) if command == "m" else (dx, dy)
            corners = [(x, y)]
        elif command in "Hh":
            value = float(tokens[position])
            position += 1
            x = x + value if command == "h" else value
            corners.append((x, y))
        elif command in "Vv":
            value = float(tokens[position])
            position += 1
            y = y + value if command == "v" else value
            corners.append((x, y))
        elif command in "Zz":
            xs, ys = {c[0] for c in corners}, {c[1] for c in corners}
            assert len(xs) == 2 and len(ys) == 2 and len(corners) == 4, f"not a rectangle: {d!r}"
            x, y = corners[0]
            yield min(xs), min(ys), max(xs), max(ys)
        else:
            pytest.fail(f"unexpected path token {command!r}")


def rasterise(svg: str) -> np.ndarray:
    """The SVG as a grey image (0 black, 255 white), PIXELS_PER_MODULE per viewBox unit."""
    root = parse(svg)
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    image = np.full(
        (round(height * PIXELS_PER_MODULE), round(width * PIXELS_PER_MODULE)), 255, np.uint8
    )

    def paint(element, x0, y0, x1, y1):
        fill = element.get("fill", "#000")
        image[
            round(y0 * PIXELS_PER_MODULE) : round(y1 * PIXELS_PER_MODULE),
            round(x0 * PIXELS_PER_MODULE) : round(x1 * PIXELS_PER_MODULE),
        ] = 255 if fill in WHITE else 0

    for element in root.iter():
        tag = element.tag.rpartition("}")[2]
        if tag == "rect":
            x0, y0 = float(element.get("x", 0)), float(element.get("y", 0))
            paint(
                element, x0, y0, x0 + float(element.get("width")), y0 + float(element.get("height"))
            )
        elif tag == "path":
            for rectangle in rectangles(element.get("d")):
                paint(element, *rectangle)
        else:
            assert tag == "svg", f"unexpected element <{tag}>"
    return image


@pytest.mark.parametrize(
    "text", [NUMBER, "https://example.jp/staff/applications/?number=74601-00000018"]
)
def test_the_code_scans_back_to_exactly_the_text_with_error_correction_m(text):
    barcodes = zxingcpp.read_barcodes(rasterise(qr_svg(text, label=LABEL)))
    assert [(b.format, b.text, b.ec_level) for b in barcodes] == [
        (zxingcpp.BarcodeFormat.QRCode, text, "M")
    ]


def test_the_code_has_a_quiet_zone_of_exactly_four_modules():
    image = rasterise(qr_svg(NUMBER, label=LABEL))
    border = 4 * PIXELS_PER_MODULE
    inner = image[border:-border, border:-border]
    assert (image == 0).sum() == (inner == 0).sum(), "a dark pixel lies in the quiet zone"
    # The finder patterns start right after the quiet zone, in every corner that has one.
    assert inner[0, 0] == inner[-1, 0] == inner[0, -1] == 0


def test_the_svg_is_inline_markup_sized_by_css():
    svg = qr_svg(NUMBER, label=LABEL)
    root = parse(svg)
    assert svg.startswith("<svg ")
    assert "<?xml" not in svg
    assert "data:" not in svg
    assert re.fullmatch(r"0 0 (\d+) \1", root.get("viewBox"))
    assert root.get("width") is None and root.get("height") is None


def test_the_svg_carries_no_style_attribute_for_a_strict_csp():
    svg = qr_svg(NUMBER, label=LABEL)
    assert "style" not in svg  # neither style="…" nor a <style> element
    assert all("style" not in element.attrib for element in parse(svg).iter())


def test_the_svg_is_an_image_named_by_its_label():
    root = parse(qr_svg(NUMBER, label=LABEL))
    assert root.get("role") == "img"
    assert root.get("aria-label") == LABEL


def test_the_label_is_escaped():
    label = '"><script>alert(1)</script>&'
    svg = qr_svg(NUMBER, label=label)
    assert "<script" not in svg
    assert parse(svg).get("aria-label") == label


def test_the_code_of_a_number_stays_under_2_kb():
    # The マイページ has a 14 KB budget (as transferred); qrcode's own SvgPathImage output is
    # over 3.7 KB.
    assert len(qr_svg(NUMBER, label=LABEL).encode()) < 2048
