"""Code one parsed document into events: triggers, arguments, actors, then the claim layer.

``RuleCoder`` is registered as ``polybius.coder.rules.v1``. It holds the
loaded lexicon, gazetteer and (optionally) the sentence classifier, and is
safe to reuse across documents; per-document state lives in
``DocumentActors`` and is dropped after each document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import product
from typing import Any

from spacy.tokens import Doc, Span, Token

from polybius.actors.resolve import DocumentActors
from polybius.claims.attribution import Quote, speaker_token
from polybius.claims.status import REPORTING_VERBS, event_status
from polybius.coding.arguments import (
    DEFAULT_SLOTS,
    NOUN_ACTOR_DEPS,
    Arguments,
    complement_targets,
    noun_arguments,
    prep_objects,
    scene_places,
    verb_arguments,
    verb_subject,
)
from polybius.coding.lexicon import Lexicon, Sense
from polybius.coding.ontology import (
    EMBEDDING_TYPES,
    HOSTILE_TYPES,
    RESPONDING_TYPES,
    aid_mode,
    contexts_for,
    intent_cameo,
)
from polybius.coding.triggers import Trigger, find_triggers
from polybius.records import Actor, Document, Event, Status, make_event_id

# An ambiguous word ("hit", "back", "target") is kept only if the sentence classifier gives its
# type at least this probability (17 classes: chance is about 0.06).
AMBIGUITY_FLOOR = 0.05
# Types whose target, when unnamed, is the state where the event takes place.
PLACE_TARGET_TYPES = frozenset(
    {"AID", "ASSAULT", "COERCE", "CONCEDE", "RETREAT", "MOBILIZE", "CONSULT"}
)
# Hooks for the claim-layer parts that geocode, date and count (see claims/).
ClaimHook = Callable[["Draft", Document, DocumentActors], dict[str, Any]]


@dataclass
class Draft:
    """An event before serialisation: the trigger, its sense and the resolved sides."""

    trigger: Trigger
    sense: Sense
    type: str
    actor: Actor | None
    recipient: Actor | None
    actor_tokens: set[int] = field(default_factory=set)
    recipient_token: Token | None = None
    confidence: float = 0.5
    status: Status = "occurred"
    fixed_status: bool = False  # set when the rule that made the draft also decided its status
    attributed_to: Actor | None = None
    lemmas: set[str] = field(default_factory=set)


class RuleCoder:
    """Lexicon- and parse-driven event coder (``polybius.coder.rules.v1``)."""

    name = "polybius.coder.rules.v1"

    def __init__(
        self,
        lexicon: Lexicon,
        *,
        type_scores: Callable[[Span], dict[str, float]] | None = None,
        claim_hooks: list[ClaimHook] | None = None,
        place_actor: Callable[[Token], Actor | None] | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.type_scores = type_scores
        self.claim_hooks = claim_hooks or []
        self.place_actor = place_actor

    # ---- documents

    def code(self, doc: Doc, document: Document, actors: DocumentActors) -> list[Event]:
        events: list[Event] = []
        for sent in doc.sents:
            drafts = self.code_sentence(sent, actors, actors.quotes)
            events.extend(self._finish(d, sent, document, actors) for d in drafts)
        return events

    def code_sentence(self, sent: Span, actors: DocumentActors, quotes: list[Quote]) -> list[Draft]:
        triggers = [t for t in find_triggers(sent, self.lexicon) if _codable(t, actors)]
        if not triggers:
            return []
        scores = self.type_scores(sent) if self.type_scores else None
        drafts: list[Draft] = []
        for trigger in triggers:
            drafts.extend(self._drafts(trigger, actors, scores))
        drafts.extend(self._deontic_requests(sent, actors, scores))
        drafts = _protesters_purposes(drafts)
        drafts = _drop_embedded(drafts)
        drafts = _drop_rallies_for_own_government(drafts)
        for draft in drafts:
            self._claims(draft, actors, quotes)
        return _dedupe(drafts)

    # ---- one trigger

    def _drafts(
        self, trigger: Trigger, actors: DocumentActors, scores: dict[str, float] | None
    ) -> list[Draft]:
        for sense in trigger.senses:
            if sense.type is None:
                if _static_ok(trigger, sense, self.lexicon):
                    return []
                continue
            if not _static_ok(trigger, sense, self.lexicon):
                continue
            if sense.ambig and scores is not None and scores.get(sense.type, 0.0) < AMBIGUITY_FLOOR:
                continue
            drafts = self._with_sense(trigger, sense, actors, scores)
            if drafts is not None:
                return drafts
        return []

    def _with_sense(
        self,
        trigger: Trigger,
        sense: Sense,
        actors: DocumentActors,
        scores: dict[str, float] | None,
    ) -> list[Draft] | None:
        assert sense.type is not None
        slots = sense.recipient_slots or DEFAULT_SLOTS[sense.type]
        args = (verb_arguments if trigger.kind in {"verb", "adj"} else noun_arguments)(
            trigger, slots
        )
        subjects = _resolve_all(actors, _agents(args.actors)) + _resolve_all(
            actors, args.modifiers, strict=True
        )
        if not subjects:
            subjects = _resolve_all(actors, args.fallback)
        if not subjects and args.passive and _moves_forces(sense):
            # "Indian troops were put on high alert", "fighters were demobilized": the forces
            # moved are the side moving.
            moved = [
                c
                for c in trigger.token.children
                if c.dep_ == "nsubjpass"
                and any(
                    actors.mention_at(m.i) is not None
                    for m in c.children
                    if m.dep_ in NOUN_ACTOR_DEPS
                )
            ]  # only forces whose side is named ("Indian troops"), not "no personnel"
            subjects = _resolve_all(actors, moved)
        uncoded = False
        if not subjects and trigger.kind != "noun":
            subjects = _named_but_uncoded(args.actors + args.fallback)
            uncoded = bool(subjects)
        if not _actor_ok(sense, subjects):
            return None
        if trigger.key in EXERCISE_KEYS and len({a.country for a in subjects}) > 1:
            # "French and Egyptian warships launched war games": joint, so cooperation.
            sense = self.lexicon.nouns["joint exercise"][0]
        type_ = _hostile_type(trigger, sense, self.lexicon) or sense.type
        assert type_ is not None  # every typed sense, the joint one included
        condition = _unless_clause(trigger.governor or trigger.token)
        if condition is not None and type_ not in EMBEDDING_TYPES:
            return self._conditional_threat(trigger, sense, condition, actors, scores)
        if type_ == "THREATEN" and _warns_about_others(trigger, subjects, actors):
            return None  # "the US warned that Russia could invade": a report, not a threat
        if sense.received:
            # "Ukraine received tanks from Germany": the giver acts, the subject receives.
            givers = _resolve_all(actors, prep_objects(trigger.token, "from"))
            # "Russia received a first shipment of Iranian drones": the maker gives.
            givers = givers or _foreign_targets(subjects, _named_inside(args, actors))
            if not givers or uncoded:
                return None
            subjects, recipients = givers, subjects
        else:
            recipients = self._recipients(trigger, type_, subjects, args, actors, sense.symmetric)
            if type_ in STRUCK_PLACE_TYPES:
                recipients = _capitals_as_places(recipients, args, actors)
        if sense.needrcp and not recipients and not (sense.symmetric and len(subjects) > 1):
            return None  # "Biden and Xi spoke": two sides speak to each other
        pairs = _resolve_all(actors, args.pairs)
        if subjects and trigger.kind == "verb" and "between" in (sense.recipient_slots or ()):
            # "Egypt is mediating between Israel and Hamas": the mediator acts on both sides.
            recipients, pairs = _others(subjects, recipients + pairs), []
        if trigger.kind == "noun" and not subjects and len(pairs) < 2:
            return []
        lemmas = _lemmas(trigger, args)
        dyads = _dyads(subjects, recipients, pairs, sense.symmetric)
        dyads = [(a, r) for a, r in dyads if _worth_coding(a, r, type_, uncoded, args)]
        if not dyads and trigger.token.dep_ == "csubj":
            # "Detaining foreigners is not our policy": the speaker may supply the actor.
            dyads = [(None, None)]
        drafts = [
            Draft(
                trigger=trigger,
                sense=sense,
                type=type_,
                actor=a,
                recipient=r,
                actor_tokens={t.i for t in args.actors + args.modifiers + args.fallback},
                lemmas=lemmas,
                confidence=_confidence(sense, type_, a, r, scores),
            )
            for a, r in dyads
        ]
        return drafts

    def _recipients(
        self,
        trigger: Trigger,
        type_: str,
        subjects: list[Actor],
        args: Arguments,
        actors: DocumentActors,
        symmetric: bool = False,
    ) -> list[Actor]:
        """Who the act is done to: the sense's slots, then targets inside the object, of an
        embedded act, and the place of the act, in that order."""
        # "deployed troops to its border with Finland": "its border" is the actor's own side,
        # no recipient; the fallbacks below find the other side.
        recipients = _others(subjects, _resolve_all(actors, args.recipients))
        if not recipients:
            recipients = _others(subjects, _resolve_all(actors, args.fallback_recipients))
        if not recipients and trigger.kind in {"verb", "adj"}:
            targets = _resolve_all(actors, complement_targets(trigger.token, type_))
            recipients = _foreign_targets(subjects, targets)
        if not recipients and not (symmetric and len(subjects) > 1):
            # "seized a Greek-flagged tanker", "banned imports of Japanese seafood".
            recipients = _foreign_targets(subjects, _named_inside(args, actors))
        if not recipients and type_ in RESPONDING_TYPES and trigger.token.dep_ == "conj":
            # "Kyiv asked Israel for air defences, but Israel refused": the answer goes to
            # whoever asked in the clause it answers.
            asker, _ = verb_subject(trigger.token.head)
            recipients = _foreign_targets(subjects, _resolve_all(actors, asker))
        if not recipients and type_ in PLACE_RECIPIENT_TYPES and self.place_actor:
            recipients = [actor for _, actor in self._place_recipients(args)]
        if not recipients and type_ == "PROTEST" and self.place_actor:
            recipients = self._scene_states(trigger)
        if symmetric and len(subjects) > 1:
            # "the two sides agreed to exchange prisoners": the sides act towards each other,
            # not towards their own people.
            sides = {a.country or a.id for a in subjects}
            recipients = [r for r in recipients if (r.country or r.id) not in sides]
        return recipients

    def _deontic_requests(
        self, sent: Span, actors: DocumentActors, scores: dict[str, float] | None
    ) -> list[Draft]:
        """ "Russia said Sudan must return the helicopter": a reported obligation is a demand."""
        drafts: list[Draft] = []
        for clause in sent:
            if clause.dep_ != "ccomp" or not _obliged(clause):
                continue
            verb = clause.head
            if verb.pos_ == "NOUN" and verb.lemma_.lower() in DEMAND_NOUNS | {"warning", "message"}:
                verb = verb.head  # "issued a reminder that Iraq must ...": the issuer demands
            elif verb.lemma_.lower() not in REPORTING_VERBS:
                continue
            speakers = _resolve_all(actors, [c for c in verb.children if c.dep_ == "nsubj"])
            targets = _resolve_all(
                actors, [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
            )
            sense = Sense(type="REQUEST", cameo="100")
            trigger = Trigger(clause, "must", (sense,), "verb", words=(clause.i,))
            drafts.extend(
                Draft(
                    trigger=trigger,
                    sense=sense,
                    type="REQUEST",
                    actor=a,
                    recipient=r,
                    fixed_status=True,
                    confidence=_confidence(sense, "REQUEST", a, r, scores),
                )
                for a, r in _dyads(speakers, targets, [], False)
                if r is not None
            )
        return drafts

    def _conditional_threat(
        self,
        trigger: Trigger,
        sense: Sense,
        condition: Token,
        actors: DocumentActors,
        scores: dict[str, float] | None,
    ) -> list[Draft]:
        """ "X will withdraw its troops unless Y agrees": a conditional act is a threat to Y."""
        verb = trigger.governor or trigger.token
        args = verb_arguments(Trigger(verb, trigger.key, trigger.senses, "verb"), ("dobj",))
        subjects = _resolve_all(actors, args.actors)
        targets = _resolve_all(actors, [c for c in condition.children if c.dep_ == "nsubj"])
        if not targets:
            # "will launch an offensive against Kurdish fighters unless its demands are met":
            # with no one named in the condition, the threat is aimed at the act's target.
            acted_on = verb_arguments(trigger, DEFAULT_SLOTS.get(sense.type or "", ("dobj",)))
            targets = _foreign_targets(subjects, _resolve_all(
                actors, acted_on.recipients + acted_on.fallback_recipients))  # fmt: skip
        threat = Sense(type="THREATEN", cameo="130")
        return [
            Draft(
                trigger=trigger,
                sense=threat,
                type="THREATEN",
                actor=a,
                recipient=r,
                actor_tokens={t.i for t in args.actors},
                fixed_status=True,
                confidence=_confidence(threat, "THREATEN", a, r, scores),
            )
            for a, r in _dyads(subjects, targets, [], False)
        ]

    def _place_recipients(self, args: Arguments) -> list[tuple[Token, Actor]]:
        found: list[tuple[Token, Actor]] = []
        assert self.place_actor is not None
        for token in args.recipients:
            actor = self.place_actor(token)
            if actor is not None:
                found.append((token, actor))
        return found

    def _scene_states(self, trigger: Trigger) -> list[Actor]:
        """ "Thousands rallied in Lagos": a protest with no target is aimed at the state where
        it takes place (PLOVER and CAMEO practice). The state only: its sector is unknown."""
        assert self.place_actor is not None
        heads = [trigger.token] + ([trigger.governor] if trigger.governor is not None else [])
        for token in scene_places(heads):
            actor = self.place_actor(token)
            if actor is not None:
                return [actor]
        return []

    def _claims(self, draft: Draft, actors: DocumentActors, quotes: list[Quote]) -> None:
        finding = event_status(draft.trigger.token, governor=draft.trigger.governor)
        if not draft.fixed_status:
            draft.status = finding.status
        if finding.denier_verb is not None:
            denier = [c for c in finding.denier_verb.children if c.dep_ == "nsubj"]
            if denier:
                draft.attributed_to = actors.resolve_one(denier[0])
                return
        anchor = draft.trigger.governor or draft.trigger.token
        speaker = speaker_token(anchor, quotes)
        if speaker is not None and draft.status == "denied" and draft.actor is None:
            # "Supplying arms is not our policy," the minister said: the speaker denies
            # their own side's act.
            draft.actor = actors.resolve_one(speaker)
        if speaker is not None and speaker.i not in draft.actor_tokens | {draft.trigger.token.i}:
            resolved = actors.resolve_one(speaker)
            if resolved is None and speaker.pos_ != "PRON":
                resolved = _unresolved(speaker)  # "analysts said": named, not coded
            draft.attributed_to = resolved
        elif speaker is not None and speaker.i in draft.actor_tokens and draft.actor is not None:
            # "Iran said it will send": the actor speaks for itself.
            draft.attributed_to = draft.actor
        if draft.status == "negated" and _same_side(draft.actor, draft.attributed_to):
            draft.status = "denied"  # "No Belarusian soldier has crossed," Minsk said

    # ---- serialisation

    def _finish(
        self, draft: Draft, sent: Span, document: Document, actors: DocumentActors
    ) -> Event:
        extras: dict[str, Any] = {}
        for hook in self.claim_hooks:
            extras.update(hook(draft, document, actors))
        location = extras.get("location")
        if (
            draft.recipient is None
            and location is not None
            and location.country
            and draft.type in PLACE_TARGET_TYPES
        ):
            # With no one named as the target, the state where it happens is the recipient.
            draft.recipient = Actor(
                text=location.text,
                name=location.name,
                id=location.country,
                country=location.country,
                sector=None,
            )
        mode = draft.sense.mode
        if draft.type == "AID" and mode is None:
            mode = aid_mode(draft.lemmas)
        cameo = draft.sense.cameo
        if draft.type != draft.sense.type and draft.type == "THREATEN":
            cameo = "130"  # "vowed to retaliate": the promise turned threat takes a threat code
        elif draft.status == "planned" and not draft.sense.intent:
            cameo = intent_cameo(draft.type, mode, cameo)
        span = (sent.start_char, sent.end_char)
        return Event(
            event_id=make_event_id(
                document.id, span, f"{draft.type}/{draft.status}", draft.actor, draft.recipient
            ),
            doc_id=document.id,
            sentence=" ".join(sent.text.split()),
            span=span,
            type=draft.type,
            mode=mode,
            context=contexts_for(draft.lemmas, draft.sense.contexts),
            cameo=cameo,
            actor=draft.actor,
            recipient=draft.recipient,
            status=draft.status,
            attributed_to=draft.attributed_to,
            date=extras.get("date"),
            location=extras.get("location"),
            quantity=extras.get("quantity"),
            confidence=draft.confidence,
            trigger=draft.trigger.text,
        )


NAME_ENTITY_TYPES = frozenset(
    {"ORG", "PERSON", "GPE", "FAC", "WORK_OF_ART", "LAW", "NORP", "PRODUCT", "EVENT"}
)


# Modifiers inside what is acted on that may name its state ("Greek-flagged", "Japanese").
INNER_NAME_DEPS = frozenset({"npadvmod", "compound", "amod"})
CURRENCY_NOUNS = frozenset(
    {"dollar", "euro", "pound", "yen", "yuan", "renminbi", "rupee", "ruble", "rouble", "franc",
     "lira", "real", "peso", "won", "riyal", "dirham", "shekel", "hryvnia", "rand", "krona"}
)  # fmt: skip

# Military exercises: one side's is a show of force (MOBILIZE), several sides' is cooperation.
EXERCISE_KEYS = frozenset({"military exercise", "military drill", "war game", "patrol", "exercise"})


# "struck Kyiv": a capital that is hit is the place, not the government it stands for.
STRUCK_PLACE_TYPES = frozenset({"ASSAULT"})


def _capitals_as_places(
    recipients: list[Actor], args: Arguments, actors: DocumentActors
) -> list[Actor]:
    capitals = set()
    for token in args.recipients:
        mention = actors.mention_at(token.i)
        if mention is not None and mention.kind == "capital":
            capitals.add(mention.text)
    return [
        replace(r, sector=None) if r.text in capitals and r.sector == "GOV" else r
        for r in recipients
    ]


def _named_inside(args: Arguments, actors: DocumentActors) -> list[Actor]:
    """States named inside what is acted on: "a Greek-flagged tanker", "imports of Japanese
    seafood" (not "nine billion US dollars")."""
    inner = [g for t in args.theme for g in t.children if g.dep_ in INNER_NAME_DEPS]
    named = [t for t in args.theme + inner if t.head.lemma_.lower() not in CURRENCY_NOUNS]
    return _resolve_all(actors, named, strict=True)


