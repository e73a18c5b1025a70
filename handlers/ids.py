"""Every callback_id, action_id and block_id the app uses, in one place."""

from __future__ import annotations

from enum import StrEnum


class Callback(StrEnum):
    """Modal callback ids."""

    DECLARE = "crisis_declare"
    DECISION = "crisis_decision"
    RESET = "crisis_step_reset"
    REFOCUS = "crisis_step_refocus"
    FIX = "crisis_step_fix"
    UPDATE = "crisis_update"
    RESOLVE = "crisis_resolve"
    REVIEW = "crisis_review"
    INSIGHT = "crisis_insight"
    SEGMENT = "crisis_segment"
    CUSTOMER_UPDATE = "crisis_customer_update"
    UPDATE_PREVIEW = "crisis_customer_update_preview"
    CHANGES_REASON = "crisis_customer_update_changes"
    CUSTOMER_ITEM = "crisis_customer_item"
    CALL_SCRIPT = "crisis_call_script"
    SCRIPT_CHANGES = "crisis_call_script_changes"


class Shortcut(StrEnum):
    """Shortcut callback ids (declared in manifest.yml)."""

    LOG_DECISION = "crisis_log_decision_shortcut"
    DECLARE = "crisis_declare_shortcut"
    DECLARE_FROM_MESSAGE = "crisis_declare_from_message"


class Block(StrEnum):
    """Input block ids; the action id inside each input block is the same string."""

    TITLE = "title"
    DESCRIPTION = "description"
    CRISIS_TYPE = "crisis_type"
    SEVERITY = "severity"
    LEAD = "lead"
    RESPONDERS = "responders"
    SEGMENTS = "segments"
    # The customer-impact assessment, in every decision modal.
    DIRECTION = "impact_direction"
    IMPACT_SEGMENTS = "impact_segments"
    HARMS = "impact_harms"
    MITIGATION = "mitigation"
    HIGHLIGHT = "highlight"
    # Decisions and steps.
    DECISION_TEXT = "decision_text"
    PRODUCTS = "reset_products"
    OUTCOMES = "reset_outcomes"
    EXPECTATIONS = "reset_expectations"
    RESET_SEVERITY = "reset_severity"
    SHORT_TERM = "fix_short_term"
    CUSTOMER_ETA = "fix_customer_eta"
    MEANWHILE = "fix_meanwhile"
    LONG_TERM = "fix_long_term"
    COMPENSATION = "fix_compensation"
    COMPENSATION_SEGMENTS = "fix_compensation_segments"
    WHAT_CHANGED = "update_what_changed"
    IMPACT_NOW = "update_impact_now"
    NEXT_UPDATE = "update_next"
    RESOLVED_HOW = "resolution_how"
    # A customer segment's form.
    SEGMENT_NAME = "segment_name"
    SEGMENT_CUSTOMERS = "segment_customers"
    SEGMENT_REVENUE = "segment_revenue_share"
    SEGMENT_TOUCH_POINTS = "segment_touch_points"
    SEGMENT_OWNER = "segment_owner"
    SEGMENT_NOTES = "segment_notes"
    COMPENSATION_CONFIRMED = "resolution_compensation"
    # The customer update form (one block per section: comms_<section>).
    AUDIENCE = "comms_segments"
    TOUCH_POINTS = "comms_touch_points"
    PROMISED_UPDATE = "comms_next_update"
    KEEP_WORDS = "comms_keep_words"
    CHANGES_REASON = "comms_changes_reason"
    TELL_ITEMS = "comms_items"
    ITEM_OWNER = "item_owner"
    ITEM_DUE = "item_due"
    ITEM_NOTE = "item_note"


def script_block(part: str) -> str:
    """Block id of one part of a call-centre script."""
    return f"script_{part}"


def comms_block(field: str) -> str:
    """Block id of a customer update field (a section, touch points, the next update)."""
    return f"comms_{field}"


def exposure_block(select_block: str) -> str:
    """Block id of the exposure line shown under a segments picker."""
    return f"{select_block}_exposure"


def review_block(question: str) -> str:
    """Block id of one review question."""
    return f"review_{question}"


def action_block(row: int, part: str) -> str:
    """Block id of one part (text, owner, due) of follow-up action row `row` in the review."""
    return f"action_{row}_{part}"


