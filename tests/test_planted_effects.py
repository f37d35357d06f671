"""Every effect planted in the synthetic data is recovered, within its stated tolerance, by the
method a lesson teaches. The true values come from the instructor's key; the estimates come
from the shipped CSV files only."""

import json
import sys
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from cbec import data

ROOT = Path(__file__).resolve().parents[1]
KEY = json.loads((ROOT / "instructor" / "planted_effects.json").read_text(encoding="utf-8"))
TRUTH = {e["id"]: e for e in KEY["effects"]}
ANSWERS = {a["id"]: a for a in KEY.get("answers", [])}
LAGS = range(7)


def _ratio(frame, by, numerator, denominator, high, low):
    sums = frame.groupby(by, observed=True)[[numerator, denominator]].sum()
    rate = sums[numerator] / sums[denominator]
    return rate[high] / rate[low]


def _bundle_lift(platform):
    buyers = data.load("buyer_profiles")
    medians = buyers[buyers["platform"] == platform].groupby("bought_bundle")["order_value_usd"].median()
    return medians[True] / medians[False]


def _weekday_daily_ratio(frame, date_col, value=None):
    weekdays = frame[frame[date_col].dt.dayofweek < 5]
    daily = weekdays.groupby([date_col, "event"], observed=True)
    per_day = daily.size() if value is None else daily[value].sum()
    by_event = per_day.groupby(level="event", observed=True).mean()
    return by_event["三月新贸节"] / by_event["无"]


def _late_gap(frame, late, outcome, scale=1.0):
    means = frame.groupby(late)[outcome].mean()
    return scale * (means[True] - means[False])


def _best_lag(panel, leader, follower, difference=False):
    """The lag k (months) at which leader, shifted by k, correlates most with follower."""
    scores = {}
    for k in LAGS:
        correlations = []
        for _, series in panel.groupby(["country", "product_line"], observed=True):
            x, y = series[leader].astype(float), series[follower].astype(float)
            if difference:
                x, y = x.diff(), y.diff()
            correlations.append(x.shift(k).corr(y))
        scores[k] = np.mean(correlations)
    return max(scores, key=scores.get)


def _elasticity(product):
    test = data.load("aliexpress_price_test")
    one = test[test["product_id"] == product]
    slope, _ = np.polyfit(np.log(one["price_usd"]), np.log(one["units_sold"]), 1)
    return slope


def _roas(channel):
    campaigns = data.load("aliexpress_campaigns")
    one = campaigns[campaigns["channel"] == channel]
    return one["revenue_usd"].sum() / one["spend_usd"].sum()


def _traffic_share(products, column="visitors_2024", role="引流款"):
    by_role = products.groupby("product_role", observed=True)[column].sum()
    return 100 * by_role[role] / by_role.sum()


def _showcase_lift():
    days = data.load("alibaba_keyword_days")
    means = days.groupby(["keyword", "showcase"], observed=True)["organic_impressions"].mean().unstack()
    return (means[True] / means[False]).mean()


def _fast_quote_lift():
    quotes = data.load("alibaba_rfq_quotes")
    fast = quotes["hours_to_quote"] <= 6
    return quotes.loc[fast, "buyer_replied"].mean() / quotes.loc[~fast, "buyer_replied"].mean()


def _ta_orders():
    orders = data.load("alibaba_orders")
    return orders.assign(late=orders["actual_ship_date"] > orders["promised_ship_date"])


def _ae_orders():
    orders = data.load("aliexpress_orders")
    return orders.assign(late=orders["actual_days"] > orders["promised_days"])


def _content_ratio():
    assets = data.load("b2b2c_content")
    assets = assets.assign(
        cost=assets["production_cost_cny"] + assets["adaptation_cost_cny"],
        views=assets["b_views"] + assets["c_views"],
    )
    return _ratio(assets, "reused", "cost", "views", True, False)


def _listing_lift():
    test = data.load("aliexpress_listing_test")
    rates = test.groupby("arm", observed=True)["added_to_cart"].mean()
    return 100 * (rates["B 场景视频主图"] - rates["A 原主图"])


def _listing_rate_ratio(listings):
    return _ratio(listings, "listing_type", "inquiries_90d", "visitors_90d", "场景化解决方案", "单品")


def _listings_with_tier():
    tiers = data.load("alibaba_suppliers")[["supplier_id", "membership"]]
    return data.load("alibaba_listings").merge(tiers, on="supplier_id", validate="many_to_one")


