"""One context-manager protocol for everything that holds a connection and has ``close``."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class ClosesOnExit:
    """``with thing:`` closes the thing on the way out; subclasses define ``close``."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
