// Places of an ACLED export linked by their administrative path (normalize/place_hierarchy.h),
// checked against tests/data/acled-places-2016.csv: capitals named like their region and district
// (Tripoli, Benghazi, Oran, Dakar, Rafah), one name in two districts of one region and in another
// region (Kersa), one name in two provinces (Kasongo), and two names one letter and 41 km apart
// (Kirumba, Kirumbu).
//
// The file is read by the ingest job's own ACLED reader and sent in streams of a few records, so
// links are made across streams too. The truth comes from the file: every row's place is a
// settlement under exactly the row's divisions, rows naming the same place (name and path) share
// one, and rows differing in name or path do not.
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "api_calls.h"
#include "formats/readers.h"
#include "gtest/gtest.h"
#include "integration_suite.h"

namespace timeline::testing {
namespace {

struct Row {
  int64_t line = 0;
  v1::IngestRecord record;
  std::string country, location;
  std::vector<std::string> divisions;  // admin1, admin2[, admin3] as the file gives them
};

std::vector<Row> ReadFixture() {
  const std::string path = std::string(TIMELINE_TEST_DATA_DIR) + "/acled-places-2016.csv";
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot read " << path;
  std::vector<Row> rows;
  auto reader = ingest::NewAcledReader(in);
  ingest::ReadItem item;
  while (reader->Next(&item)) {
    EXPECT_EQ(item.kind, ingest::ReadItem::Kind::kEvent)
        << path << ":" << item.line << ": " << item.error;
    if (item.kind != ingest::ReadItem::Kind::kEvent) continue;
    Row row;
    row.line = item.line;
    row.record = item.event;
    const v1::IngestPlace& p = item.event.places(0);
    row.country = p.country_code();
    row.location = p.name();
    row.divisions.assign(p.admin_names().begin(), p.admin_names().end());
    rows.push_back(std::move(row));
  }
  return rows;
}

class PlaceHierarchyTest : public IntegrationSuite<PlaceHierarchyTest> {
 public:
  static EnvOptions Options() { return {.load_seed = false}; }

  static void PrepareSuite() {
    rows_ = new std::vector<Row>(ReadFixture());
    results_ = new std::vector<v1::IngestResult>();
    // Streams of three records: later streams find what earlier ones created.
    for (size_t first = 0; first < rows_->size(); first += 3) {
      std::vector<v1::IngestRecord> records;
      for (size_t i = first; i < std::min(first + 3, rows_->size()); ++i) {
        records.push_back((*rows_)[i].record);
      }
      IngestOutcome out = IngestEvents(env_->ingest(), records);
      if (!out.status.ok()) throw std::runtime_error(out.status.error_message());
      for (const v1::IngestResult& r : out.response.results()) results_->push_back(r);
    }
  }

  static void ReleaseSuite() {
    delete rows_;
    delete results_;
  }

 protected:
  // The place a row was linked to, as stored: kind and the names of its divisions, largest first.
  struct StoredPlace {
    std::string kind;
    std::vector<std::string> divisions;
  };

  StoredPlace Stored(const std::string& place_name) {
    const std::string id = place_name.substr(std::string("places/").size());
    StoredPlace out;
    out.kind =
        SqlColumn(env_->database_url(), "SELECT kind FROM places WHERE resource_id = $1", id).at(0);
    out.divisions = SqlColumn(env_->database_url(),
                              "SELECT a.display_name FROM places p"
                              " JOIN place_ancestors pa ON pa.place_id = p.id AND pa.depth > 0"
                              " JOIN places a ON a.id = pa.ancestor_id"
                              " WHERE p.resource_id = $1"
                              "   AND a.kind IN ('admin_region', 'admin_district')"
                              " ORDER BY pa.depth DESC",
                              id);
    return out;
  }