def _scenario_lift_within_tier():
    listings = _listings_with_tier()
    by_tier = [_listing_rate_ratio(tier) for _, tier in listings.groupby("membership", observed=True)]
    return np.mean(by_tier)


def _showcase_impression_lift():
    means = data.load("alibaba_listings").groupby("showcase")["impressions_90d"].mean()
    return means[True] / means[False]


def _fast_reply_order_lift():
    answered = data.load("alibaba_inquiries").dropna(subset=["reply_minutes"])
    fast = answered["reply_minutes"] <= 60
    return answered.loc[fast, "ta_order"].mean() / answered.loc[~fast, "ta_order"].mean()


def _timely_response_pct(chat_limit=60):
    inquiries = data.load("alibaba_inquiries")
    limit = inquiries["contact_type"].map({"询盘": 24 * 60, "即时沟通": chat_limit}).astype(float)
    return 100 * (inquiries["reply_minutes"].astype(float) <= limit).mean()


def _audited_links(method=None):
    links = data.load("b2b2c_crm_bridge")
    audited = links[links["verified"].notna()]
    return audited if method is None else audited[audited["match_method"] == method]


def _false_match_share(method=None):
    """The share of audited links (of one match method) that the hand check found false."""
    return 1 - _audited_links(method)["verified"].astype(bool).mean()


ESTIMATORS = {
    "bundle_lift_b2b": lambda: _bundle_lift("国际站"),
    "bundle_lift_b2c": lambda: _bundle_lift("速卖通"),
    "trust_verified_inquiry_lift": lambda: _ratio(
        data.load("alibaba_suppliers"), "membership", "inquiries_90d", "visitors_90d", "金品诚企", "出口通"
    ),
    "trust_video_inquiry_lift": lambda: _ratio(
        data.load("alibaba_suppliers"), "factory_video", "inquiries_90d", "visitors_90d", True, False
    ),
    "rfq_fast_quote_reply_lift": _fast_quote_lift,
    "march_expo_order_lift": lambda: _weekday_daily_ratio(data.load("alibaba_orders"), "order_date"),
    "late_shipment_claim_gap": lambda: _late_gap(_ta_orders(), "late", "claim_filed", 100),
    "showcase_organic_lift": _showcase_lift,
    "march_expo_search_lift": lambda: _weekday_daily_ratio(
        data.load("alibaba_keyword_days"), "date", "organic_impressions"
    ),
    "late_delivery_dispute_gap": lambda: _late_gap(_ae_orders(), "late", "dispute", 100),
    "late_delivery_shipping_stars_gap": lambda: _late_gap(
        _ae_orders().dropna(subset=["dsr_shipping"]), "late", "dsr_shipping"
    ),
    "traffic_share_lead_pct": lambda: _traffic_share(data.load("aliexpress_products")),
    "campaign_roas_kol": lambda: _roas("网红/KOL"),
    "campaign_roas_live": lambda: _roas("直播"),
    "campaign_roas_ztc": lambda: _roas("直通车"),
    "listing_ab_cart_lift_pp": _listing_lift,
    "price_elasticity_AE-T1": lambda: _elasticity("AE-T1"),
    "price_elasticity_AE-T2": lambda: _elasticity("AE-T2"),
    "price_elasticity_AE-T3": lambda: _elasticity("AE-T3"),
    "b2c_test_launch_lead_months": lambda: _best_lag(
        data.load("b2b2c_panel"), "b_inquiries", "c_test_launches"
    ),
    "c_to_b_wholesale_lag_months": lambda: _best_lag(
        data.load("b2b2c_panel"), "c_orders", "b_wholesale_inquiries", difference=True
    ),
    "content_reuse_cost_per_view_ratio": _content_ratio,
    "scenario_inquiry_lift_within_tier": _scenario_lift_within_tier,
    "scenario_inquiry_lift_raw": lambda: _listing_rate_ratio(data.load("alibaba_listings")),
    "listing_showcase_impression_lift": _showcase_impression_lift,
    "fast_reply_order_lift": _fast_reply_order_lift,
    "timely_response_rate_pct": _timely_response_pct,
    "crm_false_match_share_exact": lambda: _false_match_share("精确"),
    "crm_false_match_share_fuzzy": lambda: _false_match_share("模糊"),
}


def test_every_planted_effect_has_an_estimator():
    assert sorted(ESTIMATORS) == sorted(TRUTH), (
        "add an estimator here for each planted effect, and only those"
    )


