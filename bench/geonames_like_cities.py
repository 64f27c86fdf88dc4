#!/usr/bin/env python3
"""Writes a gazetteer file in the GeoNames dump format, shaped like cities15000.txt, for bench/ingest.

A real GeoNames cities file for Africa and the Middle East is what `timeline-ingest` meets in the
field: 45 countries with their ISO codes and IANA zones (two zones in Congo DR, Palestine and
Cyprus), names spelled as GeoNames spells them in each region — French transliterations in the
Maghreb ("Aïn Oulmene", "Ouled Djellal"), scholarly ones in the Mashriq ("Al Manşūrah",
"Bi’r al ‘Abd"), Sahelian, Bantu, Horn, Persian and Turkish names with their diacritics and
apostrophes ("N'Gouri", "Ḩoseynābād", "Çayırlı") — the ascii name, and alternate names sorted as
GeoNames sorts them: other transliterations, French and English spellings, Arabic and Cyrillic
script, sometimes an airport code or a Wikipedia URL. Settlements share a name within a country
and across countries; feature codes PPLC, PPLA, PPLA2, PPL and PPLX; numbered admin1 codes;
populations with a long tail above 15,000; coordinates inside each country's rough bounding box.
Every run with the same flags writes the same bytes.

  bench/geonames_like_cities.py --rows=20000 --out=cities.txt

19 tab-separated columns, no header, UTF-8, rows in geonameid order. A summary goes to stderr.
"""

import argparse
import bisect
import random
import sys
import unicodedata

