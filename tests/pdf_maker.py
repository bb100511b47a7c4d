"""A minimal PDF writer for tests: text lines at given positions and ruling lines, Helvetica
(WinAnsi, so Spanish accents work), several pages. Enough to exercise the positioned reader on
layouts whose truth is known (gaps, indents, page furniture, hyphenation, ruled tables)."""

from __future__ import annotations

from dataclasses import dataclass, field

PAGE_W, PAGE_H = 612, 792


@dataclass
class Page:
    ops: list[str] = field(default_factory=list)

    def text(self, x: float, top: float, text: str, size: float = 11) -> None:
        """A line of text whose baseline is ``top`` points from the top of the page."""
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        self.ops.append(f"BT /F1 {size} Tf {x:.1f} {PAGE_H - top:.1f} Td ({escaped}) Tj ET")

    def hline(self, x0: float, x1: float, top: float) -> None:
        self.ops.append(f"0.8 w {x0:.1f} {PAGE_H - top:.1f} m {x1:.1f} {PAGE_H - top:.1f} l S")

    def vline(self, x: float, top: float, bottom: float) -> None:
        self.ops.append(f"0.8 w {x:.1f} {PAGE_H - top:.1f} m {x:.1f} {PAGE_H - bottom:.1f} l S")

    def grid(self, xs: list[float], ys: list[float], rows: list[list[str]], size: float = 10) -> None:
        """A ruled table: column boundaries ``xs``, row boundaries ``ys`` (from the top), cell texts."""
        for y in ys:
            self.hline(xs[0], xs[-1], y)
        for x in xs:
            self.vline(x, ys[0], ys[-1])
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                self.text(xs[c] + 3, ys[r + 1] - 4, cell, size)


def write_pdf(pages: list[Page]) -> bytes:
    objects: list[bytes] = []
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(font)
    for i, page in enumerate(pages):
        content = "\n".join(page.ops).encode("cp1252")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
