// MergeActors and SplitActor through a real server and PostgreSQL: links moved with their roles
// and duplicates folded, the tombstone and its redirects (GetActor, ListActors, ListEvents,
// CreateEvent, a re-import), chains of merges, and a split restoring the state before the merge
// row for row.
#include <string>
#include <vector>

#include "actor_curation_suite.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace timeline::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;
using ::testing::UnorderedElementsAreArray;

// The actors of an event, "<actor> <role>", in the event's order.
std::vector<std::string> LinksOf(const v1::Event& e) {
  std::vector<std::string> out;
  for (const v1::EventActor& a : e.actors()) {
    out.push_back(absl::StrCat(a.actor(), " ", v1::ActorRole_Name(a.role())));
  }
  return out;
}

std::vector<std::string> NameTextsOf(const v1::Actor& a) {
  std::vector<std::string> out;
  for (const v1::ActorName& n : a.names()) out.push_back(n.name());
  return out;
}

// Two actors that share an event in one role, each with an event of its own.
struct MergeFixture {
  v1::Actor merged, survivor;
  v1::Event shared, merged_only, survivor_only;
};

class ActorMergeTest : public ActorCurationTest {
 protected:
  static MergeFixture Fixture(const std::string& prefix) {
    MergeFixture f;
    f.merged = NewActor(prefix + "-merged", "Katiba Macina", {"Macina Liberation Front"});
    f.survivor = NewActor(prefix + "-survivor", "Front de libération du Macina");
    f.shared = NewEvent("shared", {{f.merged.name(), v1::INITIATOR},
                                   {f.survivor.name(), v1::INITIATOR},
                                   {seed_data::kMalianArmedForces, v1::TARGET}});
    f.merged_only = NewEvent("merged only", {{f.merged.name(), v1::TARGET}});
    f.survivor_only = NewEvent("survivor only", {{f.survivor.name(), v1::HOST}});
    return f;
  }
  static std::vector<std::string> EventNames(const MergeFixture& f) {
    return {f.shared.name(), f.merged_only.name(), f.survivor_only.name()};
  }
};

TEST_F(ActorMergeTest, MergeMovesLinksInTheirRolesAndFoldsDuplicates) {
  const MergeFixture f = Fixture("merge-links");
  v1::Actor survivor;
  grpc::Status status = Merge(f.merged.name(), f.survivor.name(), &survivor, "same group",
                              f.merged.etag(), f.survivor.etag());
  ASSERT_TRUE(status.ok()) << status.error_message();

  // The survivor keeps its fields and gains the merged actor's names after its own.
  EXPECT_EQ(survivor.display_name(), f.survivor.display_name());
  EXPECT_EQ(survivor.description(), f.survivor.description());
  std::vector<std::string> names = NameTextsOf(f.survivor);
  for (const std::string& n : NameTextsOf(f.merged)) names.push_back(n);
  EXPECT_EQ(NameTextsOf(survivor), names);
  EXPECT_NE(survivor.etag(), f.survivor.etag());

  // The shared event names the survivor once in that role; the others keep their roles.
  const std::string s = f.survivor.name();
  EXPECT_THAT(LinksOf(GetEvent(f.shared.name())),
              UnorderedElementsAre(s + " INITIATOR",
                                   absl::StrCat(seed_data::kMalianArmedForces, " TARGET")));
  EXPECT_THAT(LinksOf(GetEvent(f.merged_only.name())), ElementsAre(s + " TARGET"));
  EXPECT_THAT(LinksOf(GetEvent(f.survivor_only.name())), ElementsAre(s + " HOST"));
  EXPECT_EQ(LinkRows({f.shared.name()}).size(), 2u);
  EXPECT_EQ(LinkRows(EventNames(f)).size(), 4u);
  // Events whose links changed are touched; the survivor's own is not.
  EXPECT_NE(GetEvent(f.shared.name()).etag(), f.shared.etag());
  EXPECT_NE(GetEvent(f.merged_only.name()).etag(), f.merged_only.etag());
  EXPECT_EQ(GetEvent(f.survivor_only.name()).etag(), f.survivor_only.etag());
}

