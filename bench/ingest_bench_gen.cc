// ingest_bench_gen: the input of bench/ingest, N IngestRecords as JSON Lines (proto JSON), the
// same bytes for the same flags at every run.
//
//   ingest_bench_gen --records=100000 --out=records.jsonl
//
// Cardinalities (the ones the server resolves per batch, so the ones that set its cost):
//   - 300 actors: 36 forces, armed groups and movements (some named in Arabic script, some with
//     an alias in the other script) and 264 people (half of the Malian and Algerian ones in
//     Arabic script, half of those with a Latin alias), each tied to one of the 5 countries
//     except the transnational groups; 1 or 2 per record (INITIATOR, then TARGET), skewed so
//     that a few appear often, as in ACLED. (The server links 6 of the people to another of a
//     similar name, pg_trgm similarity >= 0.6, so 294 actors get created.)
//   - 200 settlements, 40 in each of ML, BF, NE, DZ, TR, under 4 real first-level divisions x 2
//     second-level ones per country (admin_names), with coordinates and the country's time zone
//     (a sixth of the Algerian and Malian ones written in Arabic script with a Latin alias);
//     1 per record, skewed;
//   - 1 source per 100 consecutive records (an article: url, publisher, published_time 1 to 30
//     days after the events it reports, a quote per record), the article's country theirs;
//   - dates over 2018-2024 in file order: ~85% ISO days ("2021-03-17"), ~13% ISO months
//     ("2021-03"), ~2% Arabic relative words ("أمس", "الخميس الماضي", ...) with a reference time;
//   - fatalities on ~80% of records (a few as ranges), injured on ~20%;
//   - external_id {system "bench", id "e<n>"}, n = 1..N.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/json_util.h"
#include "timeline/v1/ingest.pb.h"

ABSL_FLAG(int, records, 100000, "records to write");
ABSL_FLAG(std::string, out, "", "output file (JSON Lines); required");
ABSL_FLAG(uint64_t, seed, 20240917, "seed of the generator");

namespace timeline::bench {
namespace {

namespace chrono = std::chrono;

// SplitMix64: a fixed algorithm, so the output does not depend on the standard library (whose
// distributions are implementation-defined).
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double Real() { return static_cast<double>(Next() >> 11) * 0x1p-53; }  // [0, 1)
  int Below(int n) { return static_cast<int>(Real() * n); }              // [0, n)
  // [0, n), n * u^power: the first few indexes are hot (power 2: index 0 is drawn with
  // probability sqrt(1/n), the last one with about 1/(2n)).
  int Skewed(int n, int power) {
    const double u = Real();
    double v = u;
    for (int i = 1; i < power; ++i) v *= u;
    return static_cast<int>(v * n);
  }

