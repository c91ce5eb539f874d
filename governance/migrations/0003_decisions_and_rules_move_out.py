# Decisions and rule snapshots now belong to the apps `decisions` and `rules`: the links point there and
# the models leave governance's state. No table changes here.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0002_one_transfer_under_way'),
        ('decisions', '0001_initial'),
        ('rules', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='exemption', name='decision',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='exemptions', to='decisions.decision', verbose_name='decision'),
                ),
                migrations.AlterField(
                    model_name='ownershiptransfer', name='decision',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='transfers', to='decisions.decision', verbose_name='decision'),
                ),
                migrations.AlterField(
                    model_name='historicalexemption', name='decision',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='decisions.decision', verbose_name='decision'),
                ),
                migrations.AlterField(
                    model_name='historicalownershiptransfer', name='decision',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='decisions.decision', verbose_name='decision'),
                ),
                migrations.DeleteModel(name='HistoricalDecisionAttachment'),
                migrations.DeleteModel(name='DecisionAttachment'),
                migrations.DeleteModel(name='HistoricalDecision'),
                migrations.DeleteModel(name='Decision'),
                migrations.DeleteModel(name='RuleSnapshot'),
            ],
        ),
    ]
