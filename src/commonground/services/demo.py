# ruff: noqa: E501 (translated text data: one string per line reads better than split ones)
"""Demo data: a Bradford services directory in English, Urdu and Polish.

Invented for the demonstration (organisations, times and costs are not real listings), placed at
real postcode centroids (ONS NSPL) so distance search and wards work: ESOL classes by level and
ward, advice services, volunteering, and faith and community venues. Ids are fixed (UUID 5 from
a name), so running the demo again updates the same entries.

Only the ESOL entries mention ESOL anywhere, so ``/openreferral/services?search=ESOL`` finds
them and nothing else.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone

from commonground.core.models import Area, Organisation
from commonground.core.models.places import AreaLevel

from . import postcodes
from .models import (
    Address,
    Attribute,
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

NAMESPACE = uuid.UUID("6f1c2b1e-3f0a-4d8e-9a53-2c7d1b9e0c11")


def uid(key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, key)


TAXONOMY = ("Common Ground needs", "Needs and kinds of service used by the Bradford directory.")

# key: (English, Urdu, Polish, parent key)
TERMS = {
    "esol": (
        "ESOL (English for speakers of other languages)",
        "ای ایس او ایل (انگریزی سیکھنا)",
        "ESOL (angielski dla obcokrajowców)",
        None,
    ),
    "esol-pre-entry": (
        "ESOL Pre-entry",
        "ای ایس او ایل: ابتدائی سے پہلے",
        "ESOL: poziom przedpoczątkujący",
        "esol",
    ),
    "esol-entry-1": ("ESOL Entry 1", "ای ایس او ایل: انٹری 1", "ESOL: Entry 1", "esol"),
    "esol-entry-2": ("ESOL Entry 2", "ای ایس او ایل: انٹری 2", "ESOL: Entry 2", "esol"),
    "esol-entry-3": ("ESOL Entry 3", "ای ایس او ایل: انٹری 3", "ESOL: Entry 3", "esol"),
    "esol-level-1": ("ESOL Level 1", "ای ایس او ایل: لیول 1", "ESOL: Level 1", "esol"),
    "esol-level-2": ("ESOL Level 2", "ای ایس او ایل: لیول 2", "ESOL: Level 2", "esol"),
    "advice": ("Advice", "مشورہ", "Porady", None),
    "immigration-advice": (
        "Immigration advice",
        "امیگریشن کا مشورہ",
        "Porady imigracyjne",
        "advice",
    ),
    "money-advice": (
        "Debt and benefits advice",
        "قرض اور بینیفٹس کا مشورہ",
        "Porady w sprawie długów i zasiłków",
        "advice",
    ),
    "housing-advice": ("Housing advice", "رہائش کا مشورہ", "Porady mieszkaniowe", "advice"),
    "employment": ("Employment support", "روزگار میں مدد", "Wsparcie w zatrudnieniu", None),
    "volunteering": ("Volunteering", "رضاکارانہ کام", "Wolontariat", None),
    "faith-venue": (
        "Faith and community venues",
        "مذہبی اور کمیونٹی مقامات",
        "Miejsca wyznaniowe i wspólnotowe",
        None,
    ),
}

LANGUAGES = {
    "en": "English",
    "ur": "Urdu",
    "pa": "Punjabi",
    "pl": "Polish",
    "ar": "Arabic",
    "ku": "Kurdish",
    "ro": "Romanian",
    "sk": "Slovak",
    "bn": "Bengali",
}

# key: (name, description, partner organisation name or None)
ORGANIZATIONS = {
    "adult-learning": (
        "Bradford District Adult Learning",
        "The council's adult and community learning service: English, maths and digital skills for adults across the District.",
        "City of Bradford Metropolitan District Council",
    ),
    "manningham-clc": (
        "Manningham Community Learning Centre",
        "A community centre with classes, a crèche and a women's group, run by local volunteers.",
        None,
    ),
    "keighley-learning": (
        "Keighley Community English Network",
        "Colleges, mosques and churches in Keighley working together so adults can learn English close to home.",
        None,
    ),
    "refugee-advice": (
        "Bradford Refugee and Migrant Advice",
        "Free, confidential advice for people seeking asylum, refugees and other migrants.",
        None,
    ),
    "girlington-advice": (
        "Girlington Advice Centre",
        "Independent advice on debt, benefits and housing, with advisers who speak Urdu, Punjabi and Polish.",
        None,
    ),
    "linking-network": (
        "The Linking Network",
        "Brings children and adults from different backgrounds together, and recruits volunteers to help.",
        "The Linking Network",
    ),
    "faith-forum": (
        "Bradford Faith Forum",
        "Mosques, churches, gurdwaras, mandirs and synagogues that open their doors to everyone.",
        None,
    ),
}

# (key, org, postcode, ward name, place name, address line)
PLACES = {
    "manningham": ("BD8 7AA", "Manningham", "Manningham Community Learning Centre", "Lumb Lane"),
    "city-centre": ("BD1 1AA", "City", "Adult Learning Centre, City", "Forster Square"),
    "great-horton": ("BD7 1AA", "Great Horton", "Great Horton Library", "Great Horton Road"),
    "keighley": ("BD21 3AA", "Keighley Central", "Keighley Community Hall", "Cavendish Street"),
    "bradford-moor": ("BD3 9AA", "Bradford Moor", "Bradford Moor Family Hub", "Leeds Road"),
    "little-horton": (
        "BD5 0AA",
        "Little Horton",
        "Little Horton Community Centre",
        "Manchester Road",
    ),
    "shipley": ("BD18 3AA", "Shipley", "Shipley Library", "Market Square"),
    "city-advice": ("BD1 1AE", "City", "Advice Hub", "Forster Square"),
    "girlington": ("BD8 9AA", "Toller", "Girlington Advice Centre", "Girlington Road"),
    "tong": ("BD4 0AA", "Tong", "Tong Jobs and Skills Hub", "Tong Street"),
    "undercliffe": ("BD2 2AA", "Bolton and Undercliffe", "Undercliffe Hall", "Idle Road"),
    "bingley": ("BD16 1AA", "Bingley", "Myrtle Park Garden", "Myrtle Place"),
    "heaton": ("BD9 4AA", "Heaton", "Heaton Gurdwara Hall", "Toller Lane"),
    "ilkley": ("LS29 9AA", "Ilkley", "Ilkley Methodist Hall", "The Grove"),
    "keighley-church": ("BD21 1AA", "Keighley Central", "Keighley Shared Church", "North Street"),
}

# key: dict of the service's details (cost None = free)
SERVICES: dict[str, dict] = {
    "esol-women-manningham": {
        "org": "manningham-clc",
        "place": "manningham",
        "name": (
            "ESOL for women: Pre-entry and Entry 1",
            "خواتین کے لیے ای ایس او ایل: ابتدائی سے پہلے اور انٹری 1",
            "ESOL dla kobiet: poziom przedpoczątkujący i Entry 1",
        ),
        "description": (
            "Friendly ESOL classes for women who are starting to learn English, with a free crèche. Learn to talk to the doctor, the school and the shops.",
            "انگریزی سیکھنا شروع کرنے والی خواتین کے لیے دوستانہ ای ایس او ایل کلاسیں، مفت کریش کے ساتھ۔ ڈاکٹر، اسکول اور دکانوں سے بات کرنا سیکھیں۔",
            "Przyjazne zajęcia ESOL dla kobiet, które zaczynają uczyć się angielskiego, z bezpłatną opieką nad dziećmi. Naucz się rozmawiać z lekarzem, szkołą i w sklepach.",
        ),
        "terms": ["esol", "esol-pre-entry", "esol-entry-1"],
        "languages": ["en", "ur", "pa", "bn"],
        "days": ("MO,WE", time(9, 30), time(11, 30)),
        "cost": None,
    },
    "esol-evening-city": {
        "org": "adult-learning",
        "place": "city-centre",
        "name": (
            "ESOL Entry 2 and Entry 3: evening classes",
            "ای ایس او ایل انٹری 2 اور انٹری 3: شام کی کلاسیں",
            "ESOL Entry 2 i Entry 3: zajęcia wieczorowe",
        ),
        "description": (
            "Evening ESOL for people who work in the day. Speaking, listening, reading and writing, with a certificate at the end of the year.",
            "دن میں کام کرنے والوں کے لیے شام کی ای ایس او ایل۔ بولنا، سننا، پڑھنا اور لکھنا، سال کے آخر میں سرٹیفکیٹ کے ساتھ۔",
            "Wieczorowe ESOL dla osób pracujących w dzień. Mówienie, słuchanie, czytanie i pisanie, z certyfikatem na koniec roku.",
        ),
        "terms": ["esol", "esol-entry-2", "esol-entry-3"],
        "languages": ["en", "pl", "ro", "sk"],
        "days": ("TU,TH", time(18, 0), time(20, 0)),
        "cost": None,
    },
    "esol-exams-great-horton": {
        "org": "adult-learning",
        "place": "great-horton",
        "name": (
            "ESOL Level 1 and Level 2 exam course",
            "ای ایس او ایل لیول 1 اور لیول 2 امتحانی کورس",
            "Kurs egzaminacyjny ESOL Level 1 i Level 2",
        ),
        "description": (
            "A year-long ESOL course leading to a Level 1 or Level 2 qualification, for work, further study or citizenship.",
            "ایک سال کا ای ایس او ایل کورس جو لیول 1 یا لیول 2 کی قابلیت تک لے جاتا ہے، کام، مزید تعلیم یا شہریت کے لیے۔",
            "Roczny kurs ESOL prowadzący do kwalifikacji Level 1 lub Level 2, do pracy, dalszej nauki lub obywatelstwa.",
        ),
        "terms": ["esol", "esol-level-1", "esol-level-2"],
        "languages": ["en"],
        "days": ("WE", time(13, 0), time(16, 0)),
        "cost": (Decimal("150"), "Free if you receive Universal Credit or other benefits"),
    },
    "esol-conversation-keighley": {
        "org": "keighley-learning",
        "place": "keighley",
        "name": ("ESOL conversation club", "ای ایس او ایل بات چیت کلب", "Klub konwersacyjny ESOL"),
        "description": (
            "Informal ESOL conversation in a community venue: practise everyday English over tea. All levels welcome, no need to book.",
            "کمیونٹی کی جگہ پر غیر رسمی ای ایس او ایل بات چیت: چائے پر روزمرہ انگریزی کی مشق کریں۔ ہر سطح کے لوگ خوش آمدید، بکنگ کی ضرورت نہیں۔",
            "Nieformalne rozmowy ESOL w miejscu spotkań społeczności: ćwicz codzienny angielski przy herbacie. Wszystkie poziomy mile widziane, bez zapisów.",
        ),
        "terms": ["esol", "esol-pre-entry", "esol-entry-1", "esol-entry-2"],
        "languages": ["en", "ur", "pa", "pl"],
        "days": ("FR", time(10, 0), time(12, 0)),
        "cost": None,
    },
    "esol-creche-bradford-moor": {
        "org": "adult-learning",
        "place": "bradford-moor",
        "name": (
            "ESOL Entry 1 with crèche",
            "ای ایس او ایل انٹری 1، کریش کے ساتھ",
            "ESOL Entry 1 z opieką nad dziećmi",
        ),
        "description": (
            "ESOL Entry 1 for parents of young children, with a crèche in the same building. Includes helping your child with school.",
            "چھوٹے بچوں کے والدین کے لیے ای ایس او ایل انٹری 1، اسی عمارت میں کریش کے ساتھ۔ اپنے بچے کی اسکول میں مدد بھی شامل ہے۔",
            "ESOL Entry 1 dla rodziców małych dzieci, z opieką nad dziećmi w tym samym budynku. Obejmuje pomoc dziecku w nauce szkolnej.",
        ),
        "terms": ["esol", "esol-entry-1"],
        "languages": ["en", "ur", "ar", "ku"],
        "days": ("TU,TH", time(9, 15), time(11, 15)),
        "cost": None,
    },
    "esol-entry-3-little-horton": {
        "org": "adult-learning",
        "place": "little-horton",
        "name": (
            "ESOL Entry 3 daytime class",
            "ای ایس او ایل انٹری 3 دن کی کلاس",
            "ESOL Entry 3: zajęcia dzienne",
        ),
        "description": (
            "Daytime ESOL at Entry 3 with reading and writing for forms, letters and job applications.",
            "انٹری 3 پر دن کی ای ایس او ایل، فارم، خطوط اور ملازمت کی درخواستوں کے لیے پڑھنا اور لکھنا۔",
            "Dzienne zajęcia ESOL na poziomie Entry 3: czytanie i pisanie formularzy, listów i podań o pracę.",
        ),
        "terms": ["esol", "esol-entry-3"],
        "languages": ["en", "pl", "sk"],
        "days": ("MO,WE", time(13, 0), time(15, 0)),
        "cost": None,
    },
    "esol-work-shipley": {
        "org": "adult-learning",
        "place": "shipley",
        "name": (
            "ESOL for work: Entry 3 to Level 1",
            "کام کے لیے ای ایس او ایل: انٹری 3 سے لیول 1",
            "ESOL do pracy: od Entry 3 do Level 1",
        ),
        "description": (
            "ESOL for people in work or looking for work: interviews, health and safety, and talking to customers and colleagues.",
            "کام کرنے والوں یا کام تلاش کرنے والوں کے لیے ای ایس او ایل: انٹرویو، صحت و حفاظت، اور گاہکوں اور ساتھیوں سے بات چیت۔",
            "ESOL dla osób pracujących lub szukających pracy: rozmowy kwalifikacyjne, BHP i rozmowy z klientami i współpracownikami.",
        ),
        "terms": ["esol", "esol-entry-3", "esol-level-1", "employment"],
        "languages": ["en", "pl", "ro"],
        "days": ("SA", time(10, 0), time(13, 0)),
        "cost": (Decimal("45"), "per term; free if you are unemployed"),
    },
    "immigration-advice": {
        "org": "refugee-advice",
        "place": "city-advice",
        "name": (
            "Immigration and asylum advice",
            "امیگریشن اور پناہ کا مشورہ",
            "Porady w sprawach imigracji i azylu",
        ),
        "description": (
            "Regulated immigration advice for people seeking asylum and refugees: your claim, family reunion, and settling in Bradford.",
            "پناہ کے متلاشی افراد اور مہاجرین کے لیے منظم امیگریشن مشورہ: آپ کا دعویٰ، خاندان سے دوبارہ ملاپ، اور بریڈفورڈ میں بسنا۔",
            "Profesjonalne porady imigracyjne dla osób ubiegających się o azyl i uchodźców: wniosek, łączenie rodzin i zadomowienie się w Bradford.",
        ),
        "terms": ["advice", "immigration-advice"],
        "languages": ["en", "ar", "ku", "ur"],
        "days": ("MO,TU,TH", time(10, 0), time(16, 0)),
        "cost": None,
    },
    "money-advice": {
        "org": "girlington-advice",
        "place": "girlington",
        "name": (
            "Debt and benefits advice",
            "قرض اور بینیفٹس کا مشورہ",
            "Porady w sprawie długów i zasiłków",
        ),
        "description": (
            "Help with Universal Credit, council tax, debts and bills. Drop in or book an appointment.",
            "یونیورسل کریڈٹ، کونسل ٹیکس، قرضوں اور بلوں میں مدد۔ آ جائیں یا ملاقات بک کریں۔",
            "Pomoc w sprawie Universal Credit, podatku lokalnego, długów i rachunków. Przyjdź bez umówienia lub umów wizytę.",
        ),
        "terms": ["advice", "money-advice"],
        "languages": ["en", "ur", "pa", "pl"],
        "days": ("MO,TU,WE,TH,FR", time(9, 30), time(16, 30)),
        "cost": None,
    },
    "housing-advice": {
        "org": "girlington-advice",
        "place": "bradford-moor",
        "name": (
            "Housing advice drop-in",
            "رہائش کے مشورے کا ڈراپ اِن",
            "Punkt porad mieszkaniowych",
        ),
        "description": (
            "Advice for tenants: repairs, rent arrears, eviction notices and finding a home.",
            "کرایہ داروں کے لیے مشورہ: مرمت، کرائے کے بقایا جات، بے دخلی کے نوٹس اور گھر تلاش کرنا۔",
            "Porady dla najemców: naprawy, zaległości czynszowe, wypowiedzenia i szukanie mieszkania.",
        ),
        "terms": ["advice", "housing-advice"],
        "languages": ["en", "ur"],
        "days": ("WE", time(13, 0), time(17, 0)),
        "cost": None,
    },
    "employment-support": {
        "org": "refugee-advice",
        "place": "tong",
        "name": (
            "Jobs and skills support for new arrivals",
            "نئے آنے والوں کے لیے ملازمت اور مہارت میں مدد",
            "Wsparcie w pracy i umiejętnościach dla nowo przybyłych",
        ),
        "description": (
            "One-to-one help to have overseas qualifications recognised, write a CV and find work.",
            "بیرون ملک کی قابلیتیں تسلیم کروانے، سی وی لکھنے اور کام تلاش کرنے میں انفرادی مدد۔",
            "Indywidualna pomoc w uznaniu zagranicznych kwalifikacji, napisaniu CV i znalezieniu pracy.",
        ),
        "terms": ["employment"],
        "languages": ["en", "ar", "ku", "ro"],
        "days": ("TU", time(10, 0), time(15, 0)),
        "cost": None,
    },
    "linking-volunteers": {
        "org": "linking-network",
        "place": "undercliffe",
        "name": (
            "Volunteer with school linking",
            "اسکول لنکنگ کے ساتھ رضاکار بنیں",
            "Zostań wolontariuszem w programie łączenia szkół",
        ),
        "description": (
            "Help children from different schools meet and make friends. Training is provided; a few hours a term.",
            "مختلف اسکولوں کے بچوں کو ملنے اور دوست بنانے میں مدد کریں۔ تربیت دی جاتی ہے؛ ہر ٹرم میں چند گھنٹے۔",
            "Pomóż dzieciom z różnych szkół poznać się i zaprzyjaźnić. Zapewniamy szkolenie; kilka godzin w semestrze.",
        ),
        "terms": ["volunteering"],
        "languages": ["en"],
        "days": ("WE", time(9, 0), time(15, 0)),
        "cost": None,
    },
    "garden-volunteers": {
        "org": "faith-forum",
        "place": "bingley",
        "name": (
            "Community garden volunteering",
            "کمیونٹی گارڈن میں رضاکارانہ کام",
            "Wolontariat w ogrodzie społecznym",
        ),
        "description": (
            "Grow food with neighbours and share the harvest. Tools and gloves provided.",
            "پڑوسیوں کے ساتھ کھانا اگائیں اور فصل بانٹیں۔ اوزار اور دستانے فراہم کیے جاتے ہیں۔",
            "Uprawiaj warzywa z sąsiadami i dziel się plonami. Narzędzia i rękawice zapewniamy.",
        ),
        "terms": ["volunteering"],
        "languages": ["en", "pl"],
        "days": ("SA", time(10, 0), time(13, 0)),
        "cost": None,
    },
    "gurdwara-langar": {
        "org": "faith-forum",
        "place": "heaton",
        "name": (
            "Langar: free community meal",
            "لنگر: مفت کمیونٹی کھانا",
            "Langar: bezpłatny posiłek dla wszystkich",
        ),
        "description": (
            "A free vegetarian meal for anyone, every Sunday at the gurdwara. Everyone is welcome.",
            "ہر اتوار کو گوردوارے میں ہر کسی کے لیے مفت سبزی خور کھانا۔ سب کو خوش آمدید۔",
            "Bezpłatny wegetariański posiłek dla każdego, w każdą niedzielę w gurdwarze. Wszyscy mile widziani.",
        ),
        "terms": ["faith-venue"],
        "languages": ["en", "pa", "ur"],
        "days": ("SU", time(12, 0), time(15, 0)),
        "cost": None,
    },
    "mosque-open-day": {
        "org": "faith-forum",
        "place": "manningham",
        "name": (
            "Visit my mosque: open afternoons",
            "میری مسجد دیکھیں: کھلی دوپہریں",
            "Odwiedź mój meczet: otwarte popołudnia",
        ),
        "description": (
            "Tours, questions and tea for neighbours of every faith and none.",
            "ہر مذہب اور بغیر مذہب کے پڑوسیوں کے لیے دورے، سوالات اور چائے۔",
            "Zwiedzanie, pytania i herbata dla sąsiadów każdego wyznania i niewierzących.",
        ),
        "terms": ["faith-venue"],
        "languages": ["en", "ur"],
        "days": ("SA", time(14, 0), time(16, 0)),
        "cost": None,
    },
    "church-lunch": {
        "org": "faith-forum",
        "place": "keighley-church",
        "name": (
            "Community lunch at the shared church",
            "مشترکہ چرچ میں کمیونٹی لنچ",
            "Wspólny obiad w kościele",
        ),
        "description": (
            "A hot lunch and a warm space on Thursdays; pay what you can.",
            "جمعرات کو گرم دوپہر کا کھانا اور گرم جگہ؛ جتنا دے سکیں دیں۔",
            "Ciepły obiad i ciepłe miejsce w czwartki; płać, ile możesz.",
        ),
        "terms": ["faith-venue"],
        "languages": ["en", "pl", "sk"],
        "days": ("TH", time(12, 0), time(14, 0)),
        "cost": (Decimal("0"), "Pay what you can"),
    },
    "interfaith-walk": {
        "org": "faith-forum",
        "place": "ilkley",
        "name": (
            "Ilkley interfaith walk",
            "اِلکلی بین المذاہب واک",
            "Międzywyznaniowy spacer w Ilkley",
        ),
        "description": (
            "A monthly walk on the moor with people of different faiths, ending with tea at the hall.",
            "مختلف مذاہب کے لوگوں کے ساتھ مور پر ماہانہ چہل قدمی، ہال میں چائے پر اختتام۔",
            "Comiesięczny spacer po wrzosowisku z ludźmi różnych wyznań, zakończony herbatą w sali.",
        ),
        "terms": ["faith-venue", "volunteering"],
        "languages": ["en"],
        "days": ("SU", time(10, 0), time(12, 30)),
        "cost": None,
    },
}


def load_demo(say: Callable[[str], None]) -> list:
    """Create or refresh the demo directory; returns no accounts (core's demo makes them)."""
    taxonomy, _ = Taxonomy.objects.update_or_create(
        id=uid("taxonomy"),
        defaults={"name": TAXONOMY[0], "description": TAXONOMY[1], "version": "1"},
    )
    terms = {}
    for key, (en, ur, pl, parent) in TERMS.items():
        terms[key], _ = TaxonomyTerm.objects.update_or_create(
            id=uid(f"term:{key}"),
            defaults={
                "name": en,
                "name_ur": ur,
                "name_pl": pl,
                "description": en,
                "parent_id": uid(f"term:{parent}") if parent else None,
                "taxonomy": taxonomy,
                "taxonomy_name": TAXONOMY[0],
                "term": key,
            },
        )
    partners = {o.name: o for o in Organisation.objects.all()}
    orgs = {}
    for key, (name, description, partner) in ORGANIZATIONS.items():
        orgs[key], _ = Organization.objects.update_or_create(
            id=uid(f"org:{key}"),
            defaults={
                "name": name,
                "description": description,
                "email": f"hello@{key}.example.org",
                "website": f"https://{key}.example.org/",
                "partner": partners.get(partner) if partner else None,
            },
        )
    # Ward names as ONS boundary files give them ("City"), or as census tables do ("City (Bradford)").
    wards = {
        a.name.removesuffix(" (Bradford)"): a for a in Area.objects.filter(level=AreaLevel.WARD)
    }
    locations = {}
    for key, (postcode, ward, name, street) in PLACES.items():
        point = postcodes.centroid(postcode)
        locations[key], _ = Location.objects.update_or_create(
            id=uid(f"location:{key}"),
            defaults={
                "location_type": "physical",
                "name": name,
                "latitude": point[0] if point else None,
                "longitude": point[1] if point else None,
                "ward": wards.get(ward),
            },
        )
        Address.objects.update_or_create(
            id=uid(f"address:{key}"),
            defaults={
                "location": locations[key],
                "address_1": street,
                "city": "Bradford" if postcode.startswith("BD") else "Ilkley",
                "state_province": "West Yorkshire",
                "postal_code": postcode,
                "country": "GB",
                "address_type": "physical",
            },
        )
    today = timezone.localdate()
    for n, (key, spec) in enumerate(SERVICES.items()):
        (name, name_ur, name_pl), (desc, desc_ur, desc_pl) = spec["name"], spec["description"]
        service, _ = Service.objects.update_or_create(
            id=uid(f"service:{key}"),
            defaults={
                "organization": orgs[spec["org"]],
                "name": name,
                "name_ur": name_ur,
                "name_pl": name_pl,
                "description": desc,
                "description_ur": desc_ur,
                "description_pl": desc_pl,
                "status": "active",
                "url": f"https://{spec['org']}.example.org/{key}",
                "email": f"{key}@{spec['org']}.example.org",
                "minimum_age": 16 if key.startswith("esol") else None,
                # Every fifth entry was last assured over three months ago (shows the reminder).
                "assured_date": today - timedelta(days=120 if n % 5 == 4 else 14 + n),
                "last_modified": timezone.now(),
            },
        )
        ServiceAtLocation.objects.update_or_create(
            id=uid(f"sal:{key}"),
            defaults={"service": service, "location": locations[spec["place"]]},
        )
        days, opens, closes = spec["days"]
        Schedule.objects.update_or_create(
            id=uid(f"schedule:{key}"),
            defaults={
                "service": service,
                "freq": "WEEKLY",
                "interval": 1,
                "byday": days,
                "opens_at": opens,
                "closes_at": closes,
                "attending_type": "in person",
            },
        )
        for code in spec["languages"]:
            Language.objects.update_or_create(
                id=uid(f"language:{key}:{code}"),
                defaults={"service": service, "code": code, "name": LANGUAGES[code]},
            )
        cost = spec["cost"]
        CostOption.objects.update_or_create(
            id=uid(f"cost:{key}"),
            defaults={
                "service": service,
                "amount": cost[0] if cost else Decimal("0"),
                "option": "Standard" if cost else "Free",
                "amount_description": cost[1] if cost else "Free of charge",
            },
        )
        contact, _ = Contact.objects.update_or_create(
            id=uid(f"contact:{key}"),
            defaults={"service": service, "name": "Reception", "title": "Enquiries"},
        )
        Phone.objects.update_or_create(
            id=uid(f"phone:{key}"),
            defaults={"contact": contact, "number": "01274 000 " + f"{100 + n:03d}"},
        )
        for term_key in spec["terms"]:
            Attribute.objects.update_or_create(
                id=uid(f"attribute:{key}:{term_key}"),
                defaults={
                    "service": service,
                    "taxonomy_term": terms[term_key],
                    "link_type": "service",
                },
            )
        service.refresh_search_text()
    esol = sum(1 for k in SERVICES if k.startswith("esol"))
    say(
        f"services: {len(SERVICES)} directory entries ({esol} ESOL classes) from"
        f" {len(ORGANIZATIONS)} organisations at {len(PLACES)} places"
    )
    return []
