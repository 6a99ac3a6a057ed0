"""The one unit of work: ``code_documents(documents, config) -> list[Event]``.

``Engine`` loads the spaCy pipeline, the gazetteer, the lexicon, the
classifier and the claim-layer parts once, and then codes any number of
documents. The CLI, the store's ingest, the HTTP API and the Dask executor
all go through it; none re-implements a stage.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from spacy.language import Language

from polybius.actors.gazetteer import Gazetteer, load_gazetteer
from polybius.actors.mentions import MentionFinder
from polybius.actors.resolve import DocumentActors
from polybius.claims.attach import ClaimAttacher
from polybius.claims.attribution import find_quotes
from polybius.coding.lexicon import Lexicon, load_lexicon
from polybius.config import Config
from polybius.nlp.pipeline import load_nlp
from polybius.records import Document, Event, Problem
from polybius.registry import make_coder


class Engine:
    """Everything loaded once to code documents; reuse it across calls."""

    def __init__(
        self,
        config: Config | None = None,
        *,
        nlp: Language | None = None,
        gazetteer: Gazetteer | None = None,
        lexicon: Lexicon | None = None,
        on_problem: Callable[[Problem], None] | None = None,
    ) -> None:
        self.config = config or Config()
        self.on_problem = on_problem or _log_problem
        self.nlp = nlp if nlp is not None else load_nlp(self.config.model)
        self.gazetteer = gazetteer or load_gazetteer()
        self.lexicon = lexicon or load_lexicon()
        self.finder = MentionFinder(self.nlp, self.gazetteer)
        self.claims = ClaimAttacher(self.config.claim_parts)
        self.type_scores = self._classifier()
        self.coder = make_coder(
            self.config.coder,
            lexicon=self.lexicon,
            type_scores=self.type_scores,
            claims=self.claims,
        )

    def _classifier(self) -> Callable[[Any], dict[str, float]] | None:
        if not self.config.classifier:
            return None
        from polybius.coding.classifier import load_or_train

        model = load_or_train(self.nlp, path=self.config.classifier_path)
        return model.scores if model is not None else None

    def code(self, documents: Iterable[Document]) -> Iterator[Event]:
        """Code documents lazily, in order, batching the parse with ``nlp.pipe``."""
        pairs = ((document.text, document) for document in documents)
        parsed = self.nlp.pipe(
            pairs,
            as_tuples=True,
            batch_size=self.config.batch_size,
            n_process=self.config.n_process,
        )
        minimum = self.config.min_confidence
        require_actor = self.config.require_actor
        for doc, document in parsed:
            for event in self._code_safely(doc, document):
                if event.confidence >= minimum and (not require_actor or _has_actor(event)):
                    yield event

    def _code_safely(self, doc: Any, document: Document) -> list[Event]:
        """Code one document; an internal error loses that document only, never the batch."""
        try:
            return self.code_doc(doc, document)
        except Exception as e:  # noqa: BLE001 - reported, and the batch goes on
            self.on_problem(Problem(document.id, f"internal error while coding, skipped: {e!r}"))
            return []

    def code_doc(self, doc: Any, document: Document) -> list[Event]:
        actors = DocumentActors(
            doc,
            self.gazetteer,
            self.finder,
            document.published,
            place_country=self._place_country,
            quotes=find_quotes(doc),
        )
        return self.coder.code(doc, document, actors)

    def _place_country(self, token: Any) -> str | None:
        place = self.claims.place_actor(token)
        return place.country if place is not None else None


# Violence is counted even when no one is named as doing it ("a roadside bomb killed two").
ACTORLESS_TYPES = frozenset({"ASSAULT"})


def _has_actor(event: Event) -> bool:
    return event.actor is not None or event.type in ACTORLESS_TYPES


def _log_problem(problem: Problem) -> None:
    logging.getLogger("polybius").warning("%s", problem)


def code_documents(
    documents: Iterable[Document], config: Config | None = None, *, engine: Engine | None = None
) -> list[Event]:
    """Code ``documents`` into events (Contract 2 records), loading an engine if none is given."""
    engine = engine or Engine(config)
    return list(engine.code(documents))
