"""Words for dates and times, per language; the grammar is in the rest of nlu/when/.

Entries are written as people type them; `lexicon.py` folds them with nlu.normalize (so alef,
yeh, kaf and teh-marbuta variants, diacritics, ZWNJ, accents and case do not matter) and
checks at import that no phrase means two different things. A phrase may have several words
("سه شنبه", "بعد بكرا", "'s avonds"); the longest known phrase wins.

Month and weekday names from Babel (wide and abbreviated, 'format' and 'stand-alone') of
BABEL_LOCALES are added automatically; the tables below hold what Babel lacks. Babel's narrow
forms are single letters ("J" is January, June and July) and are left out on purpose.
"""

from __future__ import annotations

from typing import Literal

DayPart = Literal["am", "pm", "night"]

#: Weekday numbers are Python's: Monday = 0 … Sunday = 6.
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)

BABEL_LOCALES = (
    "en", "en_GB", "de", "de_AT", "de_CH", "nl", "nl_BE", "uk", "ru",
    "ar", "ar_SY", "ar_IQ", "ar_LB", "ar_EG", "ar_DZ", "ar_MA", "fa", "fa_AF",
)  # fmt: skip

MONTHS: dict[str, dict[str, int]] = {
    "en": {"sept": 9, "sep": 9},
    "de": {"jänner": 1, "jän": 1, "feber": 2, "mrz": 3, "sept": 9, "sep": 9},
    "nl": {"maa": 3, "sept": 9},
    "uk": {"січ": 1, "лют": 2, "бер": 3, "квіт": 4, "трав": 5, "черв": 6, "лип": 7,
           "серп": 8, "вер": 9, "жовт": 10, "лист": 11, "груд": 12},
    "ar": {"اغسطس": 8, "ابريل": 4, "يونيه": 6, "يوليه": 7, "ماي": 5,
           "كانون ثاني": 1, "تشرين اول": 10, "تشرين ثاني": 11, "كانون اول": 12},
    "fa": {"ژانویه": 1, "فوریه": 2, "آوریل": 4, "مه": 5, "می": 5, "ژوئیه": 7,
           "جولای": 7, "آگوست": 8, "اوت": 8, "اگوست": 8, "نوامبر": 11, "دسامبر": 12},
}  # fmt: skip

#: Iranian solar (Jalali) months: "۲۱ آذر" is 21 Azar, converted to the Gregorian date.
JALALI_MONTHS: dict[str, int] = {
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "امرداد": 5,
    "شهریور": 6, "مهر": 7, "آبان": 8, "آذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
}  # fmt: skip

WEEKDAYS: dict[str, dict[str, int]] = {
    "en": {"tues": TUE, "thur": THU, "thurs": THU, "weds": WED},
    "de": {"sonnabend": SAT},
    "nl": {},
    "uk": {"понеділка": MON, "середу": WED, "пʼятницю": FRI, "суботу": SAT, "неділю": SUN,
           "суббота": SAT, "субботу": SAT, "среду": WED, "воскресенье": SUN, "пятницу": FRI},
    "ar": {"احد": SUN, "الحد": SUN, "اثنين": MON, "الاتنين": MON, "اتنين": MON,
           "ثلاثاء": TUE, "التلات": TUE, "تلات": TUE, "التلاتاء": TUE, "اربعاء": WED,
           "الاربعا": WED, "اربعا": WED, "خميس": THU, "جمعة": FRI, "سبت": SAT},
    "fa": {"یک شنبه": SUN, "یکشنبه": SUN, "دو شنبه": MON, "سه شنبه": TUE, "سشنبه": TUE,
           "چهار شنبه": WED, "پنج شنبه": THU, "پنجشنبه": THU, "جمعه": FRI, "شنبه": SAT},
}  # fmt: skip

#: Days from today.
RELATIVE_DAYS: dict[str, dict[str, int]] = {
    "en": {"today": 0, "tomorrow": 1, "tmrw": 1, "day after tomorrow": 2,
           "the day after tomorrow": 2, "yesterday": -1},
    "de": {"heute": 0, "morgen": 1, "übermorgen": 2, "gestern": -1},
    "nl": {"vandaag": 0, "morgen": 1, "overmorgen": 2, "gisteren": -1},
    "uk": {"сьогодні": 0, "завтра": 1, "післязавтра": 2, "вчора": -1, "учора": -1,
           "сегодня": 0, "послезавтра": 2, "вчера": -1},
    "ar": {"اليوم": 0, "النهارده": 0, "هاليوم": 0, "بكرا": 1, "بكرة": 1, "بكره": 1,
           "غدا": 1, "الغد": 1, "باجر": 1, "باچر": 1, "بعد بكرا": 2, "بعد بكرة": 2,
           "بعد بكره": 2, "بعد غد": 2, "بعد غدا": 2, "بعد الغد": 2, "بعد باجر": 2,
           "امس": -1, "مبارح": -1, "امبارح": -1, "البارحة": -1},
    "fa": {"امروز": 0, "فردا": 1, "پس فردا": 2, "پس‌فردا": 2, "دیروز": -1},
}  # fmt: skip