 private:
  uint64_t state_;
};

struct Region {
  const char* name;
  double lat, lng;
  const char* districts[2];
};

struct Country {
  const char* code;
  const char* name;
  const char* zone;
  const char* publishers[3];
  const char* first_names[10];  // Latin script
  const char* last_names[10];
  const char* syllables[12];  // for settlement names
  Region regions[4];
  bool arabic;  // some settlements and people named in Arabic script
};

// Real divisions and approximate coordinates; the settlements under them are made up.
const Country kCountries[] = {
    {"ML",
     "Mali",
     "Africa/Bamako",
     {"Studio Tamani", "Maliweb", "Le Républicain"},
     {"Amadou", "Moussa", "Oumar", "Boubacar", "Mahamadou", "Souleymane", "Bakary", "Modibo",
      "Seydou", "Hamadoun"},
     {"Traoré", "Keïta", "Coulibaly", "Maïga", "Cissé", "Diarra", "Touré", "Sangaré", "Dicko",
      "Guindo"},
     {"tin", "ka", "bou", "go", "lem", "sa", "ri", "dou", "ma", "ker", "ho", "nan"},
     {{"Kidal", 18.44, 1.41, {"Tessalit", "Abeïbara"}},
      {"Gao", 16.27, -0.04, {"Ansongo", "Bourem"}},
      {"Mopti", 14.49, -4.18, {"Douentza", "Bandiagara"}},
      {"Tombouctou", 16.77, -3.01, {"Goundam", "Niafunké"}}},
     true},
    {"BF",
     "Burkina Faso",
     "Africa/Ouagadougou",
     {"Lefaso.net", "Burkina24", "Sidwaya"},
     {"Issa", "Idrissa", "Salif", "Abdoulaye", "Hamidou", "Adama", "Lassané", "Boukary", "Rasmané",
      "Ousséni"},
     {"Sawadogo", "Ouédraogo", "Kaboré", "Compaoré", "Zongo", "Tiendrébéogo", "Nikiéma", "Bamogo",
      "Zoungrana", "Ilboudo"},
     {"kou", "pa", "zi", "ga", "re", "bo", "tan", "wen", "di", "ya", "mo", "se"},
     {{"Sahel", 14.05, -0.45, {"Soum", "Oudalan"}},
      {"Est", 12.06, 0.36, {"Gourma", "Komondjari"}},
      {"Nord", 13.58, -2.42, {"Loroum", "Yatenga"}},
      {"Centre-Nord", 13.09, -1.08, {"Bam", "Sanmatenga"}}},
     false},
    {"NE",
     "Niger",
     "Africa/Niamey",
     {"ActuNiger", "Le Sahel", "Aïr Info"},
     {"Mahamane", "Abdou", "Issoufou", "Hassane", "Saïdou", "Garba", "Ali", "Harouna", "Moussa",
      "Tanko"},
     {"Issoufou", "Bazoum", "Tandja", "Mamadou", "Salifou", "Hama", "Djibo", "Kountché", "Oumarou",
      "Zakari"},
     {"da", "gui", "ma", "rou", "ta", "ba", "dji", "zin", "fa", "la", "kwa", "ne"},
     {{"Tillabéri", 14.21, 1.45, {"Ayorou", "Téra"}},
      {"Tahoua", 14.89, 5.27, {"Tillia", "Tassara"}},
      {"Diffa", 13.32, 12.61, {"Bosso", "N'Guigmi"}},
      {"Maradi", 13.50, 7.10, {"Madarounfa", "Guidan Roumdji"}}},
     false},
    {"DZ",
     "Algeria",
     "Africa/Algiers",
     {"El Watan", "Echorouk", "APS"},
     {"Karim", "Djamel", "Rachid", "Mourad", "Nabil", "Samir", "Farid", "Hocine", "Kamel",
      "Yacine"},
     {"Benali", "Bouzid", "Belkacem", "Haddad", "Mansouri", "Cherif", "Saadi", "Brahimi", "Khelifi",
      "Meziane"},
     {"in", "ta", "mer", "ouz", "bel", "ha", "dra", "sid", "ou", "ghar", "am", "ben"},
     {{"Tamanrasset", 22.79, 5.52, {"In Guezzam", "Tazrouk"}},
      {"Adrar", 27.87, -0.29, {"Bordj Badji Mokhtar", "Timimoun"}},
      {"Illizi", 26.48, 8.47, {"Djanet", "In Amenas"}},
      {"Ouargla", 31.95, 5.33, {"Hassi Messaoud", "Touggourt"}}},
     true},
    {"TR",
     "Turkey",
     "Europe/Istanbul",
     {"Anadolu Ajansı", "Hürriyet", "Daily Sabah"},
     {"Mehmet", "Ahmet", "Mustafa", "Hasan", "Hüseyin", "İbrahim", "Murat", "Emre", "Serkan",
      "Kemal"},
     {"Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk", "Arslan", "Doğan"},
     {"kar", "ye", "çe", "li", "ba", "şa", "tep", "su", "köy", "ören", "dağ", "ak"},
     {{"Hakkari", 37.57, 43.74, {"Yüksekova", "Şemdinli"}},
      {"Şırnak", 37.52, 42.45, {"Cizre", "Silopi"}},
      {"Diyarbakır", 37.91, 40.24, {"Lice", "Kulp"}},
      {"Mardin", 37.31, 40.73, {"Nusaybin", "Kızıltepe"}}},
     false},
};
constexpr int kCountryCount = 5;

// Arabic names and their Latin transliterations, for people.
const char* const kArabicFirst[][2] = {
    {"محمد", "Mohamed"}, {"أحمد", "Ahmed"}, {"عبد الله", "Abdallah"}, {"إبراهيم", "Ibrahim"},
    {"يوسف", "Youssef"}, {"عمر", "Omar"},   {"الحسن", "Alhassane"},   {"موسى", "Moussa"},
    {"إياد", "Iyad"},    {"بلال", "Bilal"}, {"سيدي", "Sidi"},         {"الطاهر", "Tahar"}};
const char* const kArabicLast[][2] = {
    {"الأنصاري", "Al-Ansari"}, {"التواتي", "Touati"},  {"الكيدالي", "Al-Kidali"},
    {"الإدريسي", "Idrissi"},   {"بلعيد", "Belaid"},    {"بوزيدي", "Bouzidi"},
    {"الهاشمي", "Hachemi"},    {"غالي", "Ghali"},      {"الشريف", "Cherif"},
    {"المختار", "Mokhtar"},    {"بن عمر", "Ben Omar"}, {"العربي", "Larbi"}};

struct Actor {
  std::string name;
  std::vector<std::string> aliases;
  v1::ActorKind kind;
  std::string country;  // empty: transnational
  std::string language;
};

// Groups and forces: distinct names (similar ones, like "Military Forces of Mali" and "... of
// Niger", would be linked to each other by the server's name resolution).
const struct {
  const char* name;
  const char* alias;
  v1::ActorKind kind;
  const char* country;
  const char* language;
} kGroups[] = {
    {"Forces Armées Maliennes", "FAMa", v1::MILITARY, "ML", "fr"},
    {"Garde nationale du Mali", "", v1::MILITARY, "ML", "fr"},
    {"Dan Na Ambassagou", "", v1::ARMED_GROUP, "ML", ""},
    {"Coordination des Mouvements de l'Azawad", "CMA", v1::ARMED_GROUP, "ML", "fr"},
    {"Plateforme du 14 juin", "", v1::ARMED_GROUP, "ML", "fr"},
    {"الحركة الوطنية لتحرير أزواد", "MNLA", v1::ARMED_GROUP, "ML", "ar"},
    {"Protesters (Mali)", "", v1::ORGANIZATION, "ML", "en"},
    {"Civilians (Mali)", "", v1::ORGANIZATION, "ML", "en"},
    {"Volontaires pour la défense de la patrie", "VDP", v1::ARMED_GROUP, "BF", "fr"},
    {"Koglweogo", "", v1::ARMED_GROUP, "BF", ""},
    {"Ansarul Islam", "", v1::ARMED_GROUP, "BF", ""},
    {"Gendarmerie nationale burkinabè", "", v1::MILITARY, "BF", "fr"},
    {"Protesters (Burkina Faso)", "", v1::ORGANIZATION, "BF", "en"},
    {"Civilians (Burkina Faso)", "", v1::ORGANIZATION, "BF", "en"},
    {"Forces armées nigériennes", "FAN", v1::MILITARY, "NE", "fr"},
    {"Conseil national pour la sauvegarde de la patrie", "CNSP", v1::GOVERNMENT, "NE", "fr"},
    {"Boko Haram", "جماعة أهل السنة للدعوة والجهاد", v1::ARMED_GROUP, "NE", ""},
    {"Protesters (Niger)", "", v1::ORGANIZATION, "NE", "en"},
    {"Civilians (Niger)", "", v1::ORGANIZATION, "NE", "en"},
    {"الجيش الوطني الشعبي", "Armée nationale populaire", v1::MILITARY, "DZ", "ar"},
    {"الدرك الوطني", "Gendarmerie nationale algérienne", v1::MILITARY, "DZ", "ar"},
    {"الحراك الشعبي", "Hirak", v1::ORGANIZATION, "DZ", "ar"},
    {"Protesters (Algeria)", "", v1::ORGANIZATION, "DZ", "en"},
    {"Civilians (Algeria)", "", v1::ORGANIZATION, "DZ", "en"},
    {"Türk Silahlı Kuvvetleri", "Turkish Armed Forces", v1::MILITARY, "TR", "tr"},
    {"Jandarma Genel Komutanlığı", "", v1::MILITARY, "TR", "tr"},
    {"Kurdistan Workers' Party", "PKK", v1::ARMED_GROUP, "TR", "en"},
    {"Protesters (Turkey)", "", v1::ORGANIZATION, "TR", "en"},
    {"Civilians (Turkey)", "", v1::ORGANIZATION, "TR", "en"},
    {"جماعة نصرة الإسلام والمسلمين", "JNIM", v1::ARMED_GROUP, "", "ar"},
    {"Islamic State Sahel Province", "ولاية الساحل", v1::ARMED_GROUP, "", "en"},
    {"Islamic State West Africa Province", "ISWAP", v1::ARMED_GROUP, "", "en"},
    {"تنظيم القاعدة في بلاد المغرب الإسلامي", "AQIM", v1::ARMED_GROUP, "", "ar"},
    {"Wagner Group", "", v1::ARMED_GROUP, "", "en"},
    {"MINUSMA", "", v1::ORGANIZATION, "", ""},
    {"Opération Barkhane", "", v1::MILITARY, "", "fr"},
};
constexpr int kActors = 300;
constexpr int kPlacesPerCountry = 40;  // 4 regions x 2 districts x 5 settlements

std::vector<Actor> MakeActors(Random& random) {
  std::vector<Actor> actors;
  for (const auto& g : kGroups) {
    Actor a{g.name, {}, g.kind, g.country, g.language};
    if (*g.alias != '\0') a.aliases.push_back(g.alias);
    actors.push_back(std::move(a));
  }
  // People: round-robin over the countries, a quarter in Arabic script in DZ and ML.
  std::set<std::string> seen;
  for (int i = 0; static_cast<int>(actors.size()) < kActors; ++i) {
    const Country& c = kCountries[i % kCountryCount];
    Actor a{"", {}, v1::PERSON, c.code, ""};
    if (c.arabic && random.Below(2) == 0) {
      const auto& first = kArabicFirst[random.Below(static_cast<int>(std::size(kArabicFirst)))];
      const auto& last = kArabicLast[random.Below(static_cast<int>(std::size(kArabicLast)))];
      a.name = absl::StrCat(first[0], " ", last[0]);
      a.language = "ar";
      if (random.Below(2) == 0) a.aliases.push_back(absl::StrCat(first[1], " ", last[1]));
    } else {
      a.name = absl::StrCat(c.first_names[random.Below(10)], " ", c.last_names[random.Below(10)]);
    }
    if (seen.insert(a.name).second) actors.push_back(std::move(a));
  }
  return actors;
}

struct Place {
  std::string name;
  std::vector<std::string> aliases;
  std::string language;
  int country;  // index in kCountries
  std::string admin1, admin2;
  double lat, lng;
};

// Latin letters to Arabic ones, roughly, for the Arabic spellings of made-up settlement names.
std::string ToArabic(const std::string& latin) {
  static const std::pair<const char*, const char*> kMap[] = {
      {"ou", "و"}, {"gh", "غ"}, {"a", "ا"}, {"b", "ب"}, {"d", "د"}, {"e", "ي"}, {"g", "ق"},
      {"h", "ه"},  {"i", "ي"},  {"k", "ك"}, {"l", "ل"}, {"m", "م"}, {"n", "ن"}, {"o", "و"},
      {"r", "ر"},  {"s", "س"},  {"t", "ت"}, {"u", "و"}, {"z", "ز"}, {"y", "ي"}};
  std::string out;
  for (size_t i = 0; i < latin.size();) {
    bool matched = false;
    for (const auto& [from, to] : kMap) {
      const std::string f = from;
      if (latin.compare(i, f.size(), f) == 0) {
        out += to;
        i += f.size();
        matched = true;
        break;
      }
    }
    if (!matched) ++i;
  }
  return out;
}

// The syllables' first letters in upper case (ASCII, and the Turkish ones in UTF-8).
std::string Capitalized(const std::string& word) {
  static const std::pair<const char*, const char*> kUpper[] = {
      {"ç", "Ç"}, {"ö", "Ö"}, {"ş", "Ş"}, {"ü", "Ü"}, {"ğ", "Ğ"}};
  if (!word.empty() && word[0] >= 'a' && word[0] <= 'z') {
    return static_cast<char>(word[0] - 'a' + 'A') + word.substr(1);
  }
  for (const auto& [lower, upper] : kUpper) {
    const std::string l = lower;
    if (word.compare(0, l.size(), l) == 0) return upper + word.substr(l.size());
  }
  return word;
}

std::vector<Place> MakePlaces(Random& random) {
  std::vector<Place> places;
  std::set<std::string> seen;
  for (int c = 0; c < kCountryCount; ++c) {
    const Country& country = kCountries[c];
    for (int k = 0; k < kPlacesPerCountry;) {
      const Region& region = country.regions[k / 10];
      const int district = (k / 5) % 2;
      std::string stem =
          absl::StrCat(country.syllables[random.Below(12)], country.syllables[random.Below(12)],
                       country.syllables[random.Below(12)]);
      if (!seen.insert(stem).second) continue;
      Place p;
      const std::string latin = Capitalized(stem);
      if (country.arabic && k % 6 == 0) {
        p.name = ToArabic(stem);
        p.language = "ar";
        p.aliases.push_back(latin);
      } else {
        p.name = latin;
      }
      p.country = c;
      p.admin1 = region.name;
      p.admin2 = region.districts[district];
      p.lat = region.lat + (district == 0 ? -0.4 : 0.4) + (random.Real() - 0.5) * 0.5;
      p.lng = region.lng + (random.Real() - 0.5) * 0.8;
      places.push_back(std::move(p));
      ++k;
    }
  }
  return places;
}

struct EventType {
  const char* type;
  const char* noun;  // in titles
  double share;
};

const EventType kEventTypes[] = {
    {"armed_clash", "Armed clash", 0.25},
    {"attack", "Attack", 0.15},
    {"violence_against_civilians", "Violence against civilians", 0.13},
    {"air_drone_strike", "Drone strike", 0.08},
    {"explosion", "Explosion", 0.08},
    {"protest", "Protest", 0.15},
    {"riot", "Riot", 0.05},
    {"arrest", "Arrests", 0.05},
    {"territory_change", "Territory taken", 0.02},
    {"statement", "Statement", 0.02},
    {"agreement", "Agreement", 0.01},
    {"other", "Incident", 0.01},
};

const char* const kArabicRelative[] = {"أمس", "أول أمس", "الخميس الماضي", "الأسبوع الماضي",
                                       "الشهر الماضي"};

std::string Day(chrono::sys_days day) {
  const chrono::year_month_day ymd(day);
  return absl::StrFormat("%04d-%02u-%02u", static_cast<int>(ymd.year()),
                         static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

void SetTimestamp(chrono::sys_days day, int hour, google::protobuf::Timestamp* out) {
  out->set_seconds(chrono::duration_cast<chrono::seconds>(day.time_since_epoch()).count() +
                   hour * 3600);
}

struct Counts {
  int iso_days = 0, iso_months = 0, arabic = 0, fatalities = 0, injured = 0, actor_links = 0;
  std::set<int> actors, places;
};

class Generator {
 public:
  Generator(uint64_t seed, int records)
      : random_(seed),
        records_(records),
        actors_(MakeActors(random_)),
        places_(MakePlaces(random_)) {
    for (int i = 0; i < static_cast<int>(actors_.size()); ++i) {
      int pool = kCountryCount;  // transnational
      for (int c = 0; c < kCountryCount; ++c) {
        if (actors_[i].country == kCountries[c].code) pool = c;
      }
      pools_[pool].push_back(i);
    }
    // Each country's places in a shuffled order, so that the hot ones are spread over regions.
    for (int c = 0; c < kCountryCount; ++c) {
      for (int i = 0; i < static_cast<int>(places_.size()); ++i) {
        if (places_[i].country == c) place_pools_[c].push_back(i);
      }
      auto& pool = place_pools_[c];
      for (int i = static_cast<int>(pool.size()) - 1; i > 0; --i) {
        std::swap(pool[i], pool[random_.Below(i + 1)]);
      }
    }
  }

  v1::IngestRecord Record(int n);  // n from 1
  const Counts& counts() const { return counts_; }

 private:
  int PickActor(int country, int other) {
    for (;;) {
      // 80% the place's country's own actors, else the transnational groups.
      const auto& pool = pools_[random_.Below(10) < 8 ? country : kCountryCount];
      const int a = pool[random_.Skewed(static_cast<int>(pool.size()), 2)];
      if (a != other) return a;
    }
  }

  Random random_;
  const int records_;
  const std::vector<Actor> actors_;
  const std::vector<Place> places_;
  std::vector<int> pools_[kCountryCount + 1];
  std::vector<int> place_pools_[kCountryCount];
  Counts counts_;
};

constexpr int kRecordsPerSource = 100;

v1::IngestRecord Generator::Record(int n) {
  const int source = (n - 1) / kRecordsPerSource;
  const int sources = (records_ + kRecordsPerSource - 1) / kRecordsPerSource;
  // Each article reports on the 30 days before it; articles follow each other over 2018-2024.
  const chrono::sys_days first = chrono::sys_days(chrono::year{2018} / 2 / 1);
  const int span_days = (chrono::sys_days(chrono::year{2024} / 12 / 31) - first).count();
  const chrono::sys_days published =
      first + chrono::days(static_cast<int64_t>(source) * span_days / std::max(1, sources - 1));
  const chrono::sys_days day = published - chrono::days(1 + random_.Below(30));
  // The article's country, then the record's place in it.
  const int country = source % kCountryCount;
  const Country& c = kCountries[country];
  const auto& place_pool = place_pools_[country];
  const int place_index = place_pool[random_.Skewed(static_cast<int>(place_pool.size()), 2)];
  const Place& place = places_[place_index];
  counts_.places.insert(place_index);

  double u = random_.Real();
  const EventType* type = &kEventTypes[0];
  for (const EventType& t : kEventTypes) {
    type = &t;
    if ((u -= t.share) < 0) break;
  }

  v1::IngestRecord r;
  r.mutable_external_id()->set_system("bench");
  r.mutable_external_id()->set_id(absl::StrCat("e", n));
  r.set_event_type(type->type);

  const int first_actor = PickActor(country, -1);
  const int second_actor = random_.Below(100) < 65 ? PickActor(country, first_actor) : -1;
  for (int a : {first_actor, second_actor}) {
    if (a < 0) continue;
    const Actor& actor = actors_[a];
    v1::IngestActor* out = r.add_actors();
    out->set_name(actor.name);
    for (const std::string& alias : actor.aliases) out->add_aliases(alias);
    out->set_language(actor.language);
    out->set_kind(actor.kind);
    out->set_country_code(actor.country);
    out->set_role(a == first_actor ? v1::INITIATOR : v1::TARGET);
    counts_.actors.insert(a);
    ++counts_.actor_links;
  }

  v1::IngestPlace* p = r.add_places();
  p->set_name(place.name);
  for (const std::string& alias : place.aliases) p->add_aliases(alias);
  p->set_language(place.language);
  p->set_country_code(c.code);
  p->add_admin_names(place.admin1);
  p->add_admin_names(place.admin2);
  p->mutable_location()->set_latitude(place.lat);
  p->mutable_location()->set_longitude(place.lng);
  p->set_time_zone(c.zone);

  const std::string place_name = place.aliases.empty() ? place.name : place.aliases[0];
  r.set_title(absl::StrCat(type->noun, " in ", place_name));

  v1::DateExpression* date = r.mutable_date();
  const int kind = random_.Below(100);
  if (kind < 2) {
    date->set_text(kArabicRelative[random_.Below(static_cast<int>(std::size(kArabicRelative)))]);
    SetTimestamp(published, 9, date->mutable_reference_time());
    ++counts_.arabic;
  } else if (kind < 15) {
    date->set_text(Day(day).substr(0, 7));
    ++counts_.iso_months;
  } else {
    date->set_text(Day(day));
    ++counts_.iso_days;
  }

  std::string deaths;
  const int f = random_.Below(100);
  if (f < 70) {
    const int best = random_.Skewed(60, 3);
    r.mutable_fatalities()->set_best(best);
    deaths = absl::StrCat(best, " killed");
    ++counts_.fatalities;
  } else if (f < 80) {
    const int low = random_.Skewed(30, 2);
    r.mutable_fatalities()->set_low(low);
    r.mutable_fatalities()->set_high(low + 1 + random_.Below(20));
    deaths = absl::StrCat("at least ", low, " killed");
    ++counts_.fatalities;
  }
  if (random_.Below(100) < 20) {
    r.mutable_injured()->set_best(random_.Skewed(40, 2));
    ++counts_.injured;
  }

  const Actor& initiator = actors_[first_actor];
  std::string summary =
      absl::StrCat("On ", Day(day), ", ", initiator.name, " (", type->noun, ") near ", place_name,
                   ", ", place.admin2, ", ", place.admin1, ", ", c.name);
  if (second_actor >= 0) absl::StrAppend(&summary, "; target: ", actors_[second_actor].name);
  if (!deaths.empty()) absl::StrAppend(&summary, "; ", deaths);
  absl::StrAppend(&summary, ".");
  r.set_summary(summary);

  v1::IngestSource* s = r.mutable_source();
  const char* publisher = c.publishers[source % 3];
  s->set_url(absl::StrFormat("https://news.example/%s/%s/article-%d", c.code,
                             Day(published).substr(0, 7), source + 1));
  s->set_publisher(publisher);
  s->set_language(country == 4 ? "tr" : country == 3 ? "ar" : "fr");
  SetTimestamp(published, 9, s->mutable_published_time());
  s->set_title(absl::StrCat(publisher, ": the week in ", c.name, " (", source + 1, ")"));
  s->set_quote(summary);
  for (const char* claim : {"event_type", "time", "actors", "places"}) s->add_claims(claim);
  if (!deaths.empty()) s->add_claims("fatalities");
  return r;
}

}  // namespace
}  // namespace timeline::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "ingest_bench_gen --records=N --out=FILE: N IngestRecords as JSON Lines for bench/ingest");
  absl::ParseCommandLine(argc, argv);
  const int n = absl::GetFlag(FLAGS_records);
  const std::string path = absl::GetFlag(FLAGS_out);
  if (n < 1 || path.empty()) {
    std::cerr << "ingest_bench_gen: needs --records >= 1 and --out\n";
    return 2;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    std::cerr << "ingest_bench_gen: cannot write " << path << "\n";
    return 1;
  }
  timeline::bench::Generator generator(absl::GetFlag(FLAGS_seed), n);
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string line;
  for (int i = 1; i <= n; ++i) {
    line.clear();
    const auto status =
        google::protobuf::util::MessageToJsonString(generator.Record(i), &line, options);
    if (!status.ok()) {
      std::cerr << "ingest_bench_gen: " << status.ToString() << "\n";
      return 1;
    }
    out << line << '\n';
  }
  out.close();
  if (!out) {
    std::cerr << "ingest_bench_gen: write error on " << path << "\n";
    return 1;
  }
  const auto& c = generator.counts();
  std::fprintf(stderr,
               "ingest_bench_gen: %d records to %s: %zu actors (%d links), %zu places, %d sources; "
               "dates %d ISO days, %d ISO months, %d Arabic relative; fatalities on %d, injured "
               "on %d\n",
               n, path.c_str(), c.actors.size(), c.actor_links, c.places.size(),
               (n + timeline::bench::kRecordsPerSource - 1) / timeline::bench::kRecordsPerSource,
               c.iso_days, c.iso_months, c.arabic, c.fatalities, c.injured);
  return 0;
}
