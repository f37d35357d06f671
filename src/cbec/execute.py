"""Run notebooks in place so that lessons and solutions ship with fresh outputs.

nbval compares those stored outputs with a new run, so they must come from the same code. Only
deterministic parts are kept: no timing metadata, no widget state (its model ids change).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

CELL_TIMEOUT = 120


def execute_in_place(path: Path, kernel_name: str = "python3") -> None:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name=kernel_name,
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=False,
    )
    client.execute()
    notebook.metadata.pop("widgets", None)
    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
