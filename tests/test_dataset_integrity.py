"""Relations within and across the shipped datasets that no single column rule can state."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from cbec import data

ROOT = Path(__file__).resolve().parents[1]


def _ids_exist(child, child_col, parent, parent_col):
    missing = set(data.load(child)[child_col]) - set(data.load(parent)[parent_col])
    assert not missing, f"{child}.{child_col} names unknown {parent_col}: {sorted(missing)[:5]}"


def test_foreign_keys_point_at_existing_rows():
    _ids_exist("alibaba_orders", "supplier_id", "alibaba_suppliers", "supplier_id")
    _ids_exist("alibaba_rfq_quotes", "supplier_id", "alibaba_suppliers", "supplier_id")
    _ids_exist("aliexpress_orders", "customer_id", "aliexpress_customers", "customer_id")
    _ids_exist("aliexpress_orders", "product_id", "aliexpress_products", "product_id")
    _ids_exist("alibaba_listings", "supplier_id", "alibaba_suppliers", "supplier_id")
    _ids_exist("alibaba_inquiries", "listing_id", "alibaba_listings", "listing_id")
    _ids_exist("alibaba_inquiries", "supplier_id", "alibaba_suppliers", "supplier_id")
    _ids_exist("b2b2c_crm_bridge", "account_id", "b2b2c_b_accounts", "account_id")
    _ids_exist("b2b2c_crm_bridge", "customer_id", "aliexpress_customers", "customer_id")


def test_a_foreign_key_check_catches_an_unknown_id(monkeypatch):
    """Control for the check above: one inquiry pointing at a listing that does not exist."""
    inquiries, listings = data.load("alibaba_inquiries"), data.load("alibaba_listings")
    inquiries.loc[0, "listing_id"] = "L99999"
    frames = {"alibaba_inquiries": inquiries, "alibaba_listings": listings}
    monkeypatch.setattr(data, "load", frames.__getitem__)
    with pytest.raises(AssertionError, match="L99999"):
        _ids_exist("alibaba_inquiries", "listing_id", "alibaba_listings", "listing_id")


def test_denormalised_columns_agree_with_their_source_table():
    orders = data.load("aliexpress_orders").merge(data.load("aliexpress_products"), on="product_id")
    assert (orders["product_role_x"] == orders["product_role_y"]).all()
    ta = data.load("alibaba_orders").merge(data.load("alibaba_suppliers"), on="supplier_id")
    assert (ta["industry_x"] == ta["industry_y"]).all()


def test_rfq_quotes_stay_within_the_monthly_quota():
    quotes = data.load("alibaba_rfq_quotes")
    used = quotes.groupby(["supplier_id", "month", "quota_type"], observed=True).size().unstack(fill_value=0)
    assert used["基础"].max() <= 20, "facts.md: 20 basic quotes a month"
    quota = quotes.groupby(["supplier_id", "month"])["reward_quota"].first()
    assert (used["奖励"] <= quota).all()
    assert (used.loc[used["奖励"] > 0, "基础"] == 20).all(), "reward quotes only after the base quota"
    assert (
        quota == (45 * quotes.groupby(["supplier_id", "month"])["performance_score"].first() // 1000)
    ).all()


def test_rfq_quotes_come_from_gold_suppliers_whose_quota_rule_facts_md_gives():
    suppliers = data.load("alibaba_suppliers").set_index("supplier_id")
    quoting = data.load("alibaba_rfq_quotes")["supplier_id"].unique()
    assert (suppliers.loc[quoting, "membership"] == "出口通").all()


def test_membership_is_an_ordered_level_as_facts_md_has_it():
    membership = data.load("alibaba_suppliers")["membership"]
    assert membership.cat.ordered
    assert list(membership.cat.categories) == ["免费会员", "出口通", "金品诚企"]
    assert set(membership) == {"出口通", "金品诚企"}, "the datasheet says the rows are paid members only"


def test_each_listing_has_as_many_inquiry_rows_as_its_inquiries_90d():
    listings = data.load("alibaba_listings").set_index("listing_id")
    rows = data.load("alibaba_inquiries").groupby("listing_id").size()
    counts = rows.reindex(listings.index, fill_value=0)
    assert (counts == listings["inquiries_90d"]).all()
    assert (listings["inquiries_90d"] == 0).any(), "listings without inquiries stay in the funnel"


def test_the_funnel_joins_one_listing_to_many_inquiries_with_the_same_supplier():
    listings, inquiries = data.load("alibaba_listings"), data.load("alibaba_inquiries")
    funnel = listings.merge(inquiries, on="listing_id", validate="one_to_many", suffixes=("", "_inq"))
    assert len(funnel) == len(inquiries)
    assert (funnel["supplier_id"] == funnel["supplier_id_inq"]).all()


def test_listing_types_are_described_consistently():
    listings = data.load("alibaba_listings")
    single = listings["listing_type"] == "单品"
    assert listings.loc[single, "scenario"].isna().all() and (listings.loc[single, "items"] == 1).all()
    assert listings.loc[~single, "scenario"].notna().all()
    assert listings.loc[~single, "items"].between(3, 8).all()
    suppliers = data.load("alibaba_suppliers").set_index("supplier_id")
    in_showcase = listings.loc[listings["showcase"], "supplier_id"]
    assert suppliers.loc[in_showcase, "uses_showcase"].all(), "showcase listings need a supplier who uses it"


def test_inquiry_outcomes_follow_the_funnel_order():
    inquiries = data.load("alibaba_inquiries")
    answered = inquiries["reply_minutes"].notna()
    assert not inquiries.loc[~answered, "quoted"].any()
    assert not inquiries.loc[~inquiries["quoted"], "ta_order"].any()
    assert inquiries["order_value_usd"].notna().equals(inquiries["ta_order"])
    assert (inquiries["reply_minutes"].dropna() >= 0).all()
    assert inquiries["received_at"].is_monotonic_increasing, "ids follow the time received"
    assert (~answered).any() and inquiries["ta_order"].any(), "every step of the funnel occurs"


def test_new_lesson_02_tables_stay_small_enough_for_a_lesson_kernel():
    assert len(data.load("alibaba_inquiries")) <= 30_000
    for name in ("alibaba_listings", "alibaba_inquiries"):
        assert (ROOT / "datasets" / f"{name}.csv").stat().st_size < 3 * 2**20, name


def test_aliexpress_order_details_are_consistent():
    orders = data.load("aliexpress_orders")
    customers = data.load("aliexpress_customers").set_index("customer_id")
    first = orders.groupby("customer_id")["order_date"].min()
    assert (first == customers.loc[first.index, "first_order_date"]).all()
    affiliate = orders["channel"] == "联盟营销"
    assert orders.loc[affiliate, "affiliate_commission_pct"].notna().all()
    assert orders.loc[~affiliate, "affiliate_commission_pct"].isna().all()
    assert (
        (orders["unit_price_usd"] * orders["quantity"]).round(2) - orders["revenue_usd"]
    ).abs().max() < 0.011
    delivered = orders["order_date"] + pd.to_timedelta(orders["actual_days"], unit="D")
    assert (delivered == orders["delivered_date"]).all()
    assert (orders.loc[~orders["dispute"], "refund_usd"] == 0).all(), "refunds only follow disputes"


def test_first_orders_follow_the_acquisition_channel():
    orders = data.load("aliexpress_orders")
    customers = data.load("aliexpress_customers").set_index("customer_id")
    first = orders.drop_duplicates("customer_id").set_index("customer_id")["channel"].astype(str)
    assert (first == customers.loc[first.index, "acquisition_channel"].astype(str)).all()
    acquisition = list(customers["acquisition_channel"].cat.categories)
    assert list(orders["channel"].cat.categories) == [*acquisition, "老客复购"]
    shares = customers["acquisition_channel"].value_counts(normalize=True)
    assert shares[["推荐", "社交媒体"]].gt(0.03).all(), "货找人 and social seeding bring customers"


def test_affiliate_orders_are_exactly_those_within_15_days_of_an_affiliate_click():
    """facts.md §3: an order within 15 days of an affiliate click is the affiliate's."""
    orders = data.load("aliexpress_orders")
    affiliate = orders["channel"] == "联盟营销"
    days = orders["affiliate_click_days"]
    assert days[affiliate].notna().all() and days[affiliate].le(15).all()
    assert days[~affiliate].dropna().gt(15).all(), "a later click earns no commission"
    assert days[~affiliate].notna().any(), "some orders show a click outside the window"


