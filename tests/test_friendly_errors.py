from cbec.data import DatasetError
from cbec.friendly_errors import explain
from cbec.paths import CourseNotFoundError


def test_each_learner_error_gets_a_chinese_explanation():
    name_error = NameError("name 'median_value' is not defined", name="median_value")
    assert "'median_value' 还没有定义" in str(explain(name_error))
    data_error = DatasetError("没有名为 'x' 的数据集。", "No dataset named 'x'.")
    assert str(explain(data_error)).endswith("没有名为 'x' 的数据集。")
    assert "No dataset" not in str(explain(data_error))
    assert "找不到课程文件" in str(explain(CourseNotFoundError("找不到课程文件夹")))