# ISO code, English name, capital, name style, weight (share of rows), rough bounding box
# (south, north, west, east), and its zones: (zone, west edge of the zone's longitudes) in
# increasing order of the edge, or with a latitude rule where noted in zone_of.
COUNTRIES = [
    ("DZ", "Algeria", "Algiers", "maghreb", 6, (19.0, 36.9, -8.6, 11.9), ["Africa/Algiers"]),
    ("MA", "Morocco", "Rabat", "maghreb", 5, (27.7, 35.9, -13.2, -1.0), ["Africa/Casablanca"]),
    ("TN", "Tunisia", "Tunis", "maghreb", 3, (30.2, 37.3, 7.5, 11.6), ["Africa/Tunis"]),
    ("MR", "Mauritania", "Nouakchott", "maghreb", 1, (14.7, 27.3, -17.1, -4.8),
     ["Africa/Nouakchott"]),
    ("LY", "Libya", "Tripoli", "mashriq", 2, (19.5, 33.2, 9.4, 25.2), ["Africa/Tripoli"]),
    ("EG", "Egypt", "Cairo", "mashriq", 9, (22.0, 31.6, 24.7, 36.9), ["Africa/Cairo"]),
    ("SD", "Sudan", "Khartoum", "mashriq", 3, (8.7, 22.2, 21.8, 38.6), ["Africa/Khartoum"]),
    ("SA", "Saudi Arabia", "Riyadh", "mashriq", 5, (16.4, 32.1, 34.5, 55.6), ["Asia/Riyadh"]),
    ("YE", "Yemen", "Sanaa", "mashriq", 2, (12.1, 19.0, 42.5, 53.1), ["Asia/Aden"]),
    ("IQ", "Iraq", "Baghdad", "mashriq", 4, (29.1, 37.4, 38.8, 48.6), ["Asia/Baghdad"]),
    ("SY", "Syria", "Damascus", "mashriq", 3, (32.3, 37.3, 35.7, 42.4), ["Asia/Damascus"]),
    ("JO", "Jordan", "Amman", "mashriq", 1, (29.2, 33.4, 34.9, 39.3), ["Asia/Amman"]),
    ("LB", "Lebanon", "Beirut", "mashriq", 1, (33.05, 34.69, 35.1, 36.62), ["Asia/Beirut"]),
    ("PS", "Palestine", "East Jerusalem", "mashriq", 1, (31.2, 32.55, 34.2, 35.57),
     ["Asia/Gaza", "Asia/Hebron"]),
    ("OM", "Oman", "Muscat", "mashriq", 1, (16.6, 26.4, 52.0, 59.8), ["Asia/Muscat"]),
    ("AE", "United Arab Emirates", "Abu Dhabi", "mashriq", 1, (22.6, 26.1, 51.6, 56.4),
     ["Asia/Dubai"]),
    ("KW", "Kuwait", "Kuwait City", "mashriq", 1, (28.5, 30.1, 46.6, 48.4), ["Asia/Kuwait"]),
    ("IR", "Iran", "Tehran", "persian", 8, (25.1, 39.7, 44.1, 63.3), ["Asia/Tehran"]),
    ("TR", "Turkey", "Ankara", "turkish", 8, (36.0, 42.1, 26.0, 44.8), ["Europe/Istanbul"]),
    ("CY", "Cyprus", "Nicosia", "turkish", 1, (34.6, 35.7, 32.3, 34.6),
     ["Asia/Nicosia", "Asia/Famagusta"]),
    ("ML", "Mali", "Bamako", "sahel", 2, (10.2, 25.0, -12.2, 4.2), ["Africa/Bamako"]),
    ("BF", "Burkina Faso", "Ouagadougou", "sahel", 2, (9.4, 15.1, -5.5, 2.4),
     ["Africa/Ouagadougou"]),
    ("NE", "Niger", "Niamey", "sahel", 2, (11.7, 23.5, 0.2, 16.0), ["Africa/Niamey"]),
    ("TD", "Chad", "N'Djamena", "sahel", 1, (7.4, 23.4, 13.5, 24.0), ["Africa/Ndjamena"]),
    ("SN", "Senegal", "Dakar", "sahel", 2, (12.3, 16.7, -17.5, -11.4), ["Africa/Dakar"]),
    ("GN", "Guinea", "Conakry", "sahel", 1, (7.2, 12.7, -15.1, -7.6), ["Africa/Conakry"]),
    ("CI", "Ivory Coast", "Yamoussoukro", "sahel", 3, (4.4, 10.7, -8.6, -2.5), ["Africa/Abidjan"]),
    ("GH", "Ghana", "Accra", "sahel", 3, (4.7, 11.2, -3.3, 1.2), ["Africa/Accra"]),
    ("TG", "Togo", "Lomé", "sahel", 1, (6.1, 11.1, -0.15, 1.8), ["Africa/Lome"]),
    ("BJ", "Benin", "Porto-Novo", "sahel", 1, (6.2, 12.4, 0.8, 3.8), ["Africa/Porto-Novo"]),
    ("NG", "Nigeria", "Abuja", "sahel", 10, (4.3, 13.9, 2.7, 14.7), ["Africa/Lagos"]),
    ("CM", "Cameroon", "Yaoundé", "sahel", 3, (1.7, 13.1, 8.5, 16.2), ["Africa/Douala"]),
    ("CF", "Central African Republic", "Bangui", "bantu", 1, (2.2, 11.0, 14.4, 27.5),
     ["Africa/Bangui"]),
    ("CD", "Democratic Republic of the Congo", "Kinshasa", "bantu", 5, (-13.5, 5.4, 12.2, 31.3),
     ["Africa/Kinshasa", "Africa/Lubumbashi"]),
    ("CG", "Republic of the Congo", "Brazzaville", "bantu", 1, (-5.0, 3.7, 11.2, 18.6),
     ["Africa/Brazzaville"]),
    ("AO", "Angola", "Luanda", "bantu", 2, (-18.0, -4.4, 11.7, 24.1), ["Africa/Luanda"]),
    ("TZ", "Tanzania", "Dodoma", "bantu", 3, (-11.7, -1.0, 29.3, 40.4), ["Africa/Dar_es_Salaam"]),
    ("KE", "Kenya", "Nairobi", "bantu", 3, (-4.7, 5.0, 33.9, 41.9), ["Africa/Nairobi"]),
    ("UG", "Uganda", "Kampala", "bantu", 2, (-1.5, 4.2, 29.6, 35.0), ["Africa/Kampala"]),
    ("MZ", "Mozambique", "Maputo", "bantu", 2, (-26.9, -10.5, 30.2, 40.8), ["Africa/Maputo"]),
    ("ZA", "South Africa", "Pretoria", "bantu", 4, (-34.8, -22.1, 16.5, 32.9),
     ["Africa/Johannesburg"]),
    ("ET", "Ethiopia", "Addis Ababa", "horn", 4, (3.4, 14.9, 33.0, 48.0), ["Africa/Addis_Ababa"]),
    ("SO", "Somalia", "Mogadishu", "horn", 2, (-1.7, 12.0, 41.0, 51.4), ["Africa/Mogadishu"]),
    ("DJ", "Djibouti", "Djibouti", "horn", 1, (10.9, 12.7, 41.8, 43.4), ["Africa/Djibouti"]),
    ("ER", "Eritrea", "Asmara", "horn", 1, (12.4, 18.0, 36.4, 43.1), ["Africa/Asmara"]),
]