def test_ztc_spend_is_clicks_times_cost_per_click_to_the_cent():
    campaigns = data.load("aliexpress_campaigns")
    ztc = campaigns["channel"] == "直通车"
    one = campaigns[ztc]
    cents = (100 * one["cpc_usd"]).round().astype(int)
    assert ((100 * one["cpc_usd"]) - cents).abs().max() < 1e-6, "a CPC in whole cents"
    assert ((100 * one["spend_usd"]).round().astype(int) == one["clicks"] * cents).all()
    assert campaigns.loc[~ztc, "cpc_usd"].isna().all(), "KOL and live fees are not bought per click"


def test_b2b_order_values_are_heavy_tailed():
    values = data.load("alibaba_orders")["order_value_usd"]
    assert values.mean() > 2 * values.median()
    top_tenth = values.nlargest(len(values) // 10).sum() / values.sum()
    assert top_tenth > 0.4, "a few large orders carry much of the value"


def test_event_flags_follow_the_calendar():
    for name, column in [("alibaba_orders", "order_date"), ("alibaba_keyword_days", "date")]:
        frame = data.load(name)
        month = frame[column].dt.month
        assert ((month == 3) == (frame["event"] == "三月新贸节")).all(), name
        assert ((month == 9) == (frame["event"] == "九月采购节")).all(), name


def test_macro_carries_the_2023_revision_with_sources_and_no_unsourced_figures():
    macro = data.load("macro_cbec").set_index("year")
    y2023 = macro.loc[2023]
    assert (y2023["first_release_trn_cny"], y2023["first_release_growth_pct"]) == (2.38, 15.6)
    assert (y2023["revised_trn_cny"], y2023["revised_growth_pct"]) == (2.37, 15.3)
    assert y2023["first_release_date"] == "2024-01-12" and y2023["revised_release_date"] == "2024-09"
    assert "imsilkroad" in y2023["source_url"] and "ecns.cn" in y2023["source_url"]
    # facts.md marks these D (not found): they must stay empty.
    assert pd.isna(macro.loc[2024, "first_release_growth_pct"])
    for year in (2023, 2024):
        assert macro.loc[year, ["export_trn_cny", "import_trn_cny"]].isna().all()
    assert macro["source_url"].str.len().gt(10).all() and macro["confidence"].notna().all()


def test_macro_gives_2023_goods_trade_its_source_so_the_share_is_computed_from_cited_data():
    macro = data.load("macro_cbec").set_index("year")
    assert macro.loc[2023, "goods_trade_trn_cny"] == 41.76
    assert macro.loc[2023, "goods_trade_source_url"].startswith("http://english.customs.gov.cn/")
    assert macro.drop(index=2023)["goods_trade_trn_cny"].isna().all()
    share = macro.loc[2023, "first_release_trn_cny"] / macro.loc[2023, "goods_trade_trn_cny"]
    assert f"{share:.1%}" == "5.7%"  # facts.md §1


def test_published_growth_rates_use_the_previous_years_revised_value():
    """facts.md §1: the revised base reproduces the published rate; first over first does not."""
    macro = data.load("macro_cbec").set_index("year")
    first, revised = macro["first_release_trn_cny"], macro["revised_trn_cny"]
    for year in (2022, 2023):
        published = macro.loc[year, "first_release_growth_pct"]
        assert abs(100 * (first[year] / revised[year - 1] - 1) - published) < 0.2, year
    assert abs(100 * (first[2023] / first[2022] - 1) - macro.loc[2023, "first_release_growth_pct"]) > 2
    # Not every revision goes down: 2021's level fell while its growth rose.
    assert revised[2021] < first[2021]
    assert macro.loc[2021, "revised_growth_pct"] > macro.loc[2021, "first_release_growth_pct"]


def test_alibaba_com_buyers_also_meet_products_through_content_in_the_preferred_terms():
    buyers = data.load("buyer_profiles")
    b2b = buyers.loc[buyers["platform"] == "国际站", "first_touchpoint"].value_counts(normalize=True)
    assert b2b[["视频", "直播"]].gt(0.05).all(), "the paper's Table 1: content is part of 国际站's 场"
    categories = set(buyers["first_touchpoint"].cat.categories)
    assert {"自然搜索", "直通车", "联盟营销"} <= categories
    assert not categories & {"关键词搜索", "直通车广告", "联盟推广"}, "deprecated spellings"


def _crm_links():
    """The bridge with each side's own columns; each link names one account and one customer."""
    links = data.load("b2b2c_crm_bridge")
    accounts = data.load("b2b2c_b_accounts")
    customers = data.load("aliexpress_customers")
    with_accounts = links.merge(accounts, on="account_id", validate="many_to_one")
    return with_accounts.merge(customers, on="customer_id", validate="many_to_one", suffixes=("_b", "_c"))


def test_every_crm_link_joins_an_account_and_a_loyal_customer_of_the_same_country():
    links = _crm_links()
    assert (links["country_b"].astype(str) == links["country_c"].astype(str)).all()
    orders = data.load("aliexpress_orders").groupby("customer_id").size()
    loyal = (links["customer_id"].map(orders) >= 2) | links["follows_store"]
    assert loyal.all(), "a link points only at a repeat buyer or a follower of the store"
    assert not links.duplicated(["account_id", "customer_id"]).any(), "one row per pair"


def test_crm_match_methods_follow_the_documented_rule():
    links = data.load("b2b2c_crm_bridge")
    exact = links["match_method"] == "精确"
    assert links.loc[exact, "consent"].all(), "hashes are collected only with consent"
    assert (links.loc[exact, "match_score"] == 1.0).all()
    assert set(links.loc[exact, "match_key"]) == {"邮箱", "手机号"}
    assert (links.loc[~exact, "match_key"] == "名称+国家").all()
    assert links.loc[~exact, "match_score"].between(0.8, 1.0, inclusive="left").all()
    assert (~links.loc[~exact, "consent"]).any() and links.loc[~exact, "consent"].any()


def test_the_crm_bridge_is_many_to_many_so_a_one_to_one_merge_fails():
    links = data.load("b2b2c_crm_bridge")
    assert links.groupby("account_id").size().max() >= 3, "an account with several customers"
    assert links.groupby("customer_id").size().max() >= 2, "a customer with several accounts"
    accounts = data.load("b2b2c_b_accounts")
    with pytest.raises(pd.errors.MergeError):
        accounts.merge(links, on="account_id", validate="one_to_one")
    joined = accounts.merge(links, on="account_id")
    assert len(joined) > joined["account_id"].nunique(), "a naive merge repeats accounts"


def test_the_crm_audit_is_a_sample_of_about_a_fifth_of_the_links():
    links = data.load("b2b2c_crm_bridge")
    audited = links["verified"].notna()
    assert 0.15 <= audited.mean() <= 0.25
    for _, method in links.groupby("match_method", observed=True):
        checked = method["verified"].dropna()
        assert checked.any() and (~checked).any(), "the audit finds true and false links of each method"


def test_account_value_bands_are_ordered_ranges_of_wholesale_value():
    accounts = data.load("b2b2c_b_accounts")
    ranges = accounts.groupby("value_band", observed=True)["wholesale_usd_2024"].agg(["min", "max"])
    assert list(ranges.index) == list(accounts["value_band"].cat.categories)
    assert (ranges["max"].to_numpy()[:-1] < ranges["min"].to_numpy()[1:]).all()


def test_the_design_task_firm_prices_and_pilots_are_consistent():
    firm = data.load("b2b2c_firm")
    months = [c for c in firm.columns if c.startswith("b_inquiries_")]
    assert months == sorted(months) and len(months) == 6
    assert (firm["c_price_usd"] > firm["b_fob_usd"]).all() and (
        firm["b_fob_usd"] > firm["unit_cost_usd"]
    ).all()
    assert (firm["c_test_orders"] > 0).all(), "every pilot sold something"


@pytest.fixture
def course_copy(tmp_path, monkeypatch):
    """A copy of the course's datasets in which a test may edit a file by hand."""
    shutil.copytree(ROOT / "datasets", tmp_path / "datasets")
    (tmp_path / "lessons").mkdir()
    monkeypatch.setenv("CBEC_COURSE_ROOT", str(tmp_path))
    return tmp_path / "datasets"


def _edit_line(path, line_no, column, value):
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[line_no - 1].split(",")
    cells[header.index(column)] = value
    lines[line_no - 1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "column", "value", "expected"),
    [
        ("alibaba_keyword_days", "p4p_clicks", "999999", "违反规则 'p4p_clicks <= p4p_impressions'"),
        ("aliexpress_orders", "delivered_date", "2023-12-31", "违反规则 'delivered_date > order_date'"),
        ("alibaba_suppliers", "membership", "钻石会员", "'membership'"),
        ("aliexpress_listing_test", "added_to_cart", "maybe", "'added_to_cart'"),
        ("alibaba_inquiries", "order_value_usd", "1234.5", "违反规则 'order_value_usd only if ta_order'"),
        ("alibaba_listings", "visitors_90d", "99999999", "违反规则 'visitors_90d <= clicks_90d'"),
    ],
)
def test_a_hand_edited_shipped_file_is_named_with_its_column_and_line(
    course_copy, name, column, value, expected
):
    path = course_copy / f"{name}.csv"
    _edit_line(path, 5, column, value)
    with pytest.raises(data.DatasetError) as err:
        data.load(name)
    message = str(err.value)
    assert f"{name}.csv" in message and expected in message and "5:" in message


