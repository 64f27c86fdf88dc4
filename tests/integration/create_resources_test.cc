// CreateActor, CreatePlace and CreateSource through a real server and PostgreSQL: round trips,
// taken ids, urls and external ids, idempotent retries by request_id, the place hierarchy
// (parents, ancestors, inherited countries), and validation.
#include <regex>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "status_details.h"
#include "writes_suite.h"

namespace timeline::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

// --- Actors
// ---------------------------------------------------------------------------------------

TEST_F(WritesTest, CreateActor) {
  const std::string id = Unique("fla-spokesman");
  v1::CreateActorRequest request;
  request.set_actor_id(id);
  v1::Actor* a = request.mutable_actor();
  a->set_display_name("Mohamed Elmaouloud Ramadane");
  a->set_kind(v1::PERSON);
  a->set_country_code("ML");
  a->set_wikidata_id("Q987654321");
  a->set_description("Spokesman");
  auto* n = a->add_names();
  n->set_name("محمد المولود رمضان");
  n->set_language("ar");
  v1::Actor created;
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->actors().CreateActor(&ctx, request, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_EQ(created.name(), "actors/" + id);
  EXPECT_EQ(created.display_name(), "Mohamed Elmaouloud Ramadane");
  EXPECT_EQ(created.kind(), v1::PERSON);
  EXPECT_EQ(created.country_code(), "ML");
  EXPECT_EQ(created.wikidata_id(), "Q987654321");
  EXPECT_EQ(created.description(), "Spokesman");
  // display_name is always among the names.
  EXPECT_THAT(NameTexts(created.names()),
              UnorderedElementsAre("محمد المولود رمضان", "Mohamed Elmaouloud Ramadane"));

  const v1::Actor got = Got(env_->actors(), created.name());
  EXPECT_TRUE(Same(got, created)) << Diff(got, created);

  // The id is taken now.
  {
    grpc::ClientContext ctx;
    request.mutable_actor()->clear_wikidata_id();
    v1::Actor out;
    grpc::Status status = env_->actors().CreateActor(&ctx, request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  }
  // So is the Wikidata id, under another actor id: ALREADY_EXISTS, not INTERNAL.
  {
    grpc::ClientContext ctx;
    v1::CreateActorRequest dup = request;
    dup.set_actor_id(Unique("fla-spokesman-dup"));
    dup.mutable_actor()->set_wikidata_id("Q987654321");
    v1::Actor out;
    EXPECT_EQ(env_->actors().CreateActor(&ctx, dup, &out).error_code(),
              grpc::StatusCode::ALREADY_EXISTS);
  }
  EXPECT_EQ(Scalar("SELECT count(*) FROM actors WHERE display_name = $1",
                   std::string("Mohamed Elmaouloud Ramadane")),
            1);
}

TEST_F(WritesTest, CreateActorIsIdempotentByRequestId) {
  v1::CreateActorRequest request;
  request.mutable_actor()->set_display_name("Idempotent Actor");
  request.mutable_actor()->set_kind(v1::ORGANIZATION);
  request.set_request_id(Unique("actor-request"));
  v1::Actor first, second;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(env_->actors().CreateActor(&ctx, request, &first).ok());
  }
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(env_->actors().CreateActor(&ctx, request, &second).ok());
  }
  EXPECT_TRUE(std::regex_match(first.name(), std::regex("^actors/[a-z][a-z0-9-]{0,62}$")));
  EXPECT_TRUE(Same(first, second)) << Diff(first, second);
  EXPECT_EQ(Scalar("SELECT count(*) FROM actors WHERE display_name = 'Idempotent Actor'"), 1);
}