# The capitals' other names, as GeoNames lists them among its alternate names.
CAPITAL_NAMES = {
    "Algiers": "Alger,Al Jazā’ir,Dzayer,الجزائر", "Rabat": "Ribāţ,الرباط",
    "Tunis": "Tūnis,تونس", "Nouakchott": "Nawākshūţ,نواكشوط",
    "Tripoli": "Ţarābulus,Tarabulus al Gharb,طرابلس", "Cairo": "Al Qāhirah,Le Caire,القاهرة",
    "Khartoum": "Al Kharţūm,Khartum,الخرطوم", "Riyadh": "Ar Riyāḑ,Riyad,الرياض",
    "Sanaa": "Şan‘ā’,Sana'a,صنعاء", "Baghdad": "Baghdād,Bagdad,بغداد",
    "Damascus": "Dimashq,Damas,دمشق", "Amman": "‘Ammān,عمان", "Beirut": "Bayrūt,Beyrouth,بيروت",
    "East Jerusalem": "Al Quds,Al Quds ash Sharqiyah,القدس", "Muscat": "Masqaţ,Mascate,مسقط",
    "Abu Dhabi": "Abū Z̧aby,Abou Dabi,أبو ظبي", "Kuwait City": "Al Kuwayt,Koweït,مدينة الكويت",
    "Tehran": "Tehrān,Téhéran,تهران", "N'Djamena": "Ndjamena,Fort-Lamy,انجامينا",
    "Mogadishu": "Muqdisho,Mogadiscio,مقديشو", "Djibouti": "Jībūtī,جيبوتي",
    "Lomé": "Lome,Lomeh", "Yaoundé": "Yaounde,Jaunde", "Porto-Novo": "Porto Novo,Hogbonou",
    "Addis Ababa": "Ādīs Ābeba,Addis-Abeba,أديس أبابا", "Asmara": "Asmera,Asmera,أسمرة",
    "Bamako": "Bamakó,باماكو", "Niamey": "Niamei,نيامي", "Ouagadougou": "Wagadugu,واغادوغو",
}

# Arabic-speaking places: parts as (GeoNames transliteration, French, English, Arabic script).
AR_ARTICLE = ("Al", "El", "Al", "ال")
AR_HEADS = [("Bi’r", "Bir", "Bir", "بئر"), ("‘Ayn", "Aïn", "Ain", "عين"),
            ("Sīdī", "Sidi", "Sidi", "سيدي"), ("Awlād", "Ouled", "Awlad", "أولاد"),
            ("Kafr", "Kafr", "Kafr", "كفر"), ("Dayr", "Deir", "Deir", "دير"),
            ("Tall", "Tell", "Tal", "تل"), ("Ra’s", "Ras", "Ras", "رأس"),
            ("Banī", "Beni", "Bani", "بني"), ("Ḩammām", "Hammam", "Hammam", "حمام"),
            ("Qaşr", "Ksar", "Qasr", "قصر"), ("Ḩāssī", "Hassi", "Hassi", "حاسي"),
            ("Mīt", "Mit", "Mit", "ميت"), ("Naj‘", "Nag", "Naga", "نجع"),
            ("Wādī", "Oued", "Wadi", "وادي"), ("Jabal", "Djebel", "Jebel", "جبل")]
