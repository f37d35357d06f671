"""The generated parts of the datasheets: each column table, and the index in datasets/README.md.

A datasheet is written by hand, except for the block between the two markers below, which is
rendered from the dataset's schema. The schema is therefore the one place where a column's
type, unit, range and meaning live, and the datasheet cannot drift from it.
"""

from __future__ import annotations

import re

BEGIN = "<!-- BEGIN GENERATED: edit the schema in tools/datagen, then run make data -->"
END = "<!-- END GENERATED -->"
_BLOCK = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)

TYPE_NAMES = {
    "string": "文本",
    "category": "类别",
    "int": "整数",
    "float": "小数",
    "bool": "布尔（True/False）",
    "date": "日期（YYYY-MM-DD）",
    "datetime": "日期时间（YYYY-MM-DD HH:MM）",
}
ONLY_IF_NOTE = (
    "`A only if B` 的意思是：A 有值（布尔列为 True）的行，B 也必须有值（布尔列为 True）。"
    "这类规则检查的正是空值。"
)


def _type_cell(spec: dict) -> str:
    parts = [TYPE_NAMES[spec["type"]]]
    low, high = spec.get("min"), spec.get("max")
    if low is not None and high is not None:
        parts.append(f"{low}—{high}")
    elif low is not None:
        parts.append(f"≥ {low}")
    elif high is not None:
        parts.append(f"≤ {high}")
    if spec.get("unique"):
        parts.append("唯一")
    if spec.get("nullable"):
        parts.append("可空")
    return "，".join(parts)


def _meaning_cell(spec: dict) -> str:
    meaning = spec["description"]
    if spec["type"] == "category" and spec.get("ordered"):
        meaning += "。有序类别，从低到高：" + " < ".join(f"`{c}`" for c in spec["categories"])
    elif spec["type"] == "category":
        meaning += "：" + "、".join(f"`{c}`" for c in spec["categories"])
    return meaning.replace("|", "\\|")


def column_table(schema: dict) -> str:
    lines = ["| 列 | 类型 | 单位 | 含义 |", "|---|---|---|---|"]
    for name, spec in schema["columns"].items():
        lines.append(f"| `{name}` | {_type_cell(spec)} | {spec.get('unit') or '–'} | {_meaning_cell(spec)} |")
    if schema.get("rules"):
        lines += ["", "每一行都满足下面的规则（`data.load` 逐行检查；空值不参与检查）：", ""]
        lines += [f"- `{rule}`" for rule in schema["rules"]]
        if any(" only if " in rule for rule in schema["rules"]):
            lines += ["", ONLY_IF_NOTE]
    return "\n".join(lines)


def index_table(schemas: list[tuple[dict, int]]) -> str:
    """One row per dataset: its name, title, row count, lessons and datasheet."""
    lines = ["| 名称 | 内容 | 行数 | 课程 | 数据说明 |", "|---|---|---|---|---|"]
    for schema, rows in schemas:
        lessons = "、".join(f"第 {int(n)} 课" for n in schema["lessons"])
        sheet = schema["datasheet"]
        lines.append(
            f"| `{schema['name']}` | {schema['title']} | {rows:,} | {lessons} | [{sheet}]({sheet}) |"
        )
    return "\n".join(lines)


def fill(text: str, block: str, where: str) -> str:
    """Replace the generated block in ``text``; a page without markers is an authoring error."""
    if len(_BLOCK.findall(text)) != 1:
        raise ValueError(f"{where} needs exactly one generated block between {BEGIN!r} and {END!r}")
    return _BLOCK.sub(lambda _: f"{BEGIN}\n{block}\n{END}", text)
