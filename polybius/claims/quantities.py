"""HOW MANY: the count of people or things an event involves ("at least eight civilians").

``find_quantity`` looks at the nouns that fill the trigger's argument slots
(direct object first, then subject, then the rest) for a number modifying
them, and ``parse_number`` turns the number phrase into a range.

Conventions, documented here because consumers depend on them:

* Exact numbers give ``low == high``; hedges that only round ("about",
  "around", "some", "roughly") keep the number and stay in ``text``.
* "at least N" → N..None; "more than/over N" → N+1..None;
  "up to/as many as/at most N" → None..N; "fewer/less than N" and
  "nearly/almost N" → None..N-1.
* Vague plurals are two to nine of the unit: "hundreds" 200..900,
  "thousands" 2000..9000, "millions" 2e6..9e6, "tens of thousands"
  20000..90000, "hundreds of thousands" 200000..900000; "dozens" is 24..99
  (past a hundred one says "hundreds"). "several hundred" is the same as
  "hundreds"; "a few hundred" is 200..500.
* Money is counted in its currency: ``unit`` is the ISO 4217 code
  ("$5 million in aid" → 5000000 USD).
* ``unit`` is the counted noun as written, plural kept ("drones").
* Years, dates, times, ages, durations, percentages, ordinals and numbers
  that follow a name ("Resolution 2231", "Flight 17") are not quantities.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Span, Token

from polybius.records import Quantity

Range = tuple[float | None, float | None]

SMALL: dict[str, int] = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES: dict[str, int] = {
    "dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000,
    "billion": 1_000_000_000, "trillion": 1_000_000_000_000,
}  # fmt: skip
# Abbreviated scales written after a number ("£10m", "€2.5bn", "5,000k").
SCALE_SUFFIXES: dict[str, int] = {
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "b": 1_000_000_000,
    "bn": 1_000_000_000,
    "tn": 10**12,
}
# "hundreds" and friends: two to nine of the unit, "dozens" capped below a hundred.
VAGUE_PLURALS: dict[str, tuple[float, float]] = {
    "tens": (20, 90), "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 900),
    "thousands": (2_000, 9_000), "millions": (2e6, 9e6), "billions": (2e9, 9e9),
}  # fmt: skip
# How many of a scale word "several"/"a few" mean.
VAGUE_MULTIPLES: dict[str, tuple[int, int]] = {"several": (2, 9), "few": (2, 5)}
# Hedges, longest first so "no more than" is not read as "more than".
HEDGES: tuple[tuple[str, str], ...] = (
    ("no fewer than", "at_least"), ("no less than", "at_least"), ("at least", "at_least"),
    ("a minimum of", "at_least"), ("no more than", "at_most"), ("more than", "above"),
    ("greater than", "above"), ("in excess of", "above"), ("upwards of", "above"),
    ("just over", "above"), ("over", "above"), ("up to", "at_most"), ("as many as", "at_most"),
    ("as much as", "at_most"), ("at most", "at_most"), ("a maximum of", "at_most"),
    ("fewer than", "below"), ("less than", "below"), ("under", "below"), ("below", "below"),
    ("just under", "below"), ("nearly", "below"), ("almost", "below"), ("close to", "below"),
    ("about", "about"), ("around", "about"), ("roughly", "about"), ("approximately", "about"),
    ("some", "about"), ("an estimated", "about"), ("estimated", "about"), ("a reported", "about"),
    ("an additional", "about"), ("another", "about"), ("a further", "about"),
)  # fmt: skip
CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD",
    "us$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₽": "RUB",
    "₹": "INR",
    "₴": "UAH",
    "₪": "ILS",
}
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP",
    "pounds": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "rupee": "INR",
    "rupees": "INR", "hryvnia": "UAH", "hryvnias": "UAH", "shekel": "ILS", "shekels": "ILS",
    "riyal": "SAR", "riyals": "SAR", "lira": "TRY", "won": "KRW", "francs": "CHF",
}  # fmt: skip
# Counting these is measuring time or a share, not people or things.
NOT_UNITS = frozenset({
    "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
    "minute", "minutes", "second", "seconds", "decade", "decades", "century", "centuries",
    "percent", "per", "%", "pc", "times", "time", "am", "pm", "a.m.", "p.m.", "o'clock",
    "point", "points", "degrees", "th", "st", "nd", "rd",
})  # fmt: skip
# Entity labels under which a number is a date, a share or part of a name.
NOT_COUNT_LABELS = frozenset(
    {
        "DATE",
        "TIME",
        "PERCENT",
        "ORDINAL",
        "LAW",
        "ORG",
        "PRODUCT",
        "EVENT",
        "FAC",
        "WORK_OF_ART",
        "GPE",
        "LOC",
        "PERSON",
        "NORP",
    }
)
QUANTITY_NOUNS = frozenset(VAGUE_PLURALS) | frozenset(SCALES)
# Argument slots in order of preference: object, subject, then the rest.
SLOT_ORDER: tuple[frozenset[str], ...] = (
    frozenset({"dobj"}),
    frozenset({"nsubj", "nsubjpass"}),
    frozenset({"attr", "dative", "oprd", "npadvmod"}),
)
# Words inside a number phrase that do not change its value.
IGNORED_WORDS = frozenset({"-", "and", "us", "the", ","})
COUNT_PREPS = frozenset({"with", "of", "for"})
NOMINAL_PREPS = frozenset({"on", "against", "including", "to"})
_NUMERIC = re.compile(r"^(\d+(?:,\d{3})*(?:\.\d+)?|\d*\.\d+)([a-z]*)$")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d|2100)$")


def parse_number(words: list[str]) -> Range | None:
    """(low, high) for a number phrase's lower-case words, hedges applied; None if not one."""
    hedge, rest = _split_hedge(words)
    rest = [w for w in rest if w not in CURRENCY_SYMBOLS and w not in IGNORED_WORDS]
    value = _value(rest)
    if value is None:
        return None
    low, high = _apply_hedge(hedge, value)
    return (None if low is None else float(low)), (None if high is None else float(high))