AR_STEMS = [("Manşūrah", "Mansoura", "Mansura", "منصورة"), ("Jadīdah", "Jdida", "Jadida", "جديدة"),
            ("Ḩamrā’", "Hamra", "Hamra", "حمراء"), ("Zāwiyah", "Zaouia", "Zawiya", "زاوية"),
            ("Khirbah", "Kherba", "Khirba", "خربة"), ("Shaykh", "Cheikh", "Sheikh", "شيخ"),
            ("Bayḑā’", "Beida", "Bayda", "بيضاء"), ("Nakhlah", "Nakhla", "Nakhla", "نخلة"),
            ("Suwayq", "Souik", "Suwaiq", "سويق"), ("Ghābah", "Ghaba", "Ghaba", "غابة"),
            ("Rawḑah", "Raouda", "Rawda", "روضة"), ("Sūq", "Souk", "Souq", "سوق"),
            ("Qal‘ah", "Kalaa", "Qalaa", "قلعة"), ("Mīnā’", "Mina", "Mina", "ميناء"),
            ("Ma‘ādī", "Maadi", "Maadi", "معادي"), ("Karak", "Kerak", "Karak", "كرك"),
            ("Raml", "Ramel", "Raml", "رمل"), ("Khaḑrā’", "Khadra", "Khadra", "خضراء"),
            ("Sharqīyah", "Cherqia", "Sharqiya", "شرقية"), ("Gharbīyah", "Gharbia", "Gharbiya", "غربية"),
            ("Naşr", "Nasr", "Nasr", "نصر"), ("Salām", "Salam", "Salam", "سلام"),
            ("‘Abd", "Abd", "Abd", "عبد"), ("Ḩasan", "Hassane", "Hasan", "حسن"),
            ("Ţayyibah", "Taïba", "Tayiba", "طيبة"), ("Qurayyah", "Gueria", "Qurayya", "قرية"),
            ("Mazra‘ah", "Mazraa", "Mazraa", "مزرعة"), ("Fuḩayş", "Fhis", "Fuhais", "فحيص"),
            ("Şafā", "Safa", "Safa", "صفا"), ("Ḩadīthah", "Haditha", "Haditha", "حديثة"),
            ("Jumayl", "Djemil", "Jumail", "جميل"), ("Maḩallah", "Mehalla", "Mahalla", "محلة"),
            ("Qaţrānah", "Gatrana", "Qatrana", "قطرانة"), ("Bāb", "Bab", "Bab", "باب"),
            ("‘Arīsh", "Arich", "Arish", "عريش"), ("Dhahab", "Dahab", "Dhahab", "ذهب"),
            ("Ḩilāl", "Hilal", "Hilal", "هلال"), ("Wusţá", "Oustia", "Wusta", "وسطى"),
            ("Qubbah", "Kouba", "Qubba", "قبة"), ("Marj", "Merdj", "Marj", "مرج")]

AR_PEOPLE = [("Ḩasan", "Hassen", "Hasan", "حسن"), ("Maḩmūd", "Mahmoud", "Mahmud", "محمود"),
             ("‘Alī", "Ali", "Ali", "علي"), ("Sulaymān", "Slimane", "Sulaiman", "سليمان"),
             ("Yūsuf", "Youssef", "Yusuf", "يوسف"), ("Ibrāhīm", "Brahim", "Ibrahim", "إبراهيم"),
             ("Mūsá", "Moussa", "Musa", "موسى"), ("‘Uthmān", "Othmane", "Uthman", "عثمان"),
             ("Khālid", "Khaled", "Khalid", "خالد"), ("Şāliḩ", "Salah", "Salih", "صالح"),
             ("‘Īsá", "Aissa", "Isa", "عيسى"), ("Ḩamad", "Hamed", "Hamad", "حمد"),
             ("Nāşir", "Nacer", "Nasir", "ناصر"), ("Sa‘īd", "Saïd", "Said", "سعيد"),
             ("Manşūr", "Mansour", "Mansur", "منصور"), ("Jābir", "Djaber", "Jabir", "جابر"),
             ("Ţāhir", "Tahar", "Tahir", "طاهر"), ("Yaḩyá", "Yahia", "Yahya", "يحيى"),
             ("Bakr", "Bekr", "Bakr", "بكر"), ("Zayd", "Zaïd", "Zaid", "زيد")]
