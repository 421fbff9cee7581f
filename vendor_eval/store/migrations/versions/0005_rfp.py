"""rfp: issued RFPs (questions, bank version, checksum) and vendors' imported answers

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 05:42:16.335614
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rfp_issue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('token', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('vendor_id', sa.Integer(), nullable=True),
    sa.Column('bank_version', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('checksum', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('question_ids', sa.JSON(), nullable=False),
    sa.Column('pricing_models', sa.JSON(), nullable=False),
    sa.Column('sections', sa.JSON(), nullable=False),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('issued_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('issued_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vendor_id'], ['vendor.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('rfp_issue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rfp_issue_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rfp_issue_token'), ['token'], unique=True)

    op.create_table('rfp_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('vendor_id', sa.Integer(), nullable=False),
    sa.Column('issue_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('question', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('answer_type', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.Column('sealed', sa.Boolean(), nullable=False),
    sa.Column('value', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('comment', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('sheet', sqlmodel.sql.sqltypes.AutoString(length=31), nullable=False),
    sa.Column('cell', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('bank_version', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('answered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('imported_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.ForeignKeyConstraint(['issue_id'], ['rfp_issue.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vendor_id'], ['vendor.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('project_id', 'vendor_id', 'question_id')
    )
    with op.batch_alter_table('rfp_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rfp_answer_project_id'), ['project_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('rfp_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rfp_answer_project_id'))

    op.drop_table('rfp_answer')
    with op.batch_alter_table('rfp_issue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rfp_issue_token'))
        batch_op.drop_index(batch_op.f('ix_rfp_issue_project_id'))

    op.drop_table('rfp_issue')