def test_a_mistyped_course_dataset_name_suggests_the_right_one():
    with pytest.raises(data.UnknownDatasetError) as err:
        data.load("alibaba_order")
    message = str(err.value)
    assert "没有名为 'alibaba_order' 的数据集" in message
    assert "你是不是想写 'alibaba_orders'" in message
    assert "aliexpress_price_test" in message  # the full list of what is available


# -- macro_cbec_detail: the market mix and the 2024 forecast, typed in from facts.md §1 ----------
def _detail():
    return data.load("macro_cbec_detail")


def test_macro_detail_holds_the_2022_mix_and_h1_2024_destinations_as_facts_md_gives_them():
    detail = _detail()
    shares = detail.dropna(subset=["share_pct"]).set_index(["year", "period", "measure", "item"])["share_pct"]
    facts = {
        (2022, "全年", "出口目的地占比"): {
            "美国": 34.3,
            "英国": 6.5,
            "德国": 4.6,
            "马来西亚": 3.9,
            "俄罗斯": 2.9,
        },
        (2022, "全年", "出口品类占比"): {"服装鞋包": 33.1, "手机等电子产品": 17.1},
        (2022, "全年", "进口来源地占比"): {"日本": 21.7, "美国": 17.9, "澳大利亚": 10.5, "法国": 7.5},
        (2024, "上半年", "出口目的地占比"): {"美国": 34.2, "英国": 8.1, "德国": 6.2, "法国": 4.5},
    }
    typed = {(*key, item): pct for key, items in facts.items() for item, pct in items.items()}
    assert shares.to_dict() == typed
    # Only the top items were published: each group stays below the whole, never padded to 100.
    assert shares.groupby(level=[0, 1, 2], observed=True).sum().lt(100).all()
    assert (detail.loc[detail["share_pct"].notna(), "confidence"] == "A").all()


def test_macro_detail_forecast_joins_the_outturn_in_macro_cbec():
    detail, macro = _detail(), data.load("macro_cbec")
    forecast = detail[detail["measure"] == "全年规模预测"]
    assert len(forecast) == 1 and forecast["trn_cny"].iloc[0] == 2.95  # facts.md §1, Xinhua (B)
    assert forecast["confidence"].iloc[0] == "B" and "新华社 2024-01-31" in forecast["source"].iloc[0]
    joined = forecast.merge(macro, on="year", validate="one_to_one")
    assert joined["first_release_trn_cny"].iloc[0] == 2.63
    # A row holds a share or an amount, never both, so the two measures cannot be added up.
    assert (detail["share_pct"].isna() != detail["trn_cny"].isna()).all()


def test_macro_detail_carries_no_guessed_address_and_says_so():
    """facts.md gives no web address for these figures: the column stays empty, and the
    datasheet says why, so nobody fills it with a plausible-looking one."""
    detail = _detail()
    assert detail["source_url"].isna().all()
    assert detail["source"].str.contains("未列出|没有列出").all()
    page = data.datasheet_path("macro_cbec_detail").read_text(encoding="utf-8")
    assert "没有网址的原因" in page and "不填猜测的网址" in page