def _moves_forces(sense: Sense) -> bool:
    return sense.type == "MOBILIZE" or (
        sense.type == "RETREAT" and sense.mode in {"withdraw", "disarm"}
    )


def _codable(trigger: Trigger, actors: DocumentActors) -> bool:
    """Skip event words inside names ("Asia-Pacific Economic Cooperation") and bare
    participles that only describe a noun ("militiamen armed with machetes")."""
    token = trigger.token
    if actors.mention_at(token.i) is not None:
        return False
    if trigger.kind == "noun" and token.ent_type_ in NAME_ENTITY_TYPES:
        return False
    if trigger.kind == "noun" and _background(token) and not _meeting_scene(trigger):
        return False
    if trigger.kind == "verb" and token.tag_ == "VBN" and token.dep_ in {"acl", "amod"}:
        return any(c.dep_ in {"agent", "nsubj", "aux"} for c in token.children)
    return True


OBLIGATION_AUX = frozenset({"must", "should"})


def _obliged(clause: Token) -> bool:
    """The clause states an obligation: "must return", "should withdraw", "has to leave"."""
    for child in clause.children:
        if child.dep_ == "aux" and child.lower_ in OBLIGATION_AUX:
            return True
    if clause.lemma_ == "have":
        return any(c.dep_ == "xcomp" for c in clause.children)
    return False


