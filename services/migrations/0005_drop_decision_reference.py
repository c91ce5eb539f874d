from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('services', '0004_link_decisions'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalownership',
            name='decision_reference',
        ),
        migrations.RemoveField(
            model_name='ownership',
            name='decision_reference',
        ),
    ]