def _split_hedge(words: list[str]) -> tuple[str | None, list[str]]:
    joined = " ".join(words)
    for phrase, kind in HEDGES:
        if joined == phrase or joined.startswith(phrase + " "):
            return kind, words[len(phrase.split()) :]
    return None, words


def _apply_hedge(hedge: str | None, value: tuple[float, float]) -> Range:
    low, high = value
    if hedge == "at_least":
        return low, None
    if hedge == "above":
        return (low + 1 if low == int(low) else low), None
    if hedge == "at_most":
        return None, high
    if hedge == "below":
        return None, (high - 1 if high == int(high) else high)
    return low, high


def _value(words: list[str]) -> tuple[float, float] | None:
    """The number itself: "1.5 million", "twenty-five", "hundreds", "tens of thousands"."""
    if not words:
        return None
    if words[:3] == ["half", "a", "dozen"] and len(words) == 3:
        return 6.0, 6.0
    if words[0] in VAGUE_PLURALS:
        return _vague_plural(words)
    if words[0] in VAGUE_MULTIPLES or words[:2] == ["a", "few"]:
        return _vague_multiple(words[1:] if words[0] == "a" else words)
    exact = _exact(words)
    return (exact, exact) if exact is not None else None


def _vague_plural(words: list[str]) -> tuple[float, float] | None:
    """ "hundreds" → 200..900; "tens of thousands" → 20000..90000."""
    low, high = VAGUE_PLURALS[words[0]]
    if len(words) == 1:
        return low, high
    if len(words) == 3 and words[1] == "of" and words[2] in VAGUE_PLURALS:
        scale = SCALES.get(words[2][:-1])  # "thousands" counts in thousands
        if scale is not None:
            return low * scale, high * scale
    return None