#: A day and a part of it in one word ("tonight", "vanavond").
RELATIVE_DAY_PARTS: dict[str, tuple[int, DayPart]] = {
    "tonight": (0, "night"), "vanavond": (0, "pm"), "vanmiddag": (0, "pm"),
    "vanochtend": (0, "am"), "vanmorgen": (0, "am"), "vannacht": (0, "night"),
    "morgenochtend": (1, "am"), "morgenvroeg": (1, "am"), "morgenmiddag": (1, "pm"),
    "morgenavond": (1, "pm"), "الليلة": (0, "night"), "امشب": (0, "night"),
}  # fmt: skip

#: Parts of the day that turn "3" into 03:00 ("am"), 15:00 ("pm"), or 21:00/01:00 ("night").
DAY_PARTS: dict[str, dict[str, DayPart]] = {
    "en": {"morning": "am", "in the morning": "am", "afternoon": "pm",
           "in the afternoon": "pm", "evening": "pm", "in the evening": "pm",
           "night": "night", "at night": "night"},
    "de": {"morgens": "am", "früh": "am", "in der früh": "am", "vormittags": "am",
           "vormittag": "am", "am morgen": "am", "am vormittag": "am", "nachmittags": "pm",
           "nachmittag": "pm", "am nachmittag": "pm", "abends": "pm", "abend": "pm",
           "am abend": "pm", "mittags": "pm", "nachts": "night", "in der nacht": "night"},
    "nl": {"s ochtends": "am", "ochtend": "am", "s morgens": "am", "voormiddag": "am",
           "s middags": "pm", "middag": "pm", "middags": "pm", "namiddag": "pm",
           "s avonds": "pm", "avond": "pm", "avonds": "pm", "s nachts": "night",
           "nacht": "night"},
    "uk": {"ранку": "am", "зранку": "am", "вранці": "am", "уранці": "am", "утра": "am",
           "дня": "pm", "вдень": "pm", "удень": "pm", "по обіді": "pm", "після обіду": "pm",
           "пополудні": "pm", "вечора": "pm", "ввечері": "pm", "увечері": "pm",
           "вечера": "pm", "ночі": "night", "вночі": "night", "уночі": "night",
           "ночи": "night"},
    "ar": {"الصبح": "am", "صباحا": "am", "الصباح": "am", "صباح": "am", "بالصبح": "am",
           "الفجر": "am", "العصر": "pm", "عصرا": "pm", "بعد الظهر": "pm",
           "بعد الضهر": "pm", "الظهر": "pm", "ظهرا": "pm", "الضهر": "pm", "مساء": "pm",
           "مساءا": "pm", "المساء": "pm", "بالمساء": "pm", "مسا": "pm", "المسا": "pm",
           "بالمسا": "pm", "بالليل": "night", "الليل": "night", "ليلا": "night"},
    "fa": {"صبح": "am", "قبل از ظهر": "am", "قبل‌ازظهر": "am", "بعد از ظهر": "pm",
           "بعدازظهر": "pm", "بعد‌از‌ظهر": "pm", "عصر": "pm", "ظهر": "pm", "غروب": "pm",
           "شب": "night"},
}  # fmt: skip

#: Day parts that count only right after a time ("3 pm", "٣ م"): alone they mean other things.
#: English "am" is handled apart: "am Samstag" is German.
SUFFIX_PARTS: dict[str, DayPart] = {
    "a m": "am", "pm": "pm", "p m": "pm", "ص": "am", "م": "pm", "ق ظ": "am", "ب ظ": "pm",
}  # fmt: skip

#: Words that are a time by themselves.
CLOCK_WORDS: dict[str, int] = {"noon": 12, "midday": 12, "mittag": 12, "опівдні": 12}

#: After an hour: "15 Uhr", "15h", "15u", "15 uur", "3 o'clock", "15 год" (and "15 Uhr 30").
HOUR_UNITS = ("uhr", "h", "u", "uur", "o'clock", "год", "година", "годині", "години")

#: Before an hour: "um 3", "at 3", "om 3", "о 3", "الساعة ٣", "ساعت ۳".
TIME_PREPOSITIONS = (
    "at", "um", "gegen", "om", "rond", "о", "o", "об", "в", "у",
    "الساعة", "ساعة", "عالساعة", "بالساعة", "والساعة", "ع الساعة", "ساعت",
)  # fmt: skip

#: "شهر ١٢", "ماه ۱۲": the month by its number.
MONTH_WORDS = ("شهر", "ماه")

#: Words that carry nothing for us. "next Saturday" is simply the next Saturday.
NOISE: dict[str, tuple[str, ...]] = {
    "en": ("on", "the", "this", "next", "coming", "of", "and", "st", "nd", "rd", "th",
           "please", "t"),
    "de": ("an", "den", "dem", "der", "diesen", "dieser", "diesem", "nächsten", "nächster",
           "nächste", "kommenden", "kommender", "ab", "ten", "te", "bitte", "und"),
    "nl": ("op", "de", "het", "deze", "aanstaande", "volgende", "komende", "e", "en"),
    "uk": ("на", "цю", "цей", "цього", "наступної", "наступного", "наступну", "наступний",
           "найближчу", "го", "і", "та", "эту", "этот", "следующую", "следующий", "во"),
    "ar": ("في", "يوم", "نهار", "الجاي", "الجاية", "القادم", "القادمة", "هذا", "هاد",
           "و", "على", "ع", "من", "تاريخ", "بتاريخ", "الموافق", "ان شاء الله",
           "انشاءالله", "إن شاء الله"),
    "fa": ("روز", "در", "این", "آینده", "بعدی", "تاریخ", "و", "به", "لطفا"),
}  # fmt: skip
