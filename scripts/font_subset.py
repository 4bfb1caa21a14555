#!/usr/bin/python3
"""Cuts a TrueType font down to the characters letters can print.

Usage: font_subset.py IN.ttf OUT.ttf UNICODES

Like `pyftsubset IN --unicodes=UNICODES --no-hinting`, and then every
composite glyph (an accented letter such as "ö", drawn as "o" plus a
diaeresis) is replaced by a plain outline.  libharu 2.3 follows the parts
of a composite glyph when it measures text and writes the font subset,
and for some combinations of letters it cannot write the PDF at all
(error 0x1033): a ban letter naming "C. Coördinator" once failed.  With
plain outlines that code is never reached.
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


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    src, dst, unicodes = sys.argv[1:]
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
    subset.save_font(font, dst, opts)


if __name__ == "__main__":
    main()
