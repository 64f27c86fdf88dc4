// GDELT 2.0 event exports (*.export.CSV): 61 tab-separated columns, no header.
// The mapping is documented in clients/ingest/README.md ("Input formats").
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "formats/country_codes.h"
#include "formats/readers.h"

namespace timeline::ingest {
namespace {

// Column indexes of the GDELT 2.0 event codebook.
enum Col : size_t {
  kGlobalEventId = 0,
  kSqlDate = 1,
  kActor1Code = 5,
  kActor1Name = 6,
  kActor1CountryCode = 7,
  kActor1Type1Code = 12,
  kActor2Code = 15,
  kActor2Name = 16,
  kActor2CountryCode = 17,
  kActor2Type1Code = 22,
  kEventCode = 26,
  kGoldsteinScale = 30,
  kNumArticles = 33,
  kActionGeoType = 51,
  kActionGeoFullName = 52,
  kActionGeoLat = 56,
  kActionGeoLong = 57,
  kDateAdded = 59,
  kSourceUrl = 60,
  kColumns = 61,
};

constexpr std::array<absl::string_view, kColumns> kColumnNames = {
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
};

struct Cameo {
  absl::string_view prefix;  // of the CAMEO event code
  absl::string_view type;    // taxonomy event type
  absl::string_view verb;    // "<Actor1> <verb> <Actor2>"
  absl::string_view noun;    // when an actor is missing: "<noun> by <Actor1>"
};

// CAMEO 1.1b3: the root codes and the more specific codes the taxonomy distinguishes.
constexpr std::array<Cameo, 30> kCameo = {{
    {"01", "statement", "makes a statement about", "Statement"},
    {"02", "statement", "appeals to", "Appeal"},
    {"03", "statement", "expresses intent to cooperate with", "Intent to cooperate"},
    {"04", "meeting", "consults", "Consultation"},
    {"042", "visit", "visits", "Visit"},
    {"043", "visit", "hosts a visit of", "Visit"},
    {"044", "meeting", "meets at a third location with", "Meeting"},
    {"045", "meeting", "mediates with", "Mediation"},
    {"046", "meeting", "negotiates with", "Negotiation"},
    {"05", "other", "cooperates diplomatically with", "Diplomatic cooperation"},
    {"057", "agreement", "signs an agreement with", "Agreement"},
    {"06", "other", "cooperates materially with", "Material cooperation"},
    {"07", "other", "provides aid to", "Aid"},
    {"08", "other", "yields to", "Concession"},
    {"09", "other", "investigates", "Investigation"},
    {"10", "other", "demands from", "Demand"},
    {"11", "other", "disapproves of", "Disapproval"},
    {"12", "other", "rejects", "Rejection"},
    {"13", "other", "threatens", "Threat"},
    {"14", "protest", "protests against", "Protest"},
    {"145", "riot", "riots against", "Riot"},
    {"15", "other", "exhibits force posture toward", "Show of force"},
    {"16", "other", "reduces relations with", "Reduced relations"},
    {"17", "other", "coerces", "Coercion"},
    {"173", "arrest", "arrests", "Arrest"},
    {"18", "attack", "assaults", "Assault"},
    {"183", "explosion", "bombs", "Bombing"},
    {"19", "armed_clash", "fights", "Fighting"},
    {"195", "air_drone_strike", "strikes from the air", "Air strike"},
    {"20", "attack", "uses mass violence against", "Mass violence"},
}};

constexpr Cameo kOther = {"", "other", "interacts with", "Event"};

// The entry of the longest prefix of `event_code`.
const Cameo& CameoFor(absl::string_view event_code) {
  const Cameo* cameo = &kOther;
  for (const Cameo& c : kCameo) {
    if (absl::StartsWith(event_code, c.prefix) && c.prefix.size() > cameo->prefix.size())
      cameo = &c;
  }
  return *cameo;
}

// CAMEO actor type codes -> actor kinds.
v1::ActorKind GdeltActorKind(absl::string_view code, absl::string_view type1,
                             absl::string_view country) {
  static constexpr std::pair<absl::string_view, v1::ActorKind> kTypes[] = {
      {"GOV", v1::GOVERNMENT},   {"LEG", v1::GOVERNMENT},   {"JUD", v1::GOVERNMENT},
      {"MIL", v1::MILITARY},     {"COP", v1::MILITARY},     {"SPY", v1::MILITARY},
      {"REB", v1::ARMED_GROUP},  {"INS", v1::ARMED_GROUP},  {"SEP", v1::ARMED_GROUP},
      {"UAF", v1::ARMED_GROUP},  {"MED", v1::MEDIA},        {"IGO", v1::ORGANIZATION},
      {"NGO", v1::ORGANIZATION}, {"BUS", v1::ORGANIZATION}, {"MNC", v1::ORGANIZATION},
      {"EDU", v1::ORGANIZATION}, {"HLH", v1::ORGANIZATION}, {"LAB", v1::ORGANIZATION},
      {"ELI", v1::PERSON},
  };
  for (const auto& [t, kind] : kTypes) {
    if (type1 == t) return kind;
  }
  // An actor coded only by its country ("MLI") is the state.
  if (!code.empty() && code == country) return v1::STATE;
  return v1::ACTOR_KIND_UNSPECIFIED;
}

// The host of an absolute URL, lower case, without "www.", port and user info.
std::string UrlHost(absl::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == absl::string_view::npos) return "";
  absl::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != absl::string_view::npos) rest = rest.substr(at + 1);
  if (const size_t colon = rest.find(':'); colon != absl::string_view::npos) {
    rest = rest.substr(0, colon);
  }
  std::string host = absl::AsciiStrToLower(rest);
  if (absl::StartsWith(host, "www.")) host.erase(0, 4);
  return host;
}

