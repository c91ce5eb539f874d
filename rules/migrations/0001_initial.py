# The rules engine moves out of governance into an app of their own; the snapshot table stays where it
# is in this step (state only) and is renamed by 0002.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('organisations', '0001_initial'),
        ('governance', '0002_one_transfer_under_way'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='RuleSnapshot',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('taken_on', models.DateField(verbose_name='date')),
                        ('rule', models.CharField(max_length=40, verbose_name='rule')),
                        ('applicable', models.PositiveIntegerField(verbose_name='services the rule applies to')),
                        ('failing', models.PositiveIntegerField(verbose_name='services with a finding')),
                        ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.organisation')),
                    ],
                    options={
                        'db_table': 'governance_rulesnapshot',
                        'verbose_name': 'rule snapshot',
                        'verbose_name_plural': 'rule snapshots',
                        'ordering': ['taken_on', 'rule'],
                    },
                ),
                migrations.AddIndex(
                    model_name='rulesnapshot',
                    index=models.Index(fields=['taken_on', 'rule'], name='governance__taken_o_a8e3e9_idx'),
                ),
            ],
        ),
    ]
