"""The fake Slack Web API, driven by the real slack_sdk WebClient: each rule can fail."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from tests.fake_slack import FakeSlack

TRIGGER = "1111.2222.abc"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as running:
        yield running


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token=fake.token, base_url=fake.base_url)


def error_of(call: Any, *args: Any, **kwargs: Any) -> SlackApiError:
    with pytest.raises(SlackApiError) as raised:
        call(*args, **kwargs)
    return raised.value


def code(call: Any, *args: Any, **kwargs: Any) -> str:
    return str(error_of(call, *args, **kwargs).response["error"])


def section(text: str = "hi", **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def modal(title: str = "Declare", blocks: list[dict[str, Any]] | None = None, **extra: Any):
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": title},
        "blocks": blocks if blocks is not None else [section()],
        **extra,
    }


def new_channel(client: WebClient, name: str = "crisis-1") -> str:
    return str(client.conversations_create(name=name)["channel"]["id"])


# -- auth and dispatch ---------------------------------------------------------------------------
def test_auth_test_names_the_bot(client: WebClient) -> None:
    answer = client.auth_test()
    assert (answer["user_id"], answer["bot_id"], answer["team_id"]) == ("UBOT", "BBOT", "T0001")
    assert answer["url"] and answer["team"] and answer["user"]


def test_missing_or_wrong_token(fake: FakeSlack) -> None:
    assert code(WebClient(base_url=fake.base_url).auth_test) == "not_authed"
    assert code(WebClient(token="xoxb-nope", base_url=fake.base_url).auth_test) == "invalid_auth"
    answer = WebClient(base_url=fake.base_url).api_call("auth.test", params={"token": fake.token})
    assert answer["ok"]


def test_unknown_method(client: WebClient) -> None:
    assert code(client.api_call, "chat.postMessagez") == "unknown_method"


# -- conversations -------------------------------------------------------------------------------
def test_create_makes_the_bot_a_member(client: WebClient, fake: FakeSlack) -> None:
    channel_id = new_channel(client, "inc-42_db")
    channel = fake.channel(channel_id)
    assert channel_id.startswith("C") and channel.members == {"UBOT"}
    assert channel.created_by == "UBOT" and fake.channel_by_name("inc-42_db") is channel
    private = client.conversations_create(name="secret", is_private=True)["channel"]["id"]
    assert fake.channel(private).is_private


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("Crisis", "invalid_name_specials"),
        ("crisis room", "invalid_name_specials"),
        ("crisis.1", "invalid_name_specials"),
        ("x" * 81, "invalid_name_maxlength"),
        ("", "invalid_name_required"),
        ("--_", "invalid_name_punctuation"),
    ],
)
def test_channel_name_rules(client: WebClient, name: str, error: str) -> None:
    assert code(client.conversations_create, name=name) == error


def test_name_taken_even_when_archived(client: WebClient, fake: FakeSlack) -> None:
    fake.create_channel("general")
    assert code(client.conversations_create, name="general") == "name_taken"
    client.conversations_archive(channel=new_channel(client, "old"))
    assert code(client.conversations_create, name="old") == "name_taken"
    assert client.conversations_create(name="x" * 80)["ok"]


def test_invite_limits_and_errors(client: WebClient, fake: FakeSlack) -> None:
    channel = new_channel(client)
    many = [f"U9{n:04d}" for n in range(101)]
    for user in many:
        fake.add_user(user, user)
    assert code(client.conversations_invite, channel=channel, users=many) == "too_many_users"
    assert client.conversations_invite(channel=channel, users=many[:100])["ok"]
    assert code(client.conversations_invite, channel=channel, users="UBOT") == "cant_invite_self"
    assert code(client.conversations_invite, channel=channel, users="UNOPE") == "user_not_found"
    failed = error_of(client.conversations_invite, channel=channel, users=["U90000", "U001"])
    assert failed.response["error"] == "already_in_channel"
    assert "U001" not in fake.channel(channel).members  # nothing happens without force


def test_invite_force_invites_the_others(client: WebClient, fake: FakeSlack) -> None:
    channel = new_channel(client)
    client.conversations_invite(channel=channel, users="U001")
    answer = client.conversations_invite(channel=channel, users="U001,U002,UBOT", force=True)
    assert answer["ok"]
    assert {e["user"]: e["error"] for e in answer["errors"]} == {
        "U001": "already_in_channel",
        "UBOT": "cant_invite_self",
    }
    assert fake.channel(channel).members == {"UBOT", "U001", "U002"}


def test_invite_needs_membership_and_a_live_channel(client: WebClient, fake: FakeSlack) -> None:
    outside = fake.create_channel("elsewhere", members=("U001",))
    assert code(client.conversations_invite, channel=outside, users="U002") == "not_in_channel"
    hidden = fake.create_channel("hidden", members=("U001",), is_private=True)
    assert code(client.conversations_invite, channel=hidden, users="U002") == "channel_not_found"
    channel = new_channel(client)
    client.conversations_archive(channel=channel)
    assert code(client.conversations_invite, channel=channel, users="U002") == "is_archived"
    assert code(client.conversations_archive, channel=channel) == "already_archived"


def test_topic_and_purpose_at_most_250(client: WebClient, fake: FakeSlack) -> None:
    channel = new_channel(client)
    assert client.conversations_setTopic(channel=channel, topic="t" * 250)["ok"]
    assert code(client.conversations_setTopic, channel=channel, topic="t" * 251) == "too_long"
    assert code(client.conversations_setPurpose, channel=channel, purpose="p" * 251) == "too_long"
    client.conversations_setPurpose(channel=channel, purpose="Customers first")
    assert (fake.channel(channel).topic, fake.channel(channel).purpose) == (
        "t" * 250,
        "Customers first",
    )


def test_info_members_join(client: WebClient, fake: FakeSlack) -> None:
    public = fake.create_channel("lobby", members=("U001",))
    assert client.conversations_info(channel=public)["channel"]["name"] == "lobby"
    assert code(client.conversations_history, channel=public) == "not_in_channel"
    client.conversations_join(channel=public)
    assert client.conversations_members(channel=public)["members"] == ["U001", "UBOT"]
    assert code(client.conversations_info, channel="C404") == "channel_not_found"


# -- messages ------------------------------------------------------------------------------------
@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_post_message_rules(client: WebClient, fake: FakeSlack) -> None:
    channel = new_channel(client)
    answer = client.chat_postMessage(channel=channel, text="Declared", blocks=[section()])
    [message] = fake.messages(channel)
    assert (message.ts, message.text, message.user) == (answer["ts"], "Declared", "UBOT")
    assert code(client.chat_postMessage, channel=channel) == "no_text"
    assert code(client.chat_postMessage, channel=channel, text="x" * 40001) == "msg_too_long"
    assert code(client.chat_postMessage, channel="C404", text="hi") == "channel_not_found"
    outside = fake.create_channel("elsewhere")
    assert code(client.chat_postMessage, channel=outside, text="hi") == "not_in_channel"
    client.conversations_archive(channel=channel)
    assert code(client.chat_postMessage, channel=channel, text="hi") == "is_archived"


def test_timestamps_unique_and_increasing(client: WebClient, fake: FakeSlack) -> None:
    channel = new_channel(client)
    stamps = [client.chat_postMessage(channel=channel, text=str(n))["ts"] for n in range(20)]
    assert stamps == sorted(stamps, key=float) and len(set(stamps)) == 20


def test_dm_by_user_id_and_by_conversations_open(client: WebClient, fake: FakeSlack) -> None:
    posted = client.chat_postMessage(channel="U003", text="Your reminder")
    opened = client.conversations_open(users="U003")["channel"]["id"]
    assert opened == posted["channel"] and opened.startswith("D")
    client.chat_postMessage(channel=opened, text="Again")
    assert [m.text for m in fake.dms("U003")] == ["Your reminder", "Again"]
    assert code(client.conversations_open, users="UNOPE") == "user_not_found"


def test_ephemeral_needs_the_user_in_the_channel(client: WebClient, fake: FakeSlack) -> None:
    channel = new_channel(client)
    assert code(client.chat_postEphemeral, channel=channel, user="U001", text="psst") == (
        "user_not_in_channel"
    )
    client.conversations_invite(channel=channel, users="U001")
    client.chat_postEphemeral(channel=channel, user="U001", text="psst")
    [seen] = fake.ephemerals(channel)
    assert (seen.user, seen.text) == ("U001", "psst") and fake.messages(channel) == []


def test_update_and_delete(client: WebClient, fake: FakeSlack) -> None:
    channel = new_channel(client)
    ts = client.chat_postMessage(channel=channel, text="v1", blocks=[section("v1")])["ts"]
    client.chat_update(channel=channel, ts=ts, text="v2")
    [message] = fake.messages(channel)
    assert (message.text, message.edits, message.blocks) == ("v2", 1, [section("v1")])
    assert code(client.chat_update, channel=channel, ts="1.000001", text="x") == (
        "message_not_found"
    )
    theirs = fake.add_message(channel, "U001", "mine")
    assert code(client.chat_update, channel=channel, ts=theirs, text="x") == "cant_update_message"
    assert code(client.chat_delete, channel=channel, ts=theirs) == "cant_delete_message"
    client.chat_delete(channel=channel, ts=ts)
    assert [m.text for m in fake.messages(channel)] == ["mine"]


def test_permalink(client: WebClient) -> None:
    channel = new_channel(client)
    ts = client.chat_postMessage(channel=channel, text="hi")["ts"]
    link = client.chat_getPermalink(channel=channel, message_ts=ts)["permalink"]
    assert link.endswith(f"/archives/{channel}/p{ts.replace('.', '')}")


def test_schedule_message_window(client: WebClient, fake: FakeSlack) -> None:
    channel = new_channel(client)
    now = int(time.time())
    assert code(client.chat_scheduleMessage, channel=channel, post_at=now - 5, text="x") == (
        "time_in_past"
    )
    too_far = now + 121 * 86400
    assert code(client.chat_scheduleMessage, channel=channel, post_at=too_far, text="x") == (
        "time_too_far"
    )
    answer = client.chat_scheduleMessage(channel=channel, post_at=now + 3600, text="later")
    assert [s.id for s in fake.scheduled(channel)] == [answer["scheduled_message_id"]]


def test_history_newest_first_with_metadata(client: WebClient, fake: FakeSlack) -> None:
    channel = new_channel(client)
    stamps = []
    for n in range(3):
        metadata = {"event_type": "reminder", "event_payload": {"n": n}}
        stamps.append(
            client.chat_postMessage(channel=channel, text=f"m{n}", metadata=metadata)["ts"]
        )
    client.chat_postMessage(channel=channel, text="reply", thread_ts=stamps[0])
    found = client.conversations_history(channel=channel, include_all_metadata=True)["messages"]
    assert [m["text"] for m in found] == ["m2", "m1", "m0"]  # thread replies stay in the thread
    assert found[0]["metadata"] == {"event_type": "reminder", "event_payload": {"n": 2}}
    plain = client.conversations_history(channel=channel)["messages"]
    assert all("metadata" not in m for m in plain)
    window = client.conversations_history(channel=channel, oldest=stamps[0], latest=stamps[2])
    assert [m["text"] for m in window["messages"]] == ["m1"]
    limited = client.conversations_history(channel=channel, limit=2)
    assert limited["has_more"] and len(limited["messages"]) == 2
    bad = {"event_type": "x"}
    assert code(client.chat_postMessage, channel=channel, text="x", metadata=bad) == (
        "invalid_metadata_schema"
    )


def test_post_rate_throttle(client: WebClient, fake: FakeSlack) -> None:
    first, second = new_channel(client, "a"), new_channel(client, "b")
    client.chat_postMessage(channel=first, text="1")
    client.chat_postMessage(channel=first, text="2")  # off by default
    fake.enforce_post_rate(per_channel_per_second=1)
    client.chat_postMessage(channel=first, text="3")
    failed = error_of(client.chat_postMessage, channel=first, text="4")
    assert failed.response.status_code == 429 and failed.response.headers["Retry-After"] == "1"
    assert client.chat_postMessage(channel=second, text="other channel")["ok"]


# -- pins, bookmarks, users ----------------------------------------------------------------------
def test_pins(client: WebClient, fake: FakeSlack) -> None:
    channel = new_channel(client)
    ts = client.chat_postMessage(channel=channel, text="pin me")["ts"]
    client.pins_add(channel=channel, timestamp=ts)
    assert code(client.pins_add, channel=channel, timestamp=ts) == "already_pinned"
    assert code(client.pins_add, channel=channel, timestamp="1.000002") == "message_not_found"
    assert code(client.pins_add, channel="C404", timestamp=ts) == "channel_not_found"
    assert fake.channel(channel).pins == [ts]
    assert client.pins_list(channel=channel)["items"][0]["message"]["text"] == "pin me"


def test_bookmarks(client: WebClient, fake: FakeSlack) -> None:
    channel = new_channel(client)
    client.bookmarks_add(channel_id=channel, title="Runbook", type="link", link="https://x.io")
    assert fake.channel(channel).bookmarks[0]["title"] == "Runbook"
    assert code(
        client.bookmarks_add, channel_id=channel, title="Bad", type="link", link="ftp://x"
    ) == ("invalid_link")


def test_users_info_is_a_get_with_timezone(client: WebClient, fake: FakeSlack) -> None:
    fake.add_user("U777", "Ada Lovelace", tz="Asia/Kolkata")
    user = client.users_info(user="U777")["user"]
    assert (user["tz"], user["tz_offset"]) == ("Asia/Kolkata", 19800)
    assert user["real_name"] == "Ada Lovelace" and user["profile"]["display_name"]
    assert fake.calls_to("users.info")[0].args == {"user": "U777"}
    assert code(client.users_info, user="UNOPE") == "user_not_found"


def test_users_info_tells_bots_and_deactivated_accounts_apart(
    client: WebClient, fake: FakeSlack
) -> None:
    fake.add_user("U0GONE", "Former Colleague", deleted=True)
    fake.add_user("U0HELPER", "helper-bot", is_bot=True)
    gone, bot = (client.users_info(user=u)["user"] for u in ("U0GONE", "U0HELPER"))
    assert (gone["deleted"], gone["is_bot"]) == (True, False)
    assert (bot["deleted"], bot["is_bot"]) == (False, True)
    me = client.users_info(user="UBOT")["user"]
    assert me["is_bot"] and not client.users_info(user="U001")["user"]["is_bot"]


def test_a_response_url_takes_five_messages_with_text_or_blocks(fake: FakeSlack) -> None:
    url = fake.response_urls.mint()

    def post(body: bytes) -> tuple[int, str]:
        request = urllib.request.Request(
            url, data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    assert post(b'{"response_type": "ephemeral"}') == (400, "no_text")
    assert post(b"[1]") == (400, "invalid_payload")
    for n in range(5):
        assert post(json.dumps({"text": f"answer {n}"}).encode()) == (200, "ok")
    assert post(b'{"text": "one too many"}') == (404, "used_url")
    assert [r.text for r in fake.response_urls.received] == [f"answer {n}" for n in range(5)]
    assert fake.response_urls.received[0].response_type == "ephemeral"
    url = url.rsplit("/", 1)[0] + "/R999999"
    assert post(b'{"text": "hi"}') == (404, "no_service")


# -- Block Kit strictness -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "blocks",
    [
        [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
        [section()] * 51,
        [{"type": "fancy_block"}],
        [{"type": "actions", "elements": [{"type": "fancy_button", "action_id": "a"}]}],
        [section(block_id="same"), section(block_id="same")],
        [section(block_id="b" * 256)],
        [section("s" * 3001)],
        [{"type": "section", "text": "not an object"}],
    ],
    ids=[
        "header",
        "51",
        "type",
        "element",
        "dup_block_id",
        "long_block_id",
        "section_text",
        "text_obj",
    ],
)
def test_invalid_message_blocks(client: WebClient, blocks: list[dict[str, Any]]) -> None:
    channel = new_channel(client)
    failed = error_of(client.chat_postMessage, channel=channel, text="x", blocks=blocks)
    assert failed.response["error"] == "invalid_blocks" and failed.response["errors"]


def test_fifty_blocks_are_fine_and_form_bodies_decode(client: WebClient, fake: FakeSlack) -> None:
    channel = new_channel(client)
    assert client.chat_postMessage(channel=channel, text="x", blocks=[section()] * 50)["ok"]
    client.api_call(
        "chat.postMessage", data={"channel": channel, "blocks": json.dumps([section("form")])}
    )
    call = fake.calls_to("chat.postMessage")[-1]
    assert call.args["blocks"] == [section("form")] and "form" in call.content_type
    assert code(client.api_call, "chat.postMessage", data={"channel": channel, "blocks": "[{"}) == (
        "invalid_blocks_format"
    )


@pytest.mark.parametrize(
    "view",
    [
        modal(title="t" * 25),
        modal(submit={"type": "plain_text", "text": "s" * 25}),
        modal(blocks=[section()] * 101),
        modal(private_metadata="m" * 3001),
        modal(callback_id="c" * 256),
        modal(
            blocks=[
                {
                    "type": "input",
                    "label": {"type": "plain_text", "text": "Why"},
                    "element": {"type": "plain_text_input", "action_id": "a", "max_length": 3001},
                }
            ]
        ),
        modal(
            blocks=[
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "action_id": "a" * 256,
                            "text": {"type": "plain_text", "text": "b"},
                        }
                    ],
                }
            ]
        ),
    ],
    ids=["title", "submit", "101", "metadata", "callback", "max_length", "action_id"],
)
def test_invalid_views(client: WebClient, view: dict[str, Any]) -> None:
    failed = error_of(client.views_open, trigger_id=TRIGGER, view=view)
    assert failed.response["error"] == "invalid_arguments"
    assert failed.response["response_metadata"]["messages"]


# -- views ---------------------------------------------------------------------------------------
def test_views_open_needs_a_live_trigger(client: WebClient, fake: FakeSlack) -> None:
    view = client.views_open(trigger_id=TRIGGER, view=modal())["view"]
    assert view["id"].startswith("V") and view["hash"] and view["type"] == "modal"
    assert code(client.views_open, trigger_id=TRIGGER, view=modal()) == "exchanged_trigger_id"
    fake.expire_trigger("1.2.old")
    assert code(client.views_open, trigger_id="1.2.old", view=modal()) == "expired_trigger_id"
    assert code(client.views_open, trigger_id="", view=modal()) == "invalid_arguments"


def test_push_limit(client: WebClient, fake: FakeSlack) -> None:
    root = client.views_open(trigger_id=TRIGGER, view=modal())["view"]["id"]
    client.views_push(trigger_id=TRIGGER, view=modal("Second"))
    client.views_push(trigger_id=TRIGGER, view=modal("Third"))
    assert code(client.views_push, trigger_id=TRIGGER, view=modal("Fourth")) == (
        "push_limit_reached"
    )
    titles = [v["title"]["text"] for v in fake.view_stack(root)]
    assert titles == ["Declare", "Second", "Third"]


def test_views_update_hash_and_external_id(client: WebClient, fake: FakeSlack) -> None:
    opened = client.views_open(trigger_id=TRIGGER, view=modal(external_id="ext-1"))["view"]
    updated = client.views_update(view_id=opened["id"], hash=opened["hash"], view=modal("Two"))
    assert updated["view"]["id"] == opened["id"] and updated["view"]["hash"] != opened["hash"]
    stale = error_of(client.views_update, view_id=opened["id"], hash=opened["hash"], view=modal())
    assert stale.response["error"] == "hash_conflict"
    client.views_update(external_id="ext-1", view=modal("Three", external_id="ext-1"))
    assert fake.views[opened["id"]]["title"]["text"] == "Three"
    assert code(client.views_update, view_id="VNOPE", view=modal()) == "not_found"


def test_views_publish_home(client: WebClient, fake: FakeSlack) -> None:
    home = {"type": "home", "blocks": [section("Home")]}
    first = client.views_publish(user_id="U001", view=home)["view"]
    second = client.views_publish(user_id="U001", view=home, hash=first["hash"])["view"]
    assert second["id"] == first["id"] and fake.home_view("U001") == second
    assert code(client.views_publish, user_id="U001", view=home, hash=first["hash"]) == (
        "hash_conflict"
    )
    assert code(client.views_publish, user_id="U001", view=modal()) == "invalid_arguments"


# -- files ---------------------------------------------------------------------------------------
def test_file_upload_round_trip(client: WebClient, fake: FakeSlack) -> None:
    channel = new_channel(client)
    answer = client.files_upload_v2(
        channel=channel,
        content="# Review\n",
        filename="review.md",
        title="Review",
        initial_comment="The review",
    )
    stored = fake.files[answer["file"]["id"]]
    assert (stored.content, stored.title, stored.channels) == (b"# Review\n", "Review", [channel])
    assert fake.files_in(channel) == [stored]
    assert fake.messages(channel)[-1].files == [stored.id]
    ticket = client.files_getUploadURLExternal(filename="x.txt", length=3)
    assert ticket["upload_url"].startswith(fake.base_url)
    never_uploaded = [{"id": ticket["file_id"], "title": "x"}]
    assert code(client.files_completeUploadExternal, files=never_uploaded) == "file_not_found"


def test_pins_remove_takes_only_what_is_pinned(client: WebClient, fake: FakeSlack) -> None:
    channel = new_channel(client)
    ts = client.chat_postMessage(channel=channel, text="x")["ts"]
    assert code(client.pins_remove, channel=channel, timestamp=ts) == "no_pin"
    client.pins_add(channel=channel, timestamp=ts)
    assert client.pins_remove(channel=channel, timestamp=ts)["ok"]
    assert fake.channel(channel).pins == []
    assert code(client.pins_remove, channel=channel, timestamp="1.000") == "message_not_found"
    assert code(client.pins_remove, channel=channel) == "no_item_specified"


# -- faults, delays, recording -------------------------------------------------------------------
def test_fail_next(client: WebClient, fake: FakeSlack) -> None:
    channel = new_channel(client)
    ts = client.chat_postMessage(channel=channel, text="x")["ts"]
    fake.fail_next("pins.add", error="internal_error", times=2)
    assert code(client.pins_add, channel=channel, timestamp=ts) == "internal_error"
    assert code(client.pins_add, channel=channel, timestamp=ts) == "internal_error"
    assert client.pins_add(channel=channel, timestamp=ts)["ok"]
    assert len(fake.calls_to("pins.add")) == 1
    assert len(fake.calls_to("pins.add", include_failed=True)) == 3


def test_rate_limited_429(client: WebClient, fake: FakeSlack) -> None:
    fake.rate_limit_next("conversations.create", retry_after=7)
    failed = error_of(client.conversations_create, name="a")
    assert failed.response.status_code == 429
    assert failed.response.headers["Retry-After"] == "7"
    assert failed.response["error"] == "ratelimited"
    assert fake.calls_to("conversations.create", include_failed=True)[0].status == 429


def test_retry_handler_retries_a_429(fake: FakeSlack) -> None:
    client = WebClient(token=fake.token, base_url=fake.base_url)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=1))
    fake.rate_limit_next("conversations.create", retry_after=0)
    assert client.conversations_create(name="retried")["ok"]
    assert [c.status for c in fake.calls_to("conversations.create", include_failed=True)] == [
        429,
        200,
    ]


def test_server_error(client: WebClient, fake: FakeSlack) -> None:
    fake.server_error_next("chat.postMessage", status=503)
    failed = error_of(client.chat_postMessage, channel="U001", text="x")
    assert failed.response.status_code == 503
    assert client.chat_postMessage(channel="U001", text="x")["ok"]


def test_delay(client: WebClient, fake: FakeSlack) -> None:
    fake.set_delay(0.3, "auth.test")
    started = time.monotonic()
    client.auth_test()
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    client.users_info(user="U001")
    assert time.monotonic() - started < 0.3
    fake.set_delay(0, "auth.test")
    started = time.monotonic()
    client.auth_test()
    assert time.monotonic() - started < 0.3


def test_reset(client: WebClient, fake: FakeSlack) -> None:
    new_channel(client)
    fake.fail_next("auth.test")
    fake.reset()
    assert fake.calls == [] and client.auth_test()["ok"]
    assert fake.channel_by_name("crisis-1") is not None
    fake.reset(drop_channels=True)
    assert fake.channel_by_name("crisis-1") is None


def test_concurrent_calls_are_all_recorded(fake: FakeSlack) -> None:
    client = WebClient(token=fake.token, base_url=fake.base_url)
    channel = new_channel(client)

    def post(worker: int) -> None:
        for n in range(25):
            client.chat_postMessage(channel=channel, text=f"{worker}-{n}")

    threads = [threading.Thread(target=post, args=(w,)) for w in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    messages = fake.messages(channel)
    assert len(messages) == 400 and len({m.ts for m in messages}) == 400
    assert len(fake.calls_to("chat.postMessage")) == 400


def test_standalone_process() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fake_slack", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip()
        assert base_url.endswith("/api/")
        client = WebClient(token="xoxb-test-token", base_url=base_url)
        root = base_url.removesuffix("api/")
        fault = {"kind": "fail_next", "method": "auth.test", "error": "fatal_error"}
        request = urllib.request.Request(
            f"{root}_fake/fault", data=json.dumps(fault).encode(), method="POST"
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            assert json.load(answer)["ok"]
        assert code(client.auth_test) == "fatal_error"
        assert client.auth_test()["ok"]
        with urllib.request.urlopen(f"{root}_fake/calls?method=auth.test", timeout=5) as answer:
            calls = json.load(answer)
        assert [c["response"]["ok"] for c in calls] == [False, True]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_conversations_list_pages_public_channels(client: WebClient, fake: FakeSlack) -> None:
    for n in range(3):
        client.conversations_create(name=f"listed-{n}")
    fake.create_channel("hidden", members=("U001",), is_private=True)
    first = client.conversations_list(limit=2, exclude_archived=True)
    names = [c["name"] for c in first["channels"]]
    cursor = first["response_metadata"]["next_cursor"]
    assert cursor
    rest = client.conversations_list(limit=2, cursor=cursor, exclude_archived=True)
    names += [c["name"] for c in rest["channels"]]
    assert {"listed-0", "listed-1", "listed-2"} <= set(names) and "hidden" not in names
    assert all(c["creator"] == "UBOT" for c in first["channels"] if c["name"].startswith("listed"))
    with pytest.raises(SlackApiError) as refused:
        client.conversations_list(limit=0)
    assert refused.value.response["error"] == "invalid_limit"


def test_a_rate_limited_channel_refuses_posts_there_only(
    client: WebClient, fake: FakeSlack
) -> None:
    slow = client.conversations_create(name="slow")["channel"]["id"]
    quick = client.conversations_create(name="quick")["channel"]["id"]
    fake.rate_limit_channel(slow, retry_after=30, times=1)
    client.chat_postMessage(channel=quick, text="fine")
    with pytest.raises(SlackApiError) as limited:
        client.chat_postMessage(channel=slow, text="too fast")
    assert limited.value.response.status_code == 429
    assert limited.value.response.headers["Retry-After"] == "30"
    client.chat_postMessage(channel=slow, text="later")  # the limit was used up
    assert [m.text for m in fake.messages(slow)] == ["later"]


def test_random_failures_hit_a_fraction_of_calls_and_do_nothing(
    client: WebClient, fake: FakeSlack
) -> None:
    channel = client.conversations_create(name="flaky")["channel"]["id"]
    fake.fail_randomly(0.5, seed=7)
    failed = 0
    for n in range(40):
        try:
            client.chat_postMessage(channel=channel, text=str(n))
        except SlackApiError as error:
            assert error.response.status_code == 500
            failed += 1
    fake.fail_randomly(0)
    assert 5 < failed < 35
    assert len(fake.messages(channel)) == 40 - failed  # a failed call posted nothing
