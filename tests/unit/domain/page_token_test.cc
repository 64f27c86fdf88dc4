#include "domain/page_token.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "domain/validation.h"
#include "timeline/v1/actor.pb.h"
#include "timeline/v1/event.pb.h"
#include "timeline/v1/place.pb.h"

namespace timeline::domain {
namespace {

using Strings = std::vector<std::string>;

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> out;
  for (const FieldViolation& v : FieldViolationsOf(status)) out.push_back(v.field);
  return out;
}

constexpr char kFingerprint[] = "0123456789abcdef0123456789abcdef";

void ExpectRejected(const PageTokenCodec& codec, const std::string& token) {
  absl::StatusOr<PageCursor> cursor = codec.Decode(token, kFingerprint);
  EXPECT_EQ(cursor.status().code(), absl::StatusCode::kInvalidArgument) << "token: " << token;
  EXPECT_EQ(Fields(cursor.status()), Strings{"page_token"}) << "token: " << token;
}

PageCursor Cursor(std::optional<std::string> sort_key, int64_t last_id, int64_t offset) {
  PageCursor c;
  c.fingerprint = kFingerprint;
  c.sort_key = std::move(sort_key);
  c.last_id = last_id;
  c.offset = offset;
  return c;
}

class PageTokenTest : public testing::Test {
 protected:
  PageTokenCodec codec_{"secret-a"};
};

TEST_F(PageTokenTest, RoundTripWithSortKey) {
  std::string token = codec_.Encode(Cursor("2024-09-17 05:00:00+00", 42, 0));
  absl::StatusOr<PageCursor> cursor = codec_.Decode(token, kFingerprint);
  ASSERT_TRUE(cursor.ok()) << cursor.status();
  EXPECT_EQ(cursor->fingerprint, kFingerprint);
  ASSERT_TRUE(cursor->sort_key.has_value());
  EXPECT_EQ(*cursor->sort_key, "2024-09-17 05:00:00+00");
  EXPECT_EQ(cursor->last_id, 42);
  EXPECT_EQ(cursor->offset, 0);
}

TEST_F(PageTokenTest, RoundTripWithoutSortKeyKeepsItUnset) {
  absl::StatusOr<PageCursor> cursor =
      codec_.Decode(codec_.Encode(Cursor(std::nullopt, 7, 0)), kFingerprint);
  ASSERT_TRUE(cursor.ok()) << cursor.status();
  EXPECT_FALSE(cursor->sort_key.has_value());
  EXPECT_EQ(cursor->last_id, 7);
}

TEST_F(PageTokenTest, EmptySortKeyIsNotAnUnsetOne) {
  absl::StatusOr<PageCursor> cursor = codec_.Decode(codec_.Encode(Cursor("", 7, 0)), kFingerprint);
  ASSERT_TRUE(cursor.ok()) << cursor.status();
  ASSERT_TRUE(cursor->sort_key.has_value());
  EXPECT_EQ(*cursor->sort_key, "");
}

TEST_F(PageTokenTest, RoundTripWithOffset) {
  absl::StatusOr<PageCursor> cursor =
      codec_.Decode(codec_.Encode(Cursor(std::nullopt, 0, 150)), kFingerprint);
  ASSERT_TRUE(cursor.ok()) << cursor.status();
  EXPECT_EQ(cursor->offset, 150);
  EXPECT_EQ(cursor->last_id, 0);
}

TEST_F(PageTokenTest, RoundTripExtremeAndNegativeNumbers) {
  for (int64_t n : {std::numeric_limits<int64_t>::min(), int64_t{-1}, int64_t{0},
                    std::numeric_limits<int64_t>::max()}) {
    absl::StatusOr<PageCursor> cursor =
        codec_.Decode(codec_.Encode(Cursor("k", n, -n - 1)), kFingerprint);
    ASSERT_TRUE(cursor.ok()) << cursor.status();
    EXPECT_EQ(cursor->last_id, n);
    EXPECT_EQ(cursor->offset, -n - 1);
  }
}

TEST_F(PageTokenTest, RoundTripSortKeysWithSeparatorsAndNonAscii) {
  for (const std::string& key :
       {std::string("a|b"), std::string("|"), std::string("||k|1|2"), std::string("غويتا"),
        std::string("line\nbreak"), std::string("\0x", 2)}) {
    absl::StatusOr<PageCursor> cursor =
        codec_.Decode(codec_.Encode(Cursor(key, 9, 3)), kFingerprint);
    ASSERT_TRUE(cursor.ok()) << cursor.status() << " key: " << key;
    EXPECT_EQ(cursor->sort_key, key);
    EXPECT_EQ(cursor->last_id, 9);
    EXPECT_EQ(cursor->offset, 3);
  }
}

TEST_F(PageTokenTest, TokenIsWebSafeAndDeterministic) {
  std::string token = codec_.Encode(Cursor("2024-09-17 05:00:00+00", 42, 0));
  EXPECT_EQ(token, codec_.Encode(Cursor("2024-09-17 05:00:00+00", 42, 0)));
  EXPECT_NE(token, codec_.Encode(Cursor("2024-09-17 05:00:00+00", 43, 0)));
  EXPECT_EQ(token.find_first_of("+/= \n"), std::string::npos) << token;
}

TEST_F(PageTokenTest, EveryFlippedCharacterIsRejected) {
  const std::string token = codec_.Encode(Cursor("2024-09-17 05:00:00+00", 42, 0));
  // 65 payload + 16 MAC bytes, a multiple of 3: every base64 character carries signed bits.
  for (size_t i = 0; i < token.size(); ++i) {
    std::string tampered = token;
    tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
    ExpectRejected(codec_, tampered);
  }
}

TEST_F(PageTokenTest, TruncatedTokensAreRejected) {
  const std::string token = codec_.Encode(Cursor("2024-09-17 05:00:00+00", 42, 0));
  for (size_t len : {token.size() - 1, token.size() - 2, token.size() - 4, token.size() / 2,
                     size_t{22}, size_t{4}, size_t{1}}) {
    ExpectRejected(codec_, token.substr(0, len));
  }
}

TEST_F(PageTokenTest, ExtendedTokensAreRejected) {
  const std::string token = codec_.Encode(Cursor("2024-09-17 05:00:00+00", 42, 0));
  for (const char* suffix : {"A", "AA", "AAAA", "x", "====", "!"}) {
    ExpectRejected(codec_, token + suffix);
  }
  ExpectRejected(codec_, "AAAA" + token);
}

TEST_F(PageTokenTest, GarbageIsRejected) {
  for (const char* garbage : {"abc", "", " ", "=", "====", "!!!!", "dDE=", "null"}) {
    ExpectRejected(codec_, garbage);
  }
}

TEST_F(PageTokenTest, TokenSignedWithAnotherSecretIsRejected) {
  PageTokenCodec other("secret-b");
  ExpectRejected(codec_, other.Encode(Cursor("2024-09-17 05:00:00+00", 42, 0)));
  // ... even though its own issuer accepts it.
  EXPECT_TRUE(other.Decode(other.Encode(Cursor("k", 1, 0)), kFingerprint).ok());
}

TEST_F(PageTokenTest, TokenOfAnotherRequestIsRejectedWithAnExplanation) {
  std::string token = codec_.Encode(Cursor("k", 1, 0));
  absl::StatusOr<PageCursor> cursor = codec_.Decode(token, "ffffffffffffffffffffffffffffffff");
  EXPECT_EQ(cursor.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(cursor.status()), Strings{"page_token"});
  EXPECT_TRUE(absl::StrContains(cursor.status().message(), "other parameters")) << cursor.status();
}

// --- RequestFingerprint -----------------------------------------------------------------------

v1::ListEventsRequest BaseRequest() {
  v1::ListEventsRequest r;
  r.add_actors("actors/jnim");
  r.add_actors("actors/malian-army");
  r.mutable_time_range()->mutable_start_time()->set_seconds(1704067200);  // 2024-01-01
  r.mutable_time_range()->mutable_end_time()->set_seconds(1735689600);    // 2025-01-01
  r.add_event_types("attack");
  return r;
}

TEST(RequestFingerprintTest, IsDeterministicHex) {
  std::string fp = RequestFingerprint(BaseRequest());
  EXPECT_EQ(fp.size(), 32u);
  EXPECT_EQ(fp.find_first_not_of("0123456789abcdef"), std::string::npos) << fp;
  for (int i = 0; i < 10; ++i) EXPECT_EQ(RequestFingerprint(BaseRequest()), fp);
}

TEST(RequestFingerprintTest, IgnoresPageTokenAndPageSize) {
  v1::ListEventsRequest paged = BaseRequest();
  paged.set_page_token("some-token");
  paged.set_page_size(17);
  EXPECT_EQ(RequestFingerprint(paged), RequestFingerprint(BaseRequest()));
}

TEST(RequestFingerprintTest, DoesNotModifyTheRequest) {
  v1::ListEventsRequest paged = BaseRequest();
  paged.set_page_token("some-token");
  paged.set_page_size(17);
  RequestFingerprint(paged);
  EXPECT_EQ(paged.page_token(), "some-token");
  EXPECT_EQ(paged.page_size(), 17);
}

TEST(RequestFingerprintTest, ChangesWithEveryOtherField) {
  const std::string base = RequestFingerprint(BaseRequest());
  std::set<std::string> seen = {base};

  v1::ListEventsRequest r = BaseRequest();
  r.set_actors(1, "actors/other");
  EXPECT_TRUE(seen.insert(RequestFingerprint(r)).second) << "actors";

  r = BaseRequest();
  r.add_actors("actors/third");
  EXPECT_TRUE(seen.insert(RequestFingerprint(r)).second) << "actors appended";

  r = BaseRequest();
  r.mutable_actors()->SwapElements(0, 1);
  EXPECT_TRUE(seen.insert(RequestFingerprint(r)).second) << "actors reordered";

  r = BaseRequest();
  r.mutable_time_range()->mutable_end_time()->set_seconds(1735689601);
  EXPECT_TRUE(seen.insert(RequestFingerprint(r)).second) << "time_range.end_time";

  r = BaseRequest();
  r.mutable_time_range()->set_match(v1::TimeRange::WITHIN);
  EXPECT_TRUE(seen.insert(RequestFingerprint(r)).second) << "time_range.match";

  r = BaseRequest();
  r.set_order_by("start_time desc");
  EXPECT_TRUE(seen.insert(RequestFingerprint(r)).second) << "order_by";

  r = BaseRequest();
  r.add_places("places/ml");
  EXPECT_TRUE(seen.insert(RequestFingerprint(r)).second) << "places";

  r = BaseRequest();
  r.set_event_types(0, "protest");
  EXPECT_TRUE(seen.insert(RequestFingerprint(r)).second) << "event_types";

  r = BaseRequest();
  r.set_show_deleted(true);
  EXPECT_TRUE(seen.insert(RequestFingerprint(r)).second) << "show_deleted";
}

TEST(RequestFingerprintTest, DependsOnTheRequestType) {
  EXPECT_NE(RequestFingerprint(v1::ListActorsRequest()),
            RequestFingerprint(v1::ListPlacesRequest()));
  v1::ListActorsRequest actors;
  actors.set_query("Goïta");
  v1::ListPlacesRequest places;
  places.set_query("Goïta");
  EXPECT_NE(RequestFingerprint(actors), RequestFingerprint(places));
}

}  // namespace
}  // namespace timeline::domain
