"""The 2次元コード (QR code) shown above a 求職番号, as inline SVG.

Inline, so that it costs no extra request and needs neither Pillow nor a data: URI (which a strict
CSP refuses); without style attributes for the same reason. The output is kept small because it is
part of a page with a 14 KB budget as transferred: one path whose subpaths are whole runs of dark
modules, in module units, and only the attributes a browser needs.
"""

from xml.etree import ElementTree as ET

import qrcode
from django.utils.safestring import SafeString, mark_safe
from qrcode.image.svg import SvgPathImage

# Error correction M (15 % of the code may be unreadable: a scratched screen, glare) and the
# four-module quiet zone the QR standard requires for scanners to find the code.
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M
BORDER = 4


class _CompactSvgPathImage(SvgPathImage):
    """SvgPathImage with one rectangle per horizontal run of dark modules instead of one per module.

    That makes the path less than half as long. Coordinates are in modules, the viewBox is the code
    with its quiet zone, and there is no width or height, so CSS sizes it.
    """

    # process() draws every module from self.modules; drawing them one by one first is wasted.
    needs_drawrect = False
    QR_PATH_STYLE = {"fill": "#000"}

    def new_image(self, **kwargs) -> ET.Element:
        size = self.width + 2 * self.border
        svg = ET.Element("svg", viewBox=f"0 0 {size} {size}", **kwargs)
        # crispEdges: rows of rectangles would otherwise show hairline seams when scaled.
        svg.set("shape-rendering", "crispEdges")
        # A white quiet zone of its own, so that the code scans on any page or panel background.
        ET.SubElement(svg, "rect", width=str(size), height=str(size), fill="#fff")
        return svg

    def process(self) -> None:
        self._subpaths = list(self._runs())
        super().process()
        # An id would repeat if the page showed two codes.
        del self.path.attrib["id"]

    def _runs(self):
        for y, row in enumerate(self.modules, start=self.border):
            x = 0
            while x < len(row):
                if not row[x]:
                    x += 1
                    continue
                start = x
                while x < len(row) and row[x]:
                    x += 1
                yield f"M{start + self.border} {y}h{x - start}v1h-{x - start}z"


def qr_svg(text: str, *, label: str) -> SafeString:
    """An inline `<svg role="img">` QR code of `text`, announced by screen readers as `label`."""
    code = qrcode.QRCode(
        error_correction=ERROR_CORRECTION, border=BORDER, image_factory=_CompactSvgPathImage
    )
    code.add_data(text)
    svg = code.make_image().get_image()
    svg.set("role", "img")
    svg.set("aria-label", label)
    # ElementTree escapes the attribute values (label included), which makes mark_safe sound.
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # noqa: S308