# The article takes the first sound of a stem beginning with a "sun letter" (Al + Shaykh →
# Ash Shaykh), in GeoNames' and English spellings.
SUN_LETTERS = ("Th", "Sh", "Dh", "Ş", "Ḑ", "Ţ", "Ẓ", "T", "D", "R", "Z", "S", "N", "L")

# Other regions: syllables joined, with the region's own endings and spelling variants.
SAHEL = dict(
    heads="Ba Bo Dio Dia Kou Ko Ka Sé Sa Ti Tié Mo Ni Gao Dou Do Ban Bou Fa Ga Kan Ké Ma Na Ndia "
          "Sik Tom Yé Zi Ou Lo Gué Fo Ki Ya Ko Dja Bé Ség Kol Ton Kin".split(),
    mids="ra ko la ni bou dou go ma ta so ké fa kan ri lé ya ga mé ba".split(),
    ends="dougou bougou koro ni ra go la so ré kro fara sso bé ma kan gou ta mé da wa ri ye "
         "kopé kondji ou".split(),
    apostrophe="N'")
BANTU = dict(
    heads="Ki Ka Mu Lu Bu Nya Mbu Ma Ru Chi Ki Mwa Ba Lo Ku Nyi Mbe Bo Ntu Li Ngo Ta Mo Se".split(),
    mids="ba ka ta sa la nga ngu mbo ndo si ri wa ye mu to zi ko lu".split(),
    ends="ngo mba nda ndi sa ra we la bwe mbe nge zi nyi go tu ka mi shi le ni".split(),
    apostrophe="N'")
HORN = dict(
    heads="Qar Dhu Gaal Ba Bur Ceel Doo Hud Jal Las Xar Go Wan Dab Ādī Debre Mek Sho Ala Gon "
          "Dese Wel Ār Mersa Dji Tad Ali Obo Ker".split(),
    mids="ka ba da ra la sa ma ne de wa go to ho".split(),
    ends="do dho bo aab ley ayo oo le kel tē ra ge sa cha ta mo dar bur".split(),
    apostrophe="")
PERSIAN = dict(
    heads="Ḩoseyn Kalāt Shahr Qal‘eh Deh Bandar Kūh Mīr Gol Āq Sar Khorram Nūr Nahr Zarrīn Kāz "
          "Eslām Ḩājjī Rostam Shīr Qaşr Mahmūd Jafar Nasr Āb Bāgh Tāj Karīm Owlād Zāgh Sowrān Baḩr "
          "Dowlat Ganj Parvīz Sa‘d Fīrūz Jalāl Tūr Mīān".split(),
    mids="ak an ī ow eh ol".split(),
    ends="ābād ān shahr kūh dasht rūd kand sar gerd zār chāl".split(),
    apostrophe="")
TURKISH = dict(
    heads="Çay Kara Ak Yeni Eski Kızıl Göl Sarı Bey Değirmen Pınar Çam Ortaköy Kuyu Sul Gök Tepe "
          "Ağa Demir Düz Karaağaç Hacı Ilıca Kemal Bozüyük Soğuk Aydın Erzin Kırk Uzun Orta Sivri "
          "Çiftlik Göksu Kavak Elma Akça Yassı Şahin Kozan Bucak".split(),
    mids="ca lı ık an şe ar yaka".split(),
    ends="ırlı köy pınar dere hisar tepe ova kale yazı bağ lar ören kent şehir çeşme ler".split(),
    apostrophe="")
