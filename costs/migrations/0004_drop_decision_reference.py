from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('costs', '0003_link_decisions'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='fundingmodel',
            name='funding_common_needs_funder_and_decision',
        ),
        migrations.RemoveField(
            model_name='fundingmodel',
            name='decision_reference',
        ),
        migrations.RemoveField(
            model_name='historicalfundingmodel',
            name='decision_reference',
        ),
        migrations.AddConstraint(
            model_name='fundingmodel',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('method', 'common'), _negated=True), models.Q(('funder__isnull', False), ('decision__isnull', False)), _connector='OR'), name='funding_common_needs_funder_and_decision', violation_error_message='Funding in common needs the funding organisation and a decision.'),
        ),
    ]
