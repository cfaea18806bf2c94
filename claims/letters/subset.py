"""The fast path of font embedding: ReportLab's TrueType subsets, built from glyphs read once with fontTools.

Why it exists, measured with bench/letters_bench.py (200 letters, median of 2 runs, on the shared machine
under load): ReportLab's public path (its stock TTFont) renders 60.9 letters per CPU-second, this module 98.0
(16.4 ms and 10.2 ms a letter; run the bench with --public-fonts to compare). The public path re-reads every
glyph, copies the 4 MB glyf table and compresses the whole font file again for every subset of every letter,
and Hangul syllables in NanumGothic are composite glyphs. Here:

- `LetterFace.makeSubset` builds the same TrueType bytes as ReportLab's `TTFontFace.makeSubset` from
  glyph data that fontTools read once (tests/letters compares them byte for byte on random subsets);
- `LetterFont.prime` gives the letter's fixed wording the first codes and starts the claimant's data on a
  fresh subset, so the first subset depends only on the wording: its font file, widths and ToUnicode map
  are made once per process and reused (`addObjects`, `addSubsetObjects`). Only glyphs the letter draws are
  embedded.

It relies on ReportLab's TrueType font objects (TTFont and its per-document code state, TTFontMaker, pdfdoc
streams) but on none of their private helpers; tests/letters renders letters with ReportLab's stock TTFont
too and compares their text with this module's.
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from struct import pack, pack_into, unpack_from

import deflate
from fontTools.ttLib import TTFont as FontFile
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import (
    FF_NONSYMBOLIC,
    FF_SYMBOLIC,
    SUBSETN,
    TTFont,
    TTFontFace,
    TTFontMaker,
    makeToUnicodeCMap,
)

_CACHE_SIZE = 64
# Font files are compressed with libdeflate (the `deflate` package) at level 1, into the same zlib format
# (FlateDecode) that zlib writes: TrueType glyph data compresses poorly and slowly, and a Korean letter's
# own two subsets (~26 KB of glyphs each) took 0.40 ms each with zlib at level 1, 0.15 ms with libdeflate, and
# come out ~1% smaller (bench/letters_bench.py; the wording's subsets are cached). libdeflate's output
# depends only on its input, level and version (its CPU-specific code is in checksums and decompression).
_FONT_LEVEL = 1
# Flags of a composite glyph's component record (OpenType 'glyf' table).
_ARG_WORDS, _SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 0x0001, 0x0008, 0x0020, 0x0040, 0x0080


class _Cache:
    """A small thread-safe LRU map; values are made outside the lock (making twice is harmless)."""

    def __init__(self, size: int = _CACHE_SIZE) -> None:
        self._size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, make):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            if len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


def _with_ushort(data: bytes, offset: int, value: int) -> bytes:
    out = bytearray(data)
    pack_into(">H", out, offset, value)
    return bytes(out)


def _components(data: bytes) -> tuple[tuple[int, int], ...]:
    """(offset of the glyph index, glyph index) of each component of a composite glyph."""
    found = []
    pos = 10
    flags = _MORE
    while flags & _MORE:
        flags, index = unpack_from(">HH", data, pos)
        found.append((pos + 2, index))
        pos += 8 if flags & _ARG_WORDS else 6
        if flags & _SCALE:
            pos += 2
        elif flags & _XY_SCALE:
            pos += 4
        elif flags & _TWO_BY_TWO:
            pos += 8
    return tuple(found)


class LetterFace(TTFontFace):
    """A TTFontFace whose subsets are assembled from glyph data read once with fontTools."""

    def __init__(self, filename: str) -> None:
        super().__init__(filename)
        with FontFile(filename, lazy=True) as source:
            # The tables as stored in the file (source.reader): once fontTools has decompiled a table (head
            # and maxp, to read loca), getTableData would compile it anew, with today's timestamp.
            self._tables = {
                tag: source.reader[tag]
                for tag in ("name", "OS/2", "cvt ", "fpgm", "prep", "hhea", "maxp", "head", "post")
                if tag in source.reader
            }
            self._glyf = source.reader["glyf"]
            self._loca = list(source["loca"])
        self._glyphs: dict[int, tuple[bytes, tuple[tuple[int, int], ...]]] = {}
        self._embedded = _Cache()  # subset -> (raw length, compressed font file)

    def _glyph(self, index: int) -> tuple[bytes, tuple[tuple[int, int], ...]]:
        found = self._glyphs.get(index)
        if found is None:
            data = self._glyf[self._loca[index] : self._loca[index + 1]]
            composite = len(data) > 2 and unpack_from(">h", data)[0] < 0
            found = self._glyphs[index] = (data, _components(data) if composite else ())
        return found

    def makeSubset(self, subset):  # noqa: N802 - ReportLab's name
        """The same TrueType bytes as TTFontFace.makeSubset."""
        glyph_map = [0]
        glyph_set = {0: 0}
        code_to_glyph = {}
        char_to_glyph = self.charToGlyph
        for code in subset:
            original = char_to_glyph.get(code, 0)
            if original not in glyph_set:
                glyph_set[original] = len(glyph_map)
                glyph_map.append(original)
            code_to_glyph[code] = glyph_set[original]
        n = 0
        while n < len(glyph_map):
            for _, index in self._glyph(glyph_map[n])[1]:
                if index not in glyph_set:
                    glyph_set[index] = len(glyph_map)
                    glyph_map.append(index)
            n += 1

        tables = self._tables
        output = TTFontMaker()
        for tag in ("name", "OS/2", "cvt ", "fpgm", "prep"):
            if tag in tables:
                output.add(tag, tables[tag])
        output.add("post", b"\x00\x03\x00\x00" + tables["post"][4:16] + b"\x00" * 16)

        hmtx = []
        for original in glyph_map:
            aw, lsb = self.hmetrics[original]
            hmtx += (int(aw), int(lsb))
        n = len(hmtx) - 2
        while n and hmtx[n] == hmtx[n - 2]:
            n -= 2
        n += 2
        hmtx = hmtx[:n] + hmtx[n + 1 :: 2]
        output.add("hmtx", pack(f">{len(hmtx)}H", *hmtx))
        output.add("hhea", _with_ushort(tables["hhea"], 34, n >> 1))
        output.add("maxp", _with_ushort(tables["maxp"], 4, len(glyph_map)))

        cmap = [0, 1, 1, 0, 0, 12, 6, 10 + len(subset) * 2, 0, 0, len(subset)]
        cmap += [code_to_glyph[code] for code in subset]
        output.add("cmap", pack(f">{len(cmap)}H", *cmap))

        offsets = []
        glyf = []
        pos = 0
        for original in glyph_map:
            offsets.append(pos)
            data, components = self._glyph(original)
            if components:
                patched = bytearray(data)
                for offset, index in components:
                    pack_into(">H", patched, offset, glyph_set[index])
                data = bytes(patched)
            glyf.append(data)
            pos += len(data)
            if pos % 4:
                glyf.append(b"\0" * (4 - pos % 4))
                pos += 4 - pos % 4
        offsets.append(pos)
        output.add("glyf", b"".join(glyf))
        if (pos + 1) >> 1 > 0xFFFF:
            output.add("loca", pack(f">{len(offsets)}L", *offsets))
            output.add("head", _with_ushort(tables["head"], 50, 1))
        else:
            output.add("loca", pack(f">{len(offsets)}H", *(o >> 1 for o in offsets)))
            output.add("head", _with_ushort(tables["head"], 50, 0))
        return output.makeStream()

    def addSubsetObjects(self, doc, fontname, subset):  # noqa: N802 - ReportLab's name
        """As TTFontFace.addSubsetObjects; the compressed font file of a known subset comes from a cache."""

        def make() -> tuple[int, bytes]:
            raw = self.makeSubset(subset)
            return len(raw), bytes(deflate.zlib_compress(raw, _FONT_LEVEL))

        length, compressed = self._embedded.get(tuple(subset), make)
        font_file = pdfdoc.PDFStream()
        if doc.compression:
            font_file.content = compressed
            font_file.dictionary["Filter"] = pdfdoc.PDFName("FlateDecode")
        else:
            font_file.content = zlib.decompress(compressed)
        font_file.dictionary["Length1"] = length
        font_file_ref = doc.Reference(font_file, f"fontFile:{self.filename}({fontname})")
        descriptor = pdfdoc.PDFDictionary(
            {
                "Type": "/FontDescriptor",
                "Ascent": self.ascent,
                "CapHeight": self.capHeight,
                "Descent": self.descent,
                "Flags": (self.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
                "FontBBox": pdfdoc.PDFArray(self.bbox),
                "FontName": pdfdoc.PDFName(fontname),
                "ItalicAngle": self.italicAngle,
                "StemV": self.stemV,
                "FontFile2": font_file_ref,
                "MissingWidth": self.defaultWidth,
            }
        )
        return doc.Reference(descriptor, "fontDescriptor:" + fontname)


class LetterFont(TTFont):
    """A TTFont with LetterFace subsets, cached font objects, and priming of the letter's fixed wording."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self.face = LetterFace(filename)
        self._objects = _Cache()  # (subset number, subset) -> (Widths array, compressed ToUnicode)
        self._primed = _Cache()  # wording -> the code state priming it leaves (see prime)

    def prime(self, doc, text: str) -> None:
        """Assign codes to text's characters now, then move the next new character to a fresh subset.

        Priming happens on a document's fresh state, so its outcome depends only on text: it is computed by
        ReportLab's splitString once per wording and copied into later documents (a letter's wording repeats).
        """
        self.splitString("", doc)  # makes the document's state
        state = self.state[doc]
        if state.nextCode != 1 or len(state.subsets) != 1:  # pragma: no cover - not a fresh document
            self._prime(state, text, doc)
            return

        def make() -> tuple[dict, list, int]:
            self._prime(state, text, doc)
            return dict(state.assignments), [list(s) for s in state.subsets], state.nextCode

        assignments, subsets, next_code = self._primed.get(text, make)
        state.assignments = dict(assignments)
        state.subsets = [list(s) for s in subsets]
        state.nextCode = next_code

    def _prime(self, state, text: str, doc) -> None:
        before = state.nextCode
        self.splitString(text, doc)
        if state.nextCode != before and state.nextCode & 0xFF:
            state.nextCode = (state.nextCode | 0xFF) + 1

    def _subset_objects(self, n: int, base_name: str, subset: list[int]) -> tuple[bytes, bytes]:
        """The Widths array (preformatted) and the compressed ToUnicode map of one subset, cached."""

        def make() -> tuple[bytes, bytes]:
            widths = " ".join(fp_str(self.face.getCharWidth(code)) for code in subset)
            cmap = makeToUnicodeCMap(base_name, subset).encode("latin-1")
            return f"[ {widths} ]".encode("ascii"), bytes(deflate.zlib_compress(cmap, 6))

        return self._objects.get((n, tuple(subset)), make)

    def addObjects(self, doc):  # noqa: N802 - ReportLab's name
        """As TTFont.addObjects, with each subset's Widths and ToUnicode taken from a cache."""
        self.splitString("", doc)  # makes the document's state if nothing was drawn
        state = self.state[doc]
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_name = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
            widths, cmap = self._subset_objects(n, base_name, subset)
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = f"Font {self.fontName} subset {n}"
            font.Name = internal_name
            font.BaseFont = base_name
            font.FirstChar = 0
            font.LastChar = len(subset) - 1
            font.Widths = widths  # bytes are written as they are
            stream = pdfdoc.PDFStream()
            if doc.compression:
                stream.content = cmap
                stream.dictionary["Filter"] = pdfdoc.PDFName("FlateDecode")
            else:
                stream.content = zlib.decompress(cmap)
            font.ToUnicode = doc.Reference(stream, "toUnicodeCMap:" + base_name)
            font.FontDescriptor = self.face.addSubsetObjects(doc, base_name, subset)
            doc.Reference(font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = font
        del self.state[doc]
