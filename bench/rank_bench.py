"""Ranking speed (issue 13): rank_and_grade now vs the old pairwise ranking.

Units in 8 categories with one-decimal totals (many ties); the best of a few runs for each size.
The old ranking is the reference copy kept in tests/scoring/test_ranking_speed.py.

    uv run python bench/rank_bench.py [150 600 1200 5000]
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gkdesk.records import Rubric, UnitScore
from gkdesk.scoring.engine import rank_and_grade
from tests.scoring.test_ranking_speed import old_rank_and_grade


def units(n: int) -> list[UnitScore]:
    rng = random.Random(n)
    return [
        UnitScore(f"单位{i}", f"类别{rng.randrange(8)}", (), 0.0, 0.0, round(rng.uniform(40, 105), 1), 0, "")
        for i in range(n)
    ]


def best(runs: int, job: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return min(times)


def old_into(results: list[list[UnitScore]], rubric: Rubric, scores: list[UnitScore]) -> None:
    results.append(old_rank_and_grade(rubric, scores))


def main() -> int:
    sizes = [int(a) for a in sys.argv[1:]] or [150, 600, 1200, 5000]
    rubric = Rubric("细则", ())
    print(f"{'units':>6} {'old s':>9} {'new s':>9} {'speed-up':>9}")
    for n in sizes:
        scores = units(n)
        new = best(7, partial(rank_and_grade, rubric, scores))
        results: list[list[UnitScore]] = []
        old = best(1 if n > 1000 else 3, partial(old_into, results, rubric, scores))
        assert rank_and_grade(rubric, scores) == results[0], "the rankings differ"
        print(f"{n:>6} {old:>9.4f} {new:>9.4f} {old / new:>8.0f}×", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
