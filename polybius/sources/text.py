"""Plain-text helpers for the input stage: decoding bytes, unwrapping lines, a language check.

Every function here is pure. ``unwrap_lines`` keeps the length of its input so
that a character offset into the unwrapped text is also an offset into the
decoded file: events point back at the exact characters a reader sees.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

import charset_normalizer

from polybius.errors import InputError

# A run of line breaks with only horizontal whitespace between them: one line
# break alone, or a paragraph break (two or more, "\n\n" or "\n  \n").
_LINE_BREAKS = re.compile(r"\n(?:[^\S\n]*\n)*")

# Spaces that look like a plain space but are not one; each becomes " " (same length).
_ODD_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " "})

_SNIFF_BYTES = 8192
# Control bytes that real text files contain: tab, line feed, form feed, carriage return, escape.
_TEXT_CONTROLS = frozenset(b"\t\n\x0c\r\x1b")
_MAX_CONTROL_SHARE = 0.05

# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# When several encodings decode the bytes equally plausibly, prefer the Western
# ones: the input is meant to be English news, and a Baltic or Central European
# code page that also fits usually garbles "São" or "Señor".
_PREFERRED_LEGACY = ("cp1252", "latin_1", "iso8859_15")
_CHAOS_TOLERANCE = 0.1
_TYPOGRAPHIC = frozenset("“”‘’„–—…•€£¥«»°·§©®™\u00a0")

# About a hundred very common English function words. Words that are just as
# common in other European languages ("a", "in", "an", "on", "was", "will",
# "also", "so", "die", "me", "no") are left out on purpose: they would lift
# the score of German, Spanish or French text.
_STOPWORDS = frozenset(
    """
    the of and to is that for it with as he be at by this had not are but from or have
    they which you were her she there would their we him been has when who more if out
    what up its about into than them can only other some could these may then any my
    now such our over even most made after did many before must through where much your
    should because each just those how too his while during against between under since
    until both being does said says why whom whose here again very own same few off once
    upon within without another every however although though whether either neither nor
    among across toward towards around above below i'm it's don't isn't wasn't
    """.split()  # noqa: SIM905 - a word list reads better as prose than as 128 quoted strings
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SHORT_TEXT_WORDS = 20
# Midway between the lowest English article seen (0.16) and other languages (< 0.05).
_ENGLISH_THRESHOLD = 0.10
# Letters up to U+024F are Latin (basic, Latin-1 supplement, Extended-A and -B).
_LAST_LATIN = "\u024f"


def unwrap_lines(text: str) -> str:
    """Join hard-wrapped lines, keeping the text's length so offsets stay valid.

    A single line break inside a paragraph becomes a space; a paragraph break
    (two or more line breaks with only whitespace between them) is kept as is.
    ``"\\r\\n"`` becomes ``" \\n"``, a lone ``"\\r"`` counts as a line break, and
    non-breaking spaces become plain spaces.

    A line break right after a hyphen inside a word (``"sanc-\\ntions"``) is
    left alone: removing it would shorten the text, and replacing it by a space
    would not rejoin the word either. Compounds such as ``"pro-\\nRussian"``
    keep their line break the same way.

    >>> unwrap_lines("Iran said on\\nMonday.\\n\\nNew paragraph.")
    'Iran said on Monday.\\n\\nNew paragraph.'
    """
    text = text.translate(_ODD_SPACES).replace("\r\n", " \n").replace("\r", "\n")
    return _LINE_BREAKS.sub(_unwrap_break, text)


def _unwrap_break(match: re.Match[str]) -> str:
    """A run of line breaks, unchanged when it is a paragraph break, else a space (same length)."""
    run = match.group()
    if len(run) > 1 or _joins_hyphenated_word(match.string, match.start()):
        return run
    return " "


def _joins_hyphenated_word(text: str, i: int) -> bool:
    """True when the line break at ``i`` splits a word after a hyphen ("sanc-\\ntions")."""
    return (
        i >= 2
        and i + 1 < len(text)
        and text[i - 1] == "-"
        and text[i - 2].isalpha()
        and text[i + 1].isalpha()
    )


def looks_binary(data: bytes) -> bool:
    """Guess whether ``data`` is a binary file rather than text, from its first 8 KB.

    NUL bytes or more than a few percent of control characters mean binary.
    Text with a UTF-16 or UTF-32 byte-order mark is not binary, although it is
    full of NUL bytes.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):
        return False
    sample = data[:_SNIFF_BYTES]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if _is_odd_control(byte))
    return controls / len(sample) > _MAX_CONTROL_SHARE


