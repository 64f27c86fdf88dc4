// The PlaceService handlers called directly against a fake repository (fake_repository.h): what
// each passes down (the parent, the area), that a caller's mistake is answered INVALID_ARGUMENT
// naming the field without reaching the repository, the repository's errors, and page tokens.
#include "api/place_service.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/page_token.h"
#include "fake_repository.h"
#include "geo_helpers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "handler_test.h"
#include "status_details.h"

namespace timeline::api {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using ::timeline::testing::Box;
using ::timeline::testing::ExpectNamesRefused;
using ::timeline::testing::ExpectPageTokensBoundToTheirRequest;
using ::timeline::testing::HandlerTest;
using ::timeline::testing::Near;
using ::timeline::testing::ViolatedFields;

const auto kPlacesOf = [](const v1::ListPlacesResponse& r) -> const auto& { return r.places(); };

class PlaceServiceTest : public HandlerTest<PlaceService> {
 protected:
  // Mali and three places below it.
  PlaceServiceTest() {
    for (const char* id : {"ml", "ml-bamako", "ml-kidal-region", "ml-tessalit"}) {
      v1::Place place;
      place.set_name(absl::StrCat("places/", id));
      place.set_display_name(id);
      repo_.Hold(place);
    }
  }

  grpc::Status Get(const std::string& name, v1::Place* out) {
    v1::GetPlaceRequest request;
    request.set_name(name);
    return Call(&PlaceService::GetPlace, request, out);
  }
  grpc::Status List(const v1::ListPlacesRequest& request, v1::ListPlacesResponse* out) {
    return Call(&PlaceService::ListPlaces, request, out);
  }
  grpc::Status Create(const v1::CreatePlaceRequest& request, v1::Place* out) {
    return Call(&PlaceService::CreatePlace, request, out);
  }