def _vague_multiple(words: list[str]) -> tuple[float, float] | None:
    """ "several hundred" → 200..900; "a few thousand" → 2000..5000."""
    if len(words) != 2 or words[1] not in SCALES:
        return None
    low, high = VAGUE_MULTIPLES[words[0]]
    scale = SCALES[words[1]]
    return float(low * scale), float(high * scale)


def _exact(words: list[str]) -> float | None:
    """Digits and number words with scales: "3,000", "1.5 million", "two hundred fifty"."""
    total = 0.0
    current: float | None = None
    for word in words:
        for part in word.split("-"):  # "twenty-five" as one token
            step = _step(part, current, total)
            if step is None:
                return None
            current, total = step
    if current is None:
        return None
    return total + current


def _step(word: str, current: float | None, total: float) -> tuple[float, float] | None:
    """Fold one word into (current group, total so far); None when it is not a number word."""
    numeric = _NUMERIC.match(word)
    if numeric:
        number = float(numeric[1].replace(",", ""))
        suffix = numeric[2]
        if suffix and suffix not in SCALE_SUFFIXES:
            return None
        return (current or 0) + number * SCALE_SUFFIXES.get(suffix, 1), total
    if word in SMALL:
        return (current or 0) + SMALL[word], total
    if word in SCALES:
        scale = SCALES[word]
        group = (current if current is not None else 1) * scale
        if scale >= 1000:
            return 0.0, total + group  # close the group: "two thousand five hundred"
        return group, total
    if word in SCALE_SUFFIXES and current is not None:
        return 0.0, total + current * SCALE_SUFFIXES[word]  # "£10 m" split by the tokenizer
    return None


# ---------------------------------------------------------------- finding the count


def find_quantity(
    sent: Span, trigger: Token, *, exclude: set[int] | frozenset[int] = frozenset()
) -> Quantity | None:
    """The count tied to the event, or None.

    Nouns filling the trigger's slots are tried in order (direct object,
    subject, other arguments, then the arguments of a participle that
    continues the event: "struck Kyiv, killing at least eight civilians").
    ``exclude`` holds token indices whose numbers must not be read (numbers
    inside actor names); the counted noun itself may be an actor ("100
    protesters were arrested").
    """
    for noun in _slot_nouns(trigger):
        quantity = _quantity_at(noun, exclude)
        if quantity is not None:
            return quantity
    return None


def _slot_nouns(trigger: Token) -> Iterator[Token]:
    """Argument nouns of the trigger, best slot first."""
    if trigger.pos_ in ("NOUN", "PROPN"):
        yield trigger  # "two airstrikes", "5 billion euros"
        yield from _prep_objects(trigger, COUNT_PREPS | NOMINAL_PREPS)
    children = list(trigger.children)
    for deps in SLOT_ORDER:
        yield from (c for c in children if c.dep_ in deps)
    yield from _prep_objects(trigger, COUNT_PREPS)
    # A participle continuing the event: "..., killing at least eight civilians".
    for child in children:
        if child.dep_ in ("advcl", "xcomp", "conj") and child.tag_ == "VBG":
            for deps in SLOT_ORDER[:1]:
                yield from (c for c in child.children if c.dep_ in deps)


def _prep_objects(head: Token, preps: frozenset[str]) -> Iterator[Token]:
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            yield from (c for c in child.children if c.dep_ == "pobj")


def _quantity_at(noun: Token, exclude: set[int] | frozenset[int]) -> Quantity | None:
    """A count on this noun: a number modifying it ("200 drones"), or the noun is itself a
    number whose "of" object is counted ("hundreds of drones", "$5 million in aid")."""
    if _is_number_head(noun):
        return _number_head(noun, exclude)
    for child in noun.lefts:
        if child.dep_ == "nummod" or (child.dep_ in ("compound", "amod") and child.like_num):
            quantity = _counted(child, noun, exclude)
            if quantity is not None:
                return quantity
    # "the deaths of 12 soldiers", "rounds of ammunition" carry the count one step down.
    for obj in _prep_objects(noun, frozenset({"of"})):
        if obj.i > noun.i:
            for child in obj.lefts:
                if child.dep_ == "nummod":
                    return _counted(child, obj, exclude)
    return None