STYLES = {"sahel": SAHEL, "bantu": BANTU, "horn": HORN, "persian": PERSIAN, "turkish": TURKISH}

# A rough Arabic-script spelling of a Latin name, letter by letter, as GeoNames' Arabic alternate
# names of African and Persian places are.
LATIN_TO_ARABIC = [("kh", "خ"), ("sh", "ش"), ("ch", "تش"), ("dh", "ذ"), ("gh", "غ"), ("ou", "و"),
                   ("ng", "نغ"), ("q", "ق"), ("a", "ا"), ("b", "ب"), ("c", "ك"), ("d", "د"),
                   ("e", "ي"), ("f", "ف"), ("g", "غ"), ("h", "ه"), ("i", "ي"), ("j", "ج"),
                   ("k", "ك"), ("l", "ل"), ("m", "م"), ("n", "ن"), ("o", "و"), ("p", "ب"),
                   ("r", "ر"), ("s", "س"), ("t", "ت"), ("u", "و"), ("v", "ف"), ("w", "و"),
                   ("x", "كس"), ("y", "ي"), ("z", "ز")]
LATIN_TO_CYRILLIC = [("kh", "х"), ("sh", "ш"), ("ch", "ч"), ("ou", "у"), ("ya", "я"), ("a", "а"),
                     ("b", "б"), ("c", "к"), ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"),
                     ("h", "х"), ("i", "и"), ("j", "дж"), ("k", "к"), ("l", "л"), ("m", "м"),
                     ("n", "н"), ("o", "о"), ("p", "п"), ("q", "к"), ("r", "р"), ("s", "с"),
                     ("t", "т"), ("u", "у"), ("v", "в"), ("w", "у"), ("x", "кс"), ("y", "й"),
                     ("z", "з")]


def ascii_of(text):
    """GeoNames' asciiname: the name without its diacritics and transliteration marks."""
    text = text.replace("‘", "").replace("’", "").replace("ı", "i")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if ord(c) < 128)


def transcribe(text, table, upper_first):
    out, s, i = [], ascii_of(text).lower(), 0
    while i < len(s):
        for latin, other in table:
            if s.startswith(latin, i):
                out.append(other)
                i += len(latin)
                break
        else:
            out.append(" " if s[i] in " -" else "")
            i += 1
    text = "".join(out)
    return text[0].upper() + text[1:] if upper_first and text else text


def english_spelling(name):
    """The spelling an English source gives a French-spelled name (Ouagadougou → Wagadugu)."""
    s = ascii_of(name)
    for fr, en in (("dougou", "dugu"), ("bougou", "bugu"), ("Ou", "W"), ("ou", "u"), ("é", "e"),
                   ("Dj", "J"), ("dj", "j"), ("Tch", "Ch")):
        s = s.replace(fr, en)
    return s