  // A valid request: a settlement of the Kidal region with its coordinates.
  static v1::CreatePlaceRequest ValidCreate() {
    v1::CreatePlaceRequest request;
    v1::Place* p = request.mutable_place();
    p->set_display_name("Aguelhok");
    p->set_kind(v1::SETTLEMENT);
    p->set_parent("places/ml-kidal-region");
    p->mutable_location()->set_latitude(19.46);
    p->mutable_location()->set_longitude(0.86);
    p->set_location_precision(v1::EXACT);
    p->set_time_zone("Africa/Bamako");
    return request;
  }
};

TEST_F(PlaceServiceTest, GetPlaceAnswersTheStoredPlaceByItsId) {
  v1::Place place;
  ExpectGetAsksForTheId([&](const std::string& name) { return Get(name, &place); },
                        "places/ml-tessalit", "ml-tessalit", "places/atlantis");
  ASSERT_TRUE(Get("places/ml-tessalit", &place).ok());
  EXPECT_EQ(place.display_name(), "ml-tessalit");
}

TEST_F(PlaceServiceTest, MalformedNamesNeverReachTheRepository) {
  ExpectNamesRefused(
      [&](const std::string& name) {
        v1::Place place;
        return Get(name, &place);
      },
      {"", "ml", "places/ML", "places/ml bamako", "actors/mali"});
  EXPECT_THAT(repo_.calls(), IsEmpty());
}

TEST_F(PlaceServiceTest, RepositoryErrorsReachTheCallerUnchanged) {
  ExpectRepositoryErrorsReachTheCaller([&] {
    v1::Place place;
    v1::ListPlacesResponse list;
    return std::vector<grpc::Status>{Get("places/ml", &place), List(v1::ListPlacesRequest(), &list),
                                     Create(ValidCreate(), &place)};
  });
}

// --- ListPlaces ---

TEST_F(PlaceServiceTest, PagesFollowTheTokensTheHandlerIssues) {
  v1::ListPlacesRequest request;
  request.set_page_size(1);
  EXPECT_THAT(
      AllPages(&PlaceService::ListPlaces, request, kPlacesOf),
      ElementsAre("places/ml", "places/ml-bamako", "places/ml-kidal-region", "places/ml-tessalit"));
  EXPECT_EQ(repo_.CallsTo("ListPlaces").size(), 4u);
}

TEST_F(PlaceServiceTest, ATokenBelongsToItsParentAndArea) {
  v1::ListPlacesRequest request;
  request.set_parent("places/ml");
  request.set_page_size(2);
  auto list = [&](const v1::ListPlacesRequest& r, v1::ListPlacesResponse* out) {
    return List(r, out);
  };
  ExpectPageTokensBoundToTheirRequest<v1::ListPlacesResponse>(
      list, request, [](v1::ListPlacesRequest& r) { r.set_parent("places/ml-kidal-region"); });
  *request.mutable_near() = Near(12.65, -8.0, 20'000'000);
  ExpectPageTokensBoundToTheirRequest<v1::ListPlacesResponse>(
      list, request, [](v1::ListPlacesRequest& r) { r.mutable_near()->set_radius_meters(1000); });
}

TEST_F(PlaceServiceTest, TheParentAndTheAreaReachTheRepository) {
  v1::ListPlacesRequest request;
  request.set_parent("places/ml-kidal-region");
  *request.mutable_near() = Near(19.8156, 1.095, 50'000);
  *request.mutable_bounding_box() = Box(19, 0, 21, 4);
  v1::ListPlacesResponse response;
  ASSERT_TRUE(List(request, &response).ok());
  const domain::NameQuery& query = *repo_.last_name_query();
  EXPECT_EQ(query.parent_id, "ml-kidal-region");
  ASSERT_TRUE(query.near.has_value());
  EXPECT_EQ(query.near->latitude, 19.8156);
  EXPECT_EQ(query.near->radius_meters, 50'000);
  ASSERT_TRUE(query.bounding_box.has_value());
}

TEST_F(PlaceServiceTest, ListMistakesNeverReachTheRepository) {
  v1::ListPlacesResponse response;
  for (const std::string parent : {"ml", "actors/mali", "places/ML"}) {
    v1::ListPlacesRequest request;
    request.set_parent(parent);
    grpc::Status status = List(request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << parent;
    EXPECT_THAT(ViolatedFields(status), ElementsAre("parent")) << parent;
  }
  v1::ListPlacesRequest area;
  *area.mutable_near() = Near(12.65, 181, 0);
  *area.mutable_bounding_box()->mutable_high() = Box(10, -12.5, 25, 4.5).high();
  EXPECT_THAT(ViolatedFields(List(area, &response)),
              ElementsAre("near.longitude", "near.radius_meters", "bounding_box.low"));
  EXPECT_THAT(repo_.calls(), IsEmpty());
}

// --- CreatePlace ---

TEST_F(PlaceServiceTest, CreatePlacePassesTheIdTheParentAndTheRequestId) {
  v1::CreatePlaceRequest request = ValidCreate();
  request.set_place_id("ml-aguelhok");
  request.set_request_id("place-request-1");
  v1::Place created;
  ASSERT_TRUE(Create(request, &created).ok());
  EXPECT_EQ(created.name(), "places/ml-aguelhok");
  EXPECT_EQ(created.parent(), "places/ml-kidal-region");
  ASSERT_EQ(repo_.CallsTo("CreatePlace").size(), 1u);
  EXPECT_EQ(repo_.CallsTo("CreatePlace")[0].id, "ml-aguelhok");
  EXPECT_EQ(repo_.CallsTo("CreatePlace")[0].request_id, "place-request-1");
}

TEST_F(PlaceServiceTest, CreatePlaceMistakesAreNamedAndNeverReachTheRepository) {
  v1::Place out;
  EXPECT_THAT(ViolatedFields(Create(v1::CreatePlaceRequest(), &out)), ElementsAre("place"));

  v1::CreatePlaceRequest bad;
  v1::Place* p = bad.mutable_place();
  p->set_kind(v1::COUNTRY);
  p->set_parent("places/ml");
  p->set_country_code("Mali");
  p->set_geonames_id(-5);
  p->mutable_location()->set_latitude(100);
  p->mutable_location()->set_longitude(0);
  p->set_time_zone("Mars/Olympus_Mons");
  grpc::Status status = Create(bad, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              UnorderedElementsAre("place.display_name", "place.parent", "place.country_code",
                                   "place.geonames_id", "place.location.latitude",
                                   "place.location_precision", "place.time_zone"));

  v1::CreatePlaceRequest malformed = ValidCreate();
  malformed.mutable_place()->set_parent("ml");
  EXPECT_THAT(ViolatedFields(Create(malformed, &out)), ElementsAre("place.parent"));
  EXPECT_THAT(repo_.calls(), IsEmpty());
}

// --- Curation ---

TEST_F(PlaceServiceTest, CuratingCallsPassTheirIdsAndReasonsDown) {
  v1::Place held;
  held.set_name("places/ml-anefis");
  held.set_display_name("Anefis");
  held.set_kind(v1::SETTLEMENT);
  repo_.Hold(held);

  v1::UpdatePlaceRequest update;
  update.mutable_place()->set_name("places/ml-anefis");
  update.mutable_place()->set_parent("places/ml-kidal-region");
  update.mutable_update_mask()->add_paths("parent");
  v1::Place out;
  ASSERT_TRUE(Call(&PlaceService::UpdatePlace, update, &out).ok());
  EXPECT_EQ(out.parent(), "places/ml-kidal-region");
  ASSERT_EQ(repo_.CallsTo("UpdatePlace").size(), 1u);
  EXPECT_EQ(repo_.CallsTo("UpdatePlace")[0].id, "ml-anefis");

  // The mask is checked against the stored place: a wrong path is the caller's mistake.
  update.mutable_update_mask()->set_paths(0, "ancestors");
  EXPECT_THAT(ViolatedFields(Call(&PlaceService::UpdatePlace, update, &out)),
              ElementsAre("update_mask.paths[0]"));

  v1::MergePlacesRequest merge;
  merge.set_name("places/ml-anefis");
  merge.set_into("places/ml-tessalit");
  ASSERT_TRUE(Call(&PlaceService::MergePlaces, merge, &out).ok());
  EXPECT_EQ(out.name(), "places/ml-tessalit");
  EXPECT_EQ(repo_.CallsTo("MergePlaces")[0].id, "ml-anefis");
}

TEST_F(PlaceServiceTest, CuratingMistakesNeverReachTheRepository) {
  v1::Place out;
  EXPECT_THAT(ViolatedFields(Call(&PlaceService::UpdatePlace, v1::UpdatePlaceRequest(), &out)),
              ElementsAre("place"));
  v1::UpdatePlaceRequest update;
  update.mutable_place()->set_name("ml");
  EXPECT_THAT(ViolatedFields(Call(&PlaceService::UpdatePlace, update, &out)),
              ElementsAre("place.name"));
  v1::DeletePlaceRequest del;
  del.set_name("places/ml");
  del.set_reason(std::string("why\0", 4));
  EXPECT_THAT(ViolatedFields(Call(&PlaceService::DeletePlace, del, &out)), ElementsAre("reason"));
  v1::MergePlacesRequest merge;
  merge.set_name("places/ml");
  merge.set_into("ml");
  EXPECT_THAT(ViolatedFields(Call(&PlaceService::MergePlaces, merge, &out)), ElementsAre("into"));
  v1::SplitPlaceRequest split;
  split.set_name("places/");
  EXPECT_THAT(ViolatedFields(Call(&PlaceService::SplitPlace, split, &out)), ElementsAre("name"));
  EXPECT_THAT(repo_.calls(), IsEmpty());
}

}  // namespace
}  // namespace timeline::api
