"""self-declared findings: a finding read from a vendor's RFP workbook has no reviewer

Until now the person who imported the workbook was stored as its reviewer, so a vendor's own
yes read as a reviewed finding. From this revision a self-declared finding has an empty
reviewer until someone confirms it; the audit trail keeps who imported it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 19:00:00
"""
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE checklist_assessment SET reviewer = '' "
               "WHERE file_reference LIKE 'RFP response workbook%' "
               "AND evidence LIKE 'Self-declared in the RFP response%'")


def downgrade() -> None:
    """Nothing to undo in the schema; who imported each workbook is in the audit trail."""