class Namer:
    """Settlement names of one style, as (name, alternate names) in GeoNames' spellings."""

    def __init__(self, rng, style):
        self.rng, self.style = rng, style

    def arabic(self, maghreb):
        rng = self.rng
        form = rng.random()
        if form < 0.04:
            parts = [AR_ARTICLE, rng.choice(AR_STEMS)]
        elif form < 0.4:
            parts = [rng.choice(AR_HEADS), AR_ARTICLE, rng.choice(AR_STEMS)]
        elif form < 0.6:
            parts = [rng.choice(AR_HEADS), rng.choice(AR_PEOPLE)]
        elif form < 0.8:
            parts = [rng.choice(AR_STEMS), AR_ARTICLE, rng.choice(AR_STEMS)]
        elif form < 0.9:
            parts = [rng.choice(AR_HEADS), rng.choice(AR_PEOPLE), AR_ARTICLE, rng.choice(AR_STEMS)]
        else:
            parts = [rng.choice(AR_HEADS), rng.choice(AR_STEMS)]
        spelled = []
        for k in range(4):  # GeoNames, French, English, Arabic script
            words = []
            for j, p in enumerate(parts):
                if p is AR_ARTICLE and k == 3:
                    continue
                w = p[k]
                if p is AR_ARTICLE and k in (0, 2):
                    sun = next((x for x in SUN_LETTERS if parts[j + 1][k].startswith(x)), None)
                    if sun:
                        w = "A" + sun.lower()
                if p is AR_ARTICLE and j > 0:
                    w = w.lower()
                if k == 3 and j > 0 and parts[j - 1] is AR_ARTICLE:
                    w = "ال" + w
                words.append(w)
            spelled.append(" ".join(words))
        gn, fr, en, ar = spelled
        if maghreb:  # The Maghreb's GeoNames names are French transliterations.
            name, others = fr, [gn, en, ascii_of(gn)]
        else:
            name, others = gn, [fr, en, ascii_of(gn).replace(" ", "-")]
        return name, others + [ar]

    def syllabic(self):
        rng, s = self.rng, STYLES[self.style]
        name = rng.choice(s["heads"])
        if s["mids"] and rng.random() < 0.5:
            name += rng.choice(s["mids"])
        end = rng.choice(s["ends"])
        if self.style in ("persian", "horn") and rng.random() < 0.3:
            name = f"{name} {end.capitalize()}" if self.style == "horn" else f"{name}-e {end}"
        else:
            name += end
        if s["apostrophe"] and rng.random() < 0.06:
            name = s["apostrophe"] + name
        if self.style == "sahel" and rng.random() < 0.08:
            name += rng.choice((" Koura", " Sud", "-Nord", " Plage", " Centre"))
        others = [english_spelling(name), ascii_of(name).replace("'", "")]
        if self.style in ("persian", "horn", "sahel") and rng.random() < 0.5:
            others.append(transcribe(name, LATIN_TO_ARABIC, False))
        return name, others

    def settlement(self):
        if self.style in ("maghreb", "mashriq"):
            return self.arabic(self.style == "maghreb")
        return self.syllabic()


class Country:
    def __init__(self, rng, code, english, capital, style, weight, box, zones):
        self.code, self.english, self.capital, self.style = code, english, capital, style
        self.weight, self.box, self.zones = weight, box, zones
        south, north, west, east = box
        # First-level divisions: a centre each, the capital's first.
        self.admin1 = [(f"{k:02d}", rng.uniform(south, north), rng.uniform(west, east))
                       for k in range(1, rng.randint(8, 32))]
        self.names = []  # every name used here, for names repeated within the country

    def point_near(self, rng, centre_lat, centre_lng, spread):
        south, north, west, east = self.box
        lat = min(max(rng.gauss(centre_lat, spread), south), north)
        lng = min(max(rng.gauss(centre_lng, spread), west), east)
        return lat, lng

    def zone_of(self, lat, lng):
        if self.code == "CD":  # Lubumbashi's zone: the east of the country
            return self.zones[1] if lng > 24.0 else self.zones[0]
        if self.code == "PS":  # Gaza's strip: the south-west
            return self.zones[0] if lng < 34.6 else self.zones[1]
        if self.code == "CY":  # Famagusta's zone: the north-east
            return self.zones[1] if lng > 33.5 and lat > 35.1 else self.zones[0]
        return self.zones[0]


def population(rng, code):
    """A long tail above 15,000, as in cities15000: most towns small, a few cities large."""
    if code == "PPLC":
        return rng.randint(800_000, 9_000_000)
    if code == "PPLX":
        return rng.randint(5_000, 120_000)
    while True:
        p = int(15_000 / (1.0 - rng.random()) ** (1 / 1.15))
        if p < (6_000_000 if code == "PPLA" else 2_500_000):
            return p


