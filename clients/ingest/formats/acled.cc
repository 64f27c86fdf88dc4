// ACLED CSV exports: the current lower-case layout and the pre-2019 upper-case one (ALLY_ACTOR_*,
// dd/mm/yyyy dates, old event types). Columns are found by header name, in any case and order.
// The mapping is documented in clients/ingest/README.md ("Input formats").
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "formats/country_codes.h"
#include "formats/readers.h"

namespace timeline::ingest {
namespace {

struct Mapping {
  absl::string_view acled;  // lower case
  absl::string_view type;
};

// ACLED sub-event types (codebook 2023) first; they are more specific than event types.
constexpr std::array<Mapping, 20> kSubEventTypes = {{
    {"air/drone strike", "air_drone_strike"},
    {"armed clash", "armed_clash"},
    {"attack", "attack"},
    {"shelling/artillery/missile attack", "explosion"},
    {"remote explosive/landmine/ied", "explosion"},
    {"suicide bomb", "explosion"},
    {"grenade", "explosion"},
    {"chemical weapon", "explosion"},
    {"government regains territory", "territory_change"},
    {"non-state actor overtakes territory", "territory_change"},
    {"non-violent transfer of territory", "territory_change"},
    {"abduction/forced disappearance", "violence_against_civilians"},
    {"sexual violence", "violence_against_civilians"},
    {"peaceful protest", "protest"},
    {"protest with intervention", "protest"},
    {"excessive force against protesters", "protest"},
    {"violent demonstration", "riot"},
    {"mob violence", "riot"},
    {"agreement", "agreement"},
    {"arrests", "arrest"},
}};

// Current event types, then the pre-2019 ones.
constexpr std::array<Mapping, 15> kEventTypes = {{
    {"battles", "armed_clash"},
    {"explosions/remote violence", "explosion"},
    {"violence against civilians", "violence_against_civilians"},
    {"protests", "protest"},
    {"riots", "riot"},
    {"strategic developments", "other"},
    {"battle-no change of territory", "armed_clash"},
    {"battle-government regains territory", "territory_change"},
    {"battle-non-state actor overtakes territory", "territory_change"},
    {"non-violent transfer of territory", "territory_change"},
    {"remote violence", "explosion"},
    {"riots/protests", "protest"},
    {"strategic development", "other"},
    {"headquarters or base established", "other"},
    {"non-violent activity", "other"},
}};

}  // namespace

std::string AcledEventType(absl::string_view event_type, absl::string_view sub_event_type) {
  const std::string sub = AsciiLower(Trim(sub_event_type));
  for (const Mapping& m : kSubEventTypes) {
    if (m.acled == sub) return std::string(m.type);
  }
  const std::string type = AsciiLower(Trim(event_type));
  for (const Mapping& m : kEventTypes) {
    if (m.acled == type) return std::string(m.type);
  }
  return "other";
}

// inter1/inter2: the numeric codes of older exports or the words of newer ones.
v1::ActorKind AcledActorKind(absl::string_view inter) {
  inter = Trim(inter);
  if (const std::optional<int64_t> code = ParseInt(inter)) {
    switch (*code) {
      case 1:  // state forces
      case 8:  // external/other forces
        return v1::MILITARY;
      case 2:  // rebel groups
      case 3:  // political militias
      case 4:  // identity militias
        return v1::ARMED_GROUP;
      case 5:  // rioters
      case 6:  // protesters
      case 7:  // civilians
        return v1::ORGANIZATION;
      default:
        return v1::ACTOR_KIND_UNSPECIFIED;
    }
  }
  static constexpr std::pair<absl::string_view, v1::ActorKind> kWords[] = {
      {"state forces", v1::MILITARY},          {"rebel group", v1::ARMED_GROUP},
      {"rebel groups", v1::ARMED_GROUP},       {"political militia", v1::ARMED_GROUP},
      {"political militias", v1::ARMED_GROUP}, {"identity militia", v1::ARMED_GROUP},
      {"identity militias", v1::ARMED_GROUP},  {"rioters", v1::ORGANIZATION},
      {"protesters", v1::ORGANIZATION},        {"civilians", v1::ORGANIZATION},
      {"external/other forces", v1::MILITARY}, {"other forces", v1::MILITARY},
  };
  const std::string lower = AsciiLower(inter);
  for (const auto& [word, kind] : kWords) {
    if (lower == word) return kind;
  }
  return v1::ACTOR_KIND_UNSPECIFIED;
}

namespace {

// Whether an inter1/inter2 code is civilians: 7 or "Civilians".
bool IsCivilians(absl::string_view inter) {
  inter = Trim(inter);
  if (const std::optional<int64_t> code = ParseInt(inter)) return *code == 7;
  return AsciiLower(inter) == "civilians";
}

class AcledReader final : public CsvTableReader {
 public:
  explicit AcledReader(std::istream& in)
      : CsvTableReader(in, "an ACLED", {{"event_id_cnty"}, {"event_date"}, {"event_type"}}) {}

