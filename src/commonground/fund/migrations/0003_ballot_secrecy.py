# Ballot secrecy, paper keying, finished ballots (issue #10).
#
# The round's voter salt moves out of the database into a key file per round
# (commonground.fund.keystore), which the close destroys; paper ballots get one row per paper
# (numbers hashed and sealed under the round key) with the officers' entries beneath it;
# voter links can be marked final; ballot activity is counted by day instead of audited one by
# one.  A round open at upgrade keeps its salt (carried into its key file), so codes already
# printed and voter lists already uploaded still work.
import hashlib
import hmac
import uuid

import django.db.models.deletion
from django.db import migrations, models


def move_secrets_out(apps, schema_editor):
    from commonground.fund import keystore

    Round = apps.get_model("fund", "Round")
    Entry = apps.get_model("fund", "PaperBallotEntry")
    Paper = apps.get_model("fund", "PaperBallot")
    for round_ in Round.objects.exclude(voter_salt=""):
        round_.key_id = keystore.create(salt=round_.voter_salt)
        round_.voter_salt = ""
        round_.save(update_fields=["key_id", "voter_salt"])
    for round_ in Round.objects.filter(pk__in=Entry.objects.values("round_id")):
        if round_.key_id is None:
            round_.key_id = keystore.create()
            round_.save(update_fields=["key_id"])
        found = keystore.load(round_.key_id)
        refs: dict[str, list] = {}
        for entry in Entry.objects.filter(round=round_).order_by("created_at", "pk"):
            refs.setdefault(entry.paper_ref, []).append(entry)
        for ref, entries in refs.items():
            statuses = {e.status for e in entries}
            status = next((s for s in ("matched", "mismatch") if s in statuses), "pending")
            digest = hmac.new(found["salt"].encode(), f"paper:{ref}".encode(), hashlib.sha256)
            paper = Paper.objects.create(
                round=round_,
                ref_hash=digest.hexdigest(),
                ref_sealed=keystore.seal(found, ref),
                status=status,
            )
            Entry.objects.filter(pk__in=[e.pk for e in entries]).update(paper=paper)


class Migration(migrations.Migration):
    # The data step commits on its own, before the tables it filled are altered (PostgreSQL
    # refuses ALTER TABLE with pending deferred foreign-key checks in the same transaction).
    atomic = False
    dependencies = [("fund", "0002_failed_checks")]

    operations = [
        migrations.CreateModel(
            name="BallotReceipt",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("day", models.DateField()),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("cast", "Cast"),
                            ("changed", "Changed"),
                            ("finished", "Finished"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="fund.round",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="PaperBallot",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("ref_hash", models.CharField(max_length=64)),
                ("ref_sealed", models.TextField()),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting for a second officer"),
                            ("matched", "Matched: counted"),
                            ("mismatch", "Does not match: key it again"),
                            ("decided", "Counted by an officer's decision"),
                            ("set_aside", "Set aside by an officer's decision"),
                        ],
                        default="pending",
                        max_length=10,
                    ),
                ),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="paper_ballots",
                        to="fund.round",
                    ),
                ),
            ],
            options={"verbose_name": "paper ballot"},
        ),
        migrations.AddConstraint(
            model_name="paperballot",
            constraint=models.UniqueConstraint(
                fields=("round", "ref_hash"), name="fund_paper_once"
            ),
        ),
        migrations.AddField(
            model_name="round",
            name="key_id",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="voterlink",
            name="final",
            field=models.BooleanField(
                default=False, help_text="The voter said they had finished: no more changes."
            ),
        ),
        migrations.AlterField(
            model_name="paperballotentry",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting for a second officer"),
                    ("matched", "Matched: counted"),
                    ("mismatch", "Does not match: key it again"),
                    ("decided", "Counted by an officer's decision"),
                    ("set_aside", "Set aside by an officer's decision"),
                ],
                default="pending",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="paperballotentry",
            name="paper",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="entries",
                to="fund.paperballot",
            ),
        ),
        migrations.RunPython(move_secrets_out, migrations.RunPython.noop, atomic=True),
        migrations.RemoveConstraint(
            model_name="paperballotentry", name="fund_paper_entry_once_per_officer"
        ),
        migrations.RemoveField(model_name="round", name="voter_salt"),
        migrations.RemoveField(model_name="paperballotentry", name="paper_ref"),
        migrations.AlterField(
            model_name="paperballotentry",
            name="paper",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="entries",
                to="fund.paperballot",
            ),
        ),
        migrations.AddConstraint(
            model_name="paperballotentry",
            constraint=models.UniqueConstraint(
                fields=("paper", "entered_by"), name="fund_paper_entry_once_per_officer"
            ),
        ),
        migrations.AlterModelOptions(
            name="paperballotentry",
            options={"ordering": ["paper", "created_at"], "verbose_name": "paper ballot entry"},
        ),
    ]
