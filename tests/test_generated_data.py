"""The shipped data is exactly what the seeded generator writes."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _generator():
    spec = importlib.util.spec_from_file_location(
        "generate_datasets", ROOT / "tools" / "generate_datasets.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_regenerating_gives_byte_identical_files(tmp_path):
    _generator().main(tmp_path)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written, "the generator wrote nothing"
    for name in written:
        assert (tmp_path / name).read_bytes() == (ROOT / "datasets" / name).read_bytes(), name


def test_synthetic_data_is_labelled_as_such():
    for datasheet in ["buyer_profiles.md"]:
        assert "合成数据，仅供教学" in (ROOT / "datasets" / datasheet).read_text(encoding="utf-8")


def test_buyer_rows_are_consistent():
    from cbec import data

    buyers = data.load("buyer_profiles")
    assert ((buyers["orders_per_year"] >= 2) == buyers["repeat_buyer"]).all()
    is_b2b = buyers["platform"] == "国际站"
    assert (buyers.loc[~is_b2b, "buyer_type"] == "个人消费者").all()
    assert buyers.loc[is_b2b, "buyer_id"].str.startswith("B").all()
