"""Working time on whole seconds since the epoch, for generating millions of dossiers quickly.

`WorkingCalendar.add_working_time` costs 20–30 µs a call; the generator needs a few per dossier. This
table holds the same sessions (taken from the calendar day by day, holidays and adjustments included)
as sorted integer arrays, so adding working time is two bisections. The same boundary rules as the
calendar: the clock starts at the next session start; a result on a session boundary is the end of
that session; the session a due belongs to is the last one started at or before it.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable

UTC = dt.UTC


class WorkTable:
    """Working sessions between two days as epoch seconds (UTC)."""

    def __init__(self, sessions: Iterable[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.before: list[int] = []  # working seconds before each session
        self.until: list[int] = []  # working seconds at each session's end
        worked = 0
        for start, end in sorted(sessions):
            self.starts.append(start)
            self.ends.append(end)
            self.before.append(worked)
            worked += end - start
            self.until.append(worked)
        if not self.starts:
            raise ValueError("a work table needs at least one session")

    @classmethod
    def from_calendar(
        cls, sessions_on: Callable[[dt.date], Iterable[object]], first: dt.date, last: dt.date, tz: dt.tzinfo
    ) -> WorkTable:
        """Sessions of every day from ``first`` to ``last`` (``sessions_on(day)`` gives objects with
        ``start`` and ``end`` times of day, local to ``tz``)."""
        found = []
        day = first
        while day <= last:
            for session in sessions_on(day):
                start = dt.datetime.combine(day, session.start, tzinfo=tz)  # type: ignore[attr-defined]
                end = dt.datetime.combine(day, session.end, tzinfo=tz)  # type: ignore[attr-defined]
                found.append((int(start.timestamp()), int(end.timestamp())))
            day += dt.timedelta(days=1)
        return cls(found)

    def is_working(self, moment: int) -> bool:
        i = bisect.bisect_right(self.starts, moment) - 1
        return i >= 0 and moment < self.ends[i]

    def next_start(self, moment: int) -> int:
        """``moment`` when it is working time, else the start of the next session."""
        i = bisect.bisect_right(self.starts, moment) - 1
        if i >= 0 and moment < self.ends[i]:
            return moment
        if i + 1 >= len(self.starts):
            raise ValueError("moment after the last session of the table")
        return self.starts[i + 1]

    def worked(self, moment: int) -> int:
        """Working seconds of the table before ``moment``."""
        i = bisect.bisect_right(self.starts, moment) - 1
        if i < 0:
            return 0
        if moment < self.ends[i]:
            return self.before[i] + moment - self.starts[i]
        return self.until[i]

    def moment_of(self, worked: int) -> int:
        """The moment when ``worked`` working seconds are reached (a session's end on a boundary)."""
        j = bisect.bisect_left(self.until, worked)
        if j >= len(self.starts):
            raise ValueError("beyond the last session of the table")
        return self.starts[j] + worked - self.before[j]

    def add(self, start: int, seconds: int) -> int:
        """``seconds`` of working time after ``start`` (`WorkingCalendar.add_working_time`)."""
        if seconds <= 0:
            return self.next_start(start)
        return self.moment_of(self.worked(start) + seconds)

    def session_start_of(self, due: int) -> int:
        """The start of the session ``due`` belongs to (`timeliness.due_session_start`)."""
        i = bisect.bisect_right(self.starts, due) - 1
        return self.starts[i] if i >= 0 else due

    def random_working_moment(self, worked: float) -> int:
        """The moment at a fraction-free position ``worked`` (seconds) of the table's working time."""
        return self.moment_of(max(1, int(worked)))

    @property
    def total(self) -> int:
        return self.until[-1]
