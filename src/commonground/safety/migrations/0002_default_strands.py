"""The strands offered at first: the five the Home Office monitors, and two that Bradford and
many forces monitor locally. Officers change them in the admin (``Strand``)."""

from django.db import migrations

STRANDS = [
    ("race", "Race or ethnicity", "Race", True, "نسل یا نسلی پس منظر", "Rasa lub pochodzenie etniczne"),
    ("religion", "Religion or belief", "Religion", True, "مذہب یا عقیدہ", "Religia lub przekonania"),
    ("disability", "Disability", "Disability", True, "معذوری", "Niepełnosprawność"),
    ("sexual-orientation", "Sexual orientation", "Sexual orientation", True, "جنسی رجحان", "Orientacja seksualna"),
    ("transgender", "Transgender identity", "Transgender", True, "ٹرانس جینڈر شناخت", "Tożsamość transpłciowa"),
    ("sex-gender", "Sex or gender", "", False, "جنس", "Płeć"),
    ("subculture", "Alternative subculture (how someone dresses or looks)", "", False, "متبادل ذیلی ثقافت (کوئی کیسا لباس پہنتا یا دکھتا ہے)", "Subkultura alternatywna (jak ktoś się ubiera lub wygląda)"),
]


def add(apps, schema_editor):
    Strand = apps.get_model("safety", "Strand")
    for order, (slug, name, police, central, ur, pl) in enumerate(STRANDS):
        Strand.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "police_measure": police,
                "centrally_monitored": central,
                "order": order,
                "translations": {"ur": {"name": ur}, "pl": {"name": pl}},
            },
        )


def remove(apps, schema_editor):
    apps.get_model("safety", "Strand").objects.filter(slug__in=[s[0] for s in STRANDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("safety", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