TEST_F(ActorMergeTest, TheMergedActorRedirectsToTheSurvivor) {
  const MergeFixture f = Fixture("merge-redirect");
  v1::Actor out;
  ASSERT_TRUE(Merge(f.merged.name(), f.survivor.name(), &out).ok());

  const v1::Actor tombstone = GetActor(f.merged.name());
  EXPECT_TRUE(tombstone.has_delete_time());
  EXPECT_EQ(tombstone.merged_into(), f.survivor.name());
  EXPECT_EQ(tombstone.names_size(), 0);
  // Its names find the survivor.
  const std::string alias = f.merged.names(0).name();
  EXPECT_THAT(ActorsMatching(alias), Contains(f.survivor.name()));
  EXPECT_THAT(ActorsMatching(alias), Not(Contains(f.merged.name())));
  // Selecting events by it selects the survivor's.
  EXPECT_THAT(EventsOf(f.merged.name()), UnorderedElementsAreArray(EventNames(f)));
  // A new event naming it names the survivor.
  const v1::Event later = NewEvent("names the merged actor", {{f.merged.name(), v1::VISITOR}});
  EXPECT_THAT(LinksOf(later), ElementsAre(f.survivor.name() + " VISITOR"));
}

TEST_F(ActorMergeTest, MergeRefusesTombstonesItselfStaleEtagsAndMissingActors) {
  const MergeFixture f = Fixture("merge-refused");
  const v1::Actor third = NewActor("merge-refused-third", "Katiba Gourma-Rharous");
  v1::Actor out;
  EXPECT_EQ(Merge(f.merged.name(), f.merged.name(), &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Merge(f.merged.name(), f.survivor.name(), &out, "", "rev-99").error_code(),
            grpc::StatusCode::ABORTED);
  EXPECT_EQ(Merge(f.merged.name(), f.survivor.name(), &out, "", "", "rev-99").error_code(),
            grpc::StatusCode::ABORTED);
  grpc::Status missing = Merge(f.merged.name(), f.survivor.name() + "-missing", &out);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(missing.error_message(), HasSubstr("into"));
  EXPECT_EQ(Merge("places/x", f.survivor.name(), &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  ASSERT_TRUE(Merge(f.merged.name(), f.survivor.name(), &out).ok());
  // A retry finds its own result.
  ASSERT_TRUE(Merge(f.merged.name(), f.survivor.name(), &out).ok());
  EXPECT_EQ(out.name(), f.survivor.name());
  grpc::Status again = Merge(f.merged.name(), third.name(), &out);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(again.error_message(), HasSubstr("merged into"));
  EXPECT_EQ(Merge(third.name(), f.merged.name(), &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Split(third.name(), &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(ActorMergeTest, SplitRestoresTheStateBeforeTheMerge) {
  const MergeFixture f = Fixture("split");
  const std::vector<std::string> rows_before = LinkRows(EventNames(f));
  std::vector<v1::Event> events_before;
  for (const std::string& e : EventNames(f)) events_before.push_back(GetEvent(e));

  v1::Actor out;
  ASSERT_TRUE(Merge(f.merged.name(), f.survivor.name(), &out).ok());
  ASSERT_NE(LinkRows(EventNames(f)), rows_before);
  v1::Actor restored;
  grpc::Status status = Split(f.merged.name(), &restored, "two groups");
  ASSERT_TRUE(status.ok()) << status.error_message();

  EXPECT_FALSE(restored.has_delete_time());
  EXPECT_TRUE(restored.merged_into().empty());
  EXPECT_TRUE(Same(Unstamped(restored), Unstamped(f.merged)))
      << Diff(Unstamped(restored), Unstamped(f.merged));
  EXPECT_NE(restored.etag(), f.merged.etag());
  const v1::Actor survivor = GetActor(f.survivor.name());
  EXPECT_TRUE(Same(Unstamped(survivor), Unstamped(f.survivor)))
      << Diff(Unstamped(survivor), Unstamped(f.survivor));
  EXPECT_EQ(LinkRows(EventNames(f)), rows_before);
  for (const v1::Event& before : events_before) {
    const v1::Event after = GetEvent(before.name());
    EXPECT_TRUE(Same(Unstamped(after), Unstamped(before)))
        << Diff(Unstamped(after), Unstamped(before));
  }
  // Its alias is its own again: the best match (the survivor's names are compared above).
  const std::vector<std::string> matches = ActorsMatching(f.merged.names(0).name());
  ASSERT_FALSE(matches.empty());
  EXPECT_EQ(matches[0], f.merged.name());
  EXPECT_EQ(Split(f.merged.name(), &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(ActorMergeTest, AChainOfMergesLeadsToTheLastSurvivor) {
  const v1::Actor a = NewActor("chain-a", "Katiba Nord");
  const v1::Actor b = NewActor("chain-b", "Northern brigade");
  const v1::Actor c = NewActor("chain-c", "Brigade du Nord");
  const v1::Event event = NewEvent("chain", {{a.name(), v1::INITIATOR}});
  v1::Actor out;
  ASSERT_TRUE(Merge(a.name(), b.name(), &out).ok());
  ASSERT_TRUE(Merge(b.name(), c.name(), &out).ok());

  EXPECT_EQ(GetActor(a.name()).merged_into(), b.name());
  EXPECT_EQ(GetActor(b.name()).merged_into(), c.name());
  const std::string url = env_->database_url();
  EXPECT_EQ(SqlNumber(url, "SELECT live_actor_id($1)", IdOf(a.name())),
            SqlNumber(url, "SELECT id FROM actors WHERE resource_id = $1", IdOf(c.name())));
  EXPECT_THAT(LinksOf(GetEvent(event.name())), ElementsAre(c.name() + " INITIATOR"));
  EXPECT_THAT(EventsOf(a.name()), ElementsAre(event.name()));
  EXPECT_THAT(ActorsMatching(a.display_name()), Contains(c.name()));

  // Undoing the later merge gives b back what it held then, a's event included.
  ASSERT_TRUE(Split(b.name(), &out).ok());
  EXPECT_THAT(LinksOf(GetEvent(event.name())), ElementsAre(b.name() + " INITIATOR"));
  EXPECT_THAT(ActorsMatching(a.display_name()), Contains(b.name()));
  EXPECT_THAT(EventsOf(c.name()), Not(Contains(event.name())));
}

TEST_F(ActorMergeTest, ReimportNamingTheMergedActorIsUnchanged) {
  const v1::Actor merged = NewActor("reimport-merged", "Katiba Ansar", {"Ansar brigade"});
  const v1::Actor survivor = NewActor("reimport-survivor", "Ansar Dine");
  const std::string key = Unique("reimport");
  v1::IngestRecord record = FromJson<v1::IngestRecord>(
      absl::StrCat(R"({"externalId": {"system": "test", "id": ")", key,
                   R"("}, "title": "Re-import after a merge", "eventType": "attack",
          "date": {"text": "2023-05-17"},
          "actors": [{"name": ")",
                   merged.names(0).name(), R"(", "role": "INITIATOR"}]})"));
  const IngestOutcome first = IngestEvents(env_->ingest(), {record});
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  ASSERT_EQ(first.response.results(0).outcome(), v1::IngestResult::CREATED);
  EXPECT_THAT(first.response.results(0).actors(), ElementsAre(merged.name()));

  v1::Actor out;
  ASSERT_TRUE(Merge(merged.name(), survivor.name(), &out).ok());
  const v1::Event after_merge = GetEvent(first.response.results(0).event());

  const IngestOutcome again = IngestEvents(env_->ingest(), {record});
  ASSERT_TRUE(again.status.ok()) << again.status.error_message();
  EXPECT_EQ(again.response.results(0).outcome(), v1::IngestResult::UNCHANGED);
  EXPECT_THAT(again.response.results(0).actors(), ElementsAre(survivor.name()));
  const v1::Event now = GetEvent(first.response.results(0).event());
  EXPECT_THAT(LinksOf(now), ElementsAre(survivor.name() + " INITIATOR"));
  EXPECT_EQ(now.etag(), after_merge.etag());
}

}  // namespace
}  // namespace timeline::testing
