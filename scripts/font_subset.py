#!/usr/bin/python3
"""Cuts a TrueType font down to the characters letters can print.

Usage: font_subset.py IN.ttf OUT.ttf UNICODES [SUFFIX]

Like `pyftsubset IN --unicodes=UNICODES --no-hinting`, and then every
composite glyph (an accented letter such as "ö", drawn as "o" plus a
diaeresis) is replaced by a plain outline.  libharu 2.3 follows the parts
of a composite glyph when it measures text and writes the font subset,
and for some combinations of letters it cannot write the PDF at all
(error 0x1033): a ban letter naming "C. Coördinator" once failed.  With
plain outlines that code is never reached.

SUFFIX is added to the font's PostScript and full names ("DejaVuSans" ->
"DejaVuSans-Ext"): libharu knows a loaded font by that name, and would
take a second subset of the same face for the first.  Such a font also
maps Ω U+2126, ∆ U+2206 and µ U+00B5 to the glyphs of the Greek Ω Δ μ:
libharu names those glyphs "Omega", "Delta" and "mu", which viewers look
up as the former, and libharu's own subset leaves every glyph it did not
use empty.
"""

import sys

from fontTools import subset
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.ttGlyphPen import TTGlyphPen


def decompose(font):
    glyf = font["glyf"]
    glyphs = font.getGlyphSet()
    for name in font.getGlyphOrder():
        if not glyf[name].isComposite():
            continue
        rec = DecomposingRecordingPen(glyphs)
        glyphs[name].draw(rec)
        pen = TTGlyphPen(None)
        rec.replay(pen)
        glyph = pen.glyph()
        glyph.recalcBounds(glyf)
        glyf[name] = glyph


ALIASES = ((0x2126, 0x3A9), (0x2206, 0x394), (0xB5, 0x3BC))


def alias(font):
    for table in font["cmap"].tables:
        if not table.isUnicode():
            continue
        for cp, target in ALIASES:
            if target in table.cmap:
                table.cmap[cp] = table.cmap[target]


def rename(font, suffix):
    for rec in font["name"].names:
        if rec.nameID in (3, 4, 6):
            rec.string = rec.toUnicode() + suffix


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    src, dst, unicodes = sys.argv[1:4]
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.drop_tables += ["FFTM"]
    font = subset.load_font(src, opts)
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=subset.parse_unicodes(unicodes))
    sub.subset(font)
    decompose(font)
    if len(sys.argv) == 5:
        rename(font, sys.argv[4])
        alias(font)
    subset.save_font(font, dst, opts)


if __name__ == "__main__":
    main()