def priority_block(row: int, part: str) -> str:
    """Block id of one part (text, harm, owner) of priority row `row` in the Refocus modal."""
    return f"priority_{row}_{part}"


class Action(StrEnum):
    """Action ids of buttons and other interactive elements outside input blocks."""

    OPEN_CHANNEL = "crisis_open_channel"
    OPEN_STEP = "crisis_open_step"
    LOG_DECISION = "crisis_log_decision"
    POST_UPDATE = "crisis_post_update"
    SNOOZE_30 = "crisis_reminder_snooze_30m"
    ADD_SEGMENT = "crisis_segment_add"
    EDIT_SEGMENT = "crisis_segment_edit"
    REMOVE_SEGMENT = "crisis_segment_remove"
    SEGMENT_PAGE = "crisis_segment_page"
    SNOOZE_120 = "crisis_reminder_snooze_2h"
    HOME_DECLARE = "crisis_home_declare"
    HOME_INSIGHT = "crisis_home_insight"
    HOME_OPEN_CHANNEL = "crisis_home_open_channel"
    TELL_CUSTOMERS = "crisis_tell_customers"
    APPROVE_UPDATE = "crisis_customer_update_approve"
    REQUEST_CHANGES = "crisis_customer_update_request_changes"
    REVISE_UPDATE = "crisis_customer_update_revise"
    HOLDING_STATEMENT = "crisis_holding_statement"
    EDIT_ITEM = "crisis_customer_item_edit"
    APPROVE_SCRIPT = "crisis_call_script_approve"
    SCRIPT_CHANGES = "crisis_call_script_request_changes"
    REVISE_SCRIPT = "crisis_call_script_revise"


class TrustCallback(StrEnum):
    """Modal callback ids of the trust work."""

    COMPENSATION = "trust_compensation"
    OFFER = "trust_offer"
    OUTREACH = "trust_outreach"
    PROGRAMME = "trust_programme"
    REPORT = "trust_outreach_report"
    CHECK_IN = "trust_check_in"


class TrustAction(StrEnum):
    """Buttons of the trust work."""

    OPEN_COMPENSATION = "trust_compensation_open"
    ADD_OFFER = "trust_offer_add"
    EDIT_OFFER = "trust_offer_edit"
    ADVANCE_OFFER = "trust_offer_advance"
    OPEN_OUTREACH = "trust_outreach_open"
    ADD_PROGRAMME = "trust_programme_add"
    EDIT_PROGRAMME = "trust_programme_edit"
    REPORT_PROGRESS = "trust_outreach_report"
    OPEN_CHECK_IN = "trust_check_in_open"


class TrustBlock(StrEnum):
    """Input block ids of the trust forms (the action id inside is the same string)."""

    OFFER_SEGMENT = "offer_segment"
    OFFER_KIND = "offer_kind"
    OFFER_CURRENCY = "offer_currency"
    OFFER_AMOUNT = "offer_amount"
    OFFER_MONTHLY_FEE = "offer_monthly_fee"
    OFFER_ELIGIBILITY = "offer_eligibility"
    OFFER_COUNT = "offer_eligible_count"
    OFFER_OWNER = "offer_owner"
    PROGRAMME_SEGMENT = "programme_segment"
    PROGRAMME_OWNER = "programme_owner"
    PROGRAMME_TOUCH_POINTS = "programme_touch_points"
    PROGRAMME_TARGET = "programme_target"
    PROGRAMME_DUE = "programme_due"
    PROGRAMME_MESSAGE = "programme_message"
    REPORT_CONTACTED = "report_contacted"
    REPORT_NOTES = "report_notes"
    CHECK_IN = "check_in"
    CHECK_IN_SEGMENT = "check_in_segment"
    COMPLAINTS = "check_in_complaints"
    CUSTOMERS_LOST = "check_in_customers_lost"
    SCALE = "check_in_scale"
    BEFORE = "check_in_satisfaction_before"
    AFTER = "check_in_satisfaction_after"
    SAYING = "check_in_saying"
    CHANGE = "check_in_change"
    ACTION_OWNER = "check_in_action_owner"
    ACTION_DUE = "check_in_action_due"
