"""Whether an event occurred, is planned, is possible, was denied or did not happen.

The status is read from the trigger's clause and the clauses above it:
modal auxiliaries ("will", "may"), negation ("has not", "neither"),
verbs of planning ("is preparing to"), conditionals ("if"), verbs of
denial ("denied that it has provided") and failure ("failed to"). The
strongest finding on the way up wins, in the order
occurred < planned < possible < negated < denied.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Token

from polybius.records import Status

PLANNED_MODALS = frozenset({"will", "shall", "'ll", "wo"})
POSSIBLE_MODALS = frozenset({"may", "might", "could", "would", "can", "should", "'d", "ca", "must"})
PLAN_VERBS = frozenset(
    {
        "plan",
        "prepare",
        "intend",
        "aim",
        "expect",
        "schedule",
        "set",
        "seek",
        "want",
        "hope",
        "decide",
        "agree",
        "promise",
        "pledge",
        "vow",
        "offer",
        "commit",
        "propose",
        "vote",
        "resolve",
        "move",
        "gear",
        "poise",
        "mull",
        "threaten",
        "try",
        "attempt",
        "wish",
        "order",
        "authorize",
        "authorise",
        "arrange",
        "undertake",
    }
)
# Verbs whose noun object is a plan, not a done deed ("offered talks", "proposed a ceasefire").
PLAN_OBJECT_VERBS = frozenset(
    {
        "plan",
        "propose",
        "offer",
        "promise",
        "pledge",
        "agree",
        "seek",
        "want",
        "threaten",
        "prepare",
        "consider",
        "mull",
        "vow",
        "arrange",
        "schedule",
        "request",
        "demand",
        "urge",
    }
)
POSSIBLE_VERBS = frozenset(
    {
        "consider",
        "mull",
        "weigh",
        "contemplate",
        "explore",
        "discuss",
        "debate",
        "study",
        "examine",
        "suspect",
        "fear",
        "risk",
    }
)
POSSIBLE_ADJECTIVES = frozenset({"likely", "possible", "unlikely", "able", "poised", "expected"})
PLANNED_ADJECTIVES = frozenset(
    {"willing", "ready", "prepared", "eager", "keen", "determined", "due", "set", "about", "going"}
)
DENY_VERBS = frozenset({"deny", "dismiss", "refute", "rebut", "reject", "disavow", "dispute"})
CLAIM_NOUNS = frozenset(
    {
        "accusation",
        "allegation",
        "claim",
        "report",
        "suggestion",
        "charge",
        "rumour",
        "rumor",
        "assertion",
        "speculation",
        "notion",
        "idea",
    }
)
NEGATING_ADJECTIVES = frozenset(
    {"reluctant", "unwilling", "hesitant", "loath", "unable", "unlikely"}
)
NEGATING_VERBS = frozenset(
    {
        "fail",
        "refuse",
        "decline",
        "avoid",
        "stop",
        "cease",
        "halt",
        "refrain",
        "abandon",
        "cancel",
        "postpone",
        "reject",
    }
)
NEGATIVE_DETERMINERS = frozenset({"no", "neither", "none", "nobody", "nor"})
CONDITION_MARKERS = frozenset({"if", "unless", "whether"})
HEDGE_ADVERBS = frozenset({"possibly", "perhaps", "maybe", "allegedly", "potentially", "probably"})
SCENE_PREPS = frozenset({"at", "during"})
BLOCKING_VERBS = frozenset({"block", "veto", "scrap", "shelve", "withdraw", "defeat"})
BLOCKED_TEXTS = frozenset(
    {"statement", "resolution", "declaration", "motion", "bill", "communique", "text", "draft"}
)
EVIDENCE_NOUNS = frozenset({"evidence", "sign", "indication", "proof", "trace"})
BELIEF_VERBS = frozenset({"believe", "think", "suspect", "say", "rumour", "rumor", "understand"})
PLANNED_NOUN_MODIFIERS = frozenset(
    {"planned", "scheduled", "upcoming", "proposed", "forthcoming", "expected", "future"}
)
POSSIBLE_NOUN_MODIFIERS = frozenset({"possible", "potential", "hypothetical", "prospective"})
RANK = {"occurred": 0, "planned": 1, "possible": 2, "negated": 3, "denied": 4}
UPWARD_DEPS = frozenset(
    {
        "xcomp",
        "ccomp",
        "advcl",
        "conj",
        "pcomp",
        "acl",
        "relcl",
        "acomp",
        "dobj",
        "pobj",
        "prep",
        "attr",
        "nsubj",
        "nsubjpass",
        "appos",
        "oprd",
        "csubj",
    }
)


@dataclass(frozen=True)
class StatusFinding:
    """The status of one event and, for a denial, the token of the denier's clause."""

    status: Status
    denier_verb: Token | None = None