def alternate_names(rng, name, others, feature, pop):
    alts = {a for a in others if a and a != name}
    alts.add(name)
    if rng.random() < 0.4 or pop > 100_000:
        alts.add(" ".join(w.capitalize() for w in transcribe(name, LATIN_TO_CYRILLIC, True).split()))
    if feature in ("PPLC", "PPLA") or pop > 200_000:
        if rng.random() < 0.5:  # an airport's IATA code
            alts.add("".join(rng.choice("ABCDEFGHIKLMNOPRSTUYZ") for _ in range(3)))
        if rng.random() < 0.3:
            alts.add("https://en.wikipedia.org/wiki/" + ascii_of(name).replace(" ", "_"))
    if rng.random() < 0.05:  # an old colonial or French name
        alts.add(rng.choice(("Fort-", "Port-", "Ville-", "Saint-")) + ascii_of(name))
    # GeoNames sorts them: Latin script first, then the others.
    return sorted(alts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=15000)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    countries = [Country(rng, *c) for c in COUNTRIES]
    namers = {}
    shared = {}  # style → names used in any country of that style, for names across countries
    cumulative, total = [], 0
    for c in countries:
        total += c.weight
        cumulative.append(total)
    rows = []
    used_ids = set()
    next_id = {c.code: rng.randrange(100_000, 11_000_000, 1000) for c in countries}

    def add_row(c, name, others, feature, admin1, lat, lng):
        next_id[c.code] += rng.randint(1, 40)
        while next_id[c.code] in used_ids:  # another country's block
            next_id[c.code] += 1
        used_ids.add(next_id[c.code])
        pop = population(rng, feature)
        alts = alternate_names(rng, name, others, feature, pop)
        admin2 = f"{rng.randint(1, 60):02d}" if rng.random() < 0.4 else ""
        day = f"{rng.randint(2010, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        rows.append((next_id[c.code], [
            str(next_id[c.code]), name, ascii_of(name), ",".join(alts), f"{lat:.5f}", f"{lng:.5f}",
            "P", feature, c.code, "", admin1, admin2, "", "", str(pop), "",
            str(rng.randint(0, 1800)), c.zone_of(lat, lng), day]))
        c.names.append((name, others))
        shared.setdefault(c.style, []).append((name, others))

    for c in countries:  # every country has its capital and a seat per first-level division
        namers.setdefault(c.style, Namer(rng, c.style))
        seat = c.admin1[0]
        others = [ascii_of(c.capital)] + CAPITAL_NAMES.get(c.capital, "").split(",")
        add_row(c, c.capital, others, "PPLC", seat[0],
                *c.point_near(rng, seat[1], seat[2], 0.2))
        for admin1 in c.admin1[1:]:
            add_row(c, *namers[c.style].settlement(), "PPLA", admin1[0],
                    *c.point_near(rng, admin1[1], admin1[2], 0.1))
    while len(rows) < args.rows:
        c = countries[bisect.bisect_left(cumulative, rng.uniform(0, total))]
        admin1 = rng.choice(c.admin1)
        draw = rng.random()
        if draw < 0.03:  # a section of the capital
            admin1 = c.admin1[0]
            feature, lat, lng = "PPLX", *c.point_near(rng, admin1[1], admin1[2], 0.08)
            name, others = namers[c.style].settlement()
        else:
            feature = "PPLA2" if draw < 0.15 else "PPL"
            lat, lng = c.point_near(rng, admin1[1], admin1[2], 1.2)
            if draw > 0.97 and c.names:  # a name this country already has, elsewhere
                name, others = rng.choice(c.names)
            elif draw > 0.92 and shared.get(c.style):  # a name of another country of the region
                name, others = rng.choice(shared[c.style])
            else:
                name, others = namers[c.style].settlement()
        add_row(c, name, others, feature, admin1[0], lat, lng)
    rows = [r for _, r in sorted(rows[:args.rows], key=lambda r: r[0])]
    with open(args.out, "w", encoding="utf-8", newline="") as out:
        for row in rows:
            out.write("\t".join(row) + "\n")
    names = {(r[8], r[1]) for r in rows}
    print(f"geonames_like_cities: {len(rows)} rows, {len(countries)} countries, "
          f"{len({z for c in countries for z in c.zones})} zones, {len(names)} distinct names "
          f"per country ({len(rows) - len(names)} rows share a name within their country), "
          f"{sum(len(r[3].split(',')) for r in rows if r[3])} alternate names", file=sys.stderr)


if __name__ == "__main__":
    main()
