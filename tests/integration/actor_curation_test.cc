// UpdateActor and DeleteActor through a real server and PostgreSQL: update masks, etags and
// races, unchanged writes, renames reaching the events that name the actor, roles, deletion
// refused while something refers to the actor, tombstones, and the change log.
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "actor_curation_suite.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace timeline::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

std::vector<std::string> NameTextsOf(const v1::Actor& a) {
  std::vector<std::string> out;
  for (const v1::ActorName& n : a.names()) out.push_back(n.name());
  return out;
}

// --- UpdateActor -------------------------------------------------------------------------------

TEST_F(ActorCurationTest, UpdateMaskChangesOnlyTheNamedFields) {
  const v1::Actor created = NewActor("update-mask", "Katiba Serma", {"Serma Brigade"});
  v1::Actor patch;
  patch.set_name(created.name());
  patch.set_description("a katiba of the Macina front");
  patch.set_country_code("ML");
  patch.set_display_name("not in the mask: ignored");
  v1::Actor updated;
  grpc::Status status = Update(patch, {"description", "country_code"}, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();

  v1::Actor expected = created;
  expected.set_description("a katiba of the Macina front");
  expected.set_country_code("ML");
  EXPECT_TRUE(Same(Unstamped(updated), Unstamped(expected)))
      << Diff(Unstamped(updated), Unstamped(expected));
  EXPECT_NE(updated.etag(), created.etag());
  EXPECT_TRUE(Same(GetActor(created.name()), updated));

  // An empty mask takes every field set: here the names, replaced whole, with the display name
  // kept among them and scripts found.
  v1::Actor names_patch;
  names_patch.set_name(created.name());
  v1::ActorName* arabic = names_patch.add_names();
  arabic->set_name("كتيبة سيرما");
  arabic->set_language("ar");
  ASSERT_TRUE(Update(names_patch, {}, &updated).ok());
  EXPECT_THAT(NameTextsOf(updated), ElementsAre("كتيبة سيرما", created.display_name()));
  EXPECT_EQ(updated.names(0).script(), "Arab");
  EXPECT_EQ(updated.description(), "a katiba of the Macina front");
  // The dropped alias is no longer stored (a search may still find the actor by similarity);
  // the new name finds it.
  EXPECT_EQ(SqlNumber(env_->database_url(),
                      "SELECT count(*) FROM actor_names n JOIN actors a ON a.id = n.actor_id"
                      " WHERE a.resource_id = $1 AND n.name = $2",
                      IdOf(created.name()), created.names(0).name()),
            0);
  EXPECT_THAT(ActorsMatching("كتيبة سيرما"), Contains(created.name()));
}

TEST_F(ActorCurationTest, UnknownMaskPathsAndInvalidValuesNameTheirFields) {
  const v1::Actor created = NewActor("update-invalid", "Katiba Khalid");
  v1::Actor patch;
  patch.set_name(created.name());
  v1::Actor out;
  grpc::Status status = Update(patch, {"etag"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("update_mask.paths[0]"));

  patch.set_country_code("Mali");
  status = Update(patch, {"country_code"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("actor.country_code"));

  v1::Actor missing;
  missing.set_name(absl::StrCat(created.name(), "-missing"));
  missing.set_description("x");
  EXPECT_EQ(Update(missing, {}, &out).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(GetActor(created.name()).etag(), created.etag());
}

TEST_F(ActorCurationTest, UnchangedWriteKeepsTheEtagAndLogsNothing) {
  const v1::Actor created = NewActor("update-same", "Katiba Ansongo");
  const size_t changes = ChangeRows(created.name()).size();
  v1::Actor patch = created;
  v1::Actor out;
  ASSERT_TRUE(Update(patch, {"*"}, &out).ok());
  EXPECT_EQ(out.etag(), created.etag());
  EXPECT_EQ(ChangeRows(created.name()).size(), changes);
}

TEST_F(ActorCurationTest, StaleEtagIsAbortedAndOfTwoRacingUpdatesOneWins) {
  const v1::Actor created = NewActor("update-race", "Katiba Gourma");
  v1::Actor patch;
  patch.set_name(created.name());
  patch.set_etag(created.etag());
  patch.set_description("first");
  v1::Actor first;
  ASSERT_TRUE(Update(patch, {"description"}, &first).ok());
  patch.set_description("second, from a stale read");
  v1::Actor out;
  grpc::Status stale = Update(patch, {"description"}, &out);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(stale.error_message(), HasSubstr(first.etag()));

  // Two writers with the same etag at once: one commits, the other sees it and is refused.
  std::vector<grpc::Status> results(2);
  std::vector<std::thread> writers;
  for (int i = 0; i < 2; ++i) {
    writers.emplace_back([&, i] {
      v1::Actor racing;
      racing.set_name(created.name());
      racing.set_etag(first.etag());
      racing.set_description(absl::StrCat("racer ", i));
      v1::Actor result;
      results[i] = Update(racing, {"description"}, &result);
    });
  }
  for (std::thread& t : writers) t.join();
  std::multiset<grpc::StatusCode> codes = {results[0].error_code(), results[1].error_code()};
  EXPECT_EQ(codes,
            (std::multiset<grpc::StatusCode>{grpc::StatusCode::OK, grpc::StatusCode::ABORTED}));
  const int winner = results[0].ok() ? 0 : 1;
  EXPECT_EQ(GetActor(created.name()).description(), absl::StrCat("racer ", winner));
}

TEST_F(ActorCurationTest, RenameShowsInTheEventsNamingTheActor) {
  const v1::Actor actor = NewActor("rename", "Katiba Tinbuktu");
  const v1::Event event = NewEvent("rename test", {{actor.name(), v1::INITIATOR}});
  const v1::Event unrelated =
      NewEvent("rename bystander", {{seed_data::kMalianArmedForces, v1::INITIATOR}});
  v1::Actor patch;
  patch.set_name(actor.name());
  patch.set_display_name(absl::StrCat("Katiba Timbuktu ", IdOf(actor.name())));
  v1::Actor renamed;
  ASSERT_TRUE(Update(patch, {"display_name"}, &renamed).ok());
  // The new display name joins the names; the old one stays a name.
  EXPECT_THAT(NameTextsOf(renamed), ElementsAre(actor.display_name(), patch.display_name()));

  const v1::Event after = GetEvent(event.name());
  ASSERT_EQ(after.actors_size(), 1);
  EXPECT_EQ(after.actors(0).display_name(), patch.display_name());
  EXPECT_NE(after.etag(), event.etag());
  EXPECT_EQ(GetEvent(unrelated.name()).etag(), unrelated.etag());
}

// --- Roles ---------------------------------------------------------------------------------------

TEST_F(ActorCurationTest, RolesAreCheckedStoredAndReturned) {
  const v1::Actor government = NewActor("role-org", "Transitional government");
  v1::CreateActorRequest request;
  request.set_actor_id(Unique("role-holder"));
  request.mutable_actor()->set_display_name(absl::StrCat("Colonel ", request.actor_id()));
  request.mutable_actor()->set_kind(v1::PERSON);
  v1::RoleTerm* president = request.mutable_actor()->add_roles();
  president->set_role("transitional president");
  president->set_organization(government.name());
  president->set_start_date("2021-05");
  v1::RoleTerm* colonel = request.mutable_actor()->add_roles();
  colonel->set_role("colonel");
  colonel->set_end_date("2021-05-24");
  const v1::Actor holder = CreatedActor(env_->actors(), request);
  ASSERT_EQ(holder.roles_size(), 2);
  EXPECT_TRUE(Same(holder.roles(0), *president)) << Diff(holder.roles(0), *president);
  EXPECT_TRUE(Same(holder.roles(1), *colonel)) << Diff(holder.roles(1), *colonel);
  EXPECT_TRUE(Same(GetActor(holder.name()), holder));

  v1::Actor patch;
  patch.set_name(holder.name());
  v1::RoleTerm* bad = patch.add_roles();
  bad->set_role("envoy");
  bad->set_start_date("2022");
  bad->set_end_date("2021-12");
  v1::Actor out;
  grpc::Status status = Update(patch, {"roles"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("actor.roles[0].end_date"));

  bad->set_end_date("");
  bad->set_organization(absl::StrCat(government.name(), "-missing"));
  status = Update(patch, {"roles"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("actor.roles[0].organization"));
  EXPECT_TRUE(Same(GetActor(holder.name()), holder));

  bad->set_organization(government.name());
  ASSERT_TRUE(Update(patch, {"roles"}, &out).ok());
  ASSERT_EQ(out.roles_size(), 1);
  EXPECT_TRUE(Same(out.roles(0), *bad));
}

// --- DeleteActor ---------------------------------------------------------------------------------

TEST_F(ActorCurationTest, DeleteIsRefusedWhileEventsOrRolesReferToTheActor) {
  const v1::Actor named = NewActor("delete-named", "Katiba Hombori");
  std::vector<std::string> events;
  for (int i = 0; i < 4; ++i) {
    events.push_back(NewEvent("delete refused", {{named.name(), v1::TARGET}}).name());
  }
  v1::Actor out;
  grpc::Status status = Delete(named.name(), &out, "duplicate");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  std::sort(events.begin(), events.end());
  EXPECT_THAT(status.error_message(),
              HasSubstr(absl::StrCat("is named by 4 events, such as ", events[0], ", ", events[1],
                                     ", ", events[2])));

  const v1::Actor organization = NewActor("delete-org", "Front of Hombori");
  v1::Actor member_patch = NewActor("delete-member", "Hombori envoy");
  v1::RoleTerm* role = member_patch.add_roles();
  role->set_role("envoy");
  role->set_organization(organization.name());
  ASSERT_TRUE(Update(member_patch, {"roles"}, &out).ok());
  status = Delete(organization.name(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(
      status.error_message(),
      HasSubstr(absl::StrCat("organization of roles of 1 actors, such as ", member_patch.name())));
  EXPECT_EQ(GetActor(organization.name()).etag(), organization.etag());
}

TEST_F(ActorCurationTest, DeletedActorIsATombstoneNoNameFinds) {
  const v1::Actor actor = NewActor("delete-ok", "Katiba Douentza", {"Douentza group"});
  v1::Actor stale_etag;
  EXPECT_EQ(Delete(actor.name(), &stale_etag, "", "rev-99").error_code(),
            grpc::StatusCode::ABORTED);

  v1::Actor deleted;
  ASSERT_TRUE(Delete(actor.name(), &deleted, "created by mistake", actor.etag()).ok());
  EXPECT_TRUE(deleted.has_delete_time());
  EXPECT_TRUE(deleted.merged_into().empty());
  EXPECT_NE(deleted.etag(), actor.etag());
  EXPECT_TRUE(Same(GetActor(actor.name()), deleted));
  EXPECT_THAT(NameTextsOf(deleted), IsEmpty());
  EXPECT_THAT(ActorsMatching(actor.names(0).name()), Not(Contains(actor.name())));
  EXPECT_THAT(ListAllActorNames(env_->actors(), {}), Not(Contains(actor.name())));

  v1::Actor out;
  EXPECT_EQ(Delete(actor.name(), &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  v1::Actor patch;
  patch.set_name(actor.name());
  patch.set_description("x");
  EXPECT_EQ(Update(patch, {}, &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  // An event naming the tombstone is refused as naming no actor.
  v1::Event e;
  e.set_title("names a deleted actor");
  e.set_event_type("attack");
  *e.mutable_time()->mutable_start_time() = Ts("2023-03-05T00:00:00Z");
  e.mutable_time()->set_precision(v1::PRECISION_DAY);
  AddActor(e, actor.name(), v1::INITIATOR);
  grpc::ClientContext ctx;
  v1::Event created;
  EXPECT_EQ(env_->events()
                .CreateEvent(
                    &ctx,
                    [&] {
                      v1::CreateEventRequest r;
                      *r.mutable_event() = e;
                      return r;
                    }(),
                    &created)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// --- The change log ------------------------------------------------------------------------------

TEST_F(ActorCurationTest, EveryCurationIsLoggedWithKindReasonAndPrincipal) {
  const v1::Actor a = NewActor("log-a", "Katiba Boni");
  const v1::Actor b = NewActor("log-b", "Boni group");
  v1::Actor patch;
  patch.set_name(a.name());
  patch.set_description("renamed");
  v1::Actor out;
  ASSERT_TRUE(Update(patch, {"description"}, &out, "typo").ok());
  ASSERT_TRUE(Merge(a.name(), b.name(), &out, "same group").ok());
  ASSERT_TRUE(Split(a.name(), &out, "not the same after all").ok());
  ASSERT_TRUE(Delete(a.name(), &out, "retired").ok());
  // Without authentication the server's principal is "anonymous".
  EXPECT_THAT(ChangeRows(a.name()),
              ElementsAre("created||anonymous|", "updated|typo|anonymous|",
                          absl::StrCat("merged|same group|anonymous|", IdOf(b.name())),
                          "split|not the same after all|anonymous|", "deleted|retired|anonymous|"));
  EXPECT_THAT(ChangeRows(b.name()),
              ElementsAre("created||anonymous|", "updated|same group|anonymous|",
                          "updated|not the same after all|anonymous|"));
}

}  // namespace
}  // namespace timeline::testing
