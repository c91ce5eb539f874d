# Decisions move out of governance into an app of their own, below services, so that ownership periods,
# funding models and every later app can link to a decision. The tables stay where they are in this
# step (state only); 0002 gives them this app's names.

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('organisations', '0001_initial'),
        ('governance', '0002_one_transfer_under_way'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Decision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('decided_on', models.DateField(verbose_name='date of decision')),
                        ('registry_number', models.CharField(max_length=20, validators=[django.core.validators.RegexValidator('^[A-ZÅÄÖ]{1,6} \\d{4}-\\d{4}$', 'Write the registry number like RS 2020-0242.')], verbose_name='registry number')),
                        ('title', models.CharField(max_length=300, verbose_name='title')),
                        ('text', models.TextField(blank=True, verbose_name='decision text')),
                        ('body', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='organisations.organisation', verbose_name='deciding body')),
                    ],
                    options={
                        'db_table': 'governance_decision',
                        'verbose_name': 'decision',
                        'verbose_name_plural': 'decisions',
                        'ordering': ['-decided_on', 'registry_number'],
                    },
                ),
                migrations.CreateModel(
                    name='DecisionAttachment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(upload_to='decisions/%Y/', verbose_name='file')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('decision', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='decisions.decision')),
                    ],
                    options={
                        'db_table': 'governance_decisionattachment',
                        'verbose_name': 'attachment',
                        'verbose_name_plural': 'attachments',
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalDecision',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('decided_on', models.DateField(verbose_name='date of decision')),
                        ('registry_number', models.CharField(max_length=20, validators=[django.core.validators.RegexValidator('^[A-ZÅÄÖ]{1,6} \\d{4}-\\d{4}$', 'Write the registry number like RS 2020-0242.')], verbose_name='registry number')),
                        ('title', models.CharField(max_length=300, verbose_name='title')),
                        ('text', models.TextField(blank=True, verbose_name='decision text')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.TextField(null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('body', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisations.organisation', verbose_name='deciding body')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'governance_historicaldecision',
                        'verbose_name': 'historical decision',
                        'verbose_name_plural': 'historical decisions',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalDecisionAttachment',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('file', models.TextField(max_length=100, verbose_name='file')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.TextField(null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('decision', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='decisions.decision')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'governance_historicaldecisionattachment',
                        'verbose_name': 'historical attachment',
                        'verbose_name_plural': 'historical attachments',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddConstraint(
                    model_name='decision',
                    constraint=models.UniqueConstraint(fields=('body', 'registry_number'), name='decision_unique_per_body', violation_error_message='The body already has a decision with that number.'),
                ),
                migrations.AddConstraint(
                    model_name='decision',
                    constraint=models.CheckConstraint(condition=models.Q(('registry_number__regex', '^[A-ZÅÄÖ]{1,6} \\d{4}-\\d{4}$')), name='decision_registry_number_format'),
                ),
            ],
        ),
    ]