def event_status(trigger: Token, *, governor: Token | None = None) -> StatusFinding:
    """Read the status of the event whose trigger (or light verb) is given."""
    node = governor if governor is not None else trigger
    status: Status = _own_status(node)
    if governor is not None:
        own = _own_status(trigger)
        if RANK[own] > RANK[status]:
            status = own
    scene = False
    for child, head in _upward(node):
        # "failed to reach a deal at their summit": the scene of a failed act still took place.
        at_scene = not scene and child.dep_ == "prep" and child.lower_ in SCENE_PREPS
        scene = scene or at_scene
        # The verb a scene belongs to lends its tense and modality, not its plan or failure.
        found = _own_status(head) if at_scene else _status_from_head(child, head)
        if scene and not at_scene and found != "denied":
            continue  # the plans and failures of what happened there are not the scene's
        if found == "denied":
            # The denier is the subject of the verb of denial (through "the accusation that").
            return StatusFinding("denied", _denying_verb(head))
        # A reporting verb finds nothing here: reported speech keeps its clause's own status.
        if found is not None and RANK[found] > RANK[status]:
            status = found
    return StatusFinding(status)


def _denying_verb(head: Token) -> Token:
    """The verb whose subject denies: ``head`` itself, or the verb above "the accusation
    that" (through "as" in "dismissed as absurd claims that")."""
    if head.lemma_.lower() in DENY_VERBS or head.lemma_ == "be":
        return head
    verb = head.head
    if verb.dep_ == "prep" and verb.head.lemma_.lower() in DENY_VERBS:
        return verb.head
    return verb


def _upward(node: Token) -> list[tuple[Token, Token]]:
    """(child, head) pairs from the trigger up to the sentence root."""
    pairs: list[tuple[Token, Token]] = []
    child = node
    for _ in range(12):
        head = child.head
        if head is child or child.dep_ not in UPWARD_DEPS:
            break
        pairs.append((child, head))
        child = head
    return pairs


def _own_status(token: Token) -> Status:
    """Status marked in the trigger's own clause."""
    children = list(token.children)
    if any(c.dep_ == "neg" for c in children) or _negative_subject(token):
        return "negated"
    if token.pos_ == "NOUN":
        # "the planned visit", "a possible attack": the noun's own modifier says it.
        modifiers = {c.lower_ for c in children if c.dep_ in {"amod", "compound"}}
        if modifiers & POSSIBLE_NOUN_MODIFIERS:
            return "possible"
        if modifiers & PLANNED_NOUN_MODIFIERS:
            return "planned"
    auxes = [c.lower_ for c in children if c.dep_ in {"aux", "auxpass"}]
    if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKERS for c in children):
        return "possible"
    if any(c.dep_ == "advcl" and _has_condition(c) for c in children):
        return "possible"
    if "would" in auxes and _reported_in_past(token):
        return "planned"  # "said it would send": the future seen from a past report
    if any(a in POSSIBLE_MODALS for a in auxes):
        return "possible"
    if any(c.lower_ in HEDGE_ADVERBS for c in children if c.dep_ == "advmod"):
        return "possible"
    if any(a in PLANNED_MODALS for a in auxes) or _going_to(token):
        return "planned"
    return "occurred"


def _reported_in_past(token: Token) -> bool:
    head = token.head
    return (
        token.dep_ in {"ccomp", "conj"}
        and head.tag_ == "VBD"
        and head.lemma_.lower() in REPORTING_VERBS
        and not any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKERS for c in token.children)
    )


def _has_condition(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in clause.children)


def _negative_subject(token: Token) -> bool:
    for child in token.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            if child.lower_ in NEGATIVE_DETERMINERS:
                return True
            if any(d.lower_ in NEGATIVE_DETERMINERS for d in child.children if d.dep_ == "det"):
                return True
    return False


def _going_to(token: Token) -> bool:
    """ "is going to strike", "is to visit", "is about to sign"."""
    if token.dep_ != "xcomp":
        return False
    head = token.head
    return head.lemma_ in {"go", "be"} and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in token.children
    )


