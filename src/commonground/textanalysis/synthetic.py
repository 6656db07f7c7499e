"""Realistic consultation comments with known themes, for tests, demos and benchmarks.

The comments are built from the world of Bradford's Stronger Communities strategy: for each of
twelve themes, several ways residents raise it (templates with slots for places, people, times
and groups), wrapped in openers and closers of the kind people write on forms, some joined with
a second theme, a few off the subject, and some with typos.  The same seed gives the same
comments, so a test or a benchmark can rely on them::

    >>> comments = generate_comments(3, seed=1)
    >>> [c.themes for c in comments]  # doctest: +SKIP
    [('public_transport',), ('english_classes', 'jobs_skills'), ('parks_litter',)]

``THEMES`` is the codebook of the themes, in the shape ``consult code --themes`` reads.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

__all__ = ["THEMES", "SyntheticComment", "Theme", "codebook", "generate_comments"]


@dataclass(frozen=True)
class Theme:
    """One known theme: a codebook entry."""

    topic_id: str
    topic_label: str
    topic_description: str


@dataclass(frozen=True)
class SyntheticComment:
    """A generated comment and the themes it was written about (empty: off the subject)."""

    text: str
    themes: tuple[str, ...]


THEMES: tuple[Theme, ...] = (
    Theme(
        "english_classes",
        "English classes (ESOL)",
        "Learning English: ESOL courses, conversation clubs, waiting lists, childcare and "
        "timing of classes, speaking English to get by and to mix.",
    ),
    Theme(
        "jobs_skills",
        "Jobs, skills and training",
        "Finding work, apprenticeships, training and qualifications, recognition of overseas "
        "qualifications, discrimination in hiring, low pay and insecure work.",
    ),
    Theme(
        "youth_activities",
        "Activities for young people",
        "Youth clubs, sport, things for teenagers to do, closed youth centres, young people "
        "hanging around with nowhere to go.",
    ),
    Theme(
        "school_mixing",
        "Mixing at school",
        "Schools divided by background, school linking and twinning, parents mixing at the "
        "school gate, children meeting children from other communities.",
    ),
    Theme(
        "hate_crime_safety",
        "Hate crime and feeling safe",
        "Racist or religious abuse, hate crime reporting, feeling unsafe in the street at night, "
        "police response, anti-social behaviour and intimidation.",
    ),
    Theme(
        "community_events",
        "Community events and festivals",
        "Festivals, melas, street parties, Eid, Diwali and Christmas celebrations, shared "
        "food, events that bring different people together.",
    ),
    Theme(
        "public_transport",
        "Buses and getting around",
        "Bus routes, frequency, fares, evening services, reliability, getting to work, "
        "college and hospital without a car, trains and accessible transport.",
    ),
    Theme(
        "housing_neighbours",
        "Housing and neighbours",
        "Overcrowding, damp and repairs, landlords, new arrivals, turnover of tenants, "
        "knowing your neighbours, noise and neighbour disputes.",
    ),
    Theme(
        "parks_litter",
        "Parks, litter and the local environment",
        "Parks and green spaces, play areas, fly-tipping, litter, bins, street cleaning, "
        "lighting and looking after shared spaces.",
    ),
    Theme(
        "faith_interfaith",
        "Faith and interfaith",
        "Mosques, churches, temples and gurdwaras, interfaith dialogue and visits, faith "
        "leaders working together, respect for different beliefs.",
    ),
    Theme(
        "volunteering",
        "Volunteering and getting involved",
        "Volunteering opportunities, community groups, food banks, mentoring, being asked to "
        "help, recognition and support for volunteers.",
    ),
    Theme(
        "digital_access",
        "Digital access and skills",
        "Internet access, broadband, devices, online forms and services, computer and phone "
        "skills for older people and new arrivals, digital exclusion.",
    ),
)

# Slots shared by the templates.
_SLOTS: dict[str, tuple[str, ...]] = {
    "area": (
        "Manningham",
        "Girlington",
        "Bowling",
        "Barkerend",
        "Little Horton",
        "Holme Wood",
        "Keighley",
        "Eccleshill",
        "Great Horton",
        "Thornbury",
        "Allerton",
        "Shipley",
        "Tong",
        "Bradford Moor",
        "West Bowling",
        "Heaton",
        "Wibsey",
        "Laisterdyke",
    ),
    "group": (
        "Pakistani",
        "Polish",
        "Slovak Roma",
        "Bangladeshi",
        "white British",
        "Eastern European",
        "Kurdish",
        "Somali",
        "Indian",
        "Afghan",
        "Syrian",
        "African",
    ),
    "person": (
        "my mum",
        "my wife",
        "my husband",
        "my neighbour",
        "my sister",
        "my dad",
        "my auntie",
        "a friend of mine",
        "my cousin",
        "the lady next door",
    ),
    "young": ("my son", "my daughter", "my kids", "my nephew", "my grandchildren", "teenagers"),
    "time": ("in the evenings", "at weekends", "after school", "during the day", "at night"),
    "years": ("two", "five", "ten", "fifteen", "twenty", "thirty"),
    "faith_place": ("mosque", "church", "gurdwara", "temple", "synagogue", "cathedral"),
    "festival": ("Eid", "Diwali", "Christmas", "Vaisakhi", "the Mela", "Bonfire Night"),
    "park": ("Lister Park", "Peel Park", "Bowling Park", "the rec", "Horton Park", "the park"),
    "bus": ("the 680", "the 576", "the 622", "the 640", "the bus", "the night bus"),
    "place": ("the hospital", "college", "work", "the city centre", "the job centre"),
}

_TEMPLATES: dict[str, tuple[str, ...]] = {
    "english_classes": (
        "{person} has been on the waiting list for ESOL for over a year.",
        "there are no English classes {time} for people who work shifts.",
        "I want to learn English properly but the course in {area} has no creche.",
        "{person} can't speak English so she can't talk to anyone outside the family.",
        "we need more English conversation groups, not just formal courses.",
        "ESOL classes should be free for everyone, not only people on benefits.",
        "my English is not good and I am shy to speak at the doctor or the school.",
        "learning the language is the first step to mixing, so fund more English lessons.",
        "the English course was full again so {person} gave up.",
        "informal English clubs where you just chat over tea would help new arrivals.",
    ),
    "jobs_skills": (
        "young people in {area} can't find jobs and end up on the streets.",
        "{person} was a nurse back home but her qualifications are not recognised here.",
        "there should be more apprenticeships for local young people.",
        "employers see a foreign name on the CV and don't call back.",
        "most jobs around here are zero hours warehouse shifts with low pay.",
        "the job centre just sends you on the same CV course again and again.",
        "we need training in skills that lead to real jobs, like driving or construction.",
        "women who want to work need help with childcare and confidence.",
        "I applied for thirty jobs and did not hear back from any of them.",
        "local firms should recruit from {area} and offer work placements.",
    ),
    "youth_activities": (
        "there is nothing for teenagers to do in {area} so they hang about on corners.",
        "the youth club closed and {young} have nowhere to go {time}.",
        "{young} would love a free football or boxing club nearby.",
        "activities for young people cost too much for big families.",
        "bring back the youth centre, it kept kids out of trouble.",
        "we need more sports sessions and places for teenagers to meet safely.",
        "the summer holidays are long and there are no activities for kids here.",
        "young people get blamed for everything but no one gives them anything to do.",
        "a youth worker who knows the area would make a big difference.",
        "cheap swimming, cricket and dance for teenagers {time} please.",
    ),
    "school_mixing": (
        "{young} go to a school where nearly everyone is {group}, they never meet other kids.",
        "schools in Bradford are divided, one school is all Asian and the next is all white.",
        "the school linking project was brilliant, my son made friends from another school.",
        "parents stand in separate groups at the school gate and never talk.",
        "twin schools from different areas so children grow up knowing each other.",
        "our primary school is very mixed and the kids don't see any difference.",
        "school admissions keep communities apart, it needs to change.",
        "the school should hold events so parents from different backgrounds can meet.",
        "children learn prejudice from adults, mixing at school is the best chance.",
        "there should be joint trips and sports days between schools in {area} and {area}.",
    ),
    "hate_crime_safety": (
        "{person} had her headscarf pulled and was shouted at on the street.",
        "I don't feel safe walking in {area} {time}.",
        "we get racist abuse from a group of lads and the police do nothing.",
        "people don't report hate crime because nothing happens when they do.",
        "my car was vandalised and they wrote racist words on it.",
        "there is a lot of anti-social behaviour and drug dealing, women are scared to go out.",
        "{group} families get called names and told to go home.",
        "more police on foot and better lighting would make people feel safer.",
        "after the trouble in the news people were frightened to go out.",
        "online hate is just as bad and it spills into the streets.",
    ),
    "community_events": (
        "the street party brought the whole road together for the first time.",
        "{festival} in {park} was amazing, everyone was there.",
        "more festivals where people share food from different cultures.",
        "community events stopped after the funding was cut.",
        "a summer fun day in {area} would bring neighbours together.",
        "I loved the Mela, we need more events like that all year round.",
        "invite everyone to celebrate {festival} together, not just one community.",
        "a community iftar or a big lunch helps people meet who would never talk.",
        "local events are always in the city centre, never in {area}.",
        "music, food and dance events make people proud of where they live.",
    ),
    "public_transport": (
        "{bus} is always late and sometimes does not turn up at all.",
        "there are no buses after 7pm so I can't get home from {place}.",
        "bus fares are too expensive for families.",
        "it takes two buses and an hour to get to {place} from {area}.",
        "the buses don't run on Sundays so we can't get anywhere.",
        "we need a direct bus from {area} to {place}.",
        "the bus stop has no shelter and no timetable.",
        "without a car you can't get to the jobs on the industrial estates.",
        "drivers won't let prams or wheelchairs on when the bus is busy.",
        "cheaper and more frequent buses would connect our communities.",
    ),
    "housing_neighbours": (
        "our house is overcrowded, six of us in a two bedroom terrace.",
        "the landlord won't fix the damp and the kids are always ill.",
        "people move in and out so fast you never get to know your neighbours.",
        "I have lived on this street {years} years and I don't know anyone now.",
        "the neighbours play loud music every night and the council does nothing.",
        "private landlords crowd families into houses in bad condition.",
        "there is no affordable social housing for big families in {area}.",
        "new arrivals are put in the worst houses and then blamed.",
        "we used to know everyone on the street, now it's all lets.",
        "a residents association would help neighbours sort problems together.",
    ),
    "parks_litter": (
        "{park} is full of litter and broken glass.",
        "fly tipping in the back alleys in {area} is disgusting.",
        "the bins are overflowing and nobody collects them on time.",
        "the play area in {park} has broken swings and no lighting.",
        "more bins and street cleaning please, the streets are filthy.",
        "the park is lovely but dogs mess everywhere.",
        "green spaces need looking after, they are the only place families can go.",
        "people dump mattresses and sofas on the corner of our street.",
        "litter picks with neighbours are a good way to meet people.",
        "our park needs toilets, a cafe and benches so families stay longer.",
    ),
    "faith_interfaith": (
        "the {faith_place} open day was a great way to understand each other.",
        "faith leaders should work together and speak up together.",
        "I visited a {faith_place} for the first time and was made very welcome.",
        "interfaith events help people see we share the same values.",
        "people misunderstand Islam because they never meet Muslims.",
        "places of worship could open their halls for the whole community.",
        "the {faith_place} and the {faith_place} did a joint food drive.",
        "respect for each other's religion starts with talking.",
        "there should be more interfaith walks and dialogue.",
        "my {faith_place} feeds hundreds of people of every faith and none.",
    ),
    "volunteering": (
        "I would love to volunteer but I don't know where to start.",
        "{person} volunteers at the food bank and it changed her life.",
        "volunteers hold this community together but they get no support.",
        "nobody ever asks us to help, we would if someone asked.",
        "volunteering should be recognised, maybe with a certificate or a reference.",
        "mentoring young people is something retired people could do.",
        "community groups need volunteers but the paperwork puts people off.",
        "the same few people do all the volunteering and they are tired.",
        "I started volunteering at the charity shop and met lots of new people.",
        "a volunteer centre in {area} to match people with groups would help.",
    ),
    "digital_access": (
        "{person} can't use a computer and everything is online now.",
        "we don't have internet at home so the kids do homework on a phone.",
        "the council forms are only online and older people can't fill them in.",
        "free wifi in libraries and community centres is really important.",
        "a basic computer class for older people would help a lot.",
        "broadband in {area} is terrible and expensive.",
        "new arrivals need help to use apps for banking, doctors and school.",
        "families can't afford laptops or data for their children.",
        "I can only do things on my phone and the websites don't work on it.",
        "digital skills drop-ins at the library helped me apply for jobs.",
    ),
}

_OPENERS = (
    "",
    "",
    "",
    "",
    "Honestly, ",
    "I think ",
    "In my opinion ",
    "As a mum of three, ",
    "I've lived in {area} for {years} years and ",
    "Speaking for my family, ",
    "The main thing is that ",
    "To be honest ",
    "From what I see, ",
    "Personally ",
    "As a {group} resident, ",
    "My biggest concern is that ",
    "One thing: ",
)
_CLOSERS = (
    "",
    "",
    "",
    "",
    " Please do something.",
    " Thank you for asking.",
    " It has got worse.",
    " This needs sorting.",
    " Things need to change.",
    " It would make a big difference.",
    " We have been saying this for years.",
    " Thanks.",
)
_JOINERS = (" Also, ", " And ", " On top of that ", " Another thing, ", " Plus ")
_OFF_TOPIC = (
    "Council tax is far too high for what we get.",
    "Potholes on the main road damaged my car.",
    "This survey is too long.",
    "No comment.",
    "Not sure.",
    "The parking permits scheme is a mess.",
    "Why was the swimming pool closed for refurbishment so long?",
    "Good luck with the project.",
    "I don't know, everything is fine for me.",
    "The traffic lights at the junction are badly timed.",
)


def _fill(template: str, rng: random.Random) -> str:
    """Fill each ``{slot}`` in turn (two ``{area}`` slots get independent draws)."""
    while "{" in template:
        start = template.index("{")
        end = template.index("}", start)
        value = rng.choice(_SLOTS[template[start + 1 : end]])
        template = template[:start] + value + template[end + 1 :]
    return template


def _typo(text: str, rng: random.Random) -> str:
    """One slip of the keyboard in a longer word: a swap, a dropped or a doubled letter."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    word, j = words[i], rng.randrange(1, len(words[i]) - 2)
    kind = rng.randrange(3)
    if kind == 0:
        word = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    elif kind == 1:
        word = word[:j] + word[j + 1 :]
    else:
        word = word[:j] + word[j] + word[j:]
    words[i] = word
    return " ".join(words)