VICTIM_TYPES = frozenset({"ASSAULT", "COERCE"})
# Subjects that are the weapon or the blast, not the attacker ("a roadside bomb killed ...").
DEVICE_NOUNS = frozenset(
    {
        "bomb",
        "bombing",
        "explosion",
        "blast",
        "mine",
        "missile",
        "rocket",
        "shell",
        "drone",
        "attack",
        "strike",
        "airstrike",
        "device",
        "ied",
        "grenade",
        "shelling",
        "fire",
        "gunfire",
        "minefield",
    }
)


# Causes that are no one's act: "injured by falling debris", "killed in the earthquake".
NATURAL_CAUSES = frozenset(
    {"debris", "storm", "flood", "flooding", "earthquake", "quake", "accident", "crash",
     "collapse", "landslide", "avalanche", "lightning", "heat", "heatwave", "virus", "disease",
     "hurricane", "typhoon", "cyclone", "tornado", "tsunami", "wildfire", "blaze"}
)  # fmt: skip


def _agents(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.lemma_.lower() not in NATURAL_CAUSES]


def _worth_coding(
    actor: Actor | None, recipient: Actor | None, type_: str, uncoded: bool, args: Arguments
) -> bool:
    """At least one coded side: an uncoded name needs a coded recipient; with no actor at all,
    only victims of violence or arrest named as the passive subject are kept."""
    if uncoded:
        return recipient is not None and (recipient.country or recipient.id) is not None
    if actor is None:
        devices = any(t.lemma_.lower() in DEVICE_NOUNS for t in args.actors)
        if args.passive and args.actors and not _agents(args.actors):
            return False  # "injured by falling debris": a named cause that is no one's act
        return type_ in VICTIM_TYPES and recipient is not None and (args.passive or devices)
    return True


