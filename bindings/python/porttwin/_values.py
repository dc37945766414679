"""Python values as the YAML text a scenario override takes (what `--set path=value` takes)."""
from __future__ import annotations

import json
import math
import numbers
from typing import Any

from ._porttwin import UsageError


def yaml_text(value: Any) -> str:
    """The YAML text of an override value.

    str is taken as YAML text as it is ("30 d", "open", "{range: [1 h, 2 h]}"); bool becomes
    true/false; int and float their shortest exact text; lists and dicts their JSON text (JSON is
    YAML). Units are part of the text: 30 is a count, "30 d" a duration.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise UsageError(f"a scenario value must be finite, got {number!r}")
        return repr(number)
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value)
    raise UsageError(f"cannot write {type(value).__name__} {value!r} as a scenario value: use str (YAML text), "
                     "bool, int, float, list or dict")
