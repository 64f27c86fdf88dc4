// UCDP Georeferenced Event Dataset (GED) CSV. Columns are found by header name.
// The mapping is documented in clients/ingest/README.md ("Input formats").
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "formats/country_codes.h"
#include "formats/readers.h"

namespace timeline::ingest {
namespace {

class UcdpGedReader final : public CsvTableReader {
 public:
  explicit UcdpGedReader(std::istream& in)
      : CsvTableReader(in, "a UCDP GED",
                       {{"id"}, {"type_of_violence"}, {"date_start"}, {"date_end"}}) {}

 private:
  struct Columns {
    int id, type_of_violence, dyad_name, side_a, side_b, source_article, source_office, source_date,
        source_headline, where_prec, where_coordinates, where_description, adm_1, adm_2, latitude,
        longitude, country, date_prec, date_start, date_end, best, high, low;
  };

  void OnHeader() override {
    c_ = Columns{
        .id = Column({"id"}),
        .type_of_violence = Column({"type_of_violence"}),
        .dyad_name = Column({"dyad_name"}),
        .side_a = Column({"side_a"}),
        .side_b = Column({"side_b"}),
        .source_article = Column({"source_article"}),
        .source_office = Column({"source_office"}),
        .source_date = Column({"source_date"}),
        .source_headline = Column({"source_headline"}),
        .where_prec = Column({"where_prec"}),
        .where_coordinates = Column({"where_coordinates"}),
        .where_description = Column({"where_description"}),
        .adm_1 = Column({"adm_1"}),
        .adm_2 = Column({"adm_2"}),
        .latitude = Column({"latitude"}),
        .longitude = Column({"longitude"}),
        .country = Column({"country"}),
        .date_prec = Column({"date_prec"}),
        .date_start = Column({"date_start"}),
        .date_end = Column({"date_end"}),
        .best = Column({"best"}),
        .high = Column({"high"}),
        .low = Column({"low"}),
    };
  }

  // A whole number in [lo, hi] from an optional column; errors when present and not one.
  std::optional<int64_t> Code(const CsvRow& row, int col, absl::string_view name, int64_t lo,
                              int64_t hi, bool required, RowErrors* errors) {
    const absl::string_view text = row.Get(col);
    if (text.empty()) {
      if (required) errors->Add(row.Name(col, name), "is empty");
      return std::nullopt;
    }
    const std::optional<int64_t> v = ParseInt(text);
    if (!v || *v < lo || *v > hi) {
      errors->Add(row.Name(col, name),
                  absl::StrCat(Quoted(text), " is not a whole number from ", lo, " to ", hi));
      return std::nullopt;
    }
    return v;
  }

  std::optional<date::year_month_day> Date(const CsvRow& row, int col, absl::string_view name,
                                           RowErrors* errors) {
    const absl::string_view text = row.Get(col);
    const std::optional<date::year_month_day> d = ParseDate(text);
    if (text.empty()) {
      errors->Add(row.Name(col, name), "is empty");
    } else if (!d) {
      errors->Add(row.Name(col, name), absl::StrCat(Quoted(text), " is not a date (2024-09-17)"));
    }
    return d;
  }