def _same_side(actor: Actor | None, speaker: Actor | None) -> bool:
    """The speaker belongs to the actor's side: their negation is a denial."""
    if actor is None or speaker is None:
        return False
    if actor.country and actor.country == speaker.country:
        return True
    return actor.id is not None and actor.id == speaker.id


def _warns_about_others(trigger: Trigger, subjects: list[Actor], actors: DocumentActors) -> bool:
    """A warning that names another side as the one who would act ("Washington warned that
    Moscow could invade") reports that side's possible act; it threatens nothing itself."""
    if trigger.kind not in {"verb", "adj"} or trigger.token.lemma_.lower() != "warn":
        return False
    clause = next((c for c in trigger.token.children if c.dep_ == "ccomp"), None)
    if clause is None:
        return False
    doers = _resolve_all(actors, [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}])
    own = {a.country or a.id for a in subjects}
    return bool(doers) and all((d.country or d.id) not in own for d in doers)


def _unless_clause(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ == "unless" for m in child.children
        ):
            return child
    return None


# Adjuncts that refer back to an earlier, already reported event ("after two days of fighting",
# "following the killing of", "since last month's invasion"): background, not news.
BACKGROUND_PREPS = frozenset(
    {
        "after",
        "following",
        "since",
        "before",
        "amid",
        "despite",
        "because",
        "wake",
        "response",
        "retaliation",
        "during",
    }
)