  static std::vector<Row>* rows_;
  static std::vector<v1::IngestResult>* results_;
};

std::vector<Row>* PlaceHierarchyTest::rows_ = nullptr;
std::vector<v1::IngestResult>* PlaceHierarchyTest::results_ = nullptr;

TEST_F(PlaceHierarchyTest, EveryRowIsASettlementUnderItsOwnDivisions) {
  ASSERT_EQ(results_->size(), rows_->size());
  for (size_t i = 0; i < rows_->size(); ++i) {
    const Row& row = (*rows_)[i];
    const v1::IngestResult& r = (*results_)[i];
    ASSERT_EQ(r.outcome(), v1::IngestResult::CREATED) << "line " << row.line;
    ASSERT_EQ(r.places_size(), 1) << "line " << row.line;
    const StoredPlace stored = Stored(r.places(0));
    EXPECT_EQ(stored.kind, "settlement")
        << "line " << row.line << ": " << row.location << " -> " << r.places(0);
    EXPECT_EQ(stored.divisions, row.divisions)
        << "line " << row.line << ": " << row.location << " -> " << r.places(0);
  }
}

TEST_F(PlaceHierarchyTest, RowsShareAPlaceExactlyWhenNameAndPathAreEqual) {
  ASSERT_EQ(results_->size(), rows_->size());
  using Key = std::tuple<std::string, std::string, std::vector<std::string>>;
  std::map<Key, std::set<std::string>> places_of_key;
  std::map<std::string, std::set<Key>> keys_of_place;
  for (size_t i = 0; i < rows_->size(); ++i) {
    const Row& row = (*rows_)[i];
    const Key key{row.country, row.location, row.divisions};
    places_of_key[key].insert((*results_)[i].places(0));
    keys_of_place[(*results_)[i].places(0)].insert(key);
  }
  for (const auto& [key, places] : places_of_key) {
    EXPECT_EQ(places.size(), 1u) << std::get<1>(key) << " in "
                                 << absl::StrJoin(std::get<2>(key), "/") << " went to "
                                 << absl::StrJoin(places, ", ");
  }
  for (const auto& [place, keys] : keys_of_place) {
    EXPECT_EQ(keys.size(), 1u) << place << " took " << keys.size() << " different places";
  }
  // The file's distinct places: the truth the two checks above hold the service to.
  EXPECT_EQ(keys_of_place.size(), places_of_key.size());
}

TEST_F(PlaceHierarchyTest, ACapitalIsNotTheRegionItIsNamedAfter) {
  const std::vector<std::string> capitals =
      SqlColumn(env_->database_url(),
                "SELECT p.kind || ' ' || p.display_name FROM places p"
                " WHERE p.display_name IN ('Tripoli', 'Benghazi', 'Oran', 'Dakar', 'Rafah')"
                " ORDER BY p.display_name, p.kind");
  // Each name is a division and a settlement in it. (The ACLED reader reads an admin2 equal to
  // its admin1 as one division; Rafah's region is the Gaza Strip.)
  EXPECT_EQ(capitals,
            (std::vector<std::string>{"admin_region Benghazi", "settlement Benghazi",
                                      "admin_region Dakar", "settlement Dakar", "admin_region Oran",
                                      "settlement Oran", "admin_district Rafah", "settlement Rafah",
                                      "admin_region Tripoli", "settlement Tripoli"}));
}

// "Kersa" with no division and no point matches three places equally: none is guessed, a new one
// is made and the tie reported; the same record again then finds that one.
TEST_F(PlaceHierarchyTest, ANameMatchingSeveralPlacesEquallyIsNotGuessed) {
  v1::IngestRecord record;
  record.mutable_external_id()->set_system("place-hierarchy");
  record.mutable_external_id()->set_id("kersa-unplaced");
  record.set_title("Protest in Kersa");
  record.set_event_type("protest");
  record.mutable_date()->set_text("2016-04-20");
  v1::IngestPlace* place = record.add_places();
  place->set_name("Kersa");
  place->set_country_code("ET");
  const std::set<std::string> placed_kersas = [&] {
    std::set<std::string> out;
    for (size_t i = 0; i < rows_->size(); ++i) {
      if ((*rows_)[i].location == "Kersa") out.insert((*results_)[i].places(0));
    }
    return out;
  }();
  ASSERT_EQ(placed_kersas.size(), 3u);

  IngestOutcome first = IngestEvents(env_->ingest(), {record});
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  const v1::IngestResult& r = first.response.results(0);
  ASSERT_EQ(r.places_size(), 1);
  EXPECT_FALSE(placed_kersas.contains(r.places(0))) << r.places(0);
  std::string ambiguous;
  for (const v1::IngestNote& w : r.warnings()) {
    if (w.code() == "AMBIGUOUS_NAME") ambiguous = w.message();
  }
  for (const std::string& kersa : placed_kersas) {
    EXPECT_NE(ambiguous.find(kersa.substr(std::string("places/").size())), std::string::npos)
        << ambiguous;
  }

  record.mutable_external_id()->set_id("kersa-unplaced-again");
  IngestOutcome again = IngestEvents(env_->ingest(), {record});
  ASSERT_TRUE(again.status.ok()) << again.status.error_message();
  EXPECT_EQ(again.response.results(0).places(0), r.places(0));
}

}  // namespace
}  // namespace timeline::testing