def _is_number_head(token: Token) -> bool:
    lower = token.lower_
    if lower in QUANTITY_NOUNS or token.pos_ == "NUM":
        return True
    return lower in SCALE_SUFFIXES and any(c.like_num for c in token.lefts)


def _counted(number: Token, unit: Token, exclude: set[int] | frozenset[int]) -> Quantity | None:
    """Quantity for a number token modifying ``unit`` ("at least eight" + "civilians")."""
    doc = number.doc
    phrase = doc[number.left_edge.i : number.right_edge.i + 1]
    if phrase.end > unit.i or not _countable(phrase, exclude):
        return None
    if unit.lower_ in NOT_UNITS or unit.text.endswith("-old"):
        return None
    if unit.lower_ in SCALE_SUFFIXES:  # "£10m": the noun is the scale
        phrase = doc[phrase.start : unit.i + 1]
        return _build(phrase, _currency(phrase, None))
    if _looks_like_year(number, unit):
        return None
    return _build(phrase, _currency(phrase, unit))


def _number_head(head: Token, exclude: set[int] | frozenset[int]) -> Quantity | None:
    """ "hundreds of drones", "Tens of thousands of people", "$5 million in aid"."""
    doc = head.doc
    phrase = doc[head.left_edge.i : head.i + 1]
    if not _countable(phrase, exclude):
        return None
    unit = _of_unit(head)
    if unit is not None and unit.lower_ in NOT_UNITS:
        return None
    if unit is None and head.pos_ == "NUM" and _YEAR.match(head.text):
        return None  # "in 2015" parsed as an object
    return _build(phrase, _currency(phrase, unit))


def _of_unit(head: Token) -> Token | None:
    for obj in _prep_objects(head, frozenset({"of"})):
        if obj.lower_ in VAGUE_PLURALS or obj.lower_ in SCALES:
            return _of_unit(obj)  # "hundreds of thousands of people"
        return obj
    return None


def _countable(phrase: Span, exclude: set[int] | frozenset[int]) -> bool:
    """False for numbers that are dates, shares, names or actors' words."""
    return not any(
        t.i in exclude or t.ent_type_ in NOT_COUNT_LABELS or t.lower_ in NOT_UNITS for t in phrase
    )


def _looks_like_year(number: Token, unit: Token) -> bool:
    """ "the 2015 deal": a four-digit year the NER left unlabelled, before a singular noun."""
    return bool(_YEAR.match(number.text)) and unit.tag_ in ("NN", "NNP")


def _currency(phrase: Span, unit: Token | None) -> str | None:
    """The currency code when money is counted, else the counted noun as written."""
    for token in phrase:
        code = CURRENCY_SYMBOLS.get(token.lower_)
        if code:
            return code
        if token.lower_.startswith("us$"):
            return "USD"
    if unit is None:
        return None
    return CURRENCY_WORDS.get(unit.lower_, unit.text)


def _build(phrase: Span, unit: str | None) -> Quantity | None:
    words = _number_words(phrase)
    parsed = parse_number(words)
    if parsed is None:
        return None
    low, high = parsed
    return Quantity(text=phrase.text, low=low, high=high, unit=unit)


def _number_words(phrase: Span) -> list[str]:
    """Lower-case words of the phrase, currency glued to digits split off ("$5" → "5")."""
    words: list[str] = []
    for token in phrase:
        text = token.lower_
        for symbol in CURRENCY_SYMBOLS:
            if text.startswith(symbol) and len(text) > len(symbol):
                words.append(symbol)
                text = text[len(symbol) :]
                break
        words.append(text)
    return words