def _meeting_scene(trigger: Trigger) -> bool:
    """ "during talks in Antalya", "during a phone call with Macron": a meeting that is the
    scene of what is reported took place, so it is coded (a war or an attack there is not)."""
    token = trigger.token
    return (
        any(s.type == "CONSULT" for s in trigger.senses)
        and token.dep_ == "pobj"
        and token.head.lower_ in {"during", "at"}
    )


def _background(noun: Token) -> bool:
    head = noun
    for _ in range(3):
        if head.dep_ not in {"pobj", "compound", "conj"}:
            return False
        head = head.head
        if head.lower_ in BACKGROUND_PREPS:
            return True
        if head.dep_ == "prep" and head.head.lower_ in BACKGROUND_PREPS | SCENE_NOUNS:
            return True  # "on the sidelines of the G20 summit": where, not what happened
        if head.pos_ == "ADP" and head.dep_ == "pcomp":
            return False
        if head.pos_ == "NOUN" and head.lower_ in {"wake", "response", "retaliation"}:
            return True
    return False


SCENE_NOUNS = frozenset({"sidelines", "margins", "sideline", "margin"})


def _static_ok(trigger: Trigger, sense: Sense, lexicon: Lexicon) -> bool:
    token = trigger.token
    if sense.xcomp and not any(c.dep_ == "xcomp" for c in token.children):
        return False
    if sense.ccomp and not any(c.dep_ == "ccomp" for c in token.children):
        return False
    if sense.plain and any(
        c.dep_ in {"oprd", "ccomp", "xcomp", "attr", "acomp"} for c in token.children
    ):
        return False
    theme = _theme_words(trigger)
    if sense.no_object and _has_object(trigger):
        return False
    return not (sense.objects is not None and not (theme & sense.objects))


def _has_object(trigger: Trigger) -> bool:
    token = trigger.token
    if trigger.kind == "noun":
        return False
    return any(c.dep_ in {"dobj", "nsubjpass"} for c in token.children)


def _theme_words(trigger: Trigger) -> set[str]:
    token = trigger.token
    words: set[str] = set(trigger.key.split()[:-1])
    if trigger.kind == "noun":
        for child in token.children:
            if child.dep_ in {"amod", "compound", "nmod"}:
                words |= {child.lemma_.lower(), child.lower_}
            if child.dep_ == "prep" and child.lower_ in {"of", "for"}:
                for obj in child.children:
                    words |= _np_words(obj)
        return words
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in token.children)
    for child in token.children:
        if child.dep_ == ("nsubjpass" if passive else "dobj"):
            words |= _np_words(child)
            for conj in child.conjuncts:
                words |= _np_words(conj)
        # "apply for membership": a phrasal verb's own preposition introduces its object.
        if child.dep_ == "prep" and (
            child.lower_ in {"with", "of", "from"} or child.i in trigger.words
        ):
            for obj in child.children:
                words |= _np_words(obj)
        if child.dep_ == "prt":
            words.add(child.lower_)
    return words


