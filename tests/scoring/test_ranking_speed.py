"""rank_and_grade in O(n log n) (issue 13): the same output as the old pairwise ranking, and fast."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from gkdesk.records import Grade, Rubric, UnitScore
from gkdesk.scoring.engine import d, grade_of, rank_and_grade


def old_rank_and_grade(rubric: Rubric, scores: Sequence[UnitScore]) -> list[UnitScore]:
    """The implementation before issue 13 (every unit compared with every other), the reference."""

    def group(s: UnitScore) -> str:
        return s.category if rubric.rank_by_category else ""

    ranked = []
    for s in scores:
        higher = sum(1 for o in scores if group(o) == group(s) and d(o.total) > d(s.total))
        ranked.append(replace(s, rank=higher + 1, grade=grade_of(rubric, s.total, s.veto)))
    first_seen: dict[str, int] = {}
    for i, s in enumerate(scores):
        first_seen.setdefault(group(s), i)
    position = {id(s): i for i, s in enumerate(ranked)}
    return sorted(ranked, key=lambda s: (first_seen[group(s)], s.rank, position[id(s)]))


def unit(name: str, category: str, total: float, veto: str = "", rank: int = 0) -> UnitScore:
    return UnitScore(name, category, (), 0.0, 0.0, total, rank, "", veto=veto)


# Few distinct totals and categories, so ties and shared categories are common; -0.0 and 0.0 tie.
totals = st.one_of(
    st.sampled_from([0.0, -0.0, 59.9, 60.0, 79.95, 80.0, 90.0, 100.0, 105.5, -3.0]),
    st.floats(min_value=-20, max_value=120, allow_nan=False).map(lambda x: round(x, 1)),
    st.floats(allow_nan=False, allow_infinity=True),
)
units = st.builds(
    unit,
    name=st.sampled_from(["甲", "乙", "丙", "丁", "戊"]),
    category=st.sampled_from(["", "市直部门", "县区", "中央省属"]),
    total=totals,
    veto=st.sampled_from(["", "", "", "发生重大舆情"]),
    rank=st.integers(0, 3),
)
grade_sets = st.sampled_from(
    [
        (Grade("优秀", 90), Grade("良好", 80), Grade("一般", 60), Grade("较差", 0)),
        (Grade("好", 80.05), Grade("中", 60)),
        (),
    ]
)


@settings(max_examples=400, deadline=None)
@given(
    scores=st.lists(units, max_size=30),
    by_category=st.booleans(),
    grades=grade_sets,
    veto_grade=st.sampled_from(["不合格", ""]),
)
def test_same_as_the_old_ranking(
    scores: list[UnitScore], by_category: bool, grades: tuple[Grade, ...], veto_grade: str
) -> None:
    rubric = Rubric("细则", (), grades=grades, rank_by_category=by_category, veto_grade=veto_grade)
    new = rank_and_grade(rubric, scores)
    old = old_rank_and_grade(rubric, scores)
    assert new == old
    # Equal records are indistinguishable by ==; the order must also hold for identical inputs.
    assert [(s.unit, s.category, s.total, s.veto) for s in new] == [
        (s.unit, s.category, s.total, s.veto) for s in old
    ]


def test_competition_ranking_within_categories() -> None:
    rubric = Rubric("细则", ())
    scores = [
        unit("a", "县区", 80),
        unit("b", "市直", 95),
        unit("c", "县区", 90),
        unit("d", "县区", 90),
        unit("e", "市直", 95, veto="否决"),
        unit("f", "县区", 70),
    ]
    got = [(s.unit, s.rank, s.grade) for s in rank_and_grade(rubric, scores)]
    assert got == [
        ("c", 1, "优秀"),
        ("d", 1, "优秀"),
        ("a", 3, "良好"),
        ("f", 4, "一般"),
        ("b", 1, "优秀"),
        ("e", 1, "不合格"),
    ]
    assert rank_and_grade(rubric, []) == []


def _best_times(runs: int, *jobs: Callable[[], object]) -> list[float]:
    """Each job's fastest run; the jobs take turns, so a busy spell slows all of them alike."""
    best = [float("inf")] * len(jobs)
    for _ in range(runs):
        for k, job in enumerate(jobs):
            start = time.perf_counter()
            job()
            best[k] = min(best[k], time.perf_counter() - start)
    return best


def test_1200_units_rank_close_to_a_bare_sort() -> None:
    """Measured against sorting the same totals, as the engine compares them, in this process.

    A ratio rather than an absolute bound, so a slow or busy machine does not fail it. The
    baseline compares the totals as decimals (as the ranking must); the ranking also builds 1,200
    new records. The old pairwise ranking is several thousand times the baseline here.
    """
    rng = random.Random(13)
    categories = [f"类别{k}" for k in range(8)]
    scores = [unit(f"单位{i}", rng.choice(categories), round(rng.uniform(40, 105), 1)) for i in range(1200)]
    rubric = Rubric("细则", ())
    baseline, ranking = _best_times(
        15, lambda: sorted(scores, key=lambda s: d(s.total)), lambda: rank_and_grade(rubric, scores)
    )
    assert ranking <= 20 * baseline, (ranking, baseline)
