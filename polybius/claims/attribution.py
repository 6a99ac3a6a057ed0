"""According to whom: the source that asserts (or denies) an event.

Three routes, tried in order: a reporting verb that governs the trigger's
clause ("U.S. officials said Thursday that ...", "..., Sullivan told
reporters"), a quotation around the trigger whose speaker is named in the
same, the next or the previous sentence, and "according to X" in the
sentence. With reported speech inside reported speech the innermost
speaker is the one who asserts the event. The writer's own voice gives None.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from polybius.claims.status import REPORTING_VERBS, UPWARD_DEPS

ACCUSING_VERBS = frozenset({"accuse", "blame", "suspect", "allege", "charge"})

OPENING_QUOTES = frozenset({'"', "“", "«", "„"})
CLOSING_QUOTES = frozenset({'"', "”", "»", "“"})
# The links a reported clause hangs from its reporting verb by: the status walk's, and more.
PASS_DEPS = UPWARD_DEPS | frozenset({"parataxis", "npadvmod", "advmod", "agent", "dative", "csubj"})
COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "advcl", "dobj", "conj", "pcomp"})


@dataclass(frozen=True)
class Quote:
    """A quotation: its character span in the document and the token of its speaker, if found."""

    start: int
    end: int
    speaker: Token | None


def find_quotes(doc: Doc) -> list[Quote]:
    """Pair quotation marks in the document and find who is quoted."""
    spans = _quote_spans(doc)
    return [Quote(start, end, _quote_speaker(doc, start, end)) for start, end in spans]


def speaker_token(trigger: Token, quotes: list[Quote]) -> Token | None:
    """The head token of whoever asserts the event that ``trigger`` expresses."""
    reporter = _governing_reporter(trigger)
    if reporter is not None:
        return reporter
    for quote in quotes:
        if quote.start <= trigger.idx < quote.end and quote.speaker is not None:
            return quote.speaker
    return _according_to(trigger.sent)


def _governing_reporter(trigger: Token) -> Token | None:
    """Walk up from the trigger to the first reporting verb whose complement holds it."""
    child = trigger
    for _ in range(12):
        head = child.head
        if head is child:
            return _parataxis_reporter(child)
        if child.dep_ not in PASS_DEPS:
            return None
        if (
            head.lemma_.lower() in ACCUSING_VERBS
            and child.dep_ == "prep"
            and child.lower_ in {"of", "for"}
        ):
            return _speaker_of(head)  # "Ukraine accused Russia of shelling": Ukraine's claim
        if _reports(head) and child.dep_ in COMPLEMENT_DEPS and child is not _subject_of(head):
            speaker = _speaker_of(head)
            if speaker is not None:
                return speaker
        if child.dep_ == "parataxis" and _reports(child):
            return _speaker_of(child)
        child = head
    return None


def _parataxis_reporter(root: Token) -> Token | None:
    """ "Russia struck Kyiv, officials said": the reporting verb hangs off the root."""
    for child in root.children:
        if child.dep_ in {"parataxis", "ccomp", "advcl"} and _reports(child) and child.i > root.i:
            if not any(c.dep_ in {"ccomp", "xcomp"} for c in child.children):
                return _speaker_of(child)
    return None


def _reports(token: Token) -> bool:
    return token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in REPORTING_VERBS


def _subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    return None


def _speaker_of(verb: Token, depth: int = 0) -> Token | None:
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    if depth < 2 and verb.dep_ in {"advcl", "xcomp", "conj"} and verb.head is not verb:
        # "rejected the accusations, saying Tehran had never sent weapons": who rejected says.
        return _speaker_of(verb.head, depth + 1)
    return None


def _according_to(sent: Span) -> Token | None:
    for token in sent:
        if (
            token.lower_ == "according"
            and token.i + 1 < sent.end
            and sent.doc[token.i + 1].lower_ == "to"
        ):
            to = sent.doc[token.i + 1]
            objects = [c for c in to.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
            if token.i + 2 < sent.end:
                return _np_head(sent.doc[token.i + 2])
    return None


def _np_head(token: Token) -> Token:
    while token.dep_ in {"compound", "amod", "det", "poss", "nummod"} and token.head is not token:
        token = token.head
    return token


def _quote_spans(doc: Doc) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    text = doc.text
    for i, ch in enumerate(text):
        if open_at is None and ch in OPENING_QUOTES:
            open_at = i
        elif open_at is not None and ch in CLOSING_QUOTES and i > open_at:
            if i - open_at > 1:
                spans.append((open_at, i + 1))
            open_at = None
        elif ch == "\n" and open_at is not None and text[i - 1 : i] == "\n":
            open_at = None  # a quote never spans paragraphs here: an unbalanced mark
    return spans


def _quote_speaker(doc: Doc, start: int, end: int) -> Token | None:
    """The speaker of a quote: a reporting verb outside it, here, next sentence or before."""
    inside = doc.char_span(start, end, alignment_mode="expand")
    if inside is None:
        return None
    sents = list(doc.sents)
    first = inside[0].sent
    last = inside[-1].sent
    for sent in {first.start: first, last.start: last}.values():
        found = _reporter_outside(sent, start, end)
        if found is not None:
            return found
    index = next((n for n, s in enumerate(sents) if s.start == last.start), None)
    if index is not None and index + 1 < len(sents):
        nxt = sents[index + 1]
        if len(nxt) <= 12:
            found = _reporter_outside(nxt, start, end)
            if found is not None:
                return found
    if index is not None and first.start > 0:
        prev = doc[first.start - 1].sent
        if prev.text.rstrip().endswith(":"):
            return _reporter_outside(prev, start, end)
    return None


def _reporter_outside(sent: Span, start: int, end: int) -> Token | None:
    for token in sent:
        if start <= token.idx < end:
            continue
        if _reports(token):
            speaker = _speaker_of(token)
            if speaker is not None and not (start <= speaker.idx < end):
                return speaker
    return None
