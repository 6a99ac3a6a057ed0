"""Sentence classifier: which PLOVER type (or none) a sentence expresses.

Features are the spaCy pipeline's own word vectors (en_core_web_md ships
them, so nothing is downloaded) averaged over the sentence, plus hashed
lemma unigrams and bigrams. A multinomial logistic regression is trained by
our own code on sentences the team wrote (``data/training.tsv``). The
coder uses the scores to keep or drop ambiguous triggers ("hit", "back")
and to set confidence; it never invents an event the lexicon did not find.

Trained weights are cached (keyed by a hash of the training file and the
pipeline) so training runs once per machine, in a few seconds.
"""

from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Span

from polybius.errors import DataError

TRAINING_FILE = Path(__file__).parent / "data" / "training.tsv"
HASH_DIM = 1 << 13
NONE_LABEL = "NONE"


@dataclass(frozen=True)
class TypeClassifier:
    """Softmax over PLOVER types plus NONE, evaluated with numpy only."""

    labels: tuple[str, ...]
    weights: np.ndarray  # (n_labels, n_features)
    bias: np.ndarray  # (n_labels,)
    vector_dim: int

    def scores(self, sent: Span) -> dict[str, float]:
        """Probability of each label for one sentence."""
        features = featurize(sent, self.vector_dim)
        logits = self.weights @ features + self.bias
        logits -= logits.max()
        probs = np.exp(logits)
        probs /= probs.sum()
        return {label: float(p) for label, p in zip(self.labels, probs, strict=True)}

    def predict(self, sent: Span) -> str:
        scores = self.scores(sent)
        return max(scores, key=lambda k: scores[k])

    def save(self, path: Path, key: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez_compressed(
            tmp,
            labels=np.array(self.labels),
            weights=self.weights,
            bias=self.bias,
            vector_dim=self.vector_dim,
            key=key,
        )
        os.replace(tmp, path)


def featurize(sent: Span, vector_dim: int) -> np.ndarray:
    """Normalised mean word vector followed by hashed lemma n-gram indicators."""
    dense = np.zeros(vector_dim, dtype=np.float32)
    if vector_dim and sent.has_vector:
        vec = np.asarray(sent.vector, dtype=np.float32)
        norm = float(np.linalg.norm(vec))
        if norm > 0:
            dense = (vec / norm).astype(np.float32)
    sparse = np.zeros(HASH_DIM, dtype=np.float32)
    lemmas = [t.lemma_.lower() for t in sent if not t.is_punct and not t.is_space]
    for gram in lemmas + [f"{a} {b}" for a, b in zip(lemmas, lemmas[1:], strict=False)]:
        sparse[_bucket(gram)] = 1.0
    count = float(sparse.sum())
    if count:
        sparse /= np.sqrt(count)
    return np.concatenate([dense, sparse])


def _bucket(gram: str) -> int:
    digest = hashlib.blake2b(gram.encode("utf-8"), digest_size=4).digest()
    return int.from_bytes(digest, "little") % HASH_DIM


def read_training(path: Path = TRAINING_FILE) -> list[tuple[str, str]]:
    """(label, sentence) pairs from the team's training file."""
    if not path.is_file():
        raise DataError(f"Classifier training file {path} is missing; reinstall polybius.")
    rows: list[tuple[str, str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            label, sentence = (row.get("label") or "").strip(), (row.get("sentence") or "").strip()
            if label and sentence:
                rows.append((label, sentence))
    return rows


def train(nlp: Language, rows: list[tuple[str, str]], *, seed: int = 13) -> TypeClassifier:
    """Fit the classifier on (label, sentence) rows with scikit-learn."""
    from sklearn.linear_model import LogisticRegression

    vector_dim = _vector_dim(nlp)
    docs = nlp.pipe((s for _, s in rows), batch_size=128)
    X = np.stack([featurize(doc[:], vector_dim) for doc in docs])
    y = np.array([label for label, _ in rows])
    model = LogisticRegression(C=4.0, max_iter=2000, random_state=seed)
    model.fit(X, y)
    return TypeClassifier(
        labels=tuple(str(c) for c in model.classes_),
        weights=model.coef_.astype(np.float32),
        bias=model.intercept_.astype(np.float32),
        vector_dim=vector_dim,
    )


def _vector_dim(nlp: Language) -> int:
    return int(nlp.vocab.vectors.shape[1]) if nlp.vocab.vectors.shape[0] else 0


def cache_key(nlp: Language, path: Path = TRAINING_FILE) -> str:
    digest = hashlib.sha256(path.read_bytes())
    digest.update(f"{nlp.meta.get('name')}-{nlp.meta.get('version')}-{HASH_DIM}".encode())
    return digest.hexdigest()[:16]


def default_cache_path() -> Path:
    base = os.environ.get("POLYBIUS_CACHE") or os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base else Path.home() / ".cache"
    return (root / "polybius" if not os.environ.get("POLYBIUS_CACHE") else root) / "classifier.npz"


def load_or_train(nlp: Language, *, path: Path | None = None) -> TypeClassifier | None:
    """The cached classifier for this pipeline and training file, training it if needed."""
    if not TRAINING_FILE.is_file():
        return None
    target = path or default_cache_path()
    key = cache_key(nlp)
    if target.is_file():
        try:
            with np.load(target, allow_pickle=False) as data:
                if str(data["key"]) == key:
                    return TypeClassifier(
                        tuple(str(x) for x in data["labels"]),
                        data["weights"],
                        data["bias"],
                        int(data["vector_dim"]),
                    )
        except (OSError, KeyError, ValueError):
            pass  # a damaged cache is rebuilt below
    model = train(nlp, read_training())
    try:
        model.save(target, key)
    except OSError:
        pass  # a read-only home still codes; it just retrains next time
    return model
