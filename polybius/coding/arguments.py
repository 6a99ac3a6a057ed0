"""Read who acts and who is acted on from the dependency parse around a trigger.

Handles active and passive voice ("were used by Yemen's Houthi rebels to
attack"), control and purpose clauses, relative clauses ("Turkey, which has
offered ..."), conjoined verbs, prepositional recipients and nominal
triggers ("Russia's attack on Ukraine", "talks between Ukraine and Russia").
The result is token heads; the actor resolver turns them into codes.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from spacy.tokens import Token

from polybius.coding.ontology import RESPONDING_TYPES
from polybius.coding.triggers import Trigger

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
# Clauses that take their subject from the verb above them when they have none.
CONTROLLED_DEPS = frozenset({"xcomp", "advcl", "conj", "acomp", "pcomp", "relcl", "acl", "ccomp"})
DEFAULT_SLOTS: dict[str, tuple[str, ...]] = {
    "AGREE": ("with", "dative", "to"),
    "CONSULT": ("dobj", "with", "to"),
    "SUPPORT": ("dobj", "for", "to"),
    "CONCEDE": ("to",),
    "COOPERATE": ("with",),
    "AID": ("dobj", "dative", "to", "for"),
    "RETREAT": ("from", "to"),
    "REQUEST": ("dobj", "on", "to"),
    "ACCUSE": ("dobj", "against"),
    "REJECT": ("dobj",),
    "THREATEN": ("dobj", "against", "with"),
    "SANCTION": ("dobj", "on", "against"),
    "PROTEST": ("against",),
    "MOBILIZE": ("against", "near", "to"),
    "COERCE": ("dobj", "on", "against"),
    "ASSAULT": ("dobj", "on", "against", "at"),
}
PATIENT_VERBS = frozenset({"face", "suffer", "endure", "undergo", "risk", "incur"})
RECEIVING_VERBS = frozenset({"receive", "get", "obtain"})
NOUN_ACTOR_DEPS = frozenset({"poss", "compound", "amod", "nmod"})
SCENE_PREPS = frozenset({"in", "during", "at", "after", "following", "amid"})


@dataclass
class Arguments:
    """Token heads for the actor side and the recipient side of one trigger."""

    actors: list[Token] = field(default_factory=list)
    recipients: list[Token] = field(default_factory=list)
    pairs: list[Token] = field(default_factory=list)  # "between X and Y"
    theme: list[Token] = field(default_factory=list)  # what is acted with ("drones")
    modifiers: list[Token] = field(default_factory=list)  # "EU sanctions": named actors only
    fallback_recipients: list[Token] = field(default_factory=list)  # "action against Russia"
    fallback: list[Token] = field(default_factory=list)  # used when the others resolve to nobody
    passive: bool = False


def verb_subject(verb: Token) -> tuple[list[Token], bool]:
    """The subject heads of ``verb`` (the agent for a passive verb) and whether it is passive."""
    passive = any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in verb.children)
    if passive:
        agents = [
            g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
        ]
        return agents, True
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    return subjects, False


def inherited_subject(verb: Token, depth: int = 0) -> list[Token]:
    """Walk up control, purpose and coordination links to find who acts."""
    subjects, passive = verb_subject(verb)
    if subjects:
        return subjects
    if passive:
        return []
    if depth > 4 or verb.dep_ not in CONTROLLED_DEPS or verb.head is verb:
        return []
    head = verb.head
    if verb.dep_ == "xcomp" and not any(c.dep_ == "agent" for c in head.children):
        raised = [c for c in head.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
        if raised:
            return raised  # "the US is expected to announce": the US announces
    accused = _accused(verb)
    if accused:
        return accused
    if verb.dep_ == "acl" and head.lemma_.lower() in MESSAGE_NOUNS:
        # "Hamas issued a statement demanding ...": whoever issued the message demands.
        owners = [c for c in head.children if c.dep_ == "poss"]
        if owners:
            return owners
        if head.dep_ in {"dobj", "nsubjpass"} and head.head.pos_ == "VERB":
            return inherited_subject(head.head, depth + 1)
        return []
    if verb.dep_ in {"relcl", "acl"}:
        # "forces fighting in Syria": the noun acts; "the drones Iran supplied" has a subject.
        return [head] if head.pos_ in {"NOUN", "PROPN", "PRON"} and verb.dep_ == "acl" else []
    if head.pos_ in {"NOUN", "PROPN"}:
        owners = [c for c in head.children if c.dep_ in {"poss"}]
        return owners
    if verb.dep_ == "ccomp":
        return []
    return inherited_subject(head, depth + 1)


# Messages whose words belong to whoever sends them.
MESSAGE_NOUNS = frozenset(
    {"statement", "declaration", "letter", "communique", "resolution", "message", "note",
     "petition", "ultimatum", "appeal", "post", "tweet", "video", "speech", "address"}
)  # fmt: skip


ACCUSING_VERBS = frozenset(
    {
        "accuse",
        "blame",
        "suspect",
        "charge",
        "convict",
        "criticize",
        "criticise",
        "condemn",
        "fault",
        "indict",
    }
)


def _accused(verb: Token) -> list[Token]:
    """ "accused Russia of shelling the plant": the accused is the one who acts."""
    if verb.dep_ != "pcomp" or verb.head.lower_ not in {"of", "for"}:
        return []
    accuser = verb.head.head
    if accuser.lemma_.lower() not in ACCUSING_VERBS:
        return []
    return [c for c in accuser.children if c.dep_ in {"dobj", "nsubjpass"}]


def verb_arguments(trigger: Trigger, slots: tuple[str, ...]) -> Arguments:
    verb = trigger.token
    args = Arguments()
    subjects, passive = verb_subject(verb)
    args.passive = passive
    args.actors = subjects or inherited_subject(verb)
    relative = _relative_subject(verb)
    if relative is not None and not subjects:
        args.actors = [relative]
    for slot in slots:
        args.recipients.extend(_slot(verb, slot, passive))
    args.fallback_recipients = _object_targets(verb, passive)
    args.pairs = _between(verb)
    args.theme = _verb_theme(verb, passive)
    return args


def noun_arguments(trigger: Trigger, slots: tuple[str, ...]) -> Arguments:
    noun = trigger.token
    args = Arguments()
    args.actors = [c for c in noun.children if c.dep_ == "poss"]
    if [a.lower_ for a in args.actors] == ["their"]:
        # "Israel and Lebanon failed to agree at their talks", "South Korea and Japan held their
        # first summit": "their" is the clause's subject, found below.
        subjects = _scene_subject(noun) if trigger.governor is None else []
        args.actors = subjects if subjects or trigger.governor is not None else args.actors
    args.actors += [
        g
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ == "by"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    args.modifiers = [
        c
        for c in noun.children
        if c.dep_ in NOUN_ACTOR_DEPS - {"poss"}
        and c.i < noun.i
        and c.pos_ in {"PROPN", "NOUN", "ADJ"}
    ]
    governor_lemma = trigger.governor.lemma_.lower() if trigger.governor is not None else ""
    if trigger.governor is not None and governor_lemma in PATIENT_VERBS | RECEIVING_VERBS:
        # "Iran would face sanctions from the EU": the subject suffers the action; "Russia
        # received a shipment of Iranian drones": the subject gets what the maker sends.
        subjects, _ = verb_subject(trigger.governor)
        args.recipients.extend(subjects or inherited_subject(trigger.governor))
        for head in (noun, trigger.governor):
            args.actors += prep_objects(head, "from") + prep_objects(head, "by")
        if governor_lemma in RECEIVING_VERBS:
            args.modifiers += [
                g for obj in prep_objects(noun, "of") for g in obj.children if g.dep_ == "amod"
            ]
    elif trigger.governor is not None:
        subjects, passive = verb_subject(trigger.governor)
        if passive and trigger.governor.lemma_.lower() in {"engage", "involve"}:
            # "has been engaged in ethnic cleansing": the one engaged does it.
            subjects = [c for c in trigger.governor.children if c.dep_ == "nsubjpass"]
        args.fallback = subjects or inherited_subject(trigger.governor)
        for slot in slots:
            if slot not in {"dobj", "dative"}:
                args.recipients.extend(_slot(trigger.governor, slot, passive))
    else:
        args.fallback = _scene_subject(noun) or _owned_part(noun)
    if noun.lemma_.lower() in {"support", "solidarity"} and noun.dep_ == "pobj":
        if noun.head.lower_ == "in":  # "rallied in support of the president"
            args.recipients.extend(prep_objects(noun, "of"))
    # "a military aid package for Ukraine": the compound's head carries the recipient;
    # "fighting broke out between X and Y": so does the verb that says the event happened.
    holders = [noun, noun.head] if noun.dep_ == "compound" or _occurs(noun) else [noun]
    for slot in slots:
        if slot not in {"dobj", "dative"}:
            for holder in holders:
                args.recipients.extend(_slot(holder, slot, False))
    if not args.recipients:
        # "Kyiv's accusation that Russian forces shelled the plant": the accused.
        args.recipients = [
            g
            for c in noun.children
            if c.dep_ in {"acl", "ccomp"}
            for g in c.children
            if g.dep_ in SUBJECT_DEPS
        ]
    args.pairs = _between(noun) or (_between(noun.head) if _occurs(noun) else [])
    args.theme = [c for c in noun.children if c.dep_ in {"amod", "compound", "nmod"}]
    args.theme += prep_objects(noun, "of")
    return args


TARGET_PREPS = frozenset(
    {"against", "on", "from", "with", "to", "toward", "towards", "between", "near", "along"}
)


def _object_targets(verb: Token, passive: bool) -> list[Token]:
    """Targets named inside the verb's object: "threatened further action against Russia",
    "called for sanctions against Nigeria", "conceded to demands from UNITA"."""
    objects = [c for c in verb.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
    objects += [
        g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"
    ]
    named = [
        g
        for obj in objects
        for c in obj.children
        if c.dep_ == "prep" and (c.lower_ in TARGET_PREPS or obj.lemma_.lower() in MEMBERSHIP_NOUNS)
        for g in c.children
        if g.dep_ == "pobj"
    ]
    # "called for a ceasefire in Sudan": where the act is wanted, unless the object is a meeting
    # ("talks in Doha" are held there, not with Qatar).
    return named + [
        g
        for obj in objects
        if obj.lemma_.lower() not in MEETING_NOUNS
        for g in prep_objects(obj, "in")
        if g.pos_ == "PROPN"
    ]


MEETING_NOUNS = frozenset(
    {"talk", "meeting", "summit", "conference", "negotiation", "forum", "session", "visit"}
)


# "applied for membership of NATO": the body joined is the other side.
MEMBERSHIP_NOUNS = frozenset({"membership", "accession", "admission", "entry", "participation"})


def _relative_subject(verb: Token) -> Token | None:
    """ "Turkey, which has offered ...": the noun a relative clause hangs on."""
    if verb.dep_ != "relcl":
        return None
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS and child.lower_ in {"which", "who", "that"}:
            return verb.head
    return None


def _scene_subject(noun: Token) -> list[Token]:
    """ "In a phone call with Borrell, Blinken said ...": the subject of the verb the scene sets."""
    head = noun
    while head.dep_ == "conj":
        head = head.head
    if head.dep_ != "pobj" or head.head.lower_ not in SCENE_PREPS:
        return []
    scene_of = head.head.head
    if scene_of.pos_ == "NOUN" and scene_of.dep_ in {"dobj", "nsubjpass"}:
        scene_of = scene_of.head  # "failed to reach an agreement at their summit"
    if scene_of.pos_ == "VERB":
        subjects, _ = verb_subject(scene_of)
        return subjects or inherited_subject(scene_of)
    return []


# "denied any involvement in the attack", "claimed responsibility for the strike", "admitted
# its role in the killings": whoever owns the part in the act is its actor.
PART_NOUNS = frozenset({"involvement", "role", "part", "responsibility", "hand", "complicity"})


def _owned_part(noun: Token) -> list[Token]:
    """The owner of a part in a nominal act: the part's possessor, else the subject of the
    verb whose object the part is."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in {"in", "for", "behind"}:
        return []
    part = prep.head
    if part.lemma_.lower() not in PART_NOUNS:
        return []
    owners = [c for c in part.children if c.dep_ == "poss"]
    if owners:
        return owners
    if part.dep_ in {"dobj", "nsubjpass"} and part.head.pos_ in {"VERB", "AUX"}:
        subjects, _ = verb_subject(part.head)
        return subjects or inherited_subject(part.head)
    return []


