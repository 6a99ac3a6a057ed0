"""Repairs of parser and lemmatizer mistakes that cost events, applied after the whole pipeline.

Lemmas: a short table of verb forms the lemmatizer gets wrong ("staging" -> "stag").

One mistake is frequent in wire copy: "The United States on Tuesday imposed sanctions on Iran"
is parsed as "States on [Tuesday-imposed sanctions]", with the verb as an adjective of its own
object and the subject as the sentence root. The repair re-attaches the words the way the
sentence reads: the verb heads the clause, the noun before "on" is its subject, the day hangs on
"on", and the noun after the verb is the verb's object.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

DATE_ATTACHMENT = "polybius_date_attachment"

# Verb lemmas the pipeline's lemmatizer gets wrong, by lower-case form ("staged" -> "stag").
LEMMA_FIXES = {
    "stage": "stage",
    "stages": "stage",
    "staged": "stage",
    "staging": "stage",
    "hopes": "hope",
    "hoped": "hope",
    "hoping": "hope",
    "axed": "axe",
    "lambasted": "lambaste",
    "lambasting": "lambaste",
    "lambastes": "lambaste",
    "raped": "rape",
    "raping": "rape",
    "rapes": "rape",
}

TIME_WORDS = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "morning",
        "afternoon",
        "evening",
        "night",
        "weekend",
    }
)


@Language.component(DATE_ATTACHMENT)
def repair_date_attachment(doc: Doc) -> Doc:
    for token in doc:
        fixed = LEMMA_FIXES.get(token.lower_)
        if fixed is not None and token.pos_ in {"VERB", "AUX"}:
            token.lemma_ = fixed
    for token in doc:
        clause = _misread_clause(token)
        if clause is not None:
            _reattach(*clause)
    return doc


def _misread_clause(on: Token) -> tuple[Token, Token, Token, Token] | None:
    """(subject, "on", verb, object) when "Subject on Day verb-ed objects" was misparsed."""
    if on.lower_ != "on" or on.dep_ != "prep":
        return None
    subject, obj = on.head, next((c for c in on.children if c.dep_ == "pobj"), None)
    if obj is None or subject.pos_ not in {"PROPN", "NOUN"} or not _loose(subject):
        return None
    verb = next(
        (
            c
            for c in obj.children
            if c.dep_ in {"amod", "compound"} and c.tag_ in {"VBD", "VBN"} and c.i > on.i
        ),
        None,
    )
    if verb is None or verb.i >= obj.i:
        return None
    between = on.doc[on.i + 1 : verb.i]
    if not len(between) or not all(_time_word(t) for t in between):
        return None
    return subject, on, verb, obj


def _loose(subject: Token) -> bool:
    """The subject was left as the root, or as a second subject of the reporting verb that
    follows ("The US on Tuesday imposed sanctions, officials said")."""
    if subject.dep_ == "ROOT":
        return True
    head = subject.head
    return subject.dep_ in {"nsubj", "npadvmod", "dep"} and any(
        c.dep_ == "nsubj" and c.i != subject.i for c in head.children
    )


def _time_word(token: Token) -> bool:
    return token.lower_ in TIME_WORDS or token.ent_type_ in {"DATE", "TIME"}


def _reattach(subject: Token, on: Token, verb: Token, obj: Token) -> None:
    # Order matters: each step keeps the tree free of cycles.
    if subject.dep_ == "ROOT":
        verb.head = verb
        verb.dep_ = "ROOT"
    else:
        verb.head = subject.head  # what the reporting verb says
        verb.dep_ = "ccomp"
    obj.head = verb
    obj.dep_ = "dobj"
    on.head = verb
    day = on.doc[on.i + 1 : verb.i]
    day_head = day.root
    day_head.head = on
    day_head.dep_ = "pobj"
    if verb.dep_ == "ROOT":
        for token in list(subject.children):
            if token.i > obj.i:  # the full stop, trailing clauses
                token.head = verb
    subject.head = verb
    subject.dep_ = "nsubj"
