import uuid

from django.db import migrations, models


def give_each_profile_its_own_token(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    for profile in Profile.objects.only("pk"):
        Profile.objects.filter(pk=profile.pk).update(cache_token=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_profile_status_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="cache_token",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_profile_its_own_token, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="profile",
            name="cache_token",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