def _sentence(statement: str) -> str:
    return statement[:1].upper() + statement[1:]


def generate_comments(
    n: int,
    seed: int = 0,
    *,
    multi_theme: float = 0.15,
    off_topic: float = 0.03,
    typos: float = 0.15,
    lowercase: float = 0.08,
) -> list[SyntheticComment]:
    """``n`` comments, each about one theme (or two, or none), the same for the same seed.

    Themes are drawn with mildly unequal weights (as in a real consultation some topics are
    raised more often); ``multi_theme`` of the comments raise a second theme, ``off_topic``
    raise none, ``typos`` have a slip of the keyboard and ``lowercase`` are typed all in
    lower case.
    """
    rng = random.Random(seed)
    ids = [theme.topic_id for theme in THEMES]
    weights = [1.0 + 0.6 * ((k * 7) % 5) / 4 for k in range(len(ids))]
    comments: list[SyntheticComment] = []
    for _ in range(n):
        roll = rng.random()
        if roll < off_topic:
            comments.append(SyntheticComment(rng.choice(_OFF_TOPIC), ()))
            continue
        themes = [rng.choices(ids, weights)[0]]
        if roll < off_topic + multi_theme:
            second = rng.choices(ids, weights)[0]
            if second != themes[0]:
                themes.append(second)
        opener = _fill(rng.choice(_OPENERS), rng)
        parts = [_fill(rng.choice(_TEMPLATES[themes[0]]), rng)]
        text = _sentence(opener + parts[0]) if opener else _sentence(parts[0])
        for theme in themes[1:]:
            text += rng.choice(_JOINERS) + _fill(rng.choice(_TEMPLATES[theme]), rng)
        text += rng.choice(_CLOSERS)
        if rng.random() < typos:
            text = _typo(text, rng)
        if rng.random() < lowercase:
            text = text.lower()
        comments.append(SyntheticComment(text, tuple(themes)))
    return comments


def codebook() -> list[dict[str, str]]:
    """``THEMES`` as the JSON codebook ``commonground consult code --themes`` reads."""
    return [
        {
            "topic_id": t.topic_id,
            "topic_label": t.topic_label,
            "topic_description": t.topic_description,
        }
        for t in THEMES
    ]
