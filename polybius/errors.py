"""Exception tree. Every message says what went wrong, with which input, and what to do next."""


class PolybiusError(Exception):
    """Base class for errors Polybius reports to users without a traceback."""


class InputError(PolybiusError):
    """An input (file, line, document) cannot be read or is not a valid document."""


class ModelNotFoundError(PolybiusError):
    """No spaCy English pipeline is installed."""


class DataError(PolybiusError):
    """A data file shipped with Polybius (lexicon, gazetteer) is malformed."""


class ConfigError(PolybiusError):
    """A setting has a value Polybius cannot use."""
