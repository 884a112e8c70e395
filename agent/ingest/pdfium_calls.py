"""The few PDFium calls made once per page object or per character, with plain pointer prototypes.

Why: pypdfium2's bindings return typed ctypes pointers, so every ``FPDFPage_GetObject`` call builds
a Python pointer object and every argument is checked against a struct pointer type.  Reading the
rulings and the table cells of a 25-page 决算 PDF makes ≈ 40 000 such calls (one per page object,
two per character), which cost more than PDFium's own parsing.  The same C functions, declared
with ``void*`` arguments and integer results, are called about twice as fast.  Same functions,
same arguments: only the Python-side conversion differs.
"""

from __future__ import annotations

import ctypes
from functools import cache
from typing import Any

_V, _I, _U, _F = ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.c_float


def _proto(fn: Any, restype: Any, *argtypes: Any) -> Any:
    """``fn`` (a pypdfium2 raw binding) re-declared with the given plain types."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, _V).value)


class Calls:
    """Plain-typed prototypes of the per-object and per-character calls."""

    def __init__(self, raw: Any) -> None:
        fptr = ctypes.POINTER(_F)
        self.get_object = _proto(raw.FPDFPage_GetObject, _V, _V, _I)
        self.get_type = _proto(raw.FPDFPageObj_GetType, _I, _V)
        self.get_bounds = _proto(raw.FPDFPageObj_GetBounds, _I, _V, fptr, fptr, fptr, fptr)
        self.get_unicode = _proto(raw.FPDFText_GetUnicode, _U, _V, _I)
        self.get_loose_char_box = _proto(raw.FPDFText_GetLooseCharBox, _I, _V, _I, _V)


@cache
def calls() -> Calls:
    import pypdfium2.raw as raw

    return Calls(raw)


def address(handle: Any) -> int | None:
    """The C pointer behind a pypdfium2 raw handle (``page.raw``, ``textpage.raw``)."""
    return ctypes.cast(handle, _V).value
