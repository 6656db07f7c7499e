"""Stop words in every language the platform serves: English, Urdu and Polish.

Theme labels (:func:`.themes.theme_words`) are built from the words most specific to a group
of comments. Without these lists a group of Urdu comments was named "میں / اور / لیے" ("in /
and / for"): the words every Urdu sentence uses. Each language has two lists:

* **grammar**: function words (pronouns, postpositions and prepositions, conjunctions,
  auxiliaries and particles, including their inflected forms: Urdu ہے/ہیں/تھا/تھی/تھے, Polish
  ten/ta/to/tego/tej/tym…). English is scikit-learn's list; Urdu and Polish are written out
  here, drawn from the common published lists (stopwords-iso, NLTK-style) and checked by a
  speaker's eye against comments in the demo and the test data.
* **consultation**: words every consultation uses and that name no theme ("people",
  "children", "need", "better", "place", "Bradford"), in each language.

Tokens are compared after lower-casing (which leaves Urdu unchanged) and the lists are plain
Python sets: no Django, no downloads.
"""

from __future__ import annotations

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

__all__ = ["LANGUAGES", "STOP_WORDS", "stop_words"]


def _words(text: str) -> frozenset[str]:
    """A set of words written one after another, as word lists are easiest to read."""
    return frozenset(text.split())


ENGLISH_GRAMMAR = frozenset(ENGLISH_STOP_WORDS) | _words(
    """
    don didn doesn isn aren wasn weren ve ll won shouldn wouldn couldn hasn haven hadn
    """
)
ENGLISH_CONSULTATION = _words(
    """
    need needs want like just really think people did does thing things way lot lots make
    makes good bad better big new old day days year years time area areas place places live
    lived living community communities local round bradford please thank thanks honestly
    personally opinion main concern biggest change changed worse sorting saying difference
    got get getting go going come know say let ask asked asking said feel felt help able use
    used look looking mum family families kids children
    """
)

URDU_GRAMMAR = _words(
    """
    میں اور کے کی کا کو سے نے پر تک ہے ہیں تھا تھی تھے تھیں ہو ہوں ہوا ہوئی ہوئے ہونا
    ہوتا ہوتی ہوتے ہونے ہوگا ہوگی ہوں گے گا گی گے یہ وہ اس ان یہی وہی جو جس جن جنہیں
    جنہوں انہیں انہوں اسے اسی انہی کہ بھی ہی تو نہ نہیں مت لیے لئے واسطے کر کرنا کرتے
    کرتی کرتا کریں کرے کرو کرکے کیا کیے کئے کیجیے گیا گئی گئے گئیں رہا رہی رہے رہیں
    سکتا سکتی سکتے سکیں سکے سکا جا جاتا جاتی جاتے جائے جائیں جانا جانے اپنا اپنی اپنے ہم
    ہمیں ہمارا ہماری ہمارے میرا میری میرے مجھے مجھ آپ آپکا تم تمہارا تمہاری تمہارے
    ان کا کوئی کچھ سب سبھی بہت زیادہ کم اب جب تب کب کیوں کیسے کیسا کیسی کہاں جہاں وہاں
    یہاں ادھر جدھر ایک دو ساتھ بعد پہلے اگر لیکن مگر یا بلکہ اور چاہیے چاہئے
    والا والی والے دیا دی دیے دیں دینا دے دیتے دیتی دیتا لے لیں لینا لیا لی لیتے
    ملے طرح بار کسی کس کیونکہ چونکہ جیسے جیسا جیسی ایسا ایسی ایسے ویسے ویسا پھر
    بس صرف تاکہ یعنی وغیرہ ہر بھر اندر باہر اوپر نیچے پاس درمیان خلاف بغیر علاوہ
    ذریعے بارے سکیں جاسکے ہوجائے کرسکیں ہوئیں رکھ رکھا رکھیں رکھنا کہا کہتے کہتی کہیں
    """
)
URDU_CONSULTATION = _words(
    """
    لوگ لوگوں بچے بچوں بچی بچیاں خاندان خاندانوں ضرورت چاہتے چاہتی چاہتا بہتر اچھا اچھی
    اچھے برا بری برے جگہ جگہوں علاقہ علاقے علاقوں کمیونٹی برادری بریڈفورڈ شکریہ مہربانی
    مسئلہ مسائل چیز چیزیں چیزوں واقعی سوچ سمجھ خیال رائے نیا نئی نئے پرانا پرانی پرانے
    سال وقت دن مقامی مدد
    """
)

