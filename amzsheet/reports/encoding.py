"""Decode the bytes of an Amazon report into text.

Amazon says its reports are UTF-8, but real downloads are not always: Japanese
(amazon.co.jp) reports come as cp932 (Microsoft's Shift_JIS), and EU/NA flat files
sometimes come as Windows-1252 (``charset=Cp1252``). Some are UTF-16 with a byte-order
mark. :func:`decode_report` picks the encoding from the bytes alone, never from the
marketplace: the header language follows the Seller Central UI language, so a German
header can sit on a Japanese account and the other way round.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_report"]

_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

# Windows-1252 as a decoding table, with the five bytes it leaves undefined (0x81, 0x8D, 0x8F, 0x90,
# 0x9D) read as Latin-1 (U+0081 ...), so that no byte fails.
_CP1252_TABLE = "".join(bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in range(256))

# A run of non-ASCII characters; ASCII bytes decode the same in both legacy encodings.
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_NON_ASCII_BYTE = re.compile(rb"[\x80-\xff]")
# The legacy encodings are scored on this many bytes from the first non-ASCII byte: by then the
# decision is never close, and a large file is decoded only once, in the encoding chosen.
_SCORED_BYTES = 256 * 1024

# Characters of Japanese text in cp932: CJK punctuation, kana and full-width forms; kanji.
_KANA_OR_FULL_WIDTH = re.compile(r"[\u3000-\u30ff\u31f0-\u31ff\uff01-\uff60\uffe0-\uffe5]")
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HALF_WIDTH_KANA = re.compile(r"[\uff61-\uff9f]")
# What cp932 makes of bytes no Japanese text has: 0x80, 0xA0, 0xFD-0xFF, the user-defined area,
# and bytes it cannot decode at all (U+FFFD).
_CP932_JUNK = re.compile(r"[\u0080\ue000-\uf8ff\ufffd]")

# What Windows-1252 makes of cp932 bytes: C1 controls (undefined bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D)
# and the lead bytes of hiragana (0x82, "‚") and katakana (0x83, "ƒ").
_CP1252_CONTROL = re.compile(r"[\u0080-\u009f]")
_CP1252_KANA_LEAD = re.compile(r"[\u201a\u0192]")
# Letters of the EU/NA languages in Windows-1252 (accented Latin letters, ß, æ, ø, œ).
_LATIN_LETTER = re.compile(r"[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0152\u0153]")


def decode_report(data: bytes, *, partial: bool = False) -> tuple[str, str]:
    """Decode a report's bytes and tell which encoding was used.

    The encoding is chosen in this order:

    1. A byte-order mark: UTF-8 (``"utf-8-sig"``, the mark is removed) or UTF-16 little or big
       endian (``"utf-16"``). After a mark, bytes that do not decode become U+FFFD.
    2. Strict UTF-8 (``"utf-8"``) when every byte decodes.
    3. Otherwise cp932 (``"cp932"``, Japanese Shift_JIS) or Windows-1252 (``"cp1252"``), whichever
       decoding reads more like real text (see :func:`_legacy_scores`; 256 KiB from the first
       non-ASCII byte are scored). Windows-1252 decodes its five undefined bytes (0x81, 0x8D, 0x8F,
       0x90, 0x9D) as Latin-1 instead of failing. A cp932 file with a few bytes it cannot decode
       still comes back as cp932, with U+FFFD for them.

    :param data: the file's bytes, or its first bytes when ``partial`` is true.
    :param partial: ``data`` is only the start of the file, so its last multi-byte character may be
        cut; the cut bytes are dropped from the text and do not count against an encoding. When all
        bytes before the cut are ASCII, a last byte that may start a UTF-8 character is taken for one
        (``b"Ums\\xe4"`` gives ``("Ums", "utf-8")``): nothing tells it from a Windows-1252 ``"ä"``.
    :returns: ``(text, encoding)``, where ``encoding`` is one of ``"utf-8-sig"``, ``"utf-16"``,
        ``"utf-8"``, ``"cp932"`` or ``"cp1252"``.
    :raises ValueError: ``ValueError("binary")`` when the bytes contain NUL but no UTF-16 mark
        (a spreadsheet, a zip or a picture rather than a text report).
    """
    if data.startswith(_UTF16_BOMS):
        return _decode(data, "utf-16", partial, errors="replace"), "utf-16"
    if b"\x00" in data:
        raise ValueError("binary")
    if data.startswith(_UTF8_BOM):
        return _decode(data, "utf-8-sig", partial, errors="replace"), "utf-8-sig"
    try:
        return _decode(data, "utf-8", partial), "utf-8"
    except UnicodeDecodeError:
        pass
    if _prefers_cp932(data, partial):
        return _decode(data, "cp932", partial, errors="replace"), "cp932"
    return _decode_cp1252(data), "cp1252"


def _decode(data: bytes, encoding: str, partial: bool, errors: str = "strict") -> str:
    """Decode ``data``; when ``partial``, leave out a multi-byte character cut at the end."""
    decoder = codecs.getincrementaldecoder(encoding)(errors=errors)
    return decoder.decode(data, final=not partial)


def _decode_cp1252(data: bytes) -> str:
    """Windows-1252, with the five undefined bytes read as Latin-1 (0x81 -> U+0081)."""
    return codecs.charmap_decode(data, "strict", _CP1252_TABLE)[0]


def _prefers_cp932(data: bytes, partial: bool) -> bool:
    """Tell whether ``data`` (not UTF-8) reads better as cp932 than as Windows-1252.

    Both readings are scored on a window that starts one ASCII byte before the first non-ASCII
    byte, so the window starts on a character boundary in both encodings.
    """
    first = _NON_ASCII_BYTE.search(data)
    start = max(first.start() - 1, 0) if first else 0
    window = data[start : start + _SCORED_BYTES]
    whole = start + len(window) == len(data)
    japanese = _decode(window, "cp932", partial or not whole, errors="replace")
    score_japanese, score_western = _legacy_scores(japanese, _decode_cp1252(window))
    return score_japanese > score_western


def _legacy_scores(japanese: str, western: str) -> tuple[int, int]:
    """Score the cp932 and the Windows-1252 reading of the same bytes; the higher reads more like text.

    Only runs of non-ASCII characters are scored, each with the ASCII characters around it. The rule
    rests on what each encoding makes of the other's bytes:

    * Windows-1252 text read as cp932 turns an accented letter and the ASCII letter after it into one
      kanji inside a Latin word (``b"Ums\\xe4tze"`` reads ``"Ums舩ze"``), turns capitals such as ``"É"``
      into lone half-width katakana, and fails or hits unused codes on most other bytes. It never makes
      kana: their lead bytes 0x81-0x83 are ``"‚"``, ``"ƒ"`` and an undefined byte in Windows-1252.
    * cp932 text read as Windows-1252 turns every kana and punctuation mark into ``"‚"``, ``"ƒ"`` or a
      C1 control followed by a second byte, and kanji into runs of symbols and letters.

    cp932 reading, per character:

    * +3 for kana, CJK punctuation and full-width forms; +1 only when it stands alone against an
      ASCII letter.
    * +2 for a kanji in a run of two or more, or standing alone with no ASCII letter beside it
      (``"箱"``, ``"3個"``); 0 for a lone kanji beside an ASCII letter (``"Ums舩ze"``).
    * +1 for a half-width katakana in a run of two or more; a lone one is usually a Latin-1 capital.
    * -5 for bytes no Japanese text has (0x80, 0xA0, 0xFD-0xFF, the user-defined area) and bytes cp932
      cannot decode at all.

    Windows-1252 reading:

    * An accented Latin letter standing alone (``"ä"`` in ``"Umsätze"``): +3 with ASCII letters on both
      sides, +2 with one, +1 with none. Two in a row (``"öß"`` in ``"Größe"``): +1 for the pair.
      Longer runs score nothing: European words rarely have them, cp932 text always does.
    * -5 for each C1 control (an undefined byte: 0x81 starts most Japanese punctuation) and -3 for each
      ``"‚"`` or ``"ƒ"`` (0x82 and 0x83 start every hiragana and katakana).

    A tie goes to Windows-1252, the more common of the two.
    """
    return _score_cp932(japanese), _score_cp1252(western)


def _score_cp932(text: str) -> int:
    score = 0
    for match in _NON_ASCII_RUN.finditer(text):
        run = match.group()
        score -= 5 * len(_CP932_JUNK.findall(run))
        if len(run) > 1:
            score += (
                3 * len(_KANA_OR_FULL_WIDTH.findall(run))
                + 2 * len(_KANJI.findall(run))
                + len(_HALF_WIDTH_KANA.findall(run))
            )
        elif _KANA_OR_FULL_WIDTH.match(run):
            score += 1 if _touches_ascii_letter(text, match.start(), match.end()) else 3
        elif _KANJI.match(run) and not _touches_ascii_letter(text, match.start(), match.end()):
            score += 2
    return score


def _score_cp1252(text: str) -> int:
    score = 0
    for match in _NON_ASCII_RUN.finditer(text):
        run = match.group()
        score -= 5 * len(_CP1252_CONTROL.findall(run)) + 3 * len(_CP1252_KANA_LEAD.findall(run))
        if len(run) == 1 and _LATIN_LETTER.match(run):
            score += 1 + _ascii_letters_beside(text, match.start(), match.end())
        elif len(run) == 2 and _LATIN_LETTER.fullmatch(run[0]) and _LATIN_LETTER.fullmatch(run[1]):
            score += 1
    return score


def _touches_ascii_letter(text: str, start: int, end: int) -> bool:
    """Tell whether an ASCII letter comes right before ``start`` or right at ``end``."""
    return _ascii_letters_beside(text, start, end) > 0


def _ascii_letters_beside(text: str, start: int, end: int) -> int:
    """Count the ASCII letters right before ``start`` and right at ``end`` (0, 1 or 2)."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return (before.isascii() and before.isalpha()) + (after.isascii() and after.isalpha())
