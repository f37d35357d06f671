"""The shipped data is exactly what the seeded generator writes, and every dataset is documented."""

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

from cbec import data

ROOT = Path(__file__).resolve().parents[1]
GENERATED_FOLDERS = ("datasets", "instructor")
# Written by hand and by `cbec build` (tests/test_instructor_guide.py), not by the data generator.
NOT_GENERATED = {"instructor/guide.md"}
# Sizes fixed by design (the generator's constants); orders-like tables vary with the draws.
EXPECTED_ROWS = {
    "buyer_profiles": 2000,
    "macro_cbec": 6,
    "macro_cbec_detail": 16,
    "alibaba_suppliers": 400,
    "alibaba_orders": 3000,
    "alibaba_keyword_days": 12 * 4 * 366,
    "aliexpress_products": 60,
    "aliexpress_customers": 8000,
    "aliexpress_campaigns": 360,
    "aliexpress_listing_test": 20000,
    "aliexpress_price_test": 3 * 120,
    "b2b2c_panel": 36 * 8 * 4,
    "b2b2c_content": 240,
    "b2b2c_b_accounts": 1000,
    "b2b2c_firm": 10,
}
MAX_TOTAL_BYTES = 20 * 1024 * 1024
DATASHEET_SECTIONS = ("## 它代表什么", "## 列", "## 怎样生成的", "## 许可")


def _generator():
    spec = importlib.util.spec_from_file_location(
        "generate_datasets", ROOT / "tools" / "generate_datasets.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for folder in GENERATED_FOLDERS
        for p in sorted((root / folder).rglob("*"))
        if p.is_file() and p.relative_to(root).as_posix() not in NOT_GENERATED
    }


def test_regenerating_gives_byte_identical_files(tmp_path):
    _generator().main(tmp_path, source=ROOT)
    fresh, shipped = _files(tmp_path), _files(ROOT)
    assert fresh, "the generator wrote nothing"
    assert sorted(fresh) == sorted(shipped), (
        "files the generator does not write, or writes but are not shipped"
    )
    changed = [name for name in fresh if fresh[name] != shipped[name]]
    assert not changed, f"run `make data` and commit: {changed}"


def test_every_csv_matches_its_recorded_rows_and_checksum():
    recorded = json.loads((ROOT / "datasets" / "checksums.json").read_text(encoding="utf-8"))
    assert sorted(recorded) == data.available()
    assert {entry["file"] for entry in recorded.values()} == {
        p.name for p in (ROOT / "datasets").glob("*.csv")
    }
    for name, entry in recorded.items():
        path = ROOT / "datasets" / entry["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"], f"{path} was edited by hand"
        assert len(data.load(name)) == entry["rows"], name


@pytest.mark.parametrize(("name", "rows"), EXPECTED_ROWS.items())
def test_fixed_size_datasets_have_their_designed_row_counts(name, rows):
    assert len(data.load(name)) == rows


def test_total_shipped_data_stays_small():
    total = sum(p.stat().st_size for p in (ROOT / "datasets").iterdir())
    assert total <= MAX_TOTAL_BYTES, f"datasets/ holds {total / 2**20:.1f} MB"


@pytest.mark.parametrize("name", data.available())
def test_every_dataset_has_a_complete_honest_datasheet(name):
    schema = data.schema_of(name)
    raw = json.loads(schema.path.read_text(encoding="utf-8"))
    page = data.datasheet_path(name).read_text(encoding="utf-8")
    for section in DATASHEET_SECTIONS:
        assert section in page, f"{name}: datasheet lacks {section}"
    for column in schema.column_names:
        assert f"`{column}`" in page, f"{name}: datasheet does not describe {column}"
    if schema.synthetic:
        assert "仅供教学" in raw["title"] and "合成数据" in page, f"{name} must say it is synthetic"
        assert "## 假设与局限" in page
        assert "seed" in page or "种子" in page
    else:
        assert "真实数据" in raw["title"] and "真实数据" in page, f"{name} must say it is real"
    if raw.get("hypothetical"):
        assert "假想数据" in raw["title"] and "假想数据" in page


def test_public_datasheets_name_planted_effects_but_not_their_sizes():
    key = json.loads((ROOT / "instructor" / "planted_effects.json").read_text(encoding="utf-8"))
    for effect in key["effects"]:
        page = data.datasheet_path(effect["dataset"]).read_text(encoding="utf-8")
        assert "埋入的效应" in page and "instructor/planted_effects.md" in page, effect["dataset"]
