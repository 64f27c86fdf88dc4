// UpdatePlace, DeletePlace, MergePlaces and SplitPlace through a real server and PostgreSQL. Each
// test builds its own small hierarchy (a country, regions, a town with a site below it, events
// at them) and checks the answers against that fixture: which events a place selects after a
// move, the closure and scopes against ones recomputed from parent links, what a merge re-links
// and what a split restores.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api_calls.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "status_details.h"

namespace timeline::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;
using ::testing::UnorderedElementsAreArray;

// Closure rows that differ from the closure recomputed from parent links, over every place.
constexpr char kClosureMismatches[] = R"sql(
  WITH RECURSIVE truth (place_id, ancestor_id, depth) AS (
    SELECT id, id, 0 FROM places
    UNION ALL
    SELECT t.place_id, p.parent_id, t.depth + 1
      FROM truth t JOIN places p ON p.id = t.ancestor_id
     WHERE p.parent_id IS NOT NULL)
  SELECT count(*) FROM (
    (SELECT * FROM truth EXCEPT SELECT place_id, ancestor_id, depth FROM place_ancestors)
    UNION ALL
    (SELECT place_id, ancestor_id, depth FROM place_ancestors EXCEPT SELECT * FROM truth)) d)sql";

// Scope rows that differ from the scope recomputed from links and the closure.
constexpr char kScopeMismatches[] = R"sql(
  WITH truth AS (
    SELECT DISTINCT a.ancestor_id AS place_id, ep.event_id
      FROM event_places ep JOIN place_ancestors a ON a.place_id = ep.place_id)
  SELECT count(*) FROM (
    (SELECT * FROM truth EXCEPT SELECT place_id, event_id FROM event_place_scope)
    UNION ALL
    (SELECT place_id, event_id FROM event_place_scope EXCEPT SELECT * FROM truth)) d)sql";

class PlaceCurationTest : public IntegrationSuite<PlaceCurationTest> {
 public:
  static EnvOptions Options() { return {.load_seed = false}; }

 protected:
  static v1::Place MakePlace(const std::string& display_name, v1::PlaceKind kind,
                             const std::string& parent = "",
                             const std::vector<std::pair<std::string, std::string>>& names = {}) {
    v1::CreatePlaceRequest request;
    request.set_place_id(Unique("place"));
    v1::Place* p = request.mutable_place();
    p->set_display_name(display_name);
    p->set_kind(kind);
    p->set_parent(parent);
    if (kind == v1::COUNTRY) p->set_country_code("ML");
    for (const auto& [name, language] : names) {
      v1::PlaceName* n = p->add_names();
      n->set_name(name);
      n->set_language(language);
    }
    return CreatedPlace(env_->places(), request);
  }

  static std::string MakeActor() {
    v1::CreateActorRequest request;
    request.set_actor_id(Unique("actor"));
    request.mutable_actor()->set_display_name("Armed group");
    request.mutable_actor()->set_kind(v1::ARMED_GROUP);
    return CreatedActor(env_->actors(), request).name();
  }

  // An event at `places` (place, role) pairs.
  static v1::Event MakeEvent(const std::vector<std::pair<std::string, v1::PlaceRole>>& places) {
    v1::Event e;
    e.set_title(Unique("clash"));
    e.set_event_type("attack");
    *e.mutable_time()->mutable_start_time() = Ts("2023-03-05T00:00:00Z");
    e.mutable_time()->set_precision(v1::PRECISION_DAY);
    AddActor(e, actor_, v1::INITIATOR);
    for (const auto& [place, role] : places) AddPlace(e, place, role);
    return CreatedEvent(env_->events(), e);
  }

  static grpc::Status Update(const v1::Place& patch, const std::vector<std::string>& paths,
                             v1::Place* out, const std::string& reason = "") {
    v1::UpdatePlaceRequest request;
    *request.mutable_place() = patch;
    for (const std::string& p : paths) request.mutable_update_mask()->add_paths(p);
    request.set_reason(reason);
    grpc::ClientContext ctx;
    return env_->places().UpdatePlace(&ctx, request, out);
  }