def _np_words(head: Token, depth: int = 0) -> set[str]:
    """Lemmas naming what a noun phrase is: its head, modifiers and "of" object ("part of
    a military aid program")."""
    words = {head.lemma_.lower(), head.lower_}
    for child in head.children:
        if child.dep_ in {"compound", "amod", "nmod"}:
            words |= {child.lemma_.lower(), child.lower_}
        if child.dep_ == "prep" and child.lower_ == "of" and depth < 2:
            for obj in child.children:
                words |= _np_words(obj, depth + 1)
    return words


def _resolve_all(
    actors: DocumentActors, tokens: list[Token] | list[tuple[Token, Actor]], *, strict: bool = False
) -> list[Actor]:
    found: list[Actor] = []
    for item in tokens:
        if isinstance(item, tuple):
            found.append(item[1])
            continue
        for actor in actors.resolve(item, strict=strict):
            if actor not in found:
                found.append(actor)
    return found


# Sectors of a state's own apparatus: as the target of its own embedded act they are the
# means ("agreed to send tanks", "refused to deploy troops"), not someone acted on.
OWN_MEANS_SECTORS = frozenset({"GOV", "MIL", "COP", None})


# With no target found in the sentence, a place named as the target gives its state.
PLACE_RECIPIENT_TYPES = frozenset({"ASSAULT", "COERCE", "CONSULT", "MOBILIZE", "RETREAT"})


def _others(subjects: list[Actor], recipients: list[Actor]) -> list[Actor]:
    """Recipients that are not one of the subjects themselves (an actor is not its own target);
    with no subject, all of them."""
    return [r for r in recipients if all(_distinct(s, r) for s in subjects)]


def _foreign_targets(subjects: list[Actor], targets: list[Actor]) -> list[Actor]:
    """Targets of an embedded act that are another side than the actor, one per side (the
    first named: "King Abdullah II" before "Jordan's"). A target of the actor's own state
    counts only outside its apparatus ("threatened to ban Ugandan opposition candidates")."""
    own = {a.country or a.id for a in subjects}
    kept: list[Actor] = []
    seen: set[tuple[str | None, str | None]] = set()
    for target in targets:
        side = target.country or target.id
        if side in own and target.sector in OWN_MEANS_SECTORS:
            continue
        if (side, target.sector) in seen:
            continue
        seen.add((side, target.sector))
        kept.append(target)
    return kept


def _actor_ok(sense: Sense, subjects: list[Actor]) -> bool:
    """The sense's actor conditions: sectors, and PERSON for a named individual (a
    politician who "attacked" a rival did so in words)."""
    kinds: set[str | None] = {subjects[0].sector} if subjects else {None}
    if subjects and (subjects[0].id or "").startswith(PERSON_ID_PREFIX):
        kinds.add("PERSON")
    if sense.actor_in is not None and not kinds & sense.actor_in:
        return False
    return not (sense.actor_not is not None and kinds & sense.actor_not)


PERSON_ID_PREFIX = "P:"


def _hostile_type(trigger: Trigger, sense: Sense, lexicon: Lexicon) -> str | None:
    """ "vowed to retaliate": a promise of hostile action is a threat."""
    if not sense.hostile:
        return None
    for child in trigger.token.children:
        if child.dep_ != "xcomp":
            continue
        verb_senses = [
            s
            for s in lexicon.verbs.get(child.lemma_.lower(), [])
            if s.type and s.actor_in != frozenset({"PERSON"})  # words, not the act itself
        ]
        noun_senses = [
            s
            for g in child.children
            if g.dep_ == "dobj"
            for key in (g.lemma_.lower(), f"{g.nbor(-1).lower_} {g.lemma_.lower()}")
            for s in lexicon.nouns.get(key, [])
            if s.type
        ]  # "prepared to impose martial law": the two-word event counts
        first = verb_senses[:1] if verb_senses else noun_senses[:1]
        if any(s.type in HOSTILE_TYPES for s in first):
            return sense.hostile
    return None


def _dyads(
    subjects: list[Actor], recipients: list[Actor], pairs: list[Actor], symmetric: bool
) -> list[tuple[Actor | None, Actor | None]]:
    if len(pairs) >= 2:
        sides = subjects + pairs if not subjects else pairs
        return [(a, b) for a, b in product(sides, sides) if a != b and _distinct(a, b)]
    if subjects and recipients:
        return [(a, r) for a, r in product(subjects, recipients) if _distinct(a, r)] or [
            (a, None) for a in subjects
        ]
    if len(subjects) >= 2 and symmetric:
        return [(a, b) for a, b in product(subjects, subjects) if a != b and _distinct(a, b)]
    if subjects:
        return [(a, None) for a in subjects]
    if recipients:
        return [(None, r) for r in recipients]
    return []


def _distinct(a: Actor, b: Actor) -> bool:
    return (a.id, a.country, a.sector) != (b.id, b.country, b.sector)


def _lemmas(trigger: Trigger, args: Arguments) -> set[str]:
    words = {t.lemma_.lower() for t in trigger.token.sent}
    return words


def _confidence(
    sense: Sense,
    type_: str,
    actor: Actor | None,
    recipient: Actor | None,
    scores: dict[str, float] | None,
) -> float:
    rule = 0.55 + (0.2 if actor and (actor.country or actor.sector == "IGO") else 0.0)
    rule += 0.1 if recipient else 0.0
    rule -= 0.15 if sense.ambig else 0.0
    if scores is None:
        return max(0.05, min(rule, 0.99))
    return max(0.05, min(0.6 * rule + 0.4 * scores.get(type_, 0.0), 0.99))


