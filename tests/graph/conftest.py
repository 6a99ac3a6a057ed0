"""Graph fixtures: the store fixtures of ``tests/store`` and a small coded corpus.

The corpus is written in the line format of ``tests/store/conftest.py`` (type,
actor, recipient, date, status, attributed-to, sentence), so every count the
tests expect can be read off it:

- RUS → UKR: ASSAULT on 5 January and 1 March, and one undated ASSAULT;
- UKR → RUS: a planned CONSULT (7 January, half weight), an ACCUSE (16 February);
- USA → RUS: SANCTION (14 February); IRN → RUS: AID (10 February) asserted by the
  USA and denied by Iran (contested); EU → UKR: AGREE (1 March);
- left out of counts: USA → UKR AID (4 March) only denied (by Russia); RUS's THREATEN
  without a recipient and RUS → RUS CONSULT are no edges of the network.
"""

from __future__ import annotations

import pytest

from polybius.records import Document
from polybius.store.database import Store
from polybius.store.ingest import ingest
from tests.store.conftest import LineCoder, coder, db_url, doc, store  # noqa: F401


def corpus() -> list[Document]:
    """Five documents, twelve mentions, eleven merged events (see the module docstring)."""
    return [
        doc("d1", "ASSAULT RUS UKR 2022-01-05 occurred - Russia struck Kyiv.",
            "CONSULT UKR RUS 2022-01-07 planned - Ukraine will meet Russia.",
            outlet="Daily", published="2022-01-10"),
        doc("d2", "SANCTION USA RUS 2022-02-14 occurred - The US sanctioned Russia.",
            "AID IRN RUS 2022-02-10 occurred USA Iran sent drones to Russia, U.S. officials said.",
            outlet="Wire", published="2022-02-15"),
        doc("d3", "AID IRN RUS 2022-02-10 denied IRN Iran denied sending drones to Russia.",
            "ACCUSE UKR RUS 2022-02-16 occurred - Ukraine accused Russia.",
            outlet="Gazette", published="2022-02-16"),
        doc("d4", "ASSAULT RUS UKR 2022-03-01 occurred - Russia shelled Kharkiv.",
            "AGREE EU UKR 2022-03-01 occurred - The EU agreed to help Ukraine.",
            "THREATEN RUS - 2022-03-01 occurred - Russia threatened.",
            outlet="Daily", published="2022-03-02"),
        doc("d5", "AID USA UKR 2022-03-04 denied RUS Russia denied that the US sent arms.",
            "CONSULT RUS RUS 2022-03-04 occurred - Russia held talks.",
            "ASSAULT RUS UKR - occurred - Moscow launched an offensive on Ukrainian positions.",
            outlet="Daily", published="2022-03-05"),
    ]  # fmt: skip


@pytest.fixture
def world(store: Store) -> Store:  # noqa: F811 - the imported fixture, by name
    """The store of each backend with the corpus ingested."""
    report = ingest(store, corpus(), LineCoder())
    assert (report.added, report.mentions) == (5, 12)
    return store