  static grpc::Status Delete(const std::string& name, v1::Place* out,
                             const std::string& reason = "") {
    v1::DeletePlaceRequest request;
    request.set_name(name);
    request.set_reason(reason);
    grpc::ClientContext ctx;
    return env_->places().DeletePlace(&ctx, request, out);
  }

  static grpc::Status Merge(const std::string& name, const std::string& into, v1::Place* out,
                            const std::string& reason = "") {
    v1::MergePlacesRequest request;
    request.set_name(name);
    request.set_into(into);
    request.set_reason(reason);
    grpc::ClientContext ctx;
    return env_->places().MergePlaces(&ctx, request, out);
  }

  static grpc::Status Split(const std::string& name, v1::Place* out,
                            const std::string& reason = "") {
    v1::SplitPlaceRequest request;
    request.set_name(name);
    request.set_reason(reason);
    grpc::ClientContext ctx;
    return env_->places().SplitPlace(&ctx, request, out);
  }

  static std::vector<std::string> EventsAt(const std::string& place) {
    v1::ListEventsRequest request;
    request.add_places(place);
    request.set_page_size(1000);
    return ListAllEventNames(env_->events(), request);
  }

  static int64_t Sql(const std::string& sql) { return SqlNumber(env_->database_url(), sql); }

  // The kinds and reasons logged for a place, in order ("updated:why").
  static std::vector<std::string> PlaceChanges(const std::string& place) {
    return SqlColumn(env_->database_url(),
                     "SELECT c.kind || ':' || coalesce(c.reason, '') || ':' ||"
                     "       coalesce(c.merged_into, '')"
                     "  FROM changes c JOIN places p ON p.id = c.place_id"
                     " WHERE p.resource_id = $1 ORDER BY c.seq",
                     IdOf(place));
  }

  // A place's links of an event as "place role", for comparing events before and after.
  static std::vector<std::string> Links(const v1::Event& e) {
    std::vector<std::string> links;
    for (const v1::EventPlace& p : e.places()) {
      links.push_back(absl::StrCat(p.place(), " ", v1::PlaceRole_Name(p.role())));
    }
    return links;
  }

  static void ExpectConsistentHierarchy() {
    EXPECT_EQ(Sql(kClosureMismatches), 0);
    EXPECT_EQ(Sql(kScopeMismatches), 0);
  }

  static inline std::string actor_;

 public:
  static void PrepareSuite() { actor_ = MakeActor(); }
};

TEST_F(PlaceCurationTest, MovingATownMovesItsSubtreeAndItsEvents) {
  const v1::Place country = MakePlace("Mali", v1::COUNTRY);
  const v1::Place region1 = MakePlace("Gao Region", v1::ADMIN_REGION, country.name());
  const v1::Place region2 = MakePlace("Kidal Region", v1::ADMIN_REGION, country.name());
  const v1::Place town = MakePlace("Anefis", v1::SETTLEMENT, region1.name());
  const v1::Place site = MakePlace("Anefis market", v1::SITE, town.name());
  const v1::Event at_town = MakeEvent({{town.name(), v1::LOCATION}});
  const v1::Event at_site = MakeEvent({{site.name(), v1::TARGET_SITE}});
  const v1::Event at_region = MakeEvent({{region1.name(), v1::LOCATION}});
  ASSERT_THAT(EventsAt(region1.name()),
              UnorderedElementsAre(at_town.name(), at_site.name(), at_region.name()));
  ASSERT_THAT(EventsAt(region2.name()), ::testing::IsEmpty());

  v1::Place patch;
  patch.set_name(town.name());
  patch.set_parent(region2.name());
  patch.set_etag(town.etag());
  v1::Place moved;
  grpc::Status status = Update(patch, {"parent"}, &moved, "Anefis lies in Kidal");
  ASSERT_TRUE(status.ok()) << status.error_message();

  EXPECT_EQ(moved.parent(), region2.name());
  EXPECT_THAT(moved.ancestors(), ElementsAre(region2.name(), country.name()));
  EXPECT_NE(moved.etag(), town.etag());
  EXPECT_THAT(Got(env_->places(), site.name()).ancestors(),
              ElementsAre(town.name(), region2.name(), country.name()));
  EXPECT_THAT(EventsAt(region2.name()), UnorderedElementsAre(at_town.name(), at_site.name()));
  EXPECT_THAT(EventsAt(region1.name()), ElementsAre(at_region.name()));
  EXPECT_THAT(EventsAt(country.name()),
              UnorderedElementsAre(at_town.name(), at_site.name(), at_region.name()));
  EXPECT_THAT(EventsAt(town.name()), UnorderedElementsAre(at_town.name(), at_site.name()));
  ExpectConsistentHierarchy();

  // The moved events changed for their watchers; the one in region 1 did not.
  EXPECT_NE(Got(env_->events(), at_town.name()).etag(), at_town.etag());
  EXPECT_NE(Got(env_->events(), at_site.name()).etag(), at_site.etag());
  EXPECT_EQ(Got(env_->events(), at_region.name()).etag(), at_region.etag());
  EXPECT_THAT(PlaceChanges(town.name()), ElementsAre("created::", "updated:Anefis lies in Kidal:"));

  // The same write again changes nothing, not even the etag.
  v1::Place again;
  patch.clear_etag();
  ASSERT_TRUE(Update(patch, {"parent"}, &again).ok());
  EXPECT_EQ(again.etag(), moved.etag());
  EXPECT_EQ(PlaceChanges(town.name()).size(), 2u);
}

