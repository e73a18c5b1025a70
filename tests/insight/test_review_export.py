"""crisis-desk-review writes the review document from the database alone."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from storage.insight_import import main as import_csv
from storage.insight_tables import SegmentRow
from storage.review_export import main as export
from tests.handlers.declaring import DEFAULT_ANSWERS, open_form
from tests.harness import Harness

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "segments.csv"


def test_the_exported_document_names_the_customers_affected(harness: Harness, tmp_path, capsys):
    url = harness.runtime.settings.database_url
    assert import_csv([str(EXAMPLE), "--team", "T0001", "--database-url", url]) == 0
    with Session(harness.runtime.engine) as session:
        smb = session.exec(select(SegmentRow).where(SegmentRow.name_key == "smb merchants")).one()
    view = open_form(harness)
    harness.sender.submit_view(view, {**DEFAULT_ANSWERS, "segments": [str(smb.id)]})
    harness.settle()
    out = tmp_path / "review.md"
    assert export(["1", "--database-url", url, "--out", str(out)]) == 0
    document = out.read_text()
    assert document.startswith("# Crisis review: Checkout is double-charging")
    assert "- Segments: SMB merchants" in document
    assert "11,800 customers, 27.0% of revenue" in document
    assert "The review has not been held yet." in document
    assert export(["999", "--database-url", url]) == 1
    assert "There is no crisis #999" in capsys.readouterr().err
