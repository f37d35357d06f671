"""cbec.data.load: typed frames, schema rules enforced, clear messages naming file and column."""

import json

import pandas as pd
import pytest

from cbec import data

SCHEMA = {
    "name": "toy",
    "file": "toy.csv",
    "title": "玩具数据",
    "synthetic": True,
    "datasheet": "toy.md",
    "columns": {
        "buyer_id": {"type": "string", "unique": True},
        "platform": {"type": "category", "categories": ["国际站", "速卖通"]},
        "first_order_date": {"type": "date", "min": "2024-01-01", "max": "2024-12-31"},
        "order_value_usd": {"type": "float", "min": 0},
        "orders_per_year": {"type": "int", "min": 1},
        "bought_bundle": {"type": "bool"},
        "revised": {"type": "float", "nullable": True},
    },
}
GOOD_ROWS = [
    "buyer_id,platform,first_order_date,order_value_usd,orders_per_year,bought_bundle,revised",
    "B0001,国际站,2024-03-05,3120.5,2,True,2.37",
    "C0001,速卖通,2024-07-19,25.9,1,False,",
]


@pytest.fixture
def toy(tmp_path, monkeypatch):
    folder = tmp_path / "datasets"
    folder.mkdir()
    (tmp_path / "lessons").mkdir()
    (folder / "toy.schema.json").write_text(json.dumps(SCHEMA, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("CBEC_COURSE_ROOT", str(tmp_path))

    def write(lines):
        (folder / "toy.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    write(GOOD_ROWS)
    return write


def test_load_returns_typed_columns(toy):
    frame = data.load("toy")
    assert isinstance(frame["platform"].dtype, pd.CategoricalDtype)
    assert list(frame["platform"].cat.categories) == ["国际站", "速卖通"]
    assert pd.api.types.is_datetime64_any_dtype(frame["first_order_date"])
    assert frame["orders_per_year"].dtype == "int64"
    assert frame["bought_bundle"].dtype == bool
    assert frame["revised"].isna().tolist() == [False, True]
    assert str(frame["buyer_id"].dtype) == "string"


def test_unknown_name_lists_available_datasets(toy):
    with pytest.raises(data.UnknownDatasetError) as err:
        data.load("toys")
    message = str(err.value)
    assert "没有名为 'toys' 的数据集" in message
    assert "你是不是想写 'toy'" in message
    assert "Available: toy" in message


@pytest.mark.parametrize(
    ("bad_line", "column", "problem"),
    [
        ("B0002,国际站,2024-03-05,-5,2,True,", "order_value_usd", "小于最小值 0"),
        ("B0002,国际站,2024-03-05,abc,2,True,", "order_value_usd", "不是数字"),
        ("B0002,国际站,2024-03-05,5,2.5,True,", "orders_per_year", "不是整数"),
        ("B0002,国际站,2025-01-02,5,2,True,", "first_order_date", "大于最大值 2024-12-31"),
        ("B0002,国际站,2024-13-40,5,2,True,", "first_order_date", "不是 YYYY-MM-DD"),
        ("B0002,亚马逊,2024-03-05,5,2,True,", "platform", "不在允许的类别中"),
        ("B0002,国际站,2024-03-05,5,2,yes,", "bought_bundle", "不是 True/False"),
        ("B0001,国际站,2024-03-05,5,2,True,", "buyer_id", "重复"),
        (",国际站,2024-03-05,5,2,True,", "buyer_id", "为空"),
    ],
)
def test_a_hand_edited_file_names_the_file_column_and_line(toy, bad_line, column, problem):
    toy([*GOOD_ROWS, bad_line])
    with pytest.raises(data.DatasetError) as err:
        data.load("toy")
    message = str(err.value)
    assert "toy.csv" in message
    assert f"'{column}'" in message
    assert problem in message
    assert "4:" in message  # the offending line of the file


def test_missing_and_extra_columns_are_named(toy):
    toy([GOOD_ROWS[0].replace(",revised", ",note"), GOOD_ROWS[1]])
    with pytest.raises(data.DatasetError, match=r"缺少 \['revised'\]，多出 \['note'\]"):
        data.load("toy")


def test_a_missing_file_says_how_to_regenerate(toy, tmp_path):
    (tmp_path / "datasets" / "toy.csv").unlink()
    with pytest.raises(data.DatasetError, match="make data"):
        data.load("toy")


def test_every_shipped_dataset_loads_and_has_a_datasheet():
    names = data.available()
    assert {"buyer_profiles", "macro_cbec"} <= set(names)
    for name in names:
        frame = data.load(name)
        assert len(frame) > 0
        assert data.datasheet_path(name).is_file()
        schema = data.schema_of(name)
        assert list(frame.columns) == schema.column_names


FUNNEL_SCHEMA = {
    "name": "funnel",
    "file": "funnel.csv",
    "title": "漏斗",
    "datasheet": "funnel.md",
    "columns": {
        "order_date": {"type": "date"},
        "delivered_date": {"type": "date", "nullable": True},
        "impressions": {"type": "int", "min": 0},
        "organic_clicks": {"type": "int", "min": 0},
        "paid_clicks": {"type": "int", "min": 0},
        "visitors": {"type": "int", "min": 0},
    },
    "rules": [
        "organic_clicks + paid_clicks <= impressions",
        "visitors <= organic_clicks + paid_clicks",
        "delivered_date >= order_date",
    ],
}
FUNNEL_HEADER = "order_date,delivered_date,impressions,organic_clicks,paid_clicks,visitors"


@pytest.fixture
def funnel(tmp_path, monkeypatch):
    folder = tmp_path / "datasets"
    folder.mkdir()
    (tmp_path / "lessons").mkdir()
    text = json.dumps(FUNNEL_SCHEMA, ensure_ascii=False)
    (folder / "funnel.schema.json").write_text(text, encoding="utf-8")
    monkeypatch.setenv("CBEC_COURSE_ROOT", str(tmp_path))

    def write(*rows):
        (folder / "funnel.csv").write_text("\n".join([FUNNEL_HEADER, *rows]) + "\n", encoding="utf-8")

    return write


def test_rows_that_obey_every_rule_load(funnel):
    funnel("2024-03-01,2024-03-09,100,7,3,9", "2024-03-02,,50,0,0,0")  # empty date: not known yet
    assert len(data.load("funnel")) == 2


@pytest.mark.parametrize(
    ("bad_row", "rule", "shown"),
    [
        (
            "2024-03-01,2024-03-09,100,90,30,9",
            "organic_clicks + paid_clicks <= impressions",
            "paid_clicks=30",
        ),
        ("2024-03-01,2024-03-09,100,7,3,11", "visitors <= organic_clicks + paid_clicks", "visitors=11"),
        ("2024-03-09,2024-03-01,100,7,3,9", "delivered_date >= order_date", "delivered_date=2024-03-01"),
    ],
)
def test_an_impossible_row_names_the_rule_file_and_line(funnel, bad_row, rule, shown):
    funnel("2024-03-01,2024-03-09,100,7,3,9", bad_row)
    with pytest.raises(data.DatasetError) as err:
        data.load("funnel")
    message = str(err.value)
    assert "funnel.csv" in message
    assert f"违反规则 '{rule}'" in message
    assert "3: " in message and shown in message


@pytest.mark.parametrize(
    "rule",
    ["clicks <= impressions", "impressions", "visitors <= + paid_clicks", "delivered_date >= order_date + 1"],
)
def test_a_malformed_rule_is_an_authoring_error(funnel, tmp_path, rule):
    schema = {**FUNNEL_SCHEMA, "rules": [rule]}
    path = tmp_path / "datasets" / "funnel.schema.json"
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    funnel("2024-03-01,2024-03-09,100,7,3,9")
    with pytest.raises(ValueError, match=r"funnel\.schema\.json: rule"):
        data.load("funnel")


TIERS_SCHEMA = {
    "name": "tiers",
    "file": "tiers.csv",
    "title": "会员等级",
    "datasheet": "tiers.md",
    "columns": {
        "membership": {"type": "category", "categories": ["免费会员", "出口通", "金品诚企"], "ordered": True},
        "industry": {"type": "category", "categories": ["家居园艺", "消费电子"]},
        "received_at": {"type": "datetime", "min": "2024-10-03 00:00", "max": "2024-12-31 23:59"},
        "reply_minutes": {"type": "int", "min": 0, "nullable": True},
        "quoted": {"type": "bool"},
        "ta_order": {"type": "bool"},
        "order_value_usd": {"type": "float", "min": 0, "nullable": True},
    },
    "rules": [
        "quoted only if reply_minutes",
        "ta_order only if quoted",
        "order_value_usd only if ta_order",
        "ta_order only if order_value_usd",
    ],
}
TIERS_HEADER = "membership,industry,received_at,reply_minutes,quoted,ta_order,order_value_usd"
TIERS_GOOD = [
    "金品诚企,家居园艺,2024-10-03 08:15,12,True,True,2500.5",
    "出口通,消费电子,2024-12-31 23:59,,False,False,",
    "出口通,家居园艺,2024-11-11 11:11,300,True,False,",
]


@pytest.fixture
def tiers(tmp_path, monkeypatch):
    folder = tmp_path / "datasets"
    folder.mkdir()
    (tmp_path / "lessons").mkdir()
    text = json.dumps(TIERS_SCHEMA, ensure_ascii=False)
    (folder / "tiers.schema.json").write_text(text, encoding="utf-8")
    monkeypatch.setenv("CBEC_COURSE_ROOT", str(tmp_path))

    def write(*rows):
        (folder / "tiers.csv").write_text("\n".join([TIERS_HEADER, *rows]) + "\n", encoding="utf-8")

    write(*TIERS_GOOD)
    return write


def test_an_ordered_category_loads_as_ordered_levels(tiers):
    frame = data.load("tiers")
    tier = frame["membership"]
    assert tier.cat.ordered and list(tier.cat.categories) == ["免费会员", "出口通", "金品诚企"]
    assert (tier >= "出口通").all() and (tier > "出口通").tolist() == [True, False, False]
    assert tier.max() == "金品诚企"
    assert not frame["industry"].cat.ordered, "a category is unordered unless its schema says so"
    with pytest.raises(TypeError):
        frame["industry"] > "家居园艺"  # noqa: B015  (comparing unordered levels must fail)


def test_a_datetime_column_keeps_its_time_of_day(tiers):
    stamps = data.load("tiers")["received_at"]
    assert pd.api.types.is_datetime64_any_dtype(stamps)
    assert stamps[0] == pd.Timestamp("2024-10-03 08:15")
    assert data.load("tiers")["reply_minutes"].isna().tolist() == [False, True, False]


@pytest.mark.parametrize(
    ("bad_row", "problem"),
    [
        ("出口通,家居园艺,2024-10-03,5,True,False,", "不是 YYYY-MM-DD HH:MM 时间"),
        ("出口通,家居园艺,2025-01-01 00:00,5,True,False,", "大于最大值 2024-12-31 23:59"),
        ("出口通,家居园艺,2024-10-03 09:00,-1,True,False,", "小于最小值 0"),
        ("白金会员,家居园艺,2024-10-03 09:00,5,True,False,", "不在允许的类别中"),
        ("出口通,家居园艺,2024-10-03 09:00,,True,False,", "违反规则 'quoted only if reply_minutes'"),
        ("出口通,家居园艺,2024-10-03 09:00,5,False,True,99.5", "违反规则 'ta_order only if quoted'"),
        ("出口通,家居园艺,2024-10-03 09:00,5,True,False,99.5", "违反规则 'order_value_usd only if ta_order'"),
        ("出口通,家居园艺,2024-10-03 09:00,5,True,True,", "违反规则 'ta_order only if order_value_usd'"),
    ],
)
def test_a_row_breaking_an_only_if_rule_or_a_datetime_range_is_named(tiers, bad_row, problem):
    tiers(*TIERS_GOOD, bad_row)
    with pytest.raises(data.DatasetError) as err:
        data.load("tiers")
    message = str(err.value)
    assert "tiers.csv" in message and problem in message and "5:" in message


def test_an_only_if_rule_naming_an_unknown_column_is_an_authoring_error(tiers, tmp_path):
    schema = {**TIERS_SCHEMA, "rules": ["order_value only if ta_order"]}
    path = tmp_path / "datasets" / "tiers.schema.json"
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match=r"tiers\.schema\.json: rule .*order_value"):
        data.load("tiers")


# -- the shipped-file fast path ---------------------------------------------------------------


def _list_checksum(folder, csv_name="toy.csv"):
    import hashlib

    digest = hashlib.sha256((folder / csv_name).read_bytes()).hexdigest()
    (folder / "checksums.json").write_text(
        json.dumps({"toy": {"file": csv_name, "sha256": digest}}), encoding="utf-8"
    )


def _full_check_reads(monkeypatch) -> list:
    """Record each time a file is read as text for the cell-by-cell check."""
    from cbec.data import loader

    reads, read_text = [], loader._read_text_table
    monkeypatch.setattr(loader, "_read_text_table", lambda path: reads.append(path) or read_text(path))
    return reads


def test_a_file_listed_in_checksums_is_read_typed_with_the_same_result(toy, tmp_path, monkeypatch):
    checked = data.load("toy")
    _list_checksum(tmp_path / "datasets")
    (tmp_path / "datasets" / "toy.csv").touch()  # a new time stamp, so the cache reads it again
    reads = _full_check_reads(monkeypatch)
    pd.testing.assert_frame_equal(data.load("toy"), checked)
    assert reads == []


def test_a_file_edited_after_its_checksum_was_listed_gets_the_full_check(toy, tmp_path, monkeypatch):
    _list_checksum(tmp_path / "datasets")
    toy([*GOOD_ROWS[:-1], "C0001,速卖通,2024-07-19,-25.9,1,False,"])
    reads = _full_check_reads(monkeypatch)
    with pytest.raises(data.DatasetError, match="order_value_usd"):
        data.load("toy")
    assert len(reads) == 1


@pytest.mark.parametrize("name", data.available())
def test_every_shipped_dataset_reads_the_same_typed_as_fully_checked(name):
    """The fast path must give exactly the frame the cell-by-cell check gives."""
    from cbec.data import loader

    schema = loader.schema_of(name)
    path = loader.datasets_dir() / schema.file
    assert loader._is_shipped(schema, path), f"{path} differs from datasets/checksums.json: run make data"
    raw = loader._read_text_table(path)
    checked = pd.DataFrame({c.name: loader._convert(raw[c.name], c, path) for c in schema.columns})
    pd.testing.assert_frame_equal(loader._read_typed(schema, path), checked)