 private:
  struct Columns {
    int id, date, time_precision, event_type, sub_event_type, actor1, assoc1, inter1, actor2,
        assoc2, inter2, iso, country, admin1, admin2, admin3, location, latitude, longitude,
        geo_precision, source, source_scale, notes, fatalities;
  };

  void OnHeader() override {
    c_ = Columns{
        .id = Column({"event_id_cnty"}),
        .date = Column({"event_date"}),
        .time_precision = Column({"time_precision"}),
        .event_type = Column({"event_type"}),
        .sub_event_type = Column({"sub_event_type"}),
        .actor1 = Column({"actor1"}),
        .assoc1 = Column({"assoc_actor_1", "ally_actor_1"}),
        .inter1 = Column({"inter1"}),
        .actor2 = Column({"actor2"}),
        .assoc2 = Column({"assoc_actor_2", "ally_actor_2"}),
        .inter2 = Column({"inter2"}),
        .iso = Column({"iso"}),
        .country = Column({"country"}),
        .admin1 = Column({"admin1"}),
        .admin2 = Column({"admin2"}),
        .admin3 = Column({"admin3"}),
        .location = Column({"location"}),
        .latitude = Column({"latitude"}),
        .longitude = Column({"longitude"}),
        .geo_precision = Column({"geo_precision"}),
        .source = Column({"source"}),
        .source_scale = Column({"source_scale"}),
        .notes = Column({"notes"}),
        .fatalities = Column({"fatalities"}),
    };
  }

