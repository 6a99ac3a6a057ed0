"""Resolve the noun phrase at an argument position to a coded actor.

``DocumentActors`` holds what one document says about actors: the named
mentions, people introduced with a title ("Iranian Foreign Minister Hossein
Amir-Abdollahian"), and the order in which actors appeared, so that
pronouns and descriptions ("he", "the country", "the bloc", "the two
nations", "Mr. Khamenei") resolve to an earlier actor. It is built per
document and discarded afterwards.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span, Token

from polybius.actors.gazetteer import Entry, Gazetteer, Role, surname_of
from polybius.actors.mentions import Mention, MentionFinder
from polybius.claims.attribution import Quote, speaker_token
from polybius.records import Actor

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
THING_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
FIRST_PERSON_SINGULAR = frozenset({"i", "me", "my", "myself", "mine"})
FIRST_PERSON = FIRST_PERSON_SINGULAR | frozenset({"we", "us", "our", "ourselves"})
# Speakers whose "we" is a political side: states, their organs, armed groups, opposition, IGOs.
VOICE_SECTORS = frozenset({"GOV", "MIL", "REB", "OPP", "COP", "LEG", "JUD", "SPY", "IGO"})
COUNTRY_NOUNS = frozenset(
    {
        "country",
        "nation",
        "kingdom",
        "republic",
        "state",
        "regime",
        "emirate",
        "monarchy",
        "government",
        "administration",
        "capital",
    }
)
IGO_NOUNS = frozenset(
    {"bloc", "alliance", "union", "organization", "organisation", "body", "council", "agency"}
)
GROUP_NOUNS = frozenset(
    {
        "group",
        "militants",
        "rebels",
        "militia",
        "movement",
        "insurgents",
        "fighters",
        "organization",
        "outfit",
    }
)
PAIR_WORDS = frozenset({"two", "both", "neither"})
# Officials of a place rather than of a state: their country is where the event happened.
LOCAL_ROLES = frozenset(
    {"governor", "regional governor", "mayor", "regional officials", "local officials",
     "local authorities", "regional authorities", "police"}
)  # fmt: skip
LEADER_NOUNS = frozenset(
    {"leader", "president", "minister", "premier", "chancellor", "counterpart", "head"}
)
HONORIFICS = frozenset(
    {
        "Mr.",
        "Mr",
        "Mrs.",
        "Mrs",
        "Ms.",
        "Ms",
        "Dr.",
        "Dr",
        "President",
        "Minister",
        "General",
        "Gen.",
        "Prime",
        "Premier",
    }
)
# Modifier dependencies through which a noun phrase names whose actor it is.
OWNER_DEPS = frozenset({"poss", "compound", "amod", "nmod", "npadvmod"})
PERSON_KINDS = frozenset({"leader", "surname", "person"})


@dataclass(frozen=True)
class Seen:
    """An actor as it appeared in the document, for later coreference."""

    token: int
    sent: int
    actor: Actor
    kind: str  # person | country | igo | group | plural
    subject: bool
    coordinated_with: int | None = None


class DocumentActors:
    """Actor resolution for one parsed document."""

    def __init__(
        self,
        doc: Doc,
        gazetteer: Gazetteer,
        finder: MentionFinder,
        published: date | None,
        *,
        place_country: Callable[[Token], str | None] | None = None,
        quotes: Sequence[Quote] = (),
    ) -> None:
        self.doc = doc
        # The document's quotations: with the reporting verbs they tell who voices the words
        # around a token, so that "we" and "I" in what they say can be resolved. The coder
        # reads them too, for attribution.
        self.quotes = list(quotes)
        # The country of a place name ("Kharkiv" -> UKR), when a geocoder is at hand.
        self.place_country = place_country
        self.gaz = gazetteer
        self.day = published
        self.mentions = finder.find(doc, published)
        self.by_token: dict[int, Mention] = {}
        for mention in self.mentions:
            for i in range(mention.start, mention.end):
                self.by_token[i] = mention
        self.people: dict[str, Actor] = {}
        self.seen: list[Seen] = []
        self.dominant = self._dominant_country()
        self._index_people_and_mentions()

    # ---- public API

    def resolve(self, token: Token, *, strict: bool = False) -> list[Actor]:
        """The actors named by the phrase headed by ``token`` and its conjuncts.

        ``strict`` accepts only named actors (for modifiers such as "EU" in "EU
        sanctions"), not generic roles that take a country from context.
        """
        heads = [token, *[c for c in token.conjuncts if c.i > token.i]]
        actors: list[Actor] = []
        for head in heads:
            if strict and head.i not in self.by_token:
                continue
            actors.extend(self._resolve_head(head))
        unique: dict[tuple[str | None, str | None, str | None], Actor] = {}
        for actor in actors:
            unique.setdefault((actor.id, actor.country, actor.sector), actor)
        return list(unique.values())

    def resolve_one(self, token: Token) -> Actor | None:
        found = self._resolve_head(token)
        return found[0] if found else None

    def mention_at(self, i: int) -> Mention | None:
        return self.by_token.get(i)

    # ---- heads

    def _resolve_head(self, head: Token) -> list[Actor]:
        lower = head.lower_
        if lower in {"which", "who", "that"} and head.dep_ in {"nsubj", "nsubjpass"}:
            return self._relative_antecedent(head)
        if lower in {"neither", "both"} and head.dep_ in {"nsubj", "nsubjpass"}:
            return self._pair(head)
        if head.pos_ == "PRON" or lower in PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS:
            return self._pronoun(head)
        mention = self.by_token.get(head.i)
        if mention is not None:
            return [self._with_owner(head, mention)]
        inner = _through_quantity(head)
        if inner is not None:
            return self._resolve_head(inner)
        described = self._description(head)
        if described is not None:
            return described
        person = self._person(head)
        if person is not None:
            return [person]
        role = self._role_of(head)
        owners = self._owners(head)
        if owners:
            return [self._combine(head, owner, role) for owner in owners]
        if role is not None:
            return [self._contextual(head, role)]
        return []

    def _relative_antecedent(self, head: Token) -> list[Actor]:
        clause = head.head
        if clause.dep_ == "relcl":
            return self.resolve(clause.head)
        return []

    # ---- named mentions

    def _with_owner(self, head: Token, mention: Mention) -> Actor:
        actor = self.mention_actor(mention)
        if mention.kind in {"country", "demonym", "capital"}:
            role = self._role_of(head)
            # "Yemen's Houthi rebels" reaches here only via the group mention; a bare
            # country head keeps its GOV sector.
            if role is not None and role.phrase != head.lower_:
                return self._combine(head, actor, role)
        return actor

    def mention_actor(self, mention: Mention) -> Actor:
        entry = mention.entry
        text = mention.text
        sector: str | None
        if entry.kind == "country":
            sector = "CVL" if mention.kind == "demonym" and text.endswith("s") else "GOV"
            return Actor(text=text, name=entry.name, id=entry.id, country=entry.id, sector=sector)
        if entry.kind == "igo":
            return Actor(text=text, name=entry.name, id=entry.id, country=None, sector="IGO")
        if entry.kind == "leader":
            sector = "IGO" if entry.org and not entry.country else entry.sector
            return Actor(
                text=text, name=entry.name, id=entry.id, country=entry.country, sector=sector
            )
        return Actor(
            text=text, name=entry.name, id=entry.id, country=entry.country, sector=entry.sector
        )

    # ---- owners and roles

    def _owner(self, head: Token, places: bool = True) -> Actor | None:
        """The actor a noun phrase belongs to: "Iran's", "Iranian", "U.S.", "of Iran"."""
        preps = {"of", "from", "in", "for"} if places else {"of", "from"}
        for child in head.children:
            if child.dep_ in OWNER_DEPS or (child.dep_ == "det" and child.tag_ == "WP$"):
                found = self._owner_from(child)
                if found is not None:
                    return found
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        found = self._owner_from(obj)
                        if found is not None and (child.lower_ == "of" or found.country):
                            return found
        return None

    def _owners(self, head: Token, places: bool = True) -> list[Actor]:
        """Every owner of a phrase: "the foreign ministers of France and Germany" has two."""
        owner = self._owner(head, places)
        if owner is None:
            return []
        found = [owner]
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                others = [conj for obj in child.children for conj in obj.conjuncts]
            elif child.dep_ in {"amod", "compound", "nmod"} and child.i in self.by_token:
                # "Russian and Ukrainian forces", whether the parser joins the two adjectives
                # or hangs both on the noun.
                others = list(child.conjuncts) + self._paired_modifiers(head, child)
            else:
                continue
            for conj in others:
                other = self._owner_from(conj)
                if other is not None and other not in found:
                    found.append(other)
        return found

    def _paired_modifiers(self, head: Token, first: Token) -> list[Token]:
        """Other named modifiers of ``head`` joined to ``first`` by "and"."""
        named = [
            c
            for c in head.children
            if c.dep_ in {"amod", "compound", "nmod"} and c.i > first.i and c.i in self.by_token
        ]
        return [c for c in named if any(t.lower_ == "and" for t in head.doc[first.i + 1 : c.i])]

    def _owner_from(self, token: Token) -> Actor | None:
        mention = self.by_token.get(token.i)
        if mention is not None:
            return self.mention_actor(mention)
        if token.lower_ in THING_PRONOUNS | PLURAL_PRONOUNS | PERSON_PRONOUNS:
            found = self._pronoun(token)
            return found[0] if found else None
        if token.dep_ in {"compound", "poss"}:
            return self._owner(token)
        return None

    def _role_of(self, head: Token) -> Role | None:
        """The generic role a head noun names, trying two-word phrases first."""
        roles = self.gaz.roles
        left = head.nbor(-1) if head.i > 0 else None
        if left is not None and left.dep_ in {"compound", "amod"}:
            phrase = f"{left.lower_} {head.lower_}"
            if phrase in roles:
                return roles[phrase]
            phrase = f"{left.lower_} {head.lemma_.lower()}"
            if phrase in roles:
                return roles[phrase]
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    phrase = f"{head.lower_} of {obj.lower_}"
                    if obj.dep_ == "pobj" and phrase in roles:
                        return roles[phrase]
        return roles.get(head.lower_) or roles.get(head.lemma_.lower())

    def _combine(self, head: Token, owner: Actor, role: Role | None) -> Actor:
        text = _phrase_text(head)
        if role is None:
            return Actor(
                text=text, name=owner.name, id=owner.id, country=owner.country, sector=owner.sector
            )
        if owner.sector == "IGO" or owner.id not in (owner.country, None):
            # A role of an IGO or of a named group keeps that actor's identity.
            if owner.sector == "IGO" or owner.sector in {"REB", "OPP", "MED", "NGO"}:
                return Actor(
                    text=text,
                    name=owner.name,
                    id=owner.id,
                    country=owner.country,
                    sector=owner.sector,
                )
        holder = self._office_holder(owner, role, plural=head.tag_ in {"NNS", "NNPS"})
        if holder is not None:
            return _as_text(holder, text)
        return Actor(
            text=text,
            name=owner.name,
            id=owner.country or owner.id,
            country=owner.country,
            sector=role.sector,
        )

    def _office_holder(self, owner: Actor, role: Role, plural: bool = False) -> Actor | None:
        if not role.office or not role.person or plural:
            return None
        where = owner.country or owner.id
        if where is None:
            return None
        entry = self.gaz.office_holder(where, role.office, self.day)
        return _entry_actor(entry, entry.name) if entry else None

    def _contextual(self, head: Token, role: Role) -> Actor:
        """A generic role ("police", "protesters") takes its country from context."""
        text = _phrase_text(head)
        country = self._own_place(head)
        if country is None and role.phrase in LOCAL_ROLES:
            country = self._place_in_sentence(head)  # the governor of where it happened
        country = country or self._context_country(head)
        if country is None:
            return Actor(text=text, name=text, id=None, country=None, sector=role.sector or None)
        entry = self.gaz.countries[country]
        if role.person and role.office:
            holder = self.gaz.office_holder(country, role.office, self.day)
            if holder is not None:
                return _entry_actor(holder, text)
        return Actor(
            text=text, name=entry.name, id=country, country=country, sector=role.sector or None
        )

    def _own_place(self, head: Token) -> str | None:
        """ "civilians in Kharkiv", "residents of Gaza", "police from Lviv": the role's own
        place gives its country before anything else in the sentence does; so does the place
        of the act a role undergoes ("shelled homes in Kherson, killing civilians")."""
        holders = [head]
        verb = head.head if head.dep_ in {"dobj", "nsubjpass"} else None
        for _ in range(2):
            if verb is None or verb.pos_ not in {"VERB", "AUX"}:
                break
            holders.append(verb)
            verb = verb.head if verb.dep_ in {"advcl", "conj", "xcomp"} else None
        for holder in holders:
            found = self._place_after(
                holder, {"in", "of", "from"} if holder is head else {"in", "near", "outside"}
            )
            if found is None and holder is not head:
                found = self._place_object(holder)  # "shelled Kherson, killing civilians"
            if found is not None:
                return found
        return None

    def _place_in_sentence(self, head: Token) -> str | None:
        """The country of the first city or capital named in the sentence."""
        for token in head.sent:
            # Places are objects: "struck Odesa", "in Kharkiv".
            if token.i != head.i and token.dep_ in {"pobj", "dobj"}:
                found = self._city_country(token)
                if found is not None:
                    return found
        return None

    def _place_object(self, verb: Token) -> str | None:
        """The country of a place that is the verb's object ("struck Kharkiv")."""
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            found = self._city_country(obj)
            if found is not None:
                return found
        return None

    def _city_country(self, token: Token) -> str | None:
        """The country of a capital, a seat of power or a city named by ``token``."""
        mention = self.by_token.get(token.i)
        if mention is not None:
            return mention.entry.country if mention.kind in {"capital", "seat"} else None
        if token.pos_ == "PROPN" and self.place_country is not None:
            return self.place_country(token)
        return None

    def _place_after(self, holder: Token, words: set[str]) -> str | None:
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ not in words:
                continue
            for place in (g for g in prep.children if g.dep_ == "pobj"):
                mention = self.by_token.get(place.i)
                if mention is not None and mention.entry.kind == "country":
                    return mention.entry.id
                if mention is None and self.place_country is not None:
                    found = self.place_country(place)
                    if found is not None:
                        return found
        return None

    def _context_country(self, head: Token) -> str | None:
        sent = head.sent
        for token in sent:
            if token.dep_ == "pobj" and token.head.lower_ in {"in", "across", "throughout"}:
                mention = self.by_token.get(token.i)
                if mention is not None and mention.entry.kind == "country":
                    return mention.entry.id
        recent = self._recent(head, {"country"}, window=1)
        if recent is not None:
            return recent.actor.country
        return self.dominant

    # ---- people

    def _person(self, head: Token) -> Actor | None:
        if head.ent_type_ != "PERSON" and head.pos_ != "PROPN":
            return None
        name = _person_name(head)
        if name in self.people:
            actor = self.people[name]
            return Actor(
                text=name, name=actor.name, id=actor.id, country=actor.country, sector=actor.sector
            )
        surname = name.split()[-1] if name else ""
        for known, actor in self.people.items():
            if known.split()[-1] == surname:
                return Actor(
                    text=name,
                    name=actor.name,
                    id=actor.id,
                    country=actor.country,
                    sector=actor.sector,
                )
        return None

    def _index_people_and_mentions(self) -> None:
        """Learn titled people ("Iranian Foreign Minister X") and record named actors in order."""
        doc = self.doc
        for ent in doc.ents:
            if ent.label_ == "PERSON" and not any(
                i in self.by_token for i in range(ent.start, ent.end)
            ):
                actor = self._titled_person(ent)
                if actor is not None:
                    self.people[ent.text] = actor
        for mention in self.mentions:
            head = doc[mention.end - 1]
            kind = _seen_kind(mention)
            if head.dep_ == "pobj" and head.head.lower_ in {"in", "at", "near", "from", "into"}:
                continue  # "talks in Brussels": a place, not an antecedent
            actor = self.mention_actor(mention)
            if mention.kind == "demonym":
                role = self._role_of(head.head) if head.dep_ in {"amod", "compound"} else None
                if role is None and not head.text.endswith("s"):
                    continue
            self._remember(head, actor, kind)
        for ent in doc.ents:
            if ent.text in self.people:
                self._remember(ent.root, self.people[ent.text], "person")
        self.seen.sort(key=lambda s: s.token)
        self._link_pairs()

    def _titled_person(self, ent: Span) -> Actor | None:
        """A person named with a title and a country ("Iranian Foreign Minister X")."""
        root = ent.root
        candidates = [
            t for t in root.children if t.dep_ in {"compound", "amod", "poss"} and t.i < ent.start
        ]
        candidates += [t for t in root.children if t.dep_ == "appos"]
        if root.dep_ == "appos":
            candidates.append(root.head)
        roles = [r for r in (self._role_of(t) for t in candidates) if r is not None]
        # "Anna Keller, a volunteer in Berlin": a description we know nothing of is no office.
        unknown = any(
            t.pos_ == "NOUN" and t.i not in self.by_token and self._role_of(t) is None
            for t in candidates
        )
        for title in candidates:
            owner = self._owner(title) if title.i not in self.by_token else None
            if title.i in self.by_token:
                owner = self.mention_actor(self.by_token[title.i])
            role = self._role_of(title) or (roles[0] if roles else None)
            if role is None and unknown and (owner is None or owner.sector != "IGO"):
                continue
            if owner is not None and (owner.country or owner.sector == "IGO"):
                sector = "IGO" if owner.sector == "IGO" else (role.sector if role else "GOV")
                return Actor(
                    text=ent.text,
                    name=ent.text,
                    id=None if owner.country else owner.id,
                    country=owner.country,
                    sector=sector,
                )
        return None

    def _remember(self, token: Token, actor: Actor, kind: str) -> None:
        sent_index = self._sent_index(token)
        subject = token.dep_ in {"nsubj", "nsubjpass"} or token.head.dep_ in {"nsubj", "nsubjpass"}
        self.seen.append(Seen(token.i, sent_index, actor, kind, subject))

    def _link_pairs(self) -> None:
        by_token = {s.token: n for n, s in enumerate(self.seen)}
        for n, seen in enumerate(self.seen):
            token = self.doc[seen.token]
            for other in token.conjuncts:
                m = by_token.get(other.i)
                if m is not None and m != n and seen.kind == "country":
                    self.seen[n] = Seen(
                        seen.token,
                        seen.sent,
                        seen.actor,
                        seen.kind,
                        seen.subject,
                        coordinated_with=other.i,
                    )

    def _sent_index(self, token: Token) -> int:
        return token.sent.start

    def _dominant_country(self) -> str | None:
        counts = Counter(m.entry.country for m in self.mentions if m.entry.country)
        return counts.most_common(1)[0][0] if counts else None

    # ---- coreference

    def _pronoun(self, token: Token) -> list[Actor]:
        lower = token.lower_
        if lower in FIRST_PERSON:
            return self._first_person(token)
        if lower not in THING_PRONOUNS and any(t.lower_ in FIRST_PERSON for t in token.sent):
            # "She asked me how long I would cry": a personal account, whose "she" is rarely
            # the office holder named a few sentences before.
            return []
        if lower in PERSON_PRONOUNS:
            found = self._recent(token, {"person"}, window=3)
            return [_as_text(found.actor, token.text)] if found else []
        if lower in THING_PRONOUNS:
            found = self._recent(token, {"country", "igo", "group"}, window=2)
            return [_as_text(found.actor, token.text)] if found else []
        if lower in PLURAL_PRONOUNS:
            found = self._recent(token, {"plural", "group", "country"}, window=2)
            return [_as_text(found.actor, token.text)] if found else []
        return []

    def _first_person(self, token: Token) -> list[Actor]:
        """ "We will send tanks," the defence secretary said: "we" is the speaker's side (their
        country, in their sector), "I" the speaker."""
        speaker = speaker_token(token, self.quotes)
        if speaker is None or speaker.i == token.i or speaker.lower_ in FIRST_PERSON:
            return []
        actor = self.resolve_one(speaker)
        if actor is None or actor.sector not in VOICE_SECTORS:
            return []  # a doctor's or a fan's "we" is nobody the event data follows
        if token.lower_ in FIRST_PERSON_SINGULAR or not _is_person(actor) or not actor.country:
            return [_as_text(actor, token.text)]
        country = self.gaz.countries.get(actor.country)
        name = country.name if country is not None else actor.country
        return [Actor(token.text, name, actor.country, actor.country, actor.sector)]

    def _description(self, head: Token) -> list[Actor] | None:
        """Definite descriptions: "the country", "the bloc", "the two nations", "Mr. Khamenei"."""
        lower = head.lemma_.lower()
        dets = {c.lower_ for c in head.children if c.dep_ in {"det", "nummod", "predet", "amod"}}
        if dets & PAIR_WORDS and lower in COUNTRY_NOUNS | {
            "side",
            "party",
            "neighbor",
            "neighbour",
        }:
            return self._pair(head)
        if dets & PAIR_WORDS and lower in LEADER_NOUNS:
            return self._pair_of_people(head) or self._pair(head)
        if "the" not in dets and not dets & {"this", "that"}:
            return self._honorific(head)
        if lower in COUNTRY_NOUNS and not self._owner(head):
            found = self._recent(head, {"country"}, window=3)
            if found is None:
                return None
            self._remember(head, found.actor, "country")
            self.seen.sort(key=lambda s: s.token)
            return [_as_text(found.actor, _phrase_text(head))]
        if lower in IGO_NOUNS and not self._owner(head):
            found = self._recent(head, {"igo"}, window=5)
            return [_as_text(found.actor, _phrase_text(head))] if found else None
        if lower in GROUP_NOUNS and not self._owner(head):
            found = self._recent(head, {"group"}, window=4)
            return [_as_text(found.actor, _phrase_text(head))] if found else None
        return None

    def _honorific(self, head: Token) -> list[Actor] | None:
        titles = [c for c in head.children if c.dep_ == "compound" and c.text in HONORIFICS]
        if not titles:
            return None
        for seen in reversed(self.seen):
            if seen.token < head.i and seen.kind == "person":
                if surname_of(seen.actor.name, seen.actor.country) == head.text:
                    return [_as_text(seen.actor, _phrase_text(head))]
        return None

    def _pair(self, head: Token) -> list[Actor]:
        here = set(self._countries_in(head.sent))
        for seen in reversed(self.seen):
            if seen.token >= head.i or seen.coordinated_with is None:
                continue
            other = self.by_token.get(seen.coordinated_with)
            if other is None:
                continue
            first = seen.actor
            second = self.mention_actor(other)
            if first.country != second.country and not {first.country, second.country} & here:
                return [_as_text(first, _phrase_text(head)), _as_text(second, _phrase_text(head))]
        picked: list[Actor] = []
        for seen in reversed(self.seen):
            if seen.token < head.i and seen.kind == "country" and seen.actor.country not in here:
                if all(p.country != seen.actor.country for p in picked):
                    picked.append(_as_text(seen.actor, _phrase_text(head)))
            if len(picked) == 2:
                return picked
        return []

    def _pair_of_people(self, head: Token) -> list[Actor]:
        """ "the two leaders": the last two people of different countries named before."""
        picked: list[Actor] = []
        for seen in reversed(self.seen):
            if seen.token >= head.i or seen.kind != "person" or not seen.actor.country:
                continue
            if all(p.country != seen.actor.country for p in picked):
                picked.append(_as_text(seen.actor, _phrase_text(head)))
            if len(picked) == 2:
                return picked
        return []

    def _countries_in(self, sent: Span) -> list[str]:
        return [
            m.entry.country
            for m in self.mentions
            if sent.start <= m.start < sent.end and m.entry.country
        ]

    def _recent(self, token: Token, kinds: set[str], *, window: int) -> Seen | None:
        """The latest actor of one of ``kinds`` before ``token`` within ``window`` sentences."""
        sent_starts = sorted({s.sent for s in self.seen if s.token < token.i} | {token.sent.start})
        allowed = set(sent_starts[-(window + 1) :])
        candidates = [
            s
            for s in self.seen
            if s.token < token.i
            and s.kind in kinds
            and s.sent in allowed
            and not _same_clause(self.doc[s.token], token)
        ]
        if not candidates:
            return None
        latest = max(s.sent for s in candidates)
        in_latest = [s for s in candidates if s.sent == latest]
        subjects = [s for s in in_latest if s.subject]
        if subjects and latest != token.sent.start:
            return subjects[0]
        return max(in_latest, key=lambda s: s.token)


QUANTITY_HEADS = frozenset(
    {
        "thousand",
        "thousands",
        "hundred",
        "hundreds",
        "dozen",
        "dozens",
        "million",
        "millions",
        "ten",
        "tens",
        "group",
        "number",
        "crowd",
        "crowds",
        "member",
        "members",
        "band",
        "unit",
        "units",
        "team",
        "contingent",
        "delegation",
        "batch",
        "wave",
        "scores",
        "lot",
        "some",
        "many",
        "most",
        "all",
        "several",
        "few",
        "both",
        "one",
        "two",
    }
)


def _through_quantity(head: Token) -> Token | None:
    """ "Thousands of Iraqi Kurds", "a group of rebels": the people behind the quantity word."""
    if head.lower_ not in QUANTITY_HEADS and head.pos_ != "NUM":
        return None
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _same_clause(a: Token, b: Token) -> bool:
    # "Iran supplied it": an object pronoun does not refer to its own clause's subject.
    return a.head == b.head and a.dep_ in {"nsubj", "nsubjpass"} and b.dep_ in {"dobj", "pobj"}


def _seen_kind(mention: Mention) -> str:
    entry = mention.entry
    if entry.kind in {"leader"} or mention.kind == "surname":
        return "person"
    if entry.kind == "igo":
        return "igo"
    if entry.kind == "group":
        return "group"
    if mention.kind == "demonym" and mention.text.endswith("s"):
        return "plural"
    return "country"


def _entry_actor(entry: Entry, text: str) -> Actor:
    sector = "IGO" if entry.org and not entry.country else entry.sector
    return Actor(text=text, name=entry.name, id=entry.id, country=entry.country, sector=sector)


def _is_person(actor: Actor) -> bool:
    return actor.id is not None and actor.id.startswith("P:")


def _as_text(actor: Actor, text: str) -> Actor:
    return Actor(
        text=text, name=actor.name, id=actor.id, country=actor.country, sector=actor.sector
    )


def _phrase_text(head: Token) -> str:
    """The words of a noun phrase up to its head (modifiers on the left, not clauses)."""
    left = head
    for child in head.lefts:
        if child.dep_ in {"det", "poss", "compound", "amod", "nmod", "nummod", "case"}:
            left = child
            break
    start = left.left_edge.i if left is not head else head.i
    text = " ".join(head.doc[start : head.i + 1].text.split())  # one line, single spaces
    for prefix in ("the ", "The ", "a ", "A ", "an ", "An "):
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def _person_name(head: Token) -> str:
    ent_start = head.i
    while (
        ent_start > 0
        and head.doc[ent_start - 1].ent_type_ == "PERSON"
        and head.doc[ent_start - 1].ent_iob_ != "O"
    ):
        ent_start -= 1
    return head.doc[ent_start : head.i + 1].text