TEST_F(PlaceCurationTest, AParentBelowThePlaceOrRetiredIsRefused) {
  const v1::Place country = MakePlace("Mali", v1::COUNTRY);
  const v1::Place region = MakePlace("Gao Region", v1::ADMIN_REGION, country.name());
  const v1::Place town = MakePlace("Gao", v1::SETTLEMENT, region.name());
  const v1::Place site = MakePlace("Gao airport", v1::SITE, town.name());
  const v1::Place spare = MakePlace("Spare region", v1::ADMIN_REGION, country.name());

  for (const std::string& below : {site.name(), town.name(), region.name()}) {
    v1::Place patch;
    patch.set_name(region.name());
    patch.set_parent(below);
    v1::Place out;
    grpc::Status status = Update(patch, {"parent"}, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << below;
    EXPECT_THAT(ViolatedFields(status), ElementsAre("place.parent")) << status.error_message();
  }
  // A country has no parent.
  v1::Place patch;
  patch.set_name(country.name());
  patch.set_parent(spare.name());
  v1::Place out;
  EXPECT_EQ(Update(patch, {"parent"}, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  // A deleted parent, and one that does not exist.
  ASSERT_TRUE(Delete(spare.name(), &out).ok());
  for (const std::string& parent : {spare.name(), std::string("places/no-such-place")}) {
    patch.set_name(site.name());
    patch.set_parent(parent);
    grpc::Status status = Update(patch, {"parent"}, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << parent;
    EXPECT_THAT(ViolatedFields(status), ElementsAre("place.parent"));
  }
  EXPECT_EQ(Got(env_->places(), site.name()).parent(), town.name());
  ExpectConsistentHierarchy();
}

TEST_F(PlaceCurationTest, StaleEtagIsAbortedAndMasksAreChecked) {
  const v1::Place country = MakePlace("Mali", v1::COUNTRY);
  const v1::Place town = MakePlace("Tessalit", v1::SETTLEMENT, country.name());
  v1::Place patch;
  patch.set_name(town.name());
  // CreatePlace gave it its country's zone, Africa/Bamako.
  patch.set_time_zone("Africa/Abidjan");
  patch.set_etag(town.etag());
  v1::Place v2;
  ASSERT_TRUE(Update(patch, {"time_zone"}, &v2).ok());
  EXPECT_EQ(v2.time_zone(), "Africa/Abidjan");
  EXPECT_NE(v2.etag(), town.etag());

  patch.set_time_zone("Africa/Dakar");  // still carries the first etag
  v1::Place out;
  EXPECT_EQ(Update(patch, {"time_zone"}, &out).error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(Got(env_->places(), town.name()).time_zone(), "Africa/Abidjan");

  patch.clear_etag();
  grpc::Status status = Update(patch, {"create_time"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("update_mask.paths[0]"));
}

TEST_F(PlaceCurationTest, ARenameShowsInItsEventsAndALocationInItsPoints) {
  const v1::Place country = MakePlace("Mali", v1::COUNTRY);
  const v1::Place town = MakePlace("Tessalit", v1::SETTLEMENT, country.name());
  const v1::Place site = MakePlace("Tessalit camp", v1::SITE, town.name());
  const v1::Event at_town = MakeEvent({{town.name(), v1::LOCATION}});

  v1::Place patch;
  patch.set_name(town.name());
  patch.set_display_name("Tessalit (Kidal)");
  patch.mutable_location()->set_latitude(20.2);
  patch.mutable_location()->set_longitude(0.98);
  patch.set_location_precision(v1::EXACT);
  v1::Place renamed;
  ASSERT_TRUE(Update(patch, {"display_name", "location"}, &renamed).ok());
  EXPECT_EQ(renamed.display_name(), "Tessalit (Kidal)");
  EXPECT_THAT(NameTexts(renamed.names()), Contains("Tessalit (Kidal)"));
  EXPECT_THAT(NameTexts(renamed.names()), Contains("Tessalit"));

  const v1::Event event = Got(env_->events(), at_town.name());
  EXPECT_NE(event.etag(), at_town.etag());
  ASSERT_EQ(event.places_size(), 1);
  EXPECT_EQ(event.places(0).display_name(), "Tessalit (Kidal)");

  // The site has no point of its own: it borrows the town's new one.
  for (const v1::Place& p : {town, site}) {
    EXPECT_EQ(SqlNumber(env_->database_url(),
                        "SELECT round(ST_Y(pp.location::geometry) * 1000)::bigint"
                        "  FROM place_points pp JOIN places p ON p.id = pp.place_id"
                        " WHERE p.resource_id = $1",
                        IdOf(p.name())),
              20200)
        << p.name();
  }
}

TEST_F(PlaceCurationTest, DeleteIsRefusedWhileReferencedAndLeavesATombstone) {
  const v1::Place country = MakePlace("Mali", v1::COUNTRY);
  const v1::Place town = MakePlace("Aguelhok", v1::SETTLEMENT, country.name());
  const v1::Place site = MakePlace("Aguelhok camp", v1::SITE, town.name());
  const v1::Event at_town = MakeEvent({{town.name(), v1::LOCATION}});

  v1::Place out;
  grpc::Status status = Delete(town.name(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(
      status.error_message(),
      HasSubstr(absl::StrCat(town.name(), " is named by 1 event, such as ", at_town.name())));
  EXPECT_THAT(status.error_message(),
              HasSubstr(absl::StrCat("is the parent of 1 place, such as ", site.name())));

  status = Delete(site.name(), &out, "a duplicate");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(out.has_delete_time());
  EXPECT_NE(out.etag(), site.etag());
  EXPECT_TRUE(Got(env_->places(), site.name()).has_delete_time());
  EXPECT_EQ(SqlNumber(env_->database_url(),
                      "SELECT count(*) FROM place_names n JOIN places p ON p.id = n.place_id"
                      " WHERE p.resource_id = $1",
                      IdOf(site.name())),
            0);
  v1::ListPlacesRequest children;
  children.set_parent(town.name());
  EXPECT_THAT(ListAllPlaceNames(env_->places(), children), Not(Contains(site.name())));
  EXPECT_THAT(PlaceChanges(site.name()), ElementsAre("created::", "deleted:a duplicate:"));

  EXPECT_EQ(Delete(site.name(), &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  v1::Place patch;
  patch.set_name(site.name());
  patch.set_display_name("back");
  EXPECT_EQ(Update(patch, {"display_name"}, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Delete("places/no-such-place", &out).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(PlaceCurationTest, MergeRelinksFoldsAndMovesAndSplitRestores) {
  const v1::Place country = MakePlace("Mali", v1::COUNTRY);
  // One region entered twice, under two spellings.
  const v1::Place kept = MakePlace("Kidal Region", v1::ADMIN_REGION, country.name());
  const v1::Place dup = MakePlace("Région de Kidal", v1::ADMIN_REGION, country.name(),
                                  {{"Région de Kidal", "fr"}, {"Kidal Region", ""}});
  const v1::Place town = MakePlace("Anefis", v1::SETTLEMENT, dup.name());
  const v1::Event at_kept = MakeEvent({{kept.name(), v1::LOCATION}});
  const v1::Event at_dup = MakeEvent({{dup.name(), v1::LOCATION}});
  const v1::Event at_both = MakeEvent({{dup.name(), v1::LOCATION}, {kept.name(), v1::LOCATION}});
  const v1::Event across = MakeEvent({{dup.name(), v1::ORIGIN}, {kept.name(), v1::DESTINATION}});
  const v1::Event at_town = MakeEvent({{town.name(), v1::LOCATION}});
  const std::vector<v1::Event> events = {at_kept, at_dup, at_both, across, at_town};

  v1::Place survivor;
  grpc::Status status = Merge(dup.name(), kept.name(), &survivor, "one region");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(survivor.name(), kept.name());
  EXPECT_THAT(NameTexts(survivor.names()), Contains("Région de Kidal"));
  const std::vector<std::string> survivor_names = NameTexts(survivor.names());
  EXPECT_EQ(std::count(survivor_names.begin(), survivor_names.end(), "Kidal Region"), 1);

  const v1::Place tomb = Got(env_->places(), dup.name());
  EXPECT_TRUE(tomb.has_delete_time());
  EXPECT_EQ(tomb.merged_into(), kept.name());
  EXPECT_THAT(NameTexts(tomb.names()), ::testing::IsEmpty());
  EXPECT_EQ(Got(env_->places(), town.name()).parent(), kept.name());

  // Links move in their roles; the event that named both in one role names the survivor once.
  EXPECT_THAT(Links(Got(env_->events(), at_dup.name())), ElementsAre(kept.name() + " LOCATION"));
  EXPECT_THAT(Links(Got(env_->events(), at_both.name())), ElementsAre(kept.name() + " LOCATION"));
  EXPECT_THAT(Links(Got(env_->events(), across.name())),
              ElementsAre(kept.name() + " ORIGIN", kept.name() + " DESTINATION"));
  std::vector<std::string> all;
  for (const v1::Event& e : events) all.push_back(e.name());
  EXPECT_THAT(EventsAt(kept.name()), UnorderedElementsAreArray(all));
  ExpectConsistentHierarchy();
  EXPECT_THAT(PlaceChanges(dup.name()),
              ElementsAre("created::", absl::StrCat("merged:one region:", IdOf(kept.name()))));
  EXPECT_THAT(PlaceChanges(kept.name()), ElementsAre("created::", "updated:one region:"));

  // Retrying answers the survivor; merging a tombstone or into a place below is refused.
  v1::Place out;
  ASSERT_TRUE(Merge(dup.name(), kept.name(), &out).ok());
  EXPECT_EQ(out.name(), kept.name());
  EXPECT_EQ(Merge(kept.name(), dup.name(), &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Merge(kept.name(), town.name(), &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Merge(kept.name(), kept.name(), &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // The split puts back names, the child and every link as it was before the merge.
  v1::Place restored;
  status = Split(dup.name(), &restored, "two regions after all");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(restored.has_delete_time());
  EXPECT_TRUE(restored.merged_into().empty());
  EXPECT_THAT(NameTexts(restored.names()), ElementsAre("Région de Kidal", "Kidal Region"));
  EXPECT_THAT(NameTexts(Got(env_->places(), kept.name()).names()), ElementsAre("Kidal Region"));
  EXPECT_EQ(Got(env_->places(), town.name()).parent(), dup.name());
  for (const v1::Event& before : events) {
    EXPECT_EQ(Links(Got(env_->events(), before.name())), Links(before)) << before.name();
  }
  EXPECT_THAT(EventsAt(dup.name()),
              UnorderedElementsAre(at_dup.name(), at_both.name(), across.name(), at_town.name()));
  ExpectConsistentHierarchy();
  EXPECT_EQ(PlaceChanges(dup.name()).back(), "split:two regions after all:");
  EXPECT_EQ(Split(dup.name(), &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

}  // namespace
}  // namespace timeline::testing