TEST_F(WritesTest, CreateActorValidation) {
  v1::CreateActorRequest request;
  request.set_actor_id("Bad_Id");
  v1::Actor* a = request.mutable_actor();
  a->set_display_name("Anyone");
  v1::Actor out;
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->actors().CreateActor(&ctx, request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(status), ElementsAre("actor_id"));
  }
  request.clear_actor_id();
  a->clear_display_name();
  a->set_country_code("ml");
  a->set_wikidata_id("X12");
  auto* n = a->add_names();
  n->set_name("");
  auto* n2 = a->add_names();
  n2->set_name("Name");
  n2->set_language("not a tag");
  auto* n3 = a->add_names();
  n3->set_name("---");
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->actors().CreateActor(&ctx, request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(status),
                UnorderedElementsAre("actor.display_name", "actor.kind", "actor.country_code",
                                     "actor.wikidata_id", "actor.names[0].name",
                                     "actor.names[1].language", "actor.names[2].name"));
  }
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->actors().CreateActor(&ctx, v1::CreateActorRequest(), &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(status), ElementsAre("actor"));
  }
}

// --- Places
// ---------------------------------------------------------------------------------------

TEST_F(WritesTest, CreatePlaceUnderAParentInheritsItsCountry) {
  const std::string id = Unique("ml-aguelhok");
  v1::CreatePlaceRequest request;
  request.set_place_id(id);
  v1::Place* p = request.mutable_place();
  p->set_display_name("Aguelhok");
  p->set_kind(v1::SETTLEMENT);
  p->set_parent(seed_data::kKidalRegion);
  p->mutable_location()->set_latitude(19.46);
  p->mutable_location()->set_longitude(0.86);
  p->set_location_precision(v1::EXACT);
  p->set_time_zone("Africa/Bamako");
  auto* n = p->add_names();
  n->set_name("أغلهوك");
  n->set_language("ar");
  v1::Place created;
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->places().CreatePlace(&ctx, request, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_EQ(created.name(), "places/" + id);
  EXPECT_EQ(created.country_code(), "ML");
  EXPECT_EQ(created.parent(), seed_data::kKidalRegion);
  EXPECT_THAT(created.ancestors(), ElementsAre(seed_data::kKidalRegion, seed_data::kMali));
  EXPECT_NEAR(created.location().latitude(), 19.46, 1e-9);
  EXPECT_NEAR(created.location().longitude(), 0.86, 1e-9);
  EXPECT_EQ(created.location_precision(), v1::EXACT);
  EXPECT_EQ(created.time_zone(), "Africa/Bamako");
  EXPECT_EQ(created.geonames_id(), 0);
  EXPECT_THAT(NameTexts(created.names()), UnorderedElementsAre("أغلهوك", "Aguelhok"));

  const v1::Place got = Got(env_->places(), created.name());
  EXPECT_TRUE(Same(got, created)) << Diff(got, created);

  // A grandchild reports every ancestor, nearest first.
  v1::CreatePlaceRequest child;
  child.set_place_id(Unique("ml-aguelhok-camp"));
  child.mutable_place()->set_display_name("Aguelhok camp");
  child.mutable_place()->set_kind(v1::SITE);
  child.mutable_place()->set_parent(created.name());
  v1::Place camp;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(env_->places().CreatePlace(&ctx, child, &camp).ok());
  }
  EXPECT_THAT(camp.ancestors(),
              ElementsAre(created.name(), seed_data::kKidalRegion, seed_data::kMali));
  EXPECT_EQ(camp.country_code(), "ML");

  // An explicit country code wins over the parent's.
  child.set_place_id(Unique("ml-border-post"));
  child.mutable_place()->set_display_name("Border post");
  child.mutable_place()->set_country_code("DZ");
  v1::Place post;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(env_->places().CreatePlace(&ctx, child, &post).ok());
  }
  EXPECT_EQ(post.country_code(), "DZ");

  // The id is taken now.
  {
    grpc::ClientContext ctx;
    v1::Place out;
    EXPECT_EQ(env_->places().CreatePlace(&ctx, request, &out).error_code(),
              grpc::StatusCode::ALREADY_EXISTS);
  }
}

