"""Generate every dataset in ``datasets/``, byte for byte the same on every run.

Usage, from the course root::

    python tools/generate_datasets.py        # or: make data

For each dataset it writes the data (``<name>.csv``), its schema (``<name>.schema.json``) and
the column table inside its hand-written datasheet (``<name>.md``), so the three cannot drift
apart. It also writes the index in ``datasets/README.md`` and the instructor's key to the
planted effects in ``instructor/``.

The datasets are built in ``tools/datagen``, one module per platform. Synthetic data comes from
seeded NumPy streams; every parameter is a named constant whose comment says whether it is an
assumption or which checked fact it rests on. Only NumPy and pandas are needed.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS))

from datagen import (  # noqa: E402  (the package lives beside this script)
    alibaba_listings,
    alibaba_search,
    alibaba_trade,
    aliexpress_experiments,
    aliexpress_shop,
    b2b2c_crm,
    b2b2c_firm,
    bridge,
    buyers,
    datasheets,
    macro,
    macro_detail,
    planted,
)
from datagen.common import write_dataset, write_json  # noqa: E402

ROOT = TOOLS.parent
DATASETS = (
    buyers.DATASET,
    macro.DATASET,
    macro_detail.DATASET,
    *alibaba_trade.DATASETS,
    *alibaba_search.DATASETS,
    *alibaba_listings.DATASETS,
    *aliexpress_shop.DATASETS,
    *aliexpress_experiments.DATASETS,
    *bridge.DATASETS,
    *b2b2c_crm.DATASETS,
    *b2b2c_firm.DATASETS,
)


def _write_datasheet(schema: dict, source: Path, target: Path) -> None:
    page = datasheets.fill(source.read_text(encoding="utf-8"), datasheets.column_table(schema), str(source))
    target.write_text(page, encoding="utf-8", newline="\n")


def main(root: Path = ROOT, source: Path = ROOT) -> None:
    """Write everything under ``root``; hand-written pages are read from ``source``."""
    out = root / "datasets"
    out.mkdir(parents=True, exist_ok=True)
    index = []
    for dataset in DATASETS:
        frame = dataset.build()
        write_dataset(frame, dataset.schema, out)
        sheet = dataset.schema["datasheet"]
        _write_datasheet(dataset.schema, source / "datasets" / sheet, out / sheet)
        index.append((dataset.schema, len(frame)))
        print(
            f"{dataset.name}: {len(frame):,} rows, {(out / dataset.schema['file']).stat().st_size / 1024:,.0f} KiB"
        )
    write_json(_checksums(out, index), out / "checksums.json")
    readme = (source / "datasets" / "README.md").read_text(encoding="utf-8")
    page = datasheets.fill(readme, datasheets.index_table(index), "datasets/README.md")
    (out / "README.md").write_text(page, encoding="utf-8", newline="\n")
    answers = [a for d in DATASETS for a in d.answers]
    planted.write([e for d in DATASETS for e in d.planted], root / "instructor", answers)


def _checksums(out: Path, index: list[tuple[dict, int]]) -> dict:
    """Rows and SHA-256 of every CSV, so a hand-edited file is caught even if it still parses."""
    return {
        schema["name"]: {
            "file": schema["file"],
            "rows": rows,
            "sha256": hashlib.sha256((out / schema["file"]).read_bytes()).hexdigest(),
        }
        for schema, rows in index
    }


if __name__ == "__main__":
    main()
