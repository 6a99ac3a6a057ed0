"""Tests for the plain-text helpers: unwrapping, decoding, binary sniffing, the English test."""

from __future__ import annotations

import codecs
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polybius.errors import InputError
from polybius.sources.text import (
    decode_bytes,
    english_score,
    is_probably_english,
    looks_binary,
    unwrap_lines,
)

ENGLISH = (
    "The foreign minister said on Monday that the government would not accept the "
    "proposal unless the rebels withdrew from the border towns. Talks are expected to "
    "resume in Geneva next week, according to a statement released by the ministry."
)
SPANISH = (
    "El ministro de Asuntos Exteriores dijo el lunes que el gobierno no aceptaría la "
    "propuesta a menos que los rebeldes se retiraran de las ciudades fronterizas. Se espera "
    "que las conversaciones se reanuden en Ginebra la próxima semana."
)
GERMAN = (
    "Der Außenminister sagte am Montag, die Regierung werde den Vorschlag nicht annehmen, "
    "solange sich die Rebellen nicht aus den Grenzstädten zurückziehen. Die Gespräche sollen "
    "in der kommenden Woche in Genf fortgesetzt werden, teilte das Ministerium mit."
)
FRENCH = (
    "Le ministre des Affaires étrangères a déclaré lundi que le gouvernement n'accepterait "
    "pas la proposition tant que les rebelles ne se seraient pas retirés des villes "
    "frontalières. Les pourparlers doivent reprendre à Genève la semaine prochaine."
)
RUSSIAN = (
    "Министр иностранных дел заявил в понедельник, что правительство не примет это "
    "предложение, пока повстанцы не уйдут из приграничных городов. Переговоры должны "
    "возобновиться в Женеве на следующей неделе, говорится в заявлении министерства."
)
CHINESE = (
    "外交部长周一表示，除非叛军从边境城镇撤出，否则政府不会接受这项提议。"
    "根据外交部发表的声明，谈判预计将于下周在日内瓦恢复。双方代表均表示愿意继续对话。"
)


def test_single_line_break_inside_paragraph_becomes_space() -> None:
    assert unwrap_lines("Iran said on\nMonday that") == "Iran said on Monday that"


def test_paragraph_break_is_kept() -> None:
    text = "First paragraph ends.\n\nSecond one\nwraps."
    assert unwrap_lines(text) == "First paragraph ends.\n\nSecond one wraps."


def test_paragraph_break_with_spaces_between_line_breaks_is_kept() -> None:
    assert unwrap_lines("One.\n  \t\nTwo.") == "One.\n  \t\nTwo."


def test_crlf_line_endings_keep_length() -> None:
    text = "Talks were\r\nheld.\r\n\r\nNext."
    result = unwrap_lines(text)
    assert result == "Talks were  held. \n \nNext."
    assert len(result) == len(text)


def test_lone_carriage_return_counts_as_line_break() -> None:
    assert unwrap_lines("one\rtwo\r\rthree") == "one two\n\nthree"


def test_non_breaking_space_becomes_plain_space() -> None:
    assert unwrap_lines("Friday,\u00a0January 4") == "Friday, January 4"


def test_line_break_after_word_joining_hyphen_is_left_alone() -> None:
    assert unwrap_lines("new sanc-\ntions on\nIran") == "new sanc-\ntions on Iran"


def test_line_break_after_dash_between_words_becomes_space() -> None:
    assert unwrap_lines("talks -\nand more") == "talks - and more"


def test_unwrapped_offsets_point_at_the_same_words() -> None:
    text = "The army shelled\nthe town of\r\nKramatorsk on Tuesday.\n\nNo one was hurt."
    result = unwrap_lines(text)
    for word in ("shelled", "Kramatorsk", "Tuesday", "hurt"):
        start = text.index(word)
        assert result[start : start + len(word)] == word


LINES = st.text(alphabet="ab -\t\u00a0", min_size=1, max_size=12).filter(lambda s: s.strip())
PARAGRAPHS = st.lists(LINES, min_size=1, max_size=4).map("\n".join)