def _drop_embedded(drafts: list[Draft]) -> list[Draft]:
    """Actions inside a request, refusal or threat are not events of their own."""
    embedding = {d.trigger.token.i for d in drafts if d.type in EMBEDDING_TYPES}
    protests = {
        t.i
        for d in drafts
        if d.type == "PROTEST"
        for t in (d.trigger.token, d.trigger.governor)
        if t is not None
    }
    obliged = {d.trigger.token.i for d in drafts if d.trigger.key == "must"}
    conditions = {
        t.i
        for d in drafts
        if d.type == "THREATEN" and d.fixed_status
        for clause in (_unless_clause(d.trigger.governor or d.trigger.token),)
        if clause is not None
        for t in clause.subtree
    }  # fmt: skip
    responses = {
        d.trigger.token.i for d in drafts if d.type in RESPONDING_TYPES and d.trigger.kind != "noun"
    }
    kept: list[Draft] = []
    for draft in drafts:
        if _borrowed_actor(draft) and _responded_to(draft.trigger.token, responses):
            continue  # "the government accepted the demands": the demands are not its own
        token = draft.trigger.governor or draft.trigger.token
        if _under(token, embedding) and draft.type not in EMBEDDING_TYPES - {"THREATEN"}:
            continue
        if draft.trigger.token.i in conditions:
            continue  # "... if Belarus does not release the journalists": the condition
        if draft.trigger.key != "must" and (token.i in obliged or _under(token, obliged)):
            continue
        if _inside_demand(token):
            continue  # "its demands that the government grant more rights": not granted
        if draft.type in FOLDED_INTO_PROTEST and _purpose_of(token, protests):
            continue  # "marched to demand reforms": the demand is what the protest is for
        kept.append(draft)
    return kept


def _borrowed_actor(draft: Draft) -> bool:
    """A nominal event whose actor was taken from the clause around it, not named in it
    ("Kyiv's charge" names its actor; "the demands" in "X accepted the demands" does not)."""
    if draft.trigger.kind != "noun":
        return False
    own = {t.i for t in draft.trigger.token.subtree}
    return not (draft.actor_tokens & own)


def _responded_to(noun: Token, responses: set[int]) -> bool:
    """The noun names what a response answers: "rejected the request", "accepted the
    demands", "agreed to the proposal", "the offer was turned down"."""
    if noun.dep_ in {"dobj", "nsubjpass"}:
        verb = noun.head
    elif noun.dep_ == "pobj" and noun.head.lower_ in {"to", "with", "on"}:
        verb = noun.head.head
    else:
        return False
    return verb.i in responses or verb.lemma_.lower() in RESPONSE_VERBS


# Verbs that answer a proposal, request or demand made by someone else.
RESPONSE_VERBS = frozenset({
    "accept", "reject", "refuse", "rebuff", "spurn", "dismiss", "decline", "welcome", "heed",
    "meet", "grant", "consider", "study", "review", "ignore", "defy",
})  # fmt: skip


# What someone may do is not what they did: "the right to fire", "the capacity to strike".
ABILITY_NOUNS = frozenset(
    {"right", "ability", "capacity", "capability", "permission", "authority", "power", "freedom"}
)
# Texts whose content is proposed, not done: what they aim at is not an event.
PROPOSAL_NOUNS = frozenset(
    {"resolution", "proposal", "plan", "bill", "draft", "initiative", "motion", "amendment"}
)
DEMAND_NOUNS = frozenset(
    {
        "demand",
        "call",
        "request",
        "appeal",
        "plea",
        "ultimatum",
        "pressure",
        "reminder",
        "insistence",
        "condition",
    }
)


def _inside_demand(token: Token) -> bool:
    """The action is the content of a demand: "demands that Burundi grant more rights"."""
    child = token
    for _ in range(3):
        head = child.head
        if head is child:
            return False
        if child.dep_ in {"acl", "ccomp", "relcl"} and head.lemma_.lower() in DEMAND_NOUNS:
            return True
        if child.dep_ == "acl" and head.lemma_.lower() in ABILITY_NOUNS:
            return True  # "the right of Russian troops to fire on militants": not a firing
        if child.dep_ == "relcl" and head.lemma_.lower() in PROPOSAL_NOUNS:
            # "a resolution that aims to tighten sanctions": its aim, not an act ("a resolution
            # condemning Iran" is the resolution's own act, and stays).
            return True
        if child.dep_ not in {"xcomp", "conj", "ccomp", "acl"}:
            return False
        child = head
    return False


FOLDED_INTO_PROTEST = frozenset({"REQUEST", "ACCUSE", "PROTEST", "REJECT"})


def _purpose_of(token: Token, heads: set[int]) -> bool:
    """The clause states what a protest is for: "to demand", "demanding that", "to protest"."""
    child = token
    for _ in range(2):
        head = child.head
        if head is child or child.dep_ not in {"advcl", "xcomp", "acl", "conj"}:
            return False
        if head.i in heads and head.i != token.i:
            return True
        child = head
    return False


def _under(token: Token, heads: set[int]) -> bool:
    child = token
    for _ in range(4):
        head = child.head
        if head is child or child.dep_ not in {
            "xcomp",
            "ccomp",
            "pcomp",
            "pobj",
            "prep",
            "dobj",
            "conj",
            "acl",
            "advcl",
        }:
            return False
        if head.i in heads and child.dep_ != "conj":
            return True
        child = head
    return False