  void MapRow(const CsvRow& row, ReadItem* item) override {
    RowErrors errors;
    const absl::string_view id = row.Get(c_.id);
    if (id.empty()) errors.Add(row.Name(c_.id, "event_id_cnty"), "is empty");

    const absl::string_view date_text = row.Get(c_.date);
    const std::optional<date::year_month_day> date = ParseDate(date_text);
    if (date_text.empty()) {
      errors.Add(row.Name(c_.date, "event_date"), "is empty");
    } else if (!date) {
      errors.Add(row.Name(c_.date, "event_date"),
                 absl::StrCat(Quoted(date_text),
                              " is not a date (2024-09-17, 17 September 2024 or 17/09/2024)"));
    }

    int64_t time_precision = 1;
    if (const absl::string_view tp = row.Get(c_.time_precision); !tp.empty()) {
      const std::optional<int64_t> v = ParseInt(tp);
      if (!v || *v < 1 || *v > 3) {
        errors.Add(row.Name(c_.time_precision, "time_precision"),
                   absl::StrCat(Quoted(tp), " is not 1 (day), 2 (week) or 3 (month)"));
      } else {
        time_precision = *v;
      }
    }

    const absl::string_view event_type = row.Get(c_.event_type);
    if (event_type.empty()) errors.Add(row.Name(c_.event_type, "event_type"), "is empty");
    const absl::string_view sub_event_type = row.Get(c_.sub_event_type);

    std::string country_code;
    if (const absl::string_view iso = row.Get(c_.iso); !iso.empty()) {
      const std::optional<int64_t> v = ParseInt(iso);
      if (!v || *v < 0 || *v > 999) {
        errors.Add(row.Name(c_.iso, "iso"),
                   absl::StrCat(Quoted(iso), " is not an ISO 3166 numeric country code"));
      } else {
        country_code = CountryCodeFromNumeric(static_cast<int>(*v));
      }
    }
    const absl::string_view country = row.Get(c_.country);
    if (country_code.empty() && !country.empty()) country_code = CountryCodeFromName(country);

    const LatLngParse at =
        ParseLatLng(row.Get(c_.latitude), row.Get(c_.longitude), row.Name(c_.latitude, "latitude"),
                    row.Name(c_.longitude, "longitude"), &errors);

    v1::LocationPrecision precision = v1::LOCATION_PRECISION_UNSPECIFIED;
    if (const absl::string_view gp = row.Get(c_.geo_precision); !gp.empty()) {
      const std::optional<int64_t> v = ParseInt(gp);
      if (!v || *v < 1 || *v > 3) {
        errors.Add(row.Name(c_.geo_precision, "geo_precision"),
                   absl::StrCat(Quoted(gp), " is not 1, 2 or 3"));
      } else {
        // ACLED's 1 is the very town the source names, and its coordinates are where the event
        // is known to have happened: EXACT for the event (a town's point is no coarser than the
        // event's own); 2 is "near" a town, at that town's point; 3 a larger region.
        precision = *v == 1 ? v1::EXACT : *v == 2 ? v1::SETTLEMENT_CENTROID : v1::REGION_CENTROID;
      }
    }

    int32_t fatalities = -1;  // -1: not given
    if (const absl::string_view f = row.Get(c_.fatalities); !f.empty()) {
      const std::optional<int64_t> v = ParseInt(f);
      if (!v || *v < 0 || *v > INT32_MAX) {
        errors.Add(row.Name(c_.fatalities, "fatalities"),
                   absl::StrCat(Quoted(f), " is not a number of deaths"));
      } else {
        fatalities = static_cast<int32_t>(*v);
      }
    }

    if (!errors.empty()) {
      SetError(item, errors.Message());
      return;
    }

    item->kind = ReadItem::Kind::kEvent;
    v1::IngestRecord& r = item->event;
    r.mutable_external_id()->set_system("acled");
    r.mutable_external_id()->set_id(std::string(id));
    r.set_event_type(AcledEventType(event_type, sub_event_type));

    const absl::string_view location = row.Get(c_.location);
    const absl::string_view actor1 = row.Get(c_.actor1);
    std::string title(sub_event_type.empty() ? event_type : sub_event_type);
    if (!location.empty()) {
      absl::StrAppend(&title, " in ", location);
    } else if (!country.empty()) {
      absl::StrAppend(&title, " in ", country);
    }
    if (!actor1.empty()) absl::StrAppend(&title, " by ", actor1);
    r.set_title(std::move(title));

    // The summary is the notes, then who reported the event: "Reported by: Reuters (source
    // scale: International)." after a blank line.
    const absl::string_view notes = row.Get(c_.notes);
    std::string summary(notes);
    if (const absl::string_view src = Trim(row.Get(c_.source)); !src.empty()) {
      if (!summary.empty()) summary += "\n\n";
      absl::StrAppend(&summary, "Reported by: ", src);
      if (const absl::string_view scale = Trim(row.Get(c_.source_scale)); !scale.empty()) {
        absl::StrAppend(&summary, " (source scale: ", scale, ")");
      }
      summary += ".";
    }
    r.set_summary(std::move(summary));

    switch (time_precision) {
      case 2:
        r.mutable_date()->set_text(IsoWeek(*date));
        break;
      case 3:
        r.mutable_date()->set_text(IsoYearMonth(*date));
        break;
      default:
        r.mutable_date()->set_text(IsoDate(*date));
    }

    auto add_actor = [&r](absl::string_view name, v1::ActorRole role, v1::ActorKind kind) {
      v1::IngestActor* a = r.add_actors();
      a->set_name(std::string(name));
      a->set_role(role);
      a->set_kind(kind);
      a->set_country_code(CountryCodeOfActorName(name));
    };
    if (!actor1.empty()) add_actor(actor1, v1::INITIATOR, AcledActorKind(row.Get(c_.inter1)));
    for (const std::string& name : SplitNames(row.Get(c_.assoc1))) {
      add_actor(name, v1::ASSOCIATED, v1::ACTOR_KIND_UNSPECIFIED);
    }
    if (const absl::string_view actor2 = row.Get(c_.actor2); !actor2.empty()) {
      const absl::string_view inter2 = row.Get(c_.inter2);
      add_actor(actor2, IsCivilians(inter2) ? v1::VICTIM : v1::TARGET, AcledActorKind(inter2));
    }
    for (const std::string& name : SplitNames(row.Get(c_.assoc2))) {
      add_actor(name, v1::ASSOCIATED, v1::ACTOR_KIND_UNSPECIFIED);
    }

    if (!location.empty()) {
      v1::IngestPlace* p = r.add_places();
      p->set_name(std::string(location));
      p->set_country_code(country_code);
      for (int col : {c_.admin1, c_.admin2, c_.admin3}) AddAdminName(p, row.Get(col));
      if (at.present) {
        p->mutable_location()->set_latitude(at.latitude);
        p->mutable_location()->set_longitude(at.longitude);
      }
      p->set_location_precision(precision);
      p->set_role(v1::LOCATION);
    }

    v1::IngestSource* s = r.mutable_source();
    s->set_url("https://acleddata.com/");
    s->set_publisher("ACLED");
    s->set_title("ACLED event data");
    s->set_quote(std::string(notes));
    // Field paths of the event that ACLED vouches for.
    for (const char* path : {"event_type", "time", "actors", "places"}) s->add_claims(path);
    if (fatalities >= 0) s->add_claims("fatalities");

    if (fatalities >= 0) r.mutable_fatalities()->set_best(fatalities);
  }

  Columns c_{};
};

}  // namespace

std::unique_ptr<RecordReader> NewAcledReader(std::istream& in) {
  return std::make_unique<AcledReader>(in);
}

}  // namespace timeline::ingest
