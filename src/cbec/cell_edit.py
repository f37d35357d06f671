"""Replace one cell's source in a notebook's JSON text, leaving every other byte as it was.

Authors' notebooks are committed as they were saved. Rewriting a whole notebook to change one
cell could reformat the rest (another indent, key order, escaping) and bury the change in a
large diff, so only the text of that cell's ``"source"`` value is replaced.
"""

from __future__ import annotations

import json
import re


class CellEditError(ValueError):
    """The cell cannot be found in the text unambiguously."""


def _encoded(source: str, old_text: str, old_value: object) -> str:
    ascii_only = "\\u" in old_text and old_text.isascii()
    if isinstance(old_value, str):
        return json.dumps(source, ensure_ascii=ascii_only)
    lines = source.splitlines(keepends=True)
    if not old_value or not lines:
        raise CellEditError("an empty source list shows no layout to follow")
    # The layout of the old list: the whitespace before its first item and before its "]".
    item_indent = re.match(r"\[(\s*)", old_text).group(1)
    close_indent = re.search(r"(\s*)\]$", old_text).group(1)
    items = f",{item_indent}".join(json.dumps(line, ensure_ascii=ascii_only) for line in lines)
    return f"[{item_indent}{items}{close_indent}]"


def replace_source(raw: str, cell_id: str, source: str) -> str:
    """``raw`` (a notebook's JSON text) with the source of the cell ``cell_id`` set to ``source``."""
    found = [m for m in re.finditer(r'"id":\s*' + re.escape(json.dumps(cell_id)), raw)]
    if len(found) != 1:
        raise CellEditError(f"cell id {cell_id!r} occurs {len(found)} times in the notebook text")
    key = re.compile(r'"source":\s*').search(raw, found[0].end())
    if key is None:
        raise CellEditError(f"cell {cell_id!r} has no source after its id")
    old_value, end = json.JSONDecoder().raw_decode(raw, key.end())
    new = raw[: key.end()] + _encoded(source, raw[key.end() : end], old_value) + raw[end:]
    expected = json.loads(raw)
    for cell in expected["cells"]:
        if cell.get("id") == cell_id:
            cell["source"] = source if isinstance(old_value, str) else source.splitlines(keepends=True)
    if json.loads(new) != expected:
        raise CellEditError(f"cell {cell_id!r}: the edited text does not hold the notebook expected")
    return new
