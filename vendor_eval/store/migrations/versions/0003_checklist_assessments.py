"""checklist assessments replace gate checks; residual risk

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 05:02:08.637990
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('checklist_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('vendor_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('evidence', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('file_reference', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('reviewer', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vendor_id'], ['vendor.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('project_id', 'vendor_id', 'item_id')
    )
    with op.batch_alter_table('checklist_assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_assessment_project_id'), ['project_id'], unique=False)

    with op.batch_alter_table('gate_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gate_check_project_id'))

    op.drop_table('gate_check')
    with op.batch_alter_table('risk_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('residual_likelihood', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('residual_impact', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))



def downgrade() -> None:
    with op.batch_alter_table('risk_item', schema=None) as batch_op:
        batch_op.drop_column('version')
        batch_op.drop_column('residual_impact')
        batch_op.drop_column('residual_likelihood')

    op.create_table('gate_check',
    sa.Column('id', sa.INTEGER(), nullable=False),
    sa.Column('project_id', sa.INTEGER(), nullable=False),
    sa.Column('vendor_id', sa.INTEGER(), nullable=False),
    sa.Column('criterion_id', sa.VARCHAR(length=80), nullable=False),
    sa.Column('passed', sa.BOOLEAN(), nullable=False),
    sa.Column('evidence', sa.VARCHAR(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vendor_id'], ['vendor.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('project_id', 'vendor_id', 'criterion_id')
    )
    with op.batch_alter_table('gate_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gate_check_project_id'), ['project_id'], unique=False)

    with op.batch_alter_table('checklist_assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_assessment_project_id'))

    op.drop_table('checklist_assessment')
