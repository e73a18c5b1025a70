from datetime import UTC, datetime, timedelta

from bot.delivery.state import retry_delay
from bot.reminders.model import delivery_key, next_occurrence

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def test_one_shot_reminders_do_not_repeat():
    assert next_occurrence(T0, None, T0 + HOUR) is None


def test_a_recurring_reminder_fired_on_time_comes_back_one_period_later():
    assert next_occurrence(T0, HOUR, T0) == T0 + HOUR


def test_missed_periods_are_coalesced_into_one_firing():
    # Ten periods late (the app was down): fire once, then at the next future occurrence.
    now = T0 + 10 * HOUR + timedelta(minutes=20)
    assert next_occurrence(T0, HOUR, now) == T0 + 11 * HOUR


def test_a_reminder_fired_early_keeps_its_schedule():
    assert next_occurrence(T0 + HOUR, HOUR, T0) == T0 + HOUR


def test_retries_back_off_and_stop_growing():
    delays = [retry_delay(n) for n in range(1, 12)]
    assert delays[0] == timedelta(seconds=5)
    assert delays == sorted(delays)
    assert delays[-1] == timedelta(minutes=10)


def test_each_occurrence_has_its_own_key():
    assert delivery_key(7, T0) != delivery_key(7, T0 + HOUR)
    assert delivery_key(7, T0) != delivery_key(8, T0)