class GdeltReader final : public TsvTableReader {
 public:
  explicit GdeltReader(std::istream& in) : TsvTableReader(in, "GDELT 2.0 event", kColumns) {}

 private:
  void MapRow(const std::vector<absl::string_view>& f, ReadItem* item) override {
    RowErrors errors;
    const absl::string_view id = f[kGlobalEventId];
    if (!IsDigits(id)) {
      errors.Add(kColumnNames[kGlobalEventId],
                 id.empty() ? std::string("is empty")
                            : absl::StrCat(Quoted(id), " is not an event number"));
    }
    const std::optional<date::year_month_day> day = ParseCompactDate(f[kSqlDate]);
    if (!day) {
      errors.Add(kColumnNames[kSqlDate],
                 f[kSqlDate].empty()
                     ? std::string("is empty")
                     : absl::StrCat(Quoted(f[kSqlDate]), " is not a YYYYMMDD date"));
    }
    const absl::string_view code = f[kEventCode];
    if (!IsDigits(code) || code.size() < 2 || code.size() > 4) {
      errors.Add(kColumnNames[kEventCode],
                 code.empty() ? std::string("is empty")
                              : absl::StrCat(Quoted(code), " is not a CAMEO event code"));
    }
    int64_t geo_type = 0;
    if (!f[kActionGeoType].empty()) {
      const std::optional<int64_t> v = ParseInt(f[kActionGeoType]);
      if (!v || *v < 0 || *v > 5) {
        errors.Add(kColumnNames[kActionGeoType],
                   absl::StrCat(Quoted(f[kActionGeoType]), " is not a geographic type 0 to 5"));
      } else {
        geo_type = *v;
      }
    }
    const LatLngParse at =
        ParseLatLng(f[kActionGeoLat], f[kActionGeoLong], kColumnNames[kActionGeoLat],
                    kColumnNames[kActionGeoLong], &errors);
    std::optional<google::protobuf::Timestamp> added;
    if (!f[kDateAdded].empty()) {
      added = ParseCompactDateTime(f[kDateAdded]);
      if (!added) {
        errors.Add(kColumnNames[kDateAdded],
                   absl::StrCat(Quoted(f[kDateAdded]), " is not a YYYYMMDDHHMMSS time"));
      }
    }
    for (Col col : {kGoldsteinScale, kNumArticles}) {
      if (!f[col].empty() && !ParseDouble(f[col])) {
        errors.Add(kColumnNames[col], absl::StrCat(Quoted(f[col]), " is not a number"));
      }
    }
    if (!errors.empty()) {
      SetError(item, errors.Message());
      return;
    }

    const Cameo* cameo = &CameoFor(code);

    item->kind = ReadItem::Kind::kEvent;
    v1::IngestRecord& r = item->event;
    r.mutable_external_id()->set_system("gdelt");
    r.mutable_external_id()->set_id(std::string(id));
    r.set_event_type(std::string(cameo->type));
    r.mutable_date()->set_text(IsoDate(*day));

    const absl::string_view actor1 = f[kActor1Name];
    const absl::string_view actor2 = f[kActor2Name];
    auto add_actor = [&](absl::string_view name, Col code_col, Col country_col, Col type_col,
                         v1::ActorRole role) {
      v1::IngestActor* a = r.add_actors();
      a->set_name(std::string(name));
      a->set_role(role);
      a->set_kind(GdeltActorKind(f[code_col], f[type_col], f[country_col]));
      a->set_country_code(CountryCodeFromAlpha3(f[country_col]));
    };
    if (!actor1.empty()) {
      add_actor(actor1, kActor1Code, kActor1CountryCode, kActor1Type1Code, v1::INITIATOR);
    }
    if (!actor2.empty()) {
      add_actor(actor2, kActor2Code, kActor2CountryCode, kActor2Type1Code, v1::TARGET);
    }

    std::string place_name;
    const absl::string_view full_name = f[kActionGeoFullName];
    if (geo_type != 0 && !full_name.empty()) {
      std::vector<absl::string_view> parts = absl::StrSplit(full_name, ',');
      for (absl::string_view& p : parts) p = Trim(p);
      v1::IngestPlace* p = r.add_places();
      place_name = std::string(parts.front());
      p->set_name(place_name);
      for (size_t i = 1; i + 1 < parts.size(); ++i) AddAdminName(p, parts[i]);
      p->set_country_code(CountryCodeFromName(parts.back()));
      if (at.present) {
        p->mutable_location()->set_latitude(at.latitude);
        p->mutable_location()->set_longitude(at.longitude);
      }
      switch (geo_type) {
        case 1:
          p->set_kind(v1::COUNTRY);
          p->set_location_precision(v1::COUNTRY_CENTROID);
          break;
        case 2:
        case 5:
          p->set_kind(v1::ADMIN_REGION);
          p->set_location_precision(v1::REGION_CENTROID);
          break;
        default:  // 3, 4: cities
          p->set_kind(v1::SETTLEMENT);
          p->set_location_precision(v1::SETTLEMENT_CENTROID);
      }
      p->set_role(v1::LOCATION);
    }

    std::string title;
    if (!actor1.empty() && !actor2.empty()) {
      title = absl::StrCat(actor1, " ", cameo->verb, " ", actor2);
    } else {
      title = std::string(cameo->noun);
      if (!actor1.empty()) absl::StrAppend(&title, " by ", actor1);
      if (!actor2.empty()) absl::StrAppend(&title, " involving ", actor2);
      if (!place_name.empty()) absl::StrAppend(&title, " in ", place_name);
    }
    r.set_title(std::move(title));

    if (const absl::string_view url = f[kSourceUrl]; !url.empty()) {
      v1::IngestSource* s = r.mutable_source();
      s->set_url(std::string(url));
      s->set_publisher(UrlHost(url));
      if (added) *s->mutable_published_time() = *added;
      // Field paths of the event that the article vouches for.
      for (const char* path : {"event_type", "actors", "places", "time"}) s->add_claims(path);
    }

    // GDELT's own figures, for people: "GDELT Goldstein scale -10; 3 articles."
    std::vector<std::string> figures;
    if (!f[kGoldsteinScale].empty()) {
      figures.push_back(absl::StrCat("Goldstein scale ", f[kGoldsteinScale]));
    }
    if (!f[kNumArticles].empty()) {
      figures.push_back(
          absl::StrCat(f[kNumArticles], f[kNumArticles] == "1" ? " article" : " articles"));
    }
    if (!figures.empty()) r.set_summary(absl::StrCat("GDELT ", absl::StrJoin(figures, "; "), "."));
  }
};

}  // namespace

std::string CameoEventType(absl::string_view event_code) {
  return std::string(CameoFor(Trim(event_code)).type);
}

std::unique_ptr<RecordReader> NewGdeltReader(std::istream& in) {
  return std::make_unique<GdeltReader>(in);
}

}  // namespace timeline::ingest