POLISH_GRAMMAR = _words(
    """
    a aby ach acz aczkolwiek ale ależ ani aż bardziej bardzo bo bowiem by byli bym być był
    była było były będzie będą będę cali cała cały chce chociaż choć ci cię ciebie co coś
    czy czyli często daleko dla dlaczego dlatego do dobrze dokąd dość dużo dwa dwaj dwie
    dwoje dziś dzisiaj gdy gdyby gdyż gdzie gdziekolwiek gdzieś go i ich ile im inna inne
    inny innych iż ja ją jak jaka jakaś jakby jaki jakichś jakie jakiś jakiż jakkolwiek
    jako jakoś je jeden jedna jedno jednak jednakże jego jej jemu jest jestem jeszcze
    jeśli jeżeli już ją każdy każda każde kiedy kilka kimś kto ktokolwiek ktoś która które
    którego której który których którym którzy ku lat lecz lub ma mają mam mało mi mimo
    między mną mnie mogą moi moim moja moje może możliwe można mój mu musi my na nad nam
    nami nas nasi nasz nasza nasze naszego naszej naszych naszym natomiast naturalnie nawet
    nic nich nie niech niego niej niemu nigdy nim nimi niż no o obok od około on ona one
    oni ono oraz oto owszem pan pana pani po pod podczas pomimo ponad ponieważ powinien
    powinna powinni powinno poza prawie przecież przed przede przedtem przez przy roku
    również sam sama są się skąd sobie sobą sposób swoje swój swoja swoich swoim ta tak
    taka taki takie także tam te tego tej temu ten teraz też to tobą tobie toteż trzeba
    tu tutaj twoi twoim twoja twoje twój twym ty tych tylko tym tymi u w wam wami was wasz
    wasza wasze we według wiele wielu więc więcej wszyscy wszystkich wszystkie wszystkim
    wszystko wtedy wy właśnie z za zapewne zawsze ze zł znowu znów został żaden żadna
    żadne żadnych że żeby być będziemy jesteśmy jesteście byłoby byłby była byliśmy mieć
    miał miała miało mieli mamy macie tego temu tam tą tę
    """
)
POLISH_CONSULTATION = _words(
    """
    ludzie ludzi ludziom dzieci dzieciom dziećmi rodzina rodziny rodzin rodzinom potrzeba
    potrzebujemy potrzebuje potrzeby chcemy chcę chcą chciałbym chciałabym chcielibyśmy
    lepiej lepszy lepsza lepsze lepszych dobry dobra dobre dobrych zły zła złe gorzej
    miejsce miejsca miejscu miejsc społeczność społeczności lokalny lokalna lokalne
    lokalnych okolica okolicy bradford bradfordzie myślę uważam sądzę mieszkam naprawdę
    proszę dziękuję dzięki rzecz rzeczy coraz czas czasu dzień dni rok lata nowy nowa
    nowe stary stara stare pomoc pomocy
    """
)

LANGUAGES: dict[str, frozenset[str]] = {
    "en": ENGLISH_GRAMMAR | ENGLISH_CONSULTATION,
    "ur": URDU_GRAMMAR | URDU_CONSULTATION,
    "pl": POLISH_GRAMMAR | POLISH_CONSULTATION,
}
"""Stop words by language code (the codes of settings.LANGUAGES)."""


def stop_words(languages: tuple[str, ...] | None = None) -> frozenset[str]:
    """The stop words of `languages` (every language we serve when None), lower-cased.

    Comments in one consultation come in several languages and a theme may mix them, so
    labels use every language's list at once. The scripts keep Urdu apart; an English word
    spelt like a Polish function word ("pan", "ten") is too rare in residents' comments to
    name a theme, so the union costs a label nothing it needs."""
    chosen = LANGUAGES if languages is None else {code: LANGUAGES[code] for code in languages}
    return frozenset(word.lower() for words in chosen.values() for word in words)


STOP_WORDS: frozenset[str] = stop_words()
"""Every language's stop words together: what theme labels leave out."""
