// The requests of ListActors, ListPlaces and ListSources.
#include "domain/name_query.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "domain/validation.h"
#include "unit/domain/domain_testing.h"

namespace timeline::domain {
namespace {

using test_support::Fields;
using Strings = std::vector<std::string>;

// --- Name queries -----------------------------------------------------------------------------

TEST(NameQueryTest, ActorQueryMatchKey) {
  PageTokenCodec codec("s");
  v1::ListActorsRequest r;
  r.set_query("  GOÏTA ");
  absl::StatusOr<NameQuery> q = ActorQueryFromRequest(r, codec);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->match_key, "goita");
  EXPECT_EQ(q->page_size, 50);

  r.set_query("!!!");
  EXPECT_EQ(Fields(ActorQueryFromRequest(r, codec).status()), Strings{"query"});
  r.set_query(std::string(501, 'a'));
  EXPECT_EQ(Fields(ActorQueryFromRequest(r, codec).status()), Strings{"query"});
}

TEST(NameQueryTest, PlaceQueryParent) {
  PageTokenCodec codec("s");
  v1::ListPlacesRequest r;
  r.set_parent("places/ml");
  absl::StatusOr<NameQuery> q = PlaceQueryFromRequest(r, codec);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->parent_id, "ml");
  EXPECT_EQ(q->match_key, "");

  r.set_parent("ml");
  EXPECT_EQ(Fields(PlaceQueryFromRequest(r, codec).status()), Strings{"parent"});
}

TEST(NameQueryTest, SourceQueryPageSize) {
  PageTokenCodec codec("s");
  v1::ListSourcesRequest r;
  r.set_page_size(2000);
  absl::StatusOr<NameQuery> q = SourceQueryFromRequest(r, codec);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->page_size, 1000);
  r.set_page_size(-5);
  EXPECT_EQ(Fields(SourceQueryFromRequest(r, codec).status()), Strings{"page_size"});
}

}  // namespace
}  // namespace timeline::domain
