"""Pieces every benchmark shares: how the machine is described, and running one stage of a
benchmark in a fresh interpreter (so stages share no warm cache)."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def machine() -> str:
    """CPUs, platform and Python, as every result file records them."""
    return f"{os.cpu_count()} CPU(s), {platform.platform()}, Python {platform.python_version()}"


def missing_input(name: str, path: Path) -> bool:
    """Say, on stderr, that the documents file is missing; True when it is."""
    if path.is_file():
        return False
    print(f"{name}: no input at {path}: pass --input PATH (a .jsonl of documents), or put the "
          "team's shared/ folder beside the checkout", file=sys.stderr)  # fmt: skip
    return True


def spawn_stage(module: str, stage: str, input_path: Path, limit: int | None) -> dict[str, Any]:
    """Run ``python -m MODULE --stage STAGE --input PATH [--limit N]`` and read the JSON
    result it prints on its last line."""
    command = [sys.executable, "-m", module, "--stage", stage, "--input", str(input_path)]
    if limit is not None:
        command += ["--limit", str(limit)]
    print(f"running {stage}...", file=sys.stderr)
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"the {stage} stage failed (exit {done.returncode})")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
