"""One CRM for the B2B2C firm (hypothetical): its 国际站 accounts and a bridge to 速卖通 customers.

No key is shared by the two platforms, so the bridge is what a documented match rule produced:
an exact match on a hashed e-mail or phone number where the consumer consented, otherwise a fuzzy
match on normalised name + country kept above a similarity threshold. Some links are wrong, more
often for fuzzy ones; a random audit sample says which, so learners can estimate the share.

The C side is the 速卖通 store of lesson 03 (``aliexpress_customers`` / ``aliexpress_orders``),
taken as this firm's store; its repeat buyers are the loyal customers a link may point at.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from datagen import aliexpress_shop
from datagen.bridge import LINES
from datagen.common import Dataset, Planted, category, col, ids, pick, stream

# Countries where the firm sells on both sides: the panel's countries that the store also serves.
COUNTRY_SHARES = {
    "美国": 0.22,
    "英国": 0.14,
    "德国": 0.12,
    "法国": 0.13,
    "西班牙": 0.15,
    "波兰": 0.12,
    "巴西": 0.12,
}
COUNTRIES = list(COUNTRY_SHARES)
BUYER_TYPES = {"批发商": 0.40, "零售商": 0.35, "品牌商": 0.15, "工程/项目商": 0.10}
N_ACCOUNTS = 1000
WHOLESALE_MEDIAN_USD, WHOLESALE_SIGMA = 30_000.0, 1.1
VALUE_BANDS = ["小（<1 万美元）", "中（1—5 万美元）", "大（5—20 万美元）", "重点（≥20 万美元）"]
BAND_EDGES_USD = [0, 10_000, 50_000, 200_000, np.inf]
ORDER_SIZE_MEDIAN_USD = 6_000.0
LOYAL_MIN_ORDERS = 2  # a repeat buyer in 2024, as lesson 03 counts them; followers count too

# Candidate links per account (0 = never found on the C side): some accounts' staff or owners
# each buy from the store, so one account may link to several customers.
LINKS_PER_ACCOUNT = {0: 0.30, 1: 0.40, 2: 0.17, 3: 0.09, 4: 0.04}
CONSENT_SHARE = 0.55  # the customer agreed to link accounts; only then are hashes collected
EXACT_HIT_SHARE = 0.80  # consented customers whose hashed e-mail or phone was found on the B side
EMAIL_SHARE = 0.6  # of exact matches, on e-mail rather than phone
FUZZY_THRESHOLD = 0.80  # similarity of normalised names; fuzzy candidates below it are dropped
FUZZY_MAX_SCORE = 0.999
# Planted: the share of false links. Exact ones fail when an e-mail or phone is shared (a family,
# a shop's front desk); fuzzy ones fall linearly from 50 % at the threshold to 10 % at 1.0, so
# 30 % on average over scores uniform on [0.80, 1.00).
FALSE_EXACT = 0.03
FALSE_FUZZY_AT_THRESHOLD, FALSE_FUZZY_AT_ONE = 0.50, 0.10
FALSE_FUZZY_MEAN = (FALSE_FUZZY_AT_THRESHOLD + FALSE_FUZZY_AT_ONE) / 2
# A false link often points at a customer who is truly linked to another account (similar names).
FALSE_TO_LINKED_SHARE = 0.5
AUDIT_SHARE = 0.20  # simple random sample of links checked by hand


def accounts() -> pd.DataFrame:
    rng = stream("b2b2c_b_accounts")
    n = N_ACCOUNTS
    value = WHOLESALE_MEDIAN_USD * rng.lognormal(0, WHOLESALE_SIGMA, n)
    orders = np.maximum(1, rng.poisson(value / ORDER_SIZE_MEDIAN_USD))
    return pd.DataFrame(
        {
            "account_id": ids("BA", n, width=3),
            "country": pick(rng, COUNTRY_SHARES, n),
            "buyer_type": pick(rng, BUYER_TYPES, n),
            "main_product_line": rng.choice(LINES, n),
            "wholesale_orders_2024": orders,
            "wholesale_usd_2024": value.round(2),
            "value_band": pd.cut(value, BAND_EDGES_USD, right=False, labels=VALUE_BANDS).astype(str),
        }
    )


def loyal_customers() -> pd.DataFrame:
    """The store's repeat buyers and followers in the firm's countries: whom a link may point at."""
    counts = aliexpress_shop.orders().groupby("customer_id").size()
    customers = aliexpress_shop.customers()
    loyal = (customers["customer_id"].map(counts) >= LOYAL_MIN_ORDERS) | customers["follows_store"]
    return customers[loyal & customers["country"].isin(COUNTRIES)].reset_index(drop=True)


def _candidates(rng: np.random.Generator, b: pd.DataFrame) -> pd.DataFrame:
    """One row per candidate link, before choosing whom it points at."""
    k = pick(rng, {str(n): p for n, p in LINKS_PER_ACCOUNT.items()}, len(b)).astype(int)
    rows = b.loc[b.index.repeat(k), ["account_id", "country"]].reset_index(drop=True)
    n = len(rows)
    consent = rng.random(n) < CONSENT_SHARE
    exact = consent & (rng.random(n) < EXACT_HIT_SHARE)
    # Rounding could lift a fuzzy score to 1, which the bridge reserves for exact matches.
    fuzzy_score = np.minimum(rng.uniform(FUZZY_THRESHOLD, 1.0, n).round(3), FUZZY_MAX_SCORE)
    score = np.where(exact, 1.0, fuzzy_score)
    slope = (FALSE_FUZZY_AT_ONE - FALSE_FUZZY_AT_THRESHOLD) / (1 - FUZZY_THRESHOLD)
    p_false = np.where(exact, FALSE_EXACT, FALSE_FUZZY_AT_THRESHOLD + slope * (score - FUZZY_THRESHOLD))
    key = np.where(exact, np.where(rng.random(n) < EMAIL_SHARE, "邮箱", "手机号"), "名称+国家")
    return rows.assign(
        match_method=np.where(exact, "精确", "模糊"),
        match_key=key,
        match_score=score,
        consent=consent,
        false_link=rng.random(n) < p_false,
    )


def _point_at(rng: np.random.Generator, links: pd.DataFrame, loyal: pd.DataFrame) -> np.ndarray:
    """Each true link takes a fresh customer of its country; a false one a wrong customer there."""
    everyone = {c: g["customer_id"].to_numpy() for c, g in loyal.groupby("country", observed=True)}
    pools = {c: list(rng.permutation(v)) for c, v in everyone.items()}
    linked: dict[str, list[str]] = {c: [] for c in COUNTRIES}
    chosen = np.empty(len(links), dtype=object)
    for i in np.flatnonzero(~links["false_link"].to_numpy()):
        country = links.at[i, "country"]
        chosen[i] = pools[country].pop()
        linked[country].append(chosen[i])
    for i in np.flatnonzero(links["false_link"].to_numpy()):
        country, account = links.at[i, "country"], links.at[i, "account_id"]
        own = set(chosen[(links["account_id"] == account).to_numpy() & (chosen != None)])  # noqa: E711
        others = [c for c in linked[country] if c not in own]
        if not (others and rng.random() < FALSE_TO_LINKED_SHARE):
            others = [c for c in everyone[country] if c not in own]
        chosen[i] = rng.choice(others)
    return chosen


def bridge_with_truth() -> pd.DataFrame:
    """The bridge plus its hidden ``false_link`` column (instructor and tests only)."""
    rng = stream("b2b2c_crm_bridge")
    links = _candidates(rng, accounts())
    links = links.assign(customer_id=_point_at(rng, links, loyal_customers()))
    audited = rng.random(len(links)) < AUDIT_SHARE
    verified = pd.array(np.where(audited, ~links["false_link"], pd.NA), dtype="boolean")
    return links.assign(link_id=ids("LK", len(links)), verified=verified)


def bridge() -> pd.DataFrame:
    return bridge_with_truth()[list(BRIDGE_SCHEMA["columns"])]


ACCOUNT_SCHEMA = {
    "name": "b2b2c_b_accounts",
    "file": "b2b2c_b_accounts.csv",
    "title": "假想企业的国际站买家账户（B 端客户），统一 CRM 用（假想数据，仅供教学）",
    "synthetic": True,
    "hypothetical": True,
    "datasheet": "b2b2c_b_accounts.md",
    "lessons": ["05"],
    "columns": {
        "account_id": col("string", "国际站买家账户编号", unique=True),
        "country": category(COUNTRIES, "买家所在国家"),
        "buyer_type": category(list(BUYER_TYPES), "买家类型"),
        "main_product_line": category(LINES, "采购最多的产品线"),
        "wholesale_orders_2024": col("int", "2024 年的批发订单数", "单", min=1),
        "wholesale_usd_2024": col("float", "2024 年的批发采购额", "USD", min=0),
        "value_band": category(VALUE_BANDS, "按 2024 年批发采购额分的客户等级", ordered=True),
    },
}

BRIDGE_SCHEMA = {
    "name": "b2b2c_crm_bridge",
    "file": "b2b2c_crm_bridge.csv",
    "title": "统一 CRM 的桥接表：国际站买家账户 ↔ 速卖通忠诚顾客（假想数据，仅供教学）",
    "synthetic": True,
    "hypothetical": True,
    "datasheet": "b2b2c_crm_bridge.md",
    "lessons": ["05"],
    "columns": {
        "link_id": col("string", "链接编号", unique=True),
        "account_id": col("string", "国际站买家账户，对应 b2b2c_b_accounts 的 account_id"),
        "customer_id": col("string", "速卖通顾客，对应 aliexpress_customers 的 customer_id"),
        "match_method": category(
            ["精确", "模糊"], "匹配方法（精确为哈希值完全相同，模糊为名称相似度达到阈值）"
        ),
        "match_key": category(["邮箱", "手机号", "名称+国家"], "匹配依据"),
        "match_score": col("float", "相似度；精确匹配为 1", min=FUZZY_THRESHOLD, max=1.0),
        "consent": col("bool", "顾客是否同意把两个平台的账户关联起来"),
        "verified": col(
            "bool", "人工核对结果：True 为确认是同一买家，False 为错配；没有抽中核对为空", nullable=True
        ),
    },
}

PLANTED = (
    Planted(
        "crm_false_match_share_exact",
        "b2b2c_crm_bridge",
        "精确匹配（邮箱或手机号哈希）链接中错配的比例",
        FALSE_EXACT,
        0.04,
        "只取 verified 非空（抽查过）的行；match_method == '精确' 的行里 verified == False 的比例；"
        "用 Wilson 或正态近似给出 95% 置信区间",
        ("05",),
        baseline=FALSE_FUZZY_MEAN,
    ),
    Planted(
        "crm_false_match_share_fuzzy",
        "b2b2c_crm_bridge",
        "模糊匹配（名称 + 国家，相似度 ≥ 0.80）链接中错配的比例",
        FALSE_FUZZY_MEAN,
        0.08,
        "只取 verified 非空（抽查过）的行；match_method == '模糊' 的行里 verified == False 的比例；"
        "相似度越高错配越少（设定为从阈值处 50% 线性降到 1.0 处 10%）",
        ("05",),
        baseline=0.0,
    ),
)

DATASETS = (
    Dataset(ACCOUNT_SCHEMA, accounts),
    Dataset(BRIDGE_SCHEMA, bridge, PLANTED),
)
