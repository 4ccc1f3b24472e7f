from __future__ import annotations

from datetime import date

from routines.easing import HurtMark, KindState, PlanAdaptation


def test_the_stored_adaptation_reads_back_as_it_was_decided() -> None:
    decided = PlanAdaptation(
        kinds={
            "strength": KindState(
                "strength", eased=True, reason="Eased: pain 7/10.", comfortable_streak=1
            ),
            "mobility": KindState("mobility", eased=False, reason="", comfortable_streak=3),
        },
        after_flare="Eased: Monday's pain was 7/10.",
        flare_on=date(2027, 1, 4),
        hurt={12: HurtMark(date(2027, 1, 4), comfortable_since=1)},
    )
    assert PlanAdaptation.from_json(decided.as_json()) == decided
    assert PlanAdaptation().kind("recovery") == KindState("recovery", False, "", 0)
