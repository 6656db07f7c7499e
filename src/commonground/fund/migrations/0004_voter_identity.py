# Postcode voter identity (hashed), the review queue for near-duplicates (issue 10, finding 2).
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('fund', '0003_ballot_secrecy'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PostcodeGroup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=64)),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='fund.round')),
            ],
        ),
        migrations.CreateModel(
            name='PostcodeIdentity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(max_length=64)),
                ('device', models.CharField(blank=True, help_text='Keyed hash of the device cookie, if any.', max_length=64)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='identities', to='fund.postcodegroup')),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='fund.round')),
            ],
        ),
        migrations.CreateModel(
            name='IdentitySignal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('same_name', 'Same name, different date of birth'), ('similar_name', 'Name one letter different'), ('initials', 'Same initials and a shared name, same date of birth')], max_length=16)),
                ('key', models.CharField(max_length=64)),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='fund.round')),
                ('identity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signals', to='fund.postcodeidentity')),
            ],
        ),
        migrations.CreateModel(
            name='IdentityReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('district', models.CharField(max_length=4, verbose_name='postcode district')),
                ('kinds', models.JSONField(default=list, help_text='Why it was held (signal kinds).')),
                ('similar_count', models.PositiveIntegerField(default=0)),
                ('same_device', models.BooleanField(default=False)),
                ('choices', models.JSONField(blank=True, null=True)),
                ('channel', models.CharField(choices=[('online', 'Online'), ('paper', 'Paper'), ('imported', 'Imported')], default='online', max_length=10)),
                ('status', models.CharField(choices=[('pending', 'Waiting for a decision'), ('counted', 'Counted'), ('rejected', 'Not counted')], default='pending', max_length=10)),
                ('reason', models.TextField(blank=True)),
                ('final', models.BooleanField(default=False, help_text='The voter said they had finished: no more changes.')),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='identity_reviews', to='fund.round')),
                ('identity', models.OneToOneField(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='review', to='fund.postcodeidentity')),
            ],
            options={
                'verbose_name': 'held ballot review',
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.AddConstraint(
            model_name='postcodegroup',
            constraint=models.UniqueConstraint(fields=('round', 'key'), name='fund_postcode_group_once'),
        ),
        migrations.AddConstraint(
            model_name='postcodeidentity',
            constraint=models.UniqueConstraint(fields=('round', 'token'), name='fund_postcode_identity_once'),
        ),
        migrations.AddIndex(
            model_name='identitysignal',
            index=models.Index(fields=['round', 'key'], name='fund_identi_round_i_b3872a_idx'),
        ),
        migrations.AddIndex(
            model_name='identityreview',
            index=models.Index(fields=['round', 'status'], name='fund_identi_round_i_eface1_idx'),
        ),
    ]
