from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('services', '0009_consumer_covering_index'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='ownership',
            index=models.Index(fields=['organisation', 'service', 'valid_from', 'valid_to'],
                               name='ownership_owner_services'),
        ),
    ]