TEST_F(WritesTest, CreatePlaceErrors) {
  const RowCounts events_before = Counts();
  const int64_t places_before = Scalar("SELECT count(*) FROM places");
  v1::CreatePlaceRequest request;
  request.set_place_id(Unique("orphan"));
  request.mutable_place()->set_display_name("Orphan");
  request.mutable_place()->set_kind(v1::SETTLEMENT);
  request.mutable_place()->set_parent("places/no-such-parent");
  v1::Place out;
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->places().CreatePlace(&ctx, request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(status), ElementsAre("place.parent"));
  }
  // Bamako's GeoNames id is taken.
  request.mutable_place()->set_parent(seed_data::kMali);
  request.mutable_place()->set_geonames_id(2460596);
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->places().CreatePlace(&ctx, request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
    EXPECT_THAT(status.error_message(), HasSubstr("2460596"));
  }
  // Field validation, all at once.
  v1::CreatePlaceRequest bad;
  v1::Place* p = bad.mutable_place();
  p->set_kind(v1::COUNTRY);
  p->set_parent(seed_data::kMali);
  p->set_country_code("Mali");
  p->set_geonames_id(-5);
  p->mutable_location()->set_latitude(100);
  p->mutable_location()->set_longitude(0);
  p->set_time_zone("Mars/Olympus_Mons");
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->places().CreatePlace(&ctx, bad, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(status),
                UnorderedElementsAre("place.display_name", "place.parent", "place.country_code",
                                     "place.geonames_id", "place.location.latitude",
                                     "place.location_precision", "place.time_zone"));
  }
  {
    grpc::ClientContext ctx;
    v1::CreatePlaceRequest malformed = request;
    malformed.mutable_place()->set_geonames_id(0);
    malformed.mutable_place()->set_parent("ml");
    grpc::Status status = env_->places().CreatePlace(&ctx, malformed, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(status), ElementsAre("place.parent"));
  }
  EXPECT_EQ(Scalar("SELECT count(*) FROM places"), places_before);
  EXPECT_EQ(Counts(), events_before);
}

TEST_F(WritesTest, CreatePlaceIsIdempotentByRequestId) {
  v1::CreatePlaceRequest request;
  request.mutable_place()->set_display_name("Idempotent Town");
  request.mutable_place()->set_kind(v1::SETTLEMENT);
  request.mutable_place()->set_parent(seed_data::kKidalRegion);
  request.mutable_place()->set_geonames_id(987654321);
  request.set_request_id(Unique("place-request"));
  v1::Place first, second;
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->places().CreatePlace(&ctx, request, &first);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  {
    // The retry is answered from the first call, not refused for its GeoNames id.
    grpc::ClientContext ctx;
    grpc::Status status = env_->places().CreatePlace(&ctx, request, &second);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_TRUE(Same(first, second)) << Diff(first, second);
  EXPECT_EQ(Scalar("SELECT count(*) FROM places WHERE display_name = 'Idempotent Town'"), 1);
}

// --- Sources
// --------------------------------------------------------------------------------------

TEST_F(WritesTest, CreateSource) {
  const std::string id = Unique("source-happy");
  const std::string url = "https://example.org/articles/" + id;
  v1::CreateSourceRequest request;
  request.set_source_id(id);
  v1::Source* s = request.mutable_source();
  s->set_url(url);
  s->set_publisher("Example Wire");
  s->set_language("fr");
  *s->mutable_published_time() = Ts("2024-10-01T08:30:00.123456Z");
  s->set_title("Un titre");
  v1::Source created;
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->sources().CreateSource(&ctx, request, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  v1::Source expected = *s;
  expected.set_name("sources/" + id);
  // Output only: the first revision, created and last changed now.
  EXPECT_EQ(created.etag(), "rev-1");
  EXPECT_TRUE(created.has_create_time());
  EXPECT_EQ(created.update_time().seconds(), created.create_time().seconds());
  EXPECT_FALSE(created.has_delete_time());
  expected.set_etag(created.etag());
  *expected.mutable_create_time() = created.create_time();
  *expected.mutable_update_time() = created.update_time();
  EXPECT_TRUE(Same(expected, created)) << Diff(expected, created);

  const v1::Source got = Got(env_->sources(), created.name());
  EXPECT_TRUE(Same(got, created)) << Diff(got, created);

  // The id is taken.
  {
    grpc::ClientContext ctx;
    v1::CreateSourceRequest dup = request;
    dup.mutable_source()->set_url(url + "/other");
    v1::Source out;
    EXPECT_EQ(env_->sources().CreateSource(&ctx, dup, &out).error_code(),
              grpc::StatusCode::ALREADY_EXISTS);
  }
  // The URL is taken.
  {
    grpc::ClientContext ctx;
    v1::CreateSourceRequest dup = request;
    dup.set_source_id(Unique("source-dup-url"));
    v1::Source out;
    grpc::Status status = env_->sources().CreateSource(&ctx, dup, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
    EXPECT_THAT(status.error_message(), HasSubstr(url));
  }
  // Sources without a URL do not collide with each other.
  for (int i = 0; i < 2; ++i) {
    grpc::ClientContext ctx;
    v1::CreateSourceRequest no_url;
    no_url.mutable_source()->set_publisher("A publisher without a website");
    v1::Source out;
    grpc::Status status = env_->sources().CreateSource(&ctx, no_url, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(out.url(), "");
  }
}

TEST_F(WritesTest, CreateSourceIdempotencyAndValidation) {
  v1::CreateSourceRequest request;
  request.mutable_source()->set_url("https://example.org/" + Unique("idempotent-source"));
  request.set_request_id(Unique("source-request"));
  v1::Source first, second;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(env_->sources().CreateSource(&ctx, request, &first).ok());
  }
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->sources().CreateSource(&ctx, request, &second);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_TRUE(Same(first, second)) << Diff(first, second);
  EXPECT_EQ(Scalar("SELECT count(*) FROM sources WHERE url = $1", request.source().url()), 1);

  v1::CreateSourceRequest bad;
  bad.set_source_id("9lives");
  bad.mutable_source()->set_publisher("Somebody");
  v1::Source out;
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->sources().CreateSource(&ctx, bad, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(status), ElementsAre("source_id"));
  }
  bad.clear_source_id();
  bad.mutable_source()->set_url("ftp://example.org/file");
  bad.mutable_source()->set_language("english!");
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->sources().CreateSource(&ctx, bad, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(status), UnorderedElementsAre("source.url", "source.language"));
  }
  bad.mutable_source()->clear_url();
  bad.mutable_source()->clear_language();
  bad.mutable_source()->clear_publisher();
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->sources().CreateSource(&ctx, bad, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(status), ElementsAre("source.publisher"));
  }
}