@pytest.mark.parametrize("effect_id", sorted(TRUTH))
def test_planted_effect_is_recovered_within_tolerance(effect_id):
    effect = TRUTH[effect_id]
    estimate = float(ESTIMATORS[effect_id]())
    assert abs(estimate - effect["truth"]) <= effect["tolerance"], (
        f"{effect_id}: estimated {estimate:.3f}, planted {effect['truth']} ± {effect['tolerance']}"
    )


def test_the_tolerances_are_tight_enough_to_tell_effects_apart():
    """A tolerance so wide that the baseline ('no effect', or unit elasticity) would pass makes
    the test above meaningless."""
    for effect in KEY["effects"]:
        assert abs(effect["truth"] - effect["baseline"]) > effect["tolerance"], effect["id"]


def test_roas_ranks_channels_as_planted():
    ranked = sorted(["网红/KOL", "直播", "直通车"], key=_roas)
    assert ranked == ["网红/KOL", "直通车", "直播"]


def test_gsp_cost_per_click_holds_on_every_row():
    days = data.load("alibaba_keyword_days")
    has_next = days["next_bid_cny"].notna()
    formula = days["next_bid_cny"] * days["next_score"].astype(float) / days["promotion_score"] + 0.01
    expected = np.minimum(days["p4p_bid_cny"], formula).round(2)
    assert (days.loc[has_next, "p4p_cpc_cny"] - expected[has_next]).abs().max() < 0.006
    assert (days.loc[~has_next, "p4p_cpc_cny"] == 0.30).all()
    assert (days["rank_score"] - (days["p4p_bid_cny"] * days["promotion_score"]).round(2)).abs().max() < 1e-9
    assert (days.loc[days["promotion_score"] < 3, "p4p_position"] > 5).all(), (
        "under 3 stars never in the top 5"
    )


def _bootstrap_roas_interval(channel, draws=2000, level=0.95):
    campaigns = data.load("aliexpress_campaigns")
    one = campaigns[campaigns["channel"] == channel]
    revenue, spend = one["revenue_usd"].to_numpy(), one["spend_usd"].to_numpy()
    rows = np.random.default_rng(0).integers(0, len(one), (draws, len(one)))
    ratios = revenue[rows].sum(axis=1) / spend[rows].sum(axis=1)
    return np.quantile(ratios, [(1 - level) / 2, (1 + level) / 2])


def test_bootstrap_roas_intervals_cover_the_planted_values_and_keep_channels_apart():
    """The lesson gives each channel's ROAS a bootstrap interval: resample its campaigns."""
    channels = {"campaign_roas_kol": "网红/KOL", "campaign_roas_ztc": "直通车", "campaign_roas_live": "直播"}
    intervals = {key: _bootstrap_roas_interval(channel) for key, channel in channels.items()}
    for key, (low, high) in intervals.items():
        assert low <= TRUTH[key]["truth"] <= high, key
    assert all(a[1] < b[0] for a, b in pairwise(intervals.values())), "intervals overlap"


def _traffic_margin_table():
    products = data.load("aliexpress_products")
    orders = data.load("aliexpress_orders").groupby("product_id").size().rename("orders")
    table = products.join(orders, on="product_id").fillna({"orders": 0})
    return table.assign(
        traffic_share=table["visitors_2024"] / table["visitors_2024"].sum(),
        margin=1 - table["unit_cost_usd"] / table["list_price_usd"],
    )


def test_portfolio_roles_show_in_the_traffic_margin_matrix():
    table = _traffic_margin_table()
    by_role = table.groupby("product_role", observed=True)[
        ["traffic_share", "margin", "list_price_usd"]
    ].median()
    assert by_role["traffic_share"].idxmax() == "引流款"
    assert by_role["margin"].idxmin() == "引流款"
    assert by_role["list_price_usd"].idxmax() == "形象款"
    pooled = table.groupby("product_role", observed=True)[["orders", "visitors_2024"]].sum()
    conversion = pooled["orders"] / pooled["visitors_2024"]
    assert conversion.idxmin() == "形象款" and conversion.idxmax() == "引流款"
    assert (table["orders"] < table["visitors_2024"]).all(), "every product has more visitors than orders"


def test_order_share_is_not_the_traffic_share():
    """Control: counting orders instead of visitors misses the planted traffic share."""
    orders = data.load("aliexpress_orders").groupby("product_role", observed=True).size()
    effect = TRUTH["traffic_share_lead_pct"]
    assert abs(100 * orders["引流款"] / orders.sum() - effect["truth"]) > effect["tolerance"]