def _slot(head: Token, slot: str, passive: bool) -> list[Token]:
    if slot == "dobj":
        deps = {"nsubjpass"} if passive else {"dobj"}
        return [c for c in head.children if c.dep_ in deps]
    if slot == "dative":
        return [
            c for c in head.children if c.dep_ == "dative" and c.pos_ != "ADP"
        ] + _prep_objects_dative(head)
    if slot == "between":
        return []
    return prep_objects(head, slot)


def prep_objects(head: Token, words: str | AbstractSet[str]) -> list[Token]:
    """The objects of ``head``'s prepositions ``words`` (one word, or a set of them)."""
    wanted = {words} if isinstance(words, str) else words
    return [
        g
        for c in head.children
        if c.dep_ == "prep" and c.lower_ in wanted
        for g in c.children
        if g.dep_ == "pobj"
    ]


def _prep_objects_dative(head: Token) -> list[Token]:
    return [
        g
        for c in head.children
        if c.dep_ == "dative" and c.pos_ == "ADP"
        for g in c.children
        if g.dep_ == "pobj"
    ]


# Verbs that only say an event took place: its participants may hang on them.
OCCURRENCE_VERBS = frozenset(
    {"break", "erupt", "rage", "flare", "continue", "resume", "occur", "intensify", "escalate"}
)