def _is_odd_control(byte: int) -> bool:
    """A control byte that text files do not contain (everything but tab, newlines, escape)."""
    return (byte < 32 or byte == 127) and byte not in _TEXT_CONTROLS


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a text file's bytes: a byte-order mark, then UTF-8, then the best legacy guess.

    Raises ``InputError`` naming ``source`` when the bytes are binary or fit no
    encoding, so the caller can report the file and go on with the rest.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data, encoding, source)
    if looks_binary(data):
        raise InputError(f"{source}: binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data, source)


def _decode_with_bom(data: bytes, encoding: str, source: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        raise InputError(
            f"{source}: starts with a {encoding} byte-order mark but is not valid {encoding} "
            f"(byte {e.start}); re-save the file as UTF-8"
        ) from e
    return text.removeprefix("\ufeff")


def _decode_legacy(data: bytes, source: str) -> str:
    """Decode non-UTF-8 bytes with the most plausible of charset-normalizer's cleanest guesses.

    charset-normalizer often ranks a Baltic or DOS code page first for Western
    text ("Zürich" as "Z³rich"); its near-ties, and the encodings that decode
    the bytes identically, are compared by how plausible their non-ASCII
    characters look, and Western code pages win a remaining tie. The cost of
    that bias: Czech or Turkish text in its own code page may decode as
    Western look-alike letters ("Pøedseda"); such text is not English anyway.
    """
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise InputError(
            f"{source}: cannot decode: not UTF-8 and no other encoding fits; "
            "re-save the file as UTF-8"
        )
    texts = _candidate_decodings(data, matches)
    if not texts:
        return str(matches[0])
    order = list(texts)

    def preference(encoding: str) -> tuple[float, int, int]:
        return (_plausibility(texts[encoding]), -_western_rank(encoding), -order.index(encoding))

    return texts[max(order, key=preference)]


def _western_rank(encoding: str) -> int:
    if encoding in _PREFERRED_LEGACY:
        return _PREFERRED_LEGACY.index(encoding)
    return len(_PREFERRED_LEGACY)


def _candidate_decodings(data: bytes, matches: list[Any]) -> dict[str, str]:
    """Each encoding near the cleanest guess (and its exact equivalents) -> the decoded text."""
    best_chaos = matches[0].chaos
    texts: dict[str, str] = {}
    for match in matches:
        if match.chaos > best_chaos + _CHAOS_TOLERANCE:
            continue
        for encoding in match.could_be_from_charset or [match.encoding]:
            if encoding in texts:
                continue
            try:
                texts[encoding] = data.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
    return texts


def _plausibility(text: str) -> float:
    """Share of non-ASCII characters that are letters or typographic punctuation."""
    non_ascii = [char for char in text if char > "\x7f"]
    if not non_ascii:
        return 1.0
    good = sum(1 for char in non_ascii if char.isalpha() or char in _TYPOGRAPHIC)
    return good / len(non_ascii)


def english_score(text: str) -> float:
    """Share of words that are common English function words, scaled by the share of Latin letters.

    English news scores 0.15 to 0.5 (median 0.33 on 287 Wikinews articles);
    Spanish, French, German or Italian news scores under 0.05, other scripts 0.
    """
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0
    hits = sum(1 for word in words if word.replace("’", "'") in _STOPWORDS)
    return hits / len(words) * _latin_share(text)


def _latin_share(text: str) -> float:
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for char in letters if char <= _LAST_LATIN) / len(letters)


def is_probably_english(text: str) -> bool:
    """A cheap test that ``text`` is English; short texts (under ~20 words) pass.

    Short texts carry too little evidence, so they get the benefit of the
    doubt. Scripts without spaces between words (Chinese, Japanese) are
    measured at two letters to a word, so they are not mistaken for short texts.
    """
    words = len(_WORD.findall(text))
    other_letters = sum(1 for char in text if char.isalpha() and char > _LAST_LATIN)
    if max(words, other_letters // 2) < _SHORT_TEXT_WORDS:
        return True
    return english_score(text) >= _ENGLISH_THRESHOLD
