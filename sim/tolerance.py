"""The model's tolerances, in one place, each with why it has the value it has.

Times are floats in hours and stocks, persons and shares are floats too; comparisons that
must treat "the same" as the same use these, never a literal of their own.
"""

SAME_MOMENT_H = 1e-6
"""Two times closer than this (h, 3.6 ms) are the same moment. The event log and the session
store keep times to 1e-6 h (``round(t, 6)``), so this is the finest difference a logged time
can show; a person secured at the deadline plus this is still in time, an action logged at
a deadline is on time, and a planned stock-out lands within it of its computed moment."""

STEP_PAST_H = 1e-9
"""How far past an event's time (h) the exercise runner stops the clock so that everything due
at that time has happened. Far below SAME_MOMENT_H (a thousandth of it), so the moment the
clock stops at is still the same moment as the event for every comparison in the model and
the scoring, yet above the rounding of times up to a few thousand hours (about 1e-12 h)."""

ROUNDING_H = 1e-9
"""Two times closer than this (h) differ by floating-point rounding only: a grid built by
stepping (``np.arange``), a clock compared with the grid point it stands on. Far above the
rounding of times of a few thousand hours (about 1e-12 h), far below SAME_MOMENT_H."""

BEND_H = 1e-12
"""A stock's people who finish their first ration within this (h) of now start drawing now:
the rounding of ``t + first_ration / per_hour`` at run times, far below STEP_PAST_H."""

NOTHING = 1e-9
"""A count of persons or units, or a share, below this is zero: what splitting cohorts and
stocks into fractions leaves behind (persons are whole, so this is no one)."""

RISE = 1e-6
"""A hazard value (m or m/s) higher than everything before it by less than this is level, not
still rising: the hazard grid's interpolation noise, far below any threshold (0.15 m, 17.2 m/s)."""

SAME_KPI = 1e-6
"""Two values of a KPI (persons, person-hours) closer than this are the same when the team's run
is compared with the plan's: a team acting at the same moment as the plan (within
SAME_MOMENT_H) moves a sum of person-hours by about that much, and no more."""
