"""POST /_fake/<action>: steering a fake that runs in another process (see __main__)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.fake_slack.fake import FakeSlack

FAULT_KINDS = ("fail_next", "rate_limit_next", "server_error_next", "set_delay")


def control(fake: FakeSlack, action: str, spec: dict[str, Any]) -> dict[str, Any]:
    """Run one steering action; raises ValueError/KeyError on a bad request (answered 400)."""
    answer: dict[str, Any] = {"ok": True}
    if action == "fault":
        kind = spec.pop("kind")
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; one of {FAULT_KINDS}")
        if kind == "set_delay":
            fake.set_delay(
                float(spec["seconds"]), spec.get("method"), after=bool(spec.get("after"))
            )
        else:
            getattr(fake, kind)(spec.pop("method"), **spec)
    elif action == "reset":
        fake.reset(drop_channels=bool(spec.get("drop_channels")))
    elif action == "post_rate":
        fake.enforce_post_rate(float(spec.get("per_channel_per_second", 1.0)))
    elif action == "expire_trigger":
        fake.expire_trigger(str(spec["trigger_id"]))
    elif action == "user":
        fake.add_user(str(spec["id"]), str(spec["name"]), str(spec.get("tz", "America/New_York")))
    elif action == "channel":
        members = [str(m) for m in spec.get("members", [])]
        answer["id"] = fake.create_channel(str(spec["name"]), members, bool(spec.get("is_private")))
    else:
        raise KeyError(f"unknown control action {action!r}")
    return answer