def test_estimators_fail_on_data_without_the_effect(monkeypatch):
    """Control: shuffle the showcase flag, and the showcase estimate falls outside its tolerance."""
    days = data.load("alibaba_keyword_days")
    shuffled = days.assign(showcase=np.random.default_rng(0).permutation(days["showcase"].to_numpy()))
    monkeypatch.setattr(data, "load", lambda name: shuffled)
    effect = TRUTH["showcase_organic_lift"]
    assert abs(_showcase_lift() - effect["truth"]) > effect["tolerance"]


def test_tier_confounds_the_raw_scenario_comparison():
    """The pooled ratio and the within-tier ratio are told apart, each by its own tolerance, and
    金品诚企 suppliers build a larger share of scenario solutions (the confounding path)."""
    raw, within = TRUTH["scenario_inquiry_lift_raw"], TRUTH["scenario_inquiry_lift_within_tier"]
    gap = _listing_rate_ratio(data.load("alibaba_listings")) - _scenario_lift_within_tier()
    assert gap > raw["tolerance"] + within["tolerance"]
    listings = _listings_with_tier()
    share = (
        (listings["listing_type"] == "场景化解决方案").groupby(listings["membership"], observed=True).mean()
    )
    assert share["金品诚企"] > 2 * share["出口通"]


def test_applying_24_hours_to_chats_misses_the_timely_rate():
    """The slip the baseline stands for: a chat answered after an hour is not timely."""
    effect = TRUTH["timely_response_rate_pct"]
    wrong = _timely_response_pct(chat_limit=24 * 60)
    assert abs(wrong - effect["baseline"]) <= effect["tolerance"]
    assert abs(wrong - effect["truth"]) > effect["tolerance"]


def test_scenario_estimator_fails_when_tiers_are_ignored_or_types_shuffled(monkeypatch):
    """Control: with listing types shuffled, neither scenario estimate lands on its planted value."""
    listings = data.load("alibaba_listings")
    rng = np.random.default_rng(0)
    shuffled = listings.assign(listing_type=rng.permutation(listings["listing_type"].to_numpy()))
    suppliers = data.load("alibaba_suppliers")
    monkeypatch.setattr(data, "load", lambda name: shuffled if name == "alibaba_listings" else suppliers)
    for effect_id, estimate in [
        ("scenario_inquiry_lift_within_tier", _scenario_lift_within_tier()),
        ("scenario_inquiry_lift_raw", _listing_rate_ratio(shuffled)),
    ]:
        assert abs(estimate - TRUTH[effect_id]["truth"]) > TRUTH[effect_id]["tolerance"], effect_id


def test_the_march_expo_order_lift_cannot_pass_for_the_us_sme_figure():
    """facts.md's +27 % measures US SME orders in one edition, not these orders: an estimate
    from the synthetic data must not land on it, or it would seem to confirm it."""
    effect = TRUTH["march_expo_order_lift"]
    assert abs(1.27 - effect["truth"]) > effect["tolerance"]
    assert abs(1.27 - _weekday_daily_ratio(data.load("alibaba_orders"), "order_date")) > effect["tolerance"]


def test_listing_lift_is_significant_and_its_bootstrap_interval_covers_the_planted_value():
    """Lesson 03's A/B method: a two-proportion z-test on the cart rate, and a bootstrap interval
    of the lift (binomial resampling of each arm) that covers the planted lift, not zero."""
    from statistics import NormalDist

    test = data.load("aliexpress_listing_test")
    counts = test.groupby("arm", observed=True)["added_to_cart"].agg(["sum", "count"])
    (x_a, n_a), (x_b, n_b) = counts.loc[["A 原主图", "B 场景视频主图"]].to_numpy(float)
    pooled = (x_a + x_b) / (n_a + n_b)
    z = (x_b / n_b - x_a / n_a) / np.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    assert 2 * (1 - NormalDist().cdf(abs(z))) < 0.001
    rng = np.random.default_rng(0)
    lift = 100 * (
        rng.binomial(int(n_b), x_b / n_b, 4000) / n_b - rng.binomial(int(n_a), x_a / n_a, 4000) / n_a
    )
    low, high = np.percentile(lift, [2.5, 97.5])
    assert 0 < low <= TRUTH["listing_ab_cart_lift_pp"]["truth"] <= high


def test_elasticities_rank_the_portfolio_roles_and_straddle_unit_elasticity():
    """Lesson 03 reads the roles' price sensitivity from the fits: 引流款 most elastic, 形象款
    inelastic, so revenue falls with price for the first two and rises for the last."""
    slopes = {pid: _elasticity(pid) for pid in ["AE-T1", "AE-T2", "AE-T3"]}
    assert slopes["AE-T1"] < slopes["AE-T2"] < -1 < slopes["AE-T3"] < 0


