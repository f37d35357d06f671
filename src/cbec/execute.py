"""Run notebooks in place so that lessons and solutions ship with fresh outputs.

nbval compares those stored outputs with a new run, so they must come from the same code. Only
deterministic parts are kept: no timing metadata, no widget state and no widget views (their
model ids change on every run and point at state that is not stored anyway).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

CELL_TIMEOUT = 120
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _drop_widget_views(notebook: nbformat.NotebookNode) -> None:
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)


def execute_in_place(path: Path, kernel_name: str = "python3") -> None:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name=kernel_name,
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        # Kept while running, dropped below: nbclient's handler for an Output widget (an explore
        # chart under a slider) writes into this state and fails when it is not kept.
        store_widget_state=True,
    )
    client.execute()
    notebook.metadata.pop("widgets", None)
    _drop_widget_views(notebook)
    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