  void MapRow(const CsvRow& row, ReadItem* item) override {
    RowErrors errors;
    const absl::string_view id = row.Get(c_.id);
    if (id.empty()) errors.Add(row.Name(c_.id, "id"), "is empty");
    const std::optional<int64_t> violence =
        Code(row, c_.type_of_violence, "type_of_violence", 1, 3, true, &errors);
    const std::optional<date::year_month_day> start =
        Date(row, c_.date_start, "date_start", &errors);
    const std::optional<date::year_month_day> end = Date(row, c_.date_end, "date_end", &errors);
    if (start && end && date::sys_days{*end} < date::sys_days{*start}) {
      errors.Add(row.Name(c_.date_end, "date_end"), "is before date_start");
    }
    const std::optional<int64_t> date_prec =
        Code(row, c_.date_prec, "date_prec", 1, 5, true, &errors);
    const std::optional<int64_t> where_prec =
        Code(row, c_.where_prec, "where_prec", 1, 7, false, &errors);
    const std::optional<int64_t> best = Code(row, c_.best, "best", 0, INT32_MAX, false, &errors);
    const std::optional<int64_t> low = Code(row, c_.low, "low", 0, INT32_MAX, false, &errors);
    const std::optional<int64_t> high = Code(row, c_.high, "high", 0, INT32_MAX, false, &errors);
    const LatLngParse at =
        ParseLatLng(row.Get(c_.latitude), row.Get(c_.longitude), row.Name(c_.latitude, "latitude"),
                    row.Name(c_.longitude, "longitude"), &errors);
    if (!errors.empty()) {
      SetError(item, errors.Message());
      return;
    }

    item->kind = ReadItem::Kind::kEvent;
    v1::IngestRecord& r = item->event;
    r.mutable_external_id()->set_system("ucdp-ged");
    r.mutable_external_id()->set_id(std::string(id));
    r.set_event_type(*violence == 3 ? "violence_against_civilians" : "armed_clash");

    const absl::string_view side_a = row.Get(c_.side_a);
    const absl::string_view side_b = row.Get(c_.side_b);
    const absl::string_view where = row.Get(c_.where_coordinates);
    std::string title(row.Get(c_.dyad_name));
    if (title.empty()) {
      title = side_b.empty() ? std::string(side_a) : absl::StrCat(side_a, " - ", side_b);
    }
    if (title.empty()) title = *violence == 3 ? "One-sided violence" : "Armed conflict";
    absl::string_view where_title = where;
    if (where_title.empty()) where_title = row.Get(c_.adm_1);
    if (where_title.empty()) where_title = row.Get(c_.country);
    if (!where_title.empty()) absl::StrAppend(&title, " in ", where_title);
    r.set_title(std::move(title));

    v1::TimeSpan* t = r.mutable_time();
    *t->mutable_start_time() = StartOfDayUtc(*start);
    *t->mutable_end_time() =
        StartOfDayUtc(date::year_month_day{date::sys_days{*end} + date::days{1}});
    switch (*date_prec) {
      case 3:
        t->set_precision(v1::PRECISION_WEEK);
        break;
      case 4:
        t->set_precision(v1::PRECISION_MONTH);
        break;
      case 5:
        t->set_precision(v1::PRECISION_YEAR);
        break;
      default:  // 1: the day; 2: a range of 2 to 6 days
        t->set_precision(v1::PRECISION_DAY);
    }
    t->set_time_zone("UTC");
    t->set_text(*start == *end ? IsoDate(*start)
                               : absl::StrCat(IsoDate(*start), " – ", IsoDate(*end)));

    auto add_actor = [&r](absl::string_view name, v1::ActorRole role, v1::ActorKind kind) {
      v1::IngestActor* a = r.add_actors();
      a->set_name(std::string(name));
      a->set_role(role);
      a->set_kind(kind);
      a->set_country_code(CountryCodeOfActorName(name));
    };
    auto kind_of = [](absl::string_view name) {
      return absl::StartsWith(name, "Government of") ? v1::GOVERNMENT : v1::ARMED_GROUP;
    };
    if (!side_a.empty()) add_actor(side_a, v1::INITIATOR, kind_of(side_a));
    if (absl::EqualsIgnoreCase(side_b, "Civilians")) {
      add_actor(side_b, v1::VICTIM, v1::ORGANIZATION);
    } else if (!side_b.empty()) {
      add_actor(side_b, v1::TARGET, kind_of(side_b));
    }

    const absl::string_view country = row.Get(c_.country);
    std::string place_name(where);
    if (place_name.empty()) place_name = std::string(row.Get(c_.where_description));
    if (!place_name.empty()) {
      v1::IngestPlace* p = r.add_places();
      p->set_name(std::move(place_name));
      p->set_country_code(CountryCodeFromName(country));
      for (int col : {c_.adm_1, c_.adm_2}) AddAdminName(p, row.Get(col));
      if (at.present) {
        p->mutable_location()->set_latitude(at.latitude);
        p->mutable_location()->set_longitude(at.longitude);
      }
      if (where_prec) {
        switch (*where_prec) {
          case 1:
            p->set_kind(v1::SETTLEMENT);
            p->set_location_precision(v1::EXACT);
            break;
          case 2:
            p->set_kind(v1::SETTLEMENT);
            p->set_location_precision(v1::SETTLEMENT_CENTROID);
            break;
          case 3:
            p->set_kind(v1::ADMIN_DISTRICT);
            p->set_location_precision(v1::REGION_CENTROID);
            break;
          case 4:
            p->set_kind(v1::ADMIN_REGION);
            p->set_location_precision(v1::REGION_CENTROID);
            break;
          case 5:
            p->set_kind(v1::AREA);
            p->set_location_precision(v1::REGION_CENTROID);
            break;
          case 6:
            p->set_kind(v1::COUNTRY);
            p->set_location_precision(v1::COUNTRY_CENTROID);
            break;
          default:  // 7: international waters or airspace
            p->set_kind(v1::AREA);
            p->set_location_precision(v1::COUNTRY_CENTROID);
        }
      }
      p->set_role(v1::LOCATION);
    }

    if (low || best || high) {
      v1::Count* f = r.mutable_fatalities();
      if (low) f->set_low(static_cast<int32_t>(*low));
      if (best) f->set_best(static_cast<int32_t>(*best));
      if (high) f->set_high(static_cast<int32_t>(*high));
    }

    v1::IngestSource* s = r.mutable_source();
    s->set_url(absl::StrCat("https://ucdp.uu.se/event/", id));
    const absl::string_view office = row.Get(c_.source_office);
    s->set_publisher(office.empty() ? std::string("UCDP") : std::string(office));
    s->set_title(std::string(row.Get(c_.source_headline)));
    s->set_quote(std::string(row.Get(c_.source_article)));
    // Several sources are ";"-separated; the first date is the first article's.
    const std::vector<std::string> dates = SplitNames(row.Get(c_.source_date));
    if (!dates.empty()) {
      if (const std::optional<date::year_month_day> d = ParseDate(dates.front())) {
        *s->mutable_published_time() = StartOfDayUtc(*d);
      }
    }
    // Field paths of the event that the sources vouch for; fatalities when UCDP gives a count.
    for (const char* path : {"event_type", "time", "actors", "places"}) s->add_claims(path);
    if (low || best || high) s->add_claims("fatalities");
  }

  Columns c_{};
};

}  // namespace

std::unique_ptr<RecordReader> NewUcdpGedReader(std::istream& in) {
  return std::make_unique<UcdpGedReader>(in);
}

}  // namespace timeline::ingest