def _occurs(noun: Token) -> bool:
    """ "Fighting broke out between ...", "clashes erupted with ...": the noun is the subject of
    a verb that says it happened."""
    return noun.dep_ == "nsubj" and noun.head.lemma_.lower() in OCCURRENCE_VERBS


def _between(head: Token) -> list[Token]:
    """ "talks between Ukraine and Russia"; "between the two countries" is a pair the actor
    resolver expands."""
    return prep_objects(head, "between")


def _verb_theme(verb: Token, passive: bool) -> list[Token]:
    theme = [c for c in verb.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
    theme += prep_objects(verb, "with")
    theme += prep_objects(verb, "of")
    expanded: list[Token] = []
    for token in theme:
        expanded.append(token)
        expanded.extend(token.conjuncts)
        expanded.extend(c for c in token.children if c.dep_ in {"compound", "amod", "nmod"})
        expanded.extend(prep_objects(token, "of"))
    return expanded


# Where the target of an embedded act is named: "threatened to cut off power to Azerbaijan".
COMPLEMENT_PREPS = frozenset(
    {"with", "to", "against", "on", "from", "toward", "towards", "into", "at", "in", "for"}
)


def complement_targets(verb: Token, type_: str, depth: int = 0) -> list[Token]:
    """Targets of the act a verb embeds, for a trigger with no recipient of its own.

    "threatened to strike Ukraine" (the infinitive's object), "refused to deploy
    peacekeepers in Iraq" (its prepositions), "demanded that the US cancel ..." (a
    request's clause subject), "rejected calls by Belarus's rulers" (who made what is
    rejected). The embedded act itself is not coded (a threat to strike is one event).
    """
    found: list[Token] = []
    for child in verb.children:
        if child.dep_ == "xcomp" and child.pos_ in {"VERB", "AUX"}:
            found += _act_targets(child)
            if depth < 1:
                found += complement_targets(child, type_, depth + 1)
        elif child.dep_ == "ccomp" and type_ == "REQUEST":
            found += [c for c in child.children if c.dep_ in SUBJECT_DEPS]
        elif child.dep_ == "ccomp" and type_ == "THREATEN" and child.pos_ in {"VERB", "AUX"}:
            found += _act_targets(child)  # "warned that it would strike Kyiv"
    if type_ in RESPONDING_TYPES and depth == 0:
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            found += [c for c in obj.children if c.dep_ == "poss"]
            found += prep_objects(obj, "by")
    return found


def _act_targets(verb: Token) -> list[Token]:
    """Who an embedded act is done to: its object, its prepositional objects, and targets
    inside its object ("break relations with Russia")."""
    found = [c for c in verb.children if c.dep_ in {"dobj", "dative"} and c.pos_ != "ADP"]
    found += [
        g
        for c in verb.children
        if c.dep_ in {"prep", "dative"} and c.lower_ in COMPLEMENT_PREPS
        for g in c.children
        if g.dep_ == "pobj"
    ]
    found += _object_targets(verb, passive=False)
    for obj in [c for c in verb.children if c.dep_ == "dobj"]:
        found += [c for c in obj.children if c.dep_ == "poss"]
    return found


PLACE_PREPS = frozenset({"in", "at", "outside", "near", "across", "throughout"})


def scene_places(heads: list[Token]) -> list[Token]:
    """Where an act takes place, nearest first: "rallied in Lagos", "rioted at a jail in
    Dili", "demonstrated in the northern city of Kirkuk" (a place inside the place too)."""
    found: list[Token] = []
    for head in heads:
        for place in prep_objects(head, PLACE_PREPS):
            found.append(place)
            inner = prep_objects(place, PLACE_PREPS | {"of"})
            found.extend(inner)
            found.extend(g for c in inner for g in prep_objects(c, PLACE_PREPS | {"of"}))
            found.extend(c for c in place.children if c.dep_ == "poss")
    return found