// Long values once went through std::regex, whose recursion overflowed the stack and killed the
// server; and messages that quoted them whole made a status too large for the client to read.
// Now they are refused with a short message naming each field, and the server answers on.
TEST_F(WritesTest, LongValuesAreRefusedWithoutHarm) {
  {
    v1::CreateSourceRequest request;
    request.mutable_source()->set_url("x" + std::string(30'000, 'y'));
    request.mutable_source()->set_language(std::string(25'000, 'a'));
    request.mutable_source()->set_publisher("Somebody");
    grpc::ClientContext ctx;
    v1::Source out;
    grpc::Status status = env_->sources().CreateSource(&ctx, request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_THAT(ViolatedFields(status), UnorderedElementsAre("source.url", "source.language"));
    EXPECT_LT(status.error_message().size(), 1000u);
  }
  {
    v1::CreateActorRequest request;
    request.mutable_actor()->set_display_name("Long Values");
    request.mutable_actor()->set_kind(v1::ORGANIZATION);
    request.mutable_actor()->set_wikidata_id("Q" + std::string(100'000, '1') + "x");
    v1::ActorName* name = request.mutable_actor()->add_names();
    name->set_name("Long Values");
    name->set_language(std::string(1'000'000, 'a'));
    grpc::ClientContext ctx;
    v1::Actor out;
    grpc::Status status = env_->actors().CreateActor(&ctx, request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_THAT(ViolatedFields(status),
                UnorderedElementsAre("actor.wikidata_id", "actor.names[0].language"));
    EXPECT_LT(status.error_message().size(), 1000u);
  }
  grpc::ClientContext ctx;
  v1::ListActorsRequest list;
  v1::ListActorsResponse actors;
  grpc::Status alive = env_->actors().ListActors(&ctx, list, &actors);
  EXPECT_TRUE(alive.ok()) << alive.error_message();
}

}  // namespace
}  // namespace timeline::testing