@given(st.text(alphabet="ab -\n\r\t\u00a0", max_size=60))
def test_unwrap_keeps_length(text: str) -> None:
    assert len(unwrap_lines(text)) == len(text)


@given(st.text(alphabet="ab -\n\r\t\u00a0", max_size=60))
def test_unwrap_is_idempotent(text: str) -> None:
    once = unwrap_lines(text)
    assert unwrap_lines(once) == once


@given(st.lists(PARAGRAPHS, min_size=1, max_size=5), st.sampled_from(["\n\n", "\n \n", "\n\n\n"]))
def test_unwrap_keeps_paragraph_breaks(paragraphs: list[str], separator: str) -> None:
    result = unwrap_lines(separator.join(paragraphs))
    position = 0
    for paragraph in paragraphs[:-1]:
        position += len(paragraph)
        assert result[position : position + len(separator)] == separator
        position += len(separator)


@given(PARAGRAPHS)
def test_unwrap_leaves_no_line_break_inside_paragraph_but_after_hyphens(paragraph: str) -> None:
    result = unwrap_lines(paragraph)
    for match in re.finditer("\n", result):
        assert result[match.start() - 1] == "-"


def test_nul_bytes_look_binary() -> None:
    assert looks_binary(b"PK\x03\x04\x00\x00 zip header")


def test_many_control_bytes_look_binary() -> None:
    assert looks_binary(bytes(range(1, 32)) * 10 + b"some text")


def test_plain_text_does_not_look_binary() -> None:
    assert not looks_binary("Plain text,\twith tabs\r\nand café.".encode())
    assert not looks_binary(b"")


def test_utf16_with_bom_does_not_look_binary() -> None:
    assert not looks_binary("Hello".encode("utf-16"))


def test_decode_utf8() -> None:
    assert decode_bytes("São Paulo – “talks”".encode(), "a.txt") == "São Paulo – “talks”"


def test_decode_drops_utf8_bom() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + b"Hello", "a.txt") == "Hello"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_decode_utf16_with_bom(encoding: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    data = bom + "Zürich talks".encode(encoding)
    assert decode_bytes(data, "a.txt") == "Zürich talks"


def test_decode_latin1() -> None:
    text = "The café in Zürich was closed, said Señor Müller on Monday.\n"
    assert decode_bytes(text.encode("latin-1"), "a.txt") == text


def test_decode_windows_1252_quotes_and_dashes() -> None:
    text = "Ministers met in São Paulo – the “framework” deal was signed.\n"
    assert decode_bytes(text.encode("cp1252"), "a.txt") == text


def test_decode_binary_raises_input_error_naming_the_file() -> None:
    with pytest.raises(InputError, match=r"^scan\.txt: binary file, not text$"):
        decode_bytes(b"\x00\x01\x02\x03" * 20, "scan.txt")


def test_decode_bad_utf16_after_bom_raises_input_error() -> None:
    with pytest.raises(InputError, match="bad.txt: .*not valid utf-16"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8", "bad.txt")


def test_english_scores_higher_than_other_languages() -> None:
    assert english_score(ENGLISH) > 0.2
    for text in (SPANISH, GERMAN, FRENCH, RUSSIAN, CHINESE):
        assert english_score(text) < 0.05


def test_english_text_is_english() -> None:
    assert is_probably_english(ENGLISH)


@pytest.mark.parametrize("text", [SPANISH, GERMAN, FRENCH, RUSSIAN, CHINESE])
def test_other_languages_are_not_english(text: str) -> None:
    assert not is_probably_english(text)


def test_short_texts_get_the_benefit_of_the_doubt() -> None:
    assert is_probably_english("Ceasefire holds in Norhaven")
    assert is_probably_english("Alto el fuego en la frontera")
    assert is_probably_english("")


def test_decode_central_european_text_keeps_its_letters() -> None:
    text = "Premier Polski powiedział w poniedziałek, że rozmowy będą kontynuowane w Łodzi."
    assert decode_bytes(text.encode("cp1250"), "a.txt") == text