PROTESTER_NOUNS = frozenset({"protester", "protestor", "demonstrator", "marcher", "activist"})


def _names_protesters(subject: Token) -> bool:
    """ "protesters", "thousands of protesters", "tens of thousands of demonstrators"."""
    for _ in range(3):
        if subject.lemma_.lower() in PROTESTER_NOUNS:
            return True
        objects = prep_objects(subject, "of")
        if not objects:
            return False
        subject = objects[0]
    return False


def _protesters_purposes(drafts: list[Draft]) -> list[Draft]:
    """ "Protesters surrounded the legislature to oppose the bill": with no protest verb in the
    sentence, what protesters set out to oppose or demand is their protest."""
    if any(d.type == "PROTEST" for d in drafts):
        return drafts
    protest = Sense(type="PROTEST", cameo="141", mode="demo")
    for draft in drafts:
        token = draft.trigger.token
        if draft.type not in FOLDED_INTO_PROTEST or token.dep_ not in {"advcl", "xcomp"}:
            continue
        subjects, _ = verb_subject(token.head)
        if any(_names_protesters(s) for s in subjects):
            draft.type, draft.sense = "PROTEST", protest
    return drafts


def _drop_rallies_for_own_government(drafts: list[Draft]) -> list[Draft]:
    """ "Thousands of Serbs rallied in support of President Vucic": a rally for one's own
    government is support, not protest (a rally for a jailed opposition leader stays one)."""
    backed = {
        (d.recipient.country, d.trigger.token.head.head.i)
        for d in drafts
        if d.type == "SUPPORT"
        and d.recipient is not None
        and d.recipient.sector == "GOV"
        and d.trigger.token.dep_ == "pobj"
        and d.trigger.token.head.lower_ == "in"
    }
    return [
        d
        for d in drafts
        if not (
            d.type == "PROTEST"
            and d.actor is not None
            and (d.actor.country, d.trigger.token.i) in backed
        )
    ]


def _dedupe(drafts: list[Draft]) -> list[Draft]:
    seen: dict[tuple[Any, ...], Draft] = {}
    for draft in drafts:
        key = (draft.type, _key(draft.actor), _key(draft.recipient), draft.status)
        if key not in seen or draft.confidence > seen[key].confidence:
            seen[key] = draft
    # "summoned the US ambassador to protest against the strike": the same act by the same
    # actor, once with its recipient and once without, is one event.
    kept = _merge_place_targets(list(seen.values()))
    return [d for d in kept if not _said_again_with_target(d, kept)]


def _merge_place_targets(drafts: list[Draft]) -> list[Draft]:
    """ "struck Kyiv, killing eight civilians": one act, whose target known only as a place
    (Kyiv: Ukraine) takes the named target in the same country (its civilians); the struck
    place keeps the event's place and time."""
    merged: set[int] = set()
    for draft in drafts:
        if draft.recipient is None or id(draft) in merged:
            continue
        for other in drafts:
            if (
                id(other) not in merged
                and other is not draft
                and _same_act(other, draft)
                and other.status == draft.status
                and other.recipient is not None
                and other.recipient.sector is not None
                and other.recipient.country == draft.recipient.country
                and (draft.recipient.sector is None or _consequence_of(other, draft))
            ):
                draft.recipient = other.recipient
                merged.add(id(other))
                break
    return [d for d in drafts if id(d) not in merged]


def _same_act(a: Draft, b: Draft) -> bool:
    """The same kind of act by the same actor."""
    return a.type == b.type and _key(a.actor) == _key(b.actor)


def _consequence_of(other: Draft, draft: Draft) -> bool:
    """ "attacked a base in Somalia, killing 10 soldiers": the participle tells what the act
    did, so it is the same act."""
    token = other.trigger.token
    return token.dep_ == "advcl" and token.tag_ == "VBG" and token.head == draft.trigger.token


def _said_again_with_target(draft: Draft, drafts: list[Draft]) -> bool:
    """Another draft is the same act by the same actor with a target: in the same status, or
    with this one inside its clause ("will give Moldova 95 million euros in aid")."""
    if draft.recipient is not None or draft.actor is None:
        return False
    token = draft.trigger.token
    return any(
        other.recipient is not None
        and _same_act(other, draft)
        and (other.status == draft.status or token in other.trigger.token.subtree)
        for other in drafts
    )


def _key(actor: Actor | None) -> tuple[str | None, ...]:
    return (actor.id, actor.country, actor.sector) if actor else (None,)


UNCODED_ENTITY_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC"})


def _named_but_uncoded(tokens: list[Token]) -> list[Actor]:
    """A named subject the gazetteer does not know ("Archbishop Desmond Tutu") is kept, uncoded."""
    found = []
    for token in tokens:
        if token.ent_type_ in UNCODED_ENTITY_TYPES and token.pos_ == "PROPN":
            found.append(_unresolved(token))
    return found


def _unresolved(token: Token) -> Actor:
    """A speaker we cannot code ("analysts", "a source") is still named, with no codes."""
    start = min(t.i for t in token.subtree if t.i <= token.i)
    text = token.doc[start : token.i + 1].text
    return Actor(text=text, name=text, id=None, country=None, sector=None)
