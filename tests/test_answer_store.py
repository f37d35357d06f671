import json

import pytest

from cbec.answer_store import FORMAT, AnswerStore, AnswerStoreError


@pytest.fixture
def store(tmp_path):
    return AnswerStore(tmp_path / "01_x.answers.json", "L01")


def test_an_absent_store_holds_no_answers(store):
    assert store.read() == {}
    assert not store.path.exists()


def test_answers_round_trip_in_utf8(store):
    store.save("L01.Q1", "信任与资质")
    store.save("L01.Q2", {"直播": "场"})
    raw = store.path.read_bytes().decode("utf-8")
    assert "信任与资质" in raw  # stored as readable UTF-8, not \u escapes
    assert AnswerStore(store.path, "L01").read() == {"L01.Q1": "信任与资质", "L01.Q2": {"直播": "场"}}


def test_a_save_keeps_answers_written_by_another_kernel(store):
    store.save("L01.Q1", "a")
    other = AnswerStore(store.path, "L01")
    other.save("L01.Q2", "b")
    store.save("L01.Q3", "c")
    assert store.read() == {"L01.Q1": "a", "L01.Q2": "b", "L01.Q3": "c"}


def test_writes_leave_no_temporary_files(store):
    for n in range(5):
        store.save("L01.Q1", n)
    assert [p.name for p in store.path.parent.iterdir()] == [store.path.name]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"format": "cbec-answers/1", "answers": {', "JSON 格式错误，第 1 行"),
        ('["a list"]', "不是本课程的答案文件"),
        (json.dumps({"format": FORMAT, "exercise": "L02", "answers": {}}), "属于练习 'L02'"),
        (json.dumps({"format": FORMAT, "exercise": "L01", "answers": {"L01.Q1": 3}}), "结构不对"),
    ],
)
def test_a_corrupt_store_is_reported_and_never_overwritten(store, content, reason):
    store.path.write_text(content, encoding="utf-8")
    with pytest.raises(AnswerStoreError, match=reason):
        store.read()
    with pytest.raises(AnswerStoreError, match="没有被改动"):
        store.save("L01.Q1", "a")
    assert store.path.read_text(encoding="utf-8") == content


def test_non_utf8_bytes_are_reported(store):
    store.path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(AnswerStoreError, match="UTF-8"):
        store.read()


def _save_many(path, prefix):
    store = AnswerStore(path, "L01")
    for n in range(40):
        store.save(f"L01.Q{prefix}{n:02d}", n)


def test_two_kernels_saving_at_once_lose_nothing(store):
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_save_many, args=(store.path, p)) for p in (1, 2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert len(store.read()) == 80