def _wilson_interval(successes, n, z=1.96):
    centre = (successes + z**2 / 2) / (n + z**2)
    half = z * np.sqrt(successes * (n - successes) / n + z**2 / 4) / (n + z**2)
    return centre - half, centre + half


def test_false_match_intervals_cover_the_planted_shares_and_keep_the_methods_apart():
    """Lesson 05 gives each match method's false-match share a 95 % Wilson interval from the
    audit sample: each covers its planted share, and exact matching is clearly the safer."""
    intervals = {}
    for method, effect_id in [
        ("精确", "crm_false_match_share_exact"),
        ("模糊", "crm_false_match_share_fuzzy"),
    ]:
        audited = _audited_links(method)
        false = int((~audited["verified"].astype(bool)).sum())
        intervals[method] = _wilson_interval(false, len(audited))
        low, high = intervals[method]
        assert low <= TRUTH[effect_id]["truth"] <= high, (method, low, high)
    assert intervals["精确"][1] < intervals["模糊"][0], intervals


def test_fuzzy_links_are_more_often_false_at_low_similarity():
    """The case for a stricter threshold: below 0.9 the audit finds clearly more false links."""
    fuzzy = _audited_links("模糊")
    false = ~fuzzy["verified"].astype(bool)
    by_half = false.groupby(fuzzy["match_score"] >= 0.9).mean()
    assert by_half[False] > by_half[True] + 0.15, by_half


def test_pooling_the_methods_misses_each_methods_share():
    """Control: one share for all links lands on neither planted share."""
    pooled = _false_match_share()
    for effect_id in ("crm_false_match_share_exact", "crm_false_match_share_fuzzy"):
        assert abs(pooled - TRUTH[effect_id]["truth"]) > TRUTH[effect_id]["tolerance"], effect_id


def _firm_rule():
    """The documented rule behind the design task's planted answer, from the generator itself."""
    sys.path.insert(0, str(ROOT / "tools"))
    from datagen import b2b2c_firm

    return b2b2c_firm


def _firm_table():
    firm = data.load("b2b2c_firm").set_index("product_id")
    months = firm.filter(like="b_inquiries_")
    return firm.assign(
        inquiries=months.sum(axis=1),
        growth=months.iloc[:, 3:].sum(axis=1) / months.iloc[:, :3].sum(axis=1),
        conversion=firm["c_test_orders"] / firm["c_test_visitors"],
        margin=(firm["c_price_usd"] - firm["unit_cost_usd"] - firm["c_fulfilment_usd"]) / firm["c_price_usd"],
    )


def _answer_ids(answer_id):
    return sorted(item.split()[0] for item in ANSWERS[answer_id]["answer"])


def test_the_design_tasks_rule_picks_the_planted_products():
    rule, firm = _firm_rule(), _firm_table()
    picked = firm[
        (firm["growth"] >= rule.MIN_GROWTH)
        & (firm["conversion"] >= rule.MIN_CONVERSION)
        & (firm["c_test_visitors"] >= rule.MIN_VISITORS)
        & (firm["margin"] > rule.MIN_C_MARGIN)
    ]
    assert sorted(picked.index) == _answer_ids("firm_test_first_on_c")


def test_the_design_tasks_traps_each_fail_the_rule_on_one_count():
    rule, firm = _firm_rule(), _firm_table()
    volume = firm.loc[rule.TRAP_MARGIN]
    assert firm["inquiries"].idxmax() == rule.TRAP_MARGIN
    assert volume["growth"] >= rule.MIN_GROWTH and volume["conversion"] >= rule.MIN_CONVERSION
    assert volume["margin"] < 0, "each retail unit loses money once fulfilment is paid"
    tiny = firm.loc[rule.TRAP_SMALL_SAMPLE]
    assert firm["conversion"].idxmax() == rule.TRAP_SMALL_SAMPLE
    assert tiny["c_test_visitors"] < rule.MIN_VISITORS and tiny["growth"] < 1


def test_one_criterion_alone_gives_the_wrong_products():
    """Control: ranking by inquiries or by pilot conversion alone misses the planted answer."""
    firm, answer = _firm_table(), _answer_ids("firm_test_first_on_c")
    for column in ("inquiries", "growth", "conversion", "margin"):
        assert sorted(firm[column].nlargest(2).index) != answer, column
