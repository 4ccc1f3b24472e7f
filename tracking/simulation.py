"""Run a scenario (tracking.scenario) through the real services, day by day, and say what the
plan did. Everything happens inside one transaction that is rolled back: nothing remains.

The imaginary person lives in UTC. Each day the clock stands at 07:00 while they answer the
morning check of yesterday's session, make the day's changes in settings and open /today/
(the program extended a week ahead, a review skipped for a week answered by the rule, the
review of a block that just ended answered as the scenario says), and at 18:00 while they do
the day's session: started with the pain before, every exercise done but those marked as
hurting, finished with the pain after. The day's plan is recorded as it stood when they
opened it. The clock is moved with time-machine (one of the test tools), as the tests do.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from routines import plan_engine
from routines.easing import weekday_name
from routines.forms import TrainingProfileForm
from routines.models import (
    Equipment,
    Exercise,
    FunctionalGoal,
    FunctionalTask,
    PlannedDay,
    PlannedExercise,
    Profile,
    ProgramBlock,
)
from routines.safety import EMERGENCY, urgency
from routines.services import (
    clearance_confirm,
    engine_profile,
    functional_goals_replace,
    library_options,
    onboarding_complete,
    program_extend,
    program_rebuild,
    safety_answers_save,
)
from tracking import adaptation
from tracking.models import ResultStatus, SessionLog
from tracking.progress import (
    block_end,
    block_to_review,
    care_advice,
    goal_progress,
    logged_sessions,
    review_skipped,
)
from tracking.review import allowed_choices, earned_choice, earned_reason
from tracking.scenario import (
    Library,
    Scenario,
    ScenarioError,
    TrainingProfile,
    profile_changed,
)
from tracking.services import (
    flare_easing_catch_up,
    latest_ratings,
    morning_check_record,
    review_skip,
    review_submit,
    session_finish,
    session_start,
)

MORNING = time(7)  # the morning check, settings, opening /today/, the review
EVENING = time(18)  # the session
EFFORT = 5  # the effort every simulated session is rated
TIME_ZONE = "UTC"
# Plans are drawn with the person's id as their seed (routines.services.engine_profile): the
# imaginary person always takes this id, far above any real person's, so a scenario gives the
# same plan on every run and its output can be used to write the next scenario (a `hurt` slug).
PERSON_ID = 2_000_000_000
CLOCK_MISSING = (
    "simulate moves the clock with time-machine, one of the test tools: run it as "
    'make manage CMD="simulate SCENARIO.json", which installs them'
)
PAUSED_NOTE = "Paused: a red flag waits for a clinician's clearance, so no session is planned."
EASED_BLOCK_NOTE = (
    "An eased block: the last review chose a step easier, so every dose stays at the low end "
    "and the time left over goes to a calm cool-down."
)
Record = dict[str, Any]


class ClockUnavailable(RuntimeError):
    """time-machine is not installed (production requirements only)."""


def library_slugs() -> Library:
    """What a scenario may name: published exercises, tasks and equipment."""
    return Library(
        exercises=frozenset(Exercise.objects.published().values_list("slug", flat=True)),
        tasks=frozenset(FunctionalTask.objects.values_list("slug", flat=True)),
        equipment=frozenset(Equipment.objects.values_list("slug", flat=True)),
    )


def simulate(scenario: Scenario) -> dict[str, list[Record]]:
    """The days and events of `scenario`, run and then rolled back.

    Raises ScenarioError for a scenario that turns out wrong only on the way (a hurt
    exercise that is not in that day's session, a session logged on a rest day).
    """
    try:
        import time_machine
    except ModuleNotFoundError:
        raise ClockUnavailable(CLOCK_MISSING) from None
    with transaction.atomic():
        try:
            with time_machine.travel(_at(scenario.start, MORNING), tick=False) as clock:
                return _Simulation(scenario, clock).run()
        finally:
            transaction.set_rollback(True)


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=UTC)


class _Simulation:
    def __init__(self, scenario: Scenario, clock: Any) -> None:
        self.scenario = scenario
        self.clock = clock
        self.answers: TrainingProfile = scenario.profile  # as the settings form holds it now
        self.user: User | None = None
        self.days: list[Record] = []
        self.events: list[Record] = []
        self.eased: dict[str, str] = {}  # kind -> the easing reason its last session showed
        self.returned: set[str] = set()  # "back at an easier level" notes already told
        self.block_seen: tuple[int, int, bool, str] | None = None
        self.advised = False  # the assessment card showed when the person last opened /today/
        self.flared: set[int] = set()  # logs already told as flares
        self.hurt_ids: set[int] = set()  # exercises marked as hurting in this run
        self.plans: dict[tuple[object, ...], plan_engine.BlockPlan] = {}
        self.options: list[plan_engine.ExerciseOption] | None = None

    def run(self) -> dict[str, list[Record]]:
        if self._onboard():
            for day in self.scenario.days():
                self._live(day)
            # The last session's next-morning answer.
            after = self.scenario.last_day + timedelta(days=1)
            self._move(after, MORNING)
            self._morning_check(after)
        return {"days": self.days, "events": self.events}

    # The person's day.

    def _onboard(self) -> bool:
        start = self.scenario.start
        self.user = User(pk=PERSON_ID, username=f"simulated-{PERSON_ID}")
        self.user.set_unusable_password()
        # An insert, never an update: whoever might hold this id is left alone.
        self.user.save(force_insert=True)
        profile = safety_answers_save(user=self.user, red_flags=list(self.scenario.red_flags))
        if profile.needs_clearance:
            self._event(start, "red_flag", f"{_red_flag_advice(profile.red_flags)} No plan made.")
            return False
        self._save_profile(profile, self.answers, "profile")
        tasks = {task.slug: task for task in FunctionalTask.objects.all()}
        functional_goals_replace(
            user=self.user,
            ratings=[(tasks[slug], "", rating) for slug, rating in self.scenario.goals],
        )
        onboarding_complete(user=self.user)
        return True

    def _live(self, day: date) -> None:
        self._move(day, MORNING)
        self._reload()
        self._morning_check(day)
        notes = self._apply_changes(day)
        self._reload()
        user, profile = self.user, self.user.profile
        if profile.needs_clearance:
            self._paused(day, notes)
            return
        # /today/, as tracking.views.today opens it.
        blocks = program_extend(user=user, until=day + timedelta(days=6))
        review_due = block_to_review(blocks, day)
        if review_due is not None and review_skipped(review_due, day):
            told = review_skip(user=user, block=review_due, today=day)
            if told:
                self._event(day, "review", f"Skipped. {told}")
            review_due = None
        if review_due is not None and self.scenario.review_of(review_due.number) != "skip":
            self._review(review_due, day)
        self._care_advice(day)
        planned = PlannedDay.objects.select_related("block").get(user=user, date=day)
        since = day - timedelta(days=adaptation.WINDOW_DAYS)
        if flare_easing_catch_up(
            profile=profile,
            outcomes=logged_sessions(user, since, day).outcomes,
            day=planned,
            exercises=list(planned.exercises.all()),
        ):
            planned = PlannedDay.objects.select_related("block").get(user=user, date=day)
        record = self._record(planned, notes)
        self._move(day, EVENING)
        record["logged"] = self._train(planned)

    def _morning_check(self, today: date) -> None:
        yesterday = today - timedelta(days=1)
        answer = self.scenario.session_on(yesterday).morning_pain
        log = (
            SessionLog.objects.filter(user=self.user, date=yesterday, morning_pain__isnull=True)
            .order_by("-started_at")
            .first()
        )
        if answer is None or log is None:
            return
        self._flare(morning_check_record(log=log, pain=answer))

    def _apply_changes(self, day: date) -> list[str]:
        """Make the day's changes as the settings pages do; returns notes for the day."""
        change = self.scenario.changes.get(day)
        if change is None:
            return []
        notes = []
        if change.profile:
            self.answers = profile_changed(self.answers, change)
            profile = Profile.objects.get(user=self.user)
            form = self._save_profile(profile, self.answers, f"changes.{day}.profile")
            note = f"Settings changed: {', '.join(form.changed_data) or 'nothing'}."
            # Settings offers the rebuild, whose page needs onboarding done (not paused).
            if form.changes_plan() and profile.onboarding_step == "done":
                note += f" {program_rebuild(user=self.user)} upcoming days rebuilt."
            else:
                note += " No rebuild offered."
            notes.append(note)
        if change.red_flags is not None:
            was_paused = Profile.objects.get(user=self.user).needs_clearance
            profile = safety_answers_save(user=self.user, red_flags=list(change.red_flags))
            if profile.needs_clearance and not was_paused:
                advice = _red_flag_advice(profile.red_flags)
                self._event(day, "red_flag", f"{advice} The plan is paused.")
            elif was_paused and not profile.needs_clearance:
                self._event(day, "red_flag", "No red flag answered yes now: the plan resumes.")
        if change.cleared:
            profile = Profile.objects.get(user=self.user)
            if profile.needs_clearance:
                # As the clearance page confirms it (routines.views.onboarding_clearance).
                emergency = profile.red_flag_urgency == EMERGENCY
                clearance_confirm(user=self.user, assessed_on=day, assessed_by="A clinician")
                resumes = "restarts at its lowest step, eased" if emergency else "resumes"
                self._event(day, "red_flag", f"Assessed and cleared in person: the plan {resumes}.")
            else:
                notes.append("Cleared by a clinician, but nothing was waiting for clearance.")
        return notes

    def _review(self, block: ProgramBlock, day: date) -> None:
        """Answer the review of `block` as the scenario says, on /review/'s terms."""
        end = block_end(self.user, block)
        suggestion = earned_choice(end)
        wanted = self.scenario.review_of(block.number)
        choice = suggestion if wanted == "suggested" else wanted
        allowed = allowed_choices(suggestion)
        detail = f"Block {block.number} reviewed: {choice}."
        if choice not in allowed:
            choice = allowed[-1]
            detail = (
                f"Block {block.number} reviewed: {choice}. The scenario asked for {wanted}, a "
                f"bigger step than the block earned, so it was capped at {choice}."
            )
        goals = list(FunctionalGoal.objects.filter(user=self.user))
        latest = latest_ratings(goals)
        ratings = [
            (goal, latest[goal.pk].rating if goal.pk in latest else goal.baseline) for goal in goals
        ]
        review_submit(
            user=self.user, block=block, choice=choice, ratings=ratings, hip_answers=None, on=day
        )
        usual_pain = self.user.profile.usual_pain or 0
        reason = earned_reason(end, suggestion, usual_pain)
        self._event(day, "review", f"{detail} The rule suggested {suggestion}: {reason}")

    def _care_advice(self, day: date) -> None:
        """The assessment card, as /today/ weighs it: told when it appears (its numbers move
        from day to day while it shows)."""
        since = day - timedelta(days=adaptation.WINDOW_DAYS)
        outcomes = logged_sessions(self.user, since, day).outcomes
        advice = care_advice(self.user, day, goal_progress(self.user.profile), outcomes)
        if advice is not None and not self.advised:
            self._event(day, "referral", advice.reason)
        self.advised = advice is not None

    def _train(self, planned: PlannedDay) -> Record | None:
        day = planned.date
        session = self.scenario.session_on(day)
        named = day in self.scenario.sessions
        if not planned.is_training:
            if named and session.done:
                raise ScenarioError(
                    f"sessions.{day}: a rest day in the plan by then, with no session to log"
                )
            return None
        if not session.done:
            return None
        planned_slugs = list(
            planned.exercises.order_by("position").values_list("exercise__slug", flat=True)
        )
        for slug in session.hurt:
            if slug not in planned_slugs:
                raise ScenarioError(
                    f"sessions.{day}.hurt: {slug} is not in that day's session "
                    f"({', '.join(planned_slugs)})"
                )
        log = session_start(user=self.user, planned_day=planned, pain_before=session.pain_before)
        answers: dict[int, tuple[str, int | None]] = {}
        for result in log.results.select_related("exercise"):
            hurt = result.exercise.slug in session.hurt
            answers[result.pk] = (ResultStatus.HURT if hurt else ResultStatus.DONE, None)
            if hurt:
                self.hurt_ids.add(result.exercise_id)
        log = session_finish(
            log=log, answers=answers, pain_after=session.pain_after, effort=EFFORT, note=""
        )
        self._flare(log)
        return {
            "pain_before": session.pain_before,
            "pain_after": session.pain_after,
            "morning_pain": session.morning_pain,
            "hurt": list(session.hurt),
        }

    def _paused(self, day: date, notes: list[str]) -> None:
        session = self.scenario.session_on(day)
        if day in self.scenario.sessions and session.done:
            raise ScenarioError(
                f"sessions.{day}: the plan is paused for a red flag then, with no session to log"
            )
        self.days.append(
            {
                "date": day.isoformat(),
                "block": None,
                "week": None,
                "step": None,
                "kind": "paused",
                "exercises": [],
                "notes": [PAUSED_NOTE, *notes],
                "logged": None,
            }
        )

    # What the day looked like, and what changed.

    def _record(self, planned: PlannedDay, notes: list[str]) -> Record:
        block = planned.block
        profile = self.user.profile
        self._progression(planned.date, block)
        exercises = list(
            PlannedExercise.objects.filter(day=planned)
            .select_related("exercise")
            .order_by("position")
        )
        day_notes = []
        if planned.is_training:
            day_notes.extend([planned.note] if planned.note else [])
            day_notes.extend([EASED_BLOCK_NOTE] if block.eased else [])
            if block.step <= 0 and profile.needs_gentle_start:
                day_notes.append(_gentle_note(profile.usual_pain or 0))
            self._adaptation_events(planned, exercises)
        record: Record = {
            "date": planned.date.isoformat(),
            "block": block.number,
            "week": planned.week_number,
            "step": block.step,
            "kind": planned.kind,
            "exercises": [_exercise_record(item) for item in exercises],
            "notes": [*day_notes, *notes],
            "logged": None,
        }
        self.days.append(record)
        return record

    def _progression(self, day: date, block: ProgramBlock) -> None:
        seen = (block.number, block.step, block.eased, block.max_load)
        if seen == self.block_seen:
            return
        if self.block_seen is None or self.block_seen[0] != block.number:
            detail = f"Block {block.number} starts ({block.emphasis} emphasis) at step {block.step}"
        else:
            detail = f"Block {block.number} is planned again from today at step {block.step}"
        if block.eased:
            detail += ", eased (a step easier: doses stay at the low end)"
        if block.step <= 0 and self.user.profile.needs_gentle_start:
            detail += ", with a gentle start"
        detail += f", loads up to {block.max_load}."
        self._event(day, "progression", f"{detail} {block.reason}".strip())
        self.block_seen = seen

    def _adaptation_events(self, planned: PlannedDay, exercises: list[PlannedExercise]) -> None:
        """Easing, lifting, swaps and exercises left out, as the day's note tells them."""
        day, kind, note = planned.date, planned.kind, planned.note
        reason = _easing_reason(note)
        before = self.eased.get(kind, "")
        if reason and reason != before:
            self._event(day, "eased", f"{kind.capitalize()} session. {reason}")
        elif before and not reason:
            back = (
                adaptation.LIFTED_REASON
                if adaptation.LIFTED_REASON in note
                else "Back to the usual plan."
            )
            self._event(day, "lifted", f"{kind.capitalize()} sessions. {back}")
        self.eased[kind] = reason
        sentences = _sentences(note)
        swaps = [sentence for sentence in sentences if " swapped for " in sentence]
        if swaps:
            replaced = self._hurt_left_out(planned, exercises)
            which = f"{', '.join(replaced)} replaced. " if replaced else ""
            self._event(day, "swap", which + " ".join(swaps))
        for sentence in sentences:
            if " left out: " in sentence:
                self._event(day, "removed", sentence)
            elif " is back at an easier level: " in sentence and sentence not in self.returned:
                self.returned.add(sentence)
                self._event(day, "lifted", sentence)

    def _hurt_left_out(self, planned: PlannedDay, exercises: list[PlannedExercise]) -> list[str]:
        """Slugs of exercises marked as hurting that the plan engine, before the pain rules,
        put in this day and the day no longer holds."""
        block = planned.block
        person = engine_profile(Profile.objects.prefetch_related("equipment").get(user=self.user))
        key = (person, block.number, block.step, block.eased)
        if key not in self.plans:
            if self.options is None:
                self.options = library_options()
            self.plans[key] = plan_engine.build_block(
                person, self.options, block.number, block.step, eased=block.eased
            )
        day_plan = self.plans[key].weeks[planned.week_number - 1].days[planned.date.weekday()]
        if day_plan.kind != planned.kind:
            return []
        unadapted = {item.exercise_id for item in day_plan.prescriptions}
        held = {item.exercise_id for item in exercises}
        missing = (unadapted & self.hurt_ids) - held
        return sorted(Exercise.objects.filter(pk__in=missing).values_list("slug", flat=True))

    def _flare(self, log: SessionLog) -> None:
        """Tell a logged session that is a flare by tracking.adaptation's rule, once."""
        usual_pain = Profile.objects.get(user=self.user).usual_pain or 0
        outcome = adaptation.SessionOutcome(
            date=log.date,
            kind=log.kind,
            pain_before=log.pain_before,
            pain_after=log.pain_after,
            morning_pain=log.morning_pain,
            pain_during=log.pain_during,
        )
        if log.pk in self.flared or adaptation.classify(outcome, usual_pain) != adaptation.FLARE:
            return
        self.flared.add(log.pk)
        weekday = weekday_name(log.date)
        session = f"pain {log.pain_before}/10 before and {log.pain_after}/10 after"
        if log.morning_pain is None:
            detail = f"{weekday}'s {log.kind} session: {session}."
        else:
            detail = (
                f"The morning after {weekday}'s {log.kind} session ({session}): pain "
                f"{log.morning_pain}/10, usual {usual_pain}/10."
            )
        self._event(log.date, "flare", detail)

    # Small things.

    def _save_profile(
        self, profile: Profile, answers: TrainingProfile, where: str
    ) -> TrainingProfileForm:
        """Save the training profile through the form onboarding and settings use."""
        form = TrainingProfileForm(_form_data(answers), instance=profile)
        if not form.is_valid():
            problems = [message for errors in form.errors.values() for message in errors]
            raise ScenarioError(f"{where}: the profile form refused it: {' '.join(problems)}")
        profile = form.save(commit=False)
        profile.profile_completed_at = profile.profile_completed_at or timezone.now()
        profile.save()
        form.save_m2m()
        return form

    def _reload(self) -> None:
        # Each page reads the person afresh, with their profile (hipflex/backends.py).
        users = User.objects.select_related("profile", "care_advice")
        self.user = users.get(pk=self.user.pk)

    def _move(self, day: date, moment: time) -> None:
        self.clock.move_to(_at(day, moment))

    def _event(self, day: date, kind: str, detail: str) -> None:
        self.events.append({"date": day.isoformat(), "type": kind, "detail": detail})


def _form_data(answers: TrainingProfile) -> dict[str, object]:
    return {
        "training_days": [str(day) for day in answers.training_days],
        "session_minutes": str(answers.session_minutes),
        "equipment": list(answers.equipment),
        "experience": answers.experience,
        "usual_pain": str(answers.usual_pain),
        "time_zone": TIME_ZONE,
    }


def _exercise_record(item: PlannedExercise) -> Record:
    return {
        "slug": item.exercise.slug,
        "part": item.part,
        "difficulty": item.exercise.level,
        "load": item.exercise.load,
        "sets": item.sets,
        "amount": item.amount,
        "mode": item.mode,
        "per_side": item.per_side,
    }


def _red_flag_advice(red_flags: list[str]) -> str:
    answered = f"Red flags answered yes: {', '.join(red_flags)}."
    if urgency(red_flags) == EMERGENCY:
        return (
            f"{answered} The app tells the person to get emergency care today and holds the "
            "plan until they confirm an in-person assessment, its date and who made it."
        )
    return (
        f"{answered} The app advises seeing a clinician before exercising and holds the plan "
        "until the person confirms the assessment and its date."
    )


def _gentle_note(usual_pain: int) -> str:
    return (
        f"A gentle start: usual pain {usual_pain}/10, so easier exercises, body weight only and "
        "two sets at most, until a review earns a step up."
    )


def _easing_reason(note: str) -> str:
    """The easing part of a day's note (tracking.adaptation writes it first), or ""."""
    if not note.startswith("Eased:"):
        return ""
    for footer in (adaptation.EASED_FOOTER, adaptation.NEXT_SESSION_FOOTER):
        end = note.find(footer)
        if end >= 0:
            return note[: end + len(footer)]
    return note


def _sentences(note: str) -> list[str]:
    return [sentence for sentence in re.split(r"(?<=\.)\s+", note) if sentence]