def _status_from_head(child: Token, head: Token) -> Status | None:
    lemma = head.lemma_.lower()  # lemmas the pipeline gets wrong are fixed in nlp/repair.py
    if _not_our_policy(child, head):
        return "denied"
    if lemma in DENY_VERBS and child.dep_ == "dobj" and child.lemma_.lower() in CLAIM_NOUNS:
        return None  # "denied the accusation": the accusation was made; its content is denied
    if lemma in DENY_VERBS and child.dep_ in {"ccomp", "xcomp", "dobj", "pcomp", "conj"}:
        if (
            lemma in {"reject", "dismiss", "dispute"}
            and child.pos_ == "NOUN"
            and child.lemma_ not in CLAIM_NOUNS
        ):
            return None
        if child.dep_ == "conj":
            return None
        return "denied"
    if child.dep_ in {"acl", "ccomp", "appos"} and head.lemma_.lower() in CLAIM_NOUNS:
        return _claim_noun_status(head)
    if child.dep_ in {"acl", "ccomp", "appos"} and head.lemma_.lower() in EVIDENCE_NOUNS:
        # "there is no evidence that Beijing sent arms": what nothing shows did not happen.
        return "negated" if _negated_noun(head) else None
    if child.dep_ == "dobj" and lemma in BLOCKING_VERBS and child.lemma_.lower() in BLOCKED_TEXTS:
        # "Hungary blocked an EU statement criticising China": the criticism was never made.
        return "negated"
    if child.dep_ == "xcomp" and lemma in BELIEF_VERBS and _passive(head):
        return "possible"  # "Iran is believed to have supplied", "is said to have fled"
    if child.dep_ == "acl" and head.lemma_.lower() in INTENT_NOUNS:
        return "planned"  # "efforts to end the fighting": the ending has not happened
    if child.dep_ not in {"xcomp", "ccomp", "advcl", "pcomp", "acomp", "prep", "pobj", "dobj"}:
        return None
    own = _own_status(head)
    if child.dep_ == "xcomp" and lemma in NEGATING_VERBS | NEGATING_ADJECTIVES:
        return "negated" if lemma != "unlikely" else "possible"
    if (
        child.dep_ == "xcomp"
        and lemma in PLAN_VERBS
        or (child.dep_ in {"dobj", "prep"} and lemma in PLAN_OBJECT_VERBS)
    ):
        return "negated" if own == "negated" else ("possible" if own == "possible" else "planned")
    if child.dep_ == "xcomp" and lemma in POSSIBLE_VERBS:
        return "possible"
    if child.dep_ == "xcomp" and lemma in POSSIBLE_ADJECTIVES:
        return "possible"
    if child.dep_ == "xcomp" and lemma in PLANNED_ADJECTIVES:
        return "planned"
    if child.dep_ == "xcomp" and own != "occurred":
        return own
    if (
        child.dep_ == "advcl"
        and own in {"planned", "possible"}
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
    ):
        return own  # "may send an envoy to discuss": the discussing is as uncertain
    if child.dep_ == "advcl" and _has_condition(child):
        return "possible"
    return None


INTENT_NOUNS = frozenset(
    {
        "effort",
        "plan",
        "bid",
        "attempt",
        "decision",
        "pledge",
        "promise",
        "offer",
        "proposal",
        "intention",
        "readiness",
        "willingness",
        "push",
        "drive",
        "campaign",
        "call",
        "demand",
        "request",
        "threat",
        "vow",
        "commitment",
        "agreement",
        "deal",
        "order",
        "move",
        "initiative",
    }
)
POLICY_NOUNS = frozenset(
    {"policy", "intention", "plan", "practice", "position", "aim", "goal", "interest", "way"}
)


def _not_our_policy(child: Token, head: Token) -> bool:
    """ "Supplying weapons to Russia is not our policy": a denial voiced as a negated copula."""
    if child.dep_ not in {"csubj", "nsubj"} or head.lemma_ != "be":
        return False
    if not any(c.dep_ == "neg" for c in head.children):
        return False
    return any(c.dep_ == "attr" and c.lemma_.lower() in POLICY_NOUNS for c in head.children)


def _negated_noun(noun: Token) -> bool:
    if any(c.dep_ in {"det", "neg"} and c.lower_ in {"no", "not"} for c in noun.children):
        return True
    return noun.dep_ in {"dobj", "attr"} and _own_status(noun.head) == "negated"


def _passive(verb: Token) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)


def _claim_noun_status(noun: Token) -> Status | None:
    """ "denied accusations that it had shelled the plant": the content is denied; so in
    "dismissed as absurd claims that ...", where the parser hangs the claims on "as"."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in {"as", "in"}:
        head = head.head
    if noun.dep_ in {"dobj", "pobj"} and head.lemma_.lower() in DENY_VERBS:
        return "denied"
    return None


REPORTING_VERBS = frozenset(
    {
        "say",
        "tell",
        "announce",
        "state",
        "claim",
        "report",
        "add",
        "note",
        "insist",
        "allege",
        "assert",
        "confirm",
        "declare",
        "write",
        "tweet",
        "post",
        "reveal",
        "suggest",
        "believe",
        "think",
        "acknowledge",
        "admit",
        "argue",
        "contend",
        "maintain",
        "explain",
        "stress",
        "emphasize",
        "emphasise",
        "indicate",
        "estimate",
        "predict",
        "quote",
        "cite",
        "show",
        "disclose",
        "brief",
        "testify",
        "told",
        "inform",
        "signal",
        "concede",
        "warn",
        "assess",
        "conclude",
        "charge",
        "affirm",
        "reiterate",
        "understand",
        "learn",
        "hear",
        "fear",
    }
)


def tense_of(status: Status) -> Literal["past", "future"]:
    """The direction dates resolve in: planned events lie ahead, others behind."""
    return "future" if status == "planned" else "past"
