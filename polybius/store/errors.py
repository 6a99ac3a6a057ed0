"""Database failures turned into one-line messages a user can act on.

The store speaks SQLAlchemy; a user should never see a driver traceback.
``translate_errors`` wraps every database call of the store and raises a
``StoreError`` (a ``PolybiusError``, so the CLI prints it as one line) saying
what went wrong with which database and what to do next.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc

from polybius.errors import PolybiusError


class StoreError(PolybiusError):
    """The event store cannot be opened, read or written."""


class NewerSchemaError(StoreError):
    """The database was written by a newer Polybius with a schema this one does not know."""


@contextmanager
def translate_errors(where: str, lock_timeout: float) -> Iterator[None]:
    """Re-raise SQLAlchemy and driver errors inside the block as ``StoreError``.

    ``where`` names the database (its URL without the password) in messages;
    ``lock_timeout`` is quoted when a lock could not be had in time.
    """
    try:
        yield
    except StoreError:
        raise
    except exc.NoSuchModuleError as e:
        raise StoreError(
            f"unsupported database URL {where!r}: use a file path, sqlite:///FILE "
            "or postgresql://USER@HOST/DB"
        ) from e
    except exc.ArgumentError as e:
        raise StoreError(f"not a usable database URL {where!r}: {_first_line(e)}") from e
    except ImportError as e:  # a dialect SQLAlchemy knows whose driver is not installed
        raise StoreError(
            f"no driver for database URL {where!r} ({e.name or e}); "
            "use a file path, sqlite:///FILE or postgresql://USER@HOST/DB"
        ) from e
    except exc.DBAPIError as e:
        raise StoreError(database_message(where, e, lock_timeout)) from e
    except exc.SQLAlchemyError as e:
        raise StoreError(f"database error on {where}: {_first_line(e)}") from e


def database_message(where: str, error: exc.DBAPIError, lock_timeout: float) -> str:
    """The one-line message for a driver error, by what the driver said."""
    said = _first_line(error.orig) if error.orig is not None else _first_line(error)
    lowered = said.lower()
    if "locked" in lowered or "lock timeout" in lowered:
        return (
            f"database {where} is locked by another process (waited {lock_timeout:g} s); "
            "nothing was lost: run again when it is done, or raise --lock-timeout"
        )
    if "readonly" in lowered or "read-only" in lowered:
        return (
            f"database {where} is read-only; nothing was written: "
            "make it writable or use another --db"
        )
    if "unable to open database file" in lowered:
        return f"cannot open database {where}: check that its folder exists and is writable"
    if "file is not a database" in lowered or "malformed" in lowered:
        return f"{where} is not a Polybius (SQLite) database, or it is damaged"
    if isinstance(error, exc.OperationalError) and not error.connection_invalidated:
        if "connect" in lowered or "connection" in lowered or "server" in lowered:
            return f"cannot connect to the database at {where}: {said}"
    return f"database error on {where}: {said}"


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0].strip()
