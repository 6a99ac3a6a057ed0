"""Find event words (triggers) in a parsed sentence with the team's lexicon.

A trigger is a verb ("struck", "called for"), a noun ("sanctions", "peace
talks", "phone call") or an adjective of intent ("willing to"). Nouns that
are the object of a light verb ("imposed sanctions", "held talks") take their
actor from that verb, and the light verb itself is not coded twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from polybius.coding.lexicon import Lexicon, Sense

VERB_POS = frozenset({"VERB"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
INTENT_ADJECTIVES = frozenset({"willing", "ready", "prepared", "eager", "keen", "determined"})
_INTENT_SENSES = [Sense(type="AGREE", cameo="030", xcomp=True, intent=True, hostile="THREATEN")]


@dataclass(frozen=True)
class Trigger:
    """An event word in a sentence and the senses the lexicon gives it."""

    token: Token
    key: str
    senses: tuple[Sense, ...]
    kind: str  # verb | noun | adj
    governor: Token | None = None  # the light verb whose object this noun is
    words: tuple[int, ...] = ()  # token indices of all the event words (for highlighting)

    @property
    def text(self) -> str:
        doc = self.token.doc
        return " ".join(doc[i].text for i in sorted(self.words or (self.token.i,)))


def find_triggers(sent: Span, lexicon: Lexicon) -> list[Trigger]:
    """All event words in ``sent``, light verbs folded into their nouns."""
    found: list[Trigger] = []
    for token in sent:
        trigger = _verb_trigger(token, lexicon) or _noun_trigger(token, lexicon)
        trigger = trigger or _adjective_trigger(token)
        if trigger is not None:
            found.append(trigger)
    # "war games": "war" is part of the two-word event, not an event of its own.
    inside = {i for t in found for i in t.words if i != t.token.i}
    found = [t for t in found if t.token.i not in inside]
    return _fold_light_verbs(found, lexicon)


def _verb_trigger(token: Token, lexicon: Lexicon) -> Trigger | None:
    if token.pos_ not in VERB_POS and not (token.pos_ == "AUX" and token.lemma_ == "have"):
        if not (token.tag_.startswith("VB") and token.pos_ != "AUX"):
            return None
    lemma = token.lemma_.lower()
    if token.i >= 2 and token.nbor(-1).text == "-":
        # "test-fired": the tokenizer splits the prefix off the verb.
        key = f"{token.nbor(-2).lower_}-{lemma}"
        if key in lexicon.verbs:
            words = (token.i - 2, token.i - 1, token.i)
            return Trigger(token, key, tuple(lexicon.verbs[key]), "verb", words=words)
    for child in token.children:
        if child.dep_ == "prep" and not _next_to(token, child):
            continue  # "gave speeches in Charlotte" is no "give in"
        if child.dep_ in {"prt", "prep", "dobj", "advmod"}:
            key = f"{lemma} {child.lower_}"
            if key in lexicon.verbs:
                return Trigger(
                    token, key, tuple(lexicon.verbs[key]), "verb", words=(token.i, child.i)
                )
            if child.dep_ == "dobj":
                key = f"{lemma} {child.lemma_.lower()}"
                if key in lexicon.verbs:
                    return Trigger(
                        token, key, tuple(lexicon.verbs[key]), "verb", words=(token.i, child.i)
                    )
    if lemma in lexicon.verbs:
        return Trigger(token, lemma, tuple(lexicon.verbs[lemma]), "verb", words=(token.i,))
    if lemma in lexicon.light_verbs:
        return Trigger(token, lemma, (Sense(type=None),), "verb", words=(token.i,))
    return None


def _next_to(verb: Token, prep: Token) -> bool:
    """A preposition belongs to a phrasal verb when only adverbs stand between them
    ("called on", "called repeatedly on"), not when an object does."""
    start, end = sorted((verb.i, prep.i))
    return all(t.pos_ in {"ADV", "PART"} for t in verb.doc[start + 1 : end])


def _noun_trigger(token: Token, lexicon: Lexicon) -> Trigger | None:
    if token.pos_ not in NOUN_POS:
        return None
    lemma = token.lemma_.lower()
    joint = next((t for t in token.subtree if t.i < token.i and t.lower_ == "joint"), None)
    if joint is not None and f"joint {lemma}" in lexicon.nouns:
        # "joint military exercises": "joint" decides, whatever stands between.
        key = f"joint {lemma}"
        return Trigger(token, key, tuple(lexicon.nouns[key]), "noun", words=(joint.i, token.i))
    if token.i > token.sent.start:
        left = token.nbor(-1)
        for left_word in (left.lower_, left.lemma_.lower()):
            key = f"{left_word} {lemma}"
            if key in lexicon.nouns:
                return Trigger(
                    token, key, tuple(lexicon.nouns[key]), "noun", words=(left.i, token.i)
                )
    if lemma in lexicon.nouns:
        return Trigger(token, lemma, tuple(lexicon.nouns[lemma]), "noun", words=(token.i,))
    lower = token.lower_
    if lower in lexicon.nouns:
        return Trigger(token, lower, tuple(lexicon.nouns[lower]), "noun", words=(token.i,))
    return None


def _adjective_trigger(token: Token) -> Trigger | None:
    """ "Syria is willing to withdraw": an adjective of intent with an infinitive."""
    if token.lower_ not in INTENT_ADJECTIVES or token.pos_ != "ADJ":
        return None
    if not any(c.dep_ == "xcomp" for c in token.children):
        return None
    return Trigger(token, token.lower_, tuple(_INTENT_SENSES), "adj", words=(token.i,))


def _fold_light_verbs(found: list[Trigger], lexicon: Lexicon) -> list[Trigger]:
    """Give each noun trigger its governing verb; drop light verbs whose noun carries the event."""
    by_token = {t.token.i: t for t in found}
    dropped: set[int] = set()
    result: list[Trigger] = []
    for trigger in found:
        if trigger.kind != "noun":
            continue
        governor = _governing_verb(trigger.token)
        if governor is None:
            continue
        verb = by_token.get(governor.i)
        if verb is not None and _verb_names_object(verb, trigger.token):
            # "accepted demands from the rebels": the verb's own sense for this object is the
            # event (CONCEDE), not the demand it answers.
            dropped.add(trigger.token.i)
            continue
        if governor.lemma_.lower() in lexicon.light_verbs:
            if verb is None or not any(s.intent for s in verb.senses):
                dropped.add(governor.i)
            by_token[trigger.token.i] = Trigger(
                trigger.token,
                trigger.key,
                trigger.senses,
                "noun",
                governor=governor,
                words=tuple(sorted({*trigger.words, governor.i})),
            )
        elif verb is not None and trigger.token.dep_ == "dobj":
            # "condemned the attack": the noun is coded only with an actor of its own.
            by_token[trigger.token.i] = Trigger(
                trigger.token,
                trigger.key,
                trigger.senses,
                "noun",
                governor=None,
                words=trigger.words,
            )
    for trigger in found:
        if trigger.token.i in dropped:
            continue
        current = by_token[trigger.token.i]
        if current.kind == "verb" and all(s.type is None for s in current.senses):
            continue
        result.append(current)
    return result


def _verb_names_object(verb: Trigger, noun: Token) -> bool:
    """The verb has a typed sense whose object condition names this noun."""
    lemma = noun.lemma_.lower()
    return any(
        s.type is not None and s.objects is not None and lemma in s.objects for s in verb.senses
    )


MEASURE_NOUNS = frozenset(
    {
        "day",
        "days",
        "round",
        "rounds",
        "series",
        "wave",
        "waves",
        "hour",
        "hours",
        "week",
        "weeks",
        "string",
        "spate",
        "campaign",
        "part",
        "number",
        "set",
        "package",
        "program",
        "programme",
    }
)


def _measure_head(noun: Token) -> Token | None:
    """ "launched ten days of war games": the noun that stands in the verb's object slot."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in MEASURE_NOUNS:
        return prep.head
    return None


def _governing_verb(noun: Token) -> Token | None:
    """The verb whose direct object (or conjoined object) this noun is."""
    head = noun
    while head.dep_ in {"conj", "compound"} and head.head.pos_ in NOUN_POS:
        head = head.head
    measure = _measure_head(head)
    if measure is not None:
        head = measure
    if head.dep_ in {"dobj", "attr", "oprd"} and head.head.pos_ in {"VERB", "AUX"}:
        return head.head
    if head.dep_ == "nsubjpass" and head.head.pos_ == "VERB":
        return head.head
    if head.dep_ == "pobj" and head.head.dep_ in {"prep", "agent"}:
        prep = head.head
        if prep.lower_ in {"on", "to", "in"} and prep.head.pos_ == "VERB":
            verb = prep.head
            if verb.lemma_.lower() in {
                "agree",
                "go",
                "embark",
                "engage",
                "enter",
                "call",
                "participate",
                "involve",
            }:
                return verb
    return None
