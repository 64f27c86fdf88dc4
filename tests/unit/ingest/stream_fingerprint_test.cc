// The stream fingerprint: SHA-256 over length-prefixed messages.
#include "ingest/stream_fingerprint.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/ingest/ingest_fixtures.h"

namespace timeline::ingest {
namespace {

using namespace ::timeline::domain;           // NOLINT: the vocabulary under test
using namespace ::timeline::ingest::testing;  // NOLINT: the fixtures of these tests

std::string Digest(const Strings& parts) {
  StreamFingerprint f;
  for (const std::string& p : parts) f.Add(p);
  return f.HexDigest();
}

TEST(StreamFingerprintTest, SixtyFourLowerCaseHexCharacters) {
  for (const Strings& parts : {Strings{}, Strings{""}, Strings{"abc"}, Strings{"a", "b", "c"}}) {
    const std::string d = Digest(parts);
    EXPECT_EQ(d.size(), 64u) << d;
    EXPECT_EQ(d.find_first_not_of("0123456789abcdef"), std::string::npos) << d;
  }
}

TEST(StreamFingerprintTest, SameInputSameDigest) {
  EXPECT_EQ(Digest({"request", "records"}), Digest({"request", "records"}));
  const v1::IngestRecord r = Record(kValid);
  StreamFingerprint a, b;
  a.Add(r);
  b.Add(Record(kValid));
  EXPECT_EQ(a.HexDigest(), b.HexDigest());
}

TEST(StreamFingerprintTest, KnownDigests) {
  // SHA-256 of nothing, and of "3:abc" (each part is length-prefixed).
  EXPECT_EQ(Digest({}), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Digest({"abc"}), "aab5f9ae99b2e38fb462025c8f72f570c9c811705d2a4277dc855d7fa293fe97");
}

TEST(StreamFingerprintTest, MessageBoundariesMatter) {
  EXPECT_NE(Digest({"ab", "c"}), Digest({"a", "bc"}));
  EXPECT_NE(Digest({"abc"}), Digest({"ab", "c"}));
  EXPECT_NE(Digest({"", "abc"}), Digest({"abc"}));
  EXPECT_NE(Digest({"abc", ""}), Digest({"abc"}));
  EXPECT_NE(Digest({}), Digest({""}));
  // A part that looks like a length prefix cannot forge a boundary.
  EXPECT_NE(Digest({"1:a"}), Digest({"a"}));
  EXPECT_NE(Digest({"a1:b"}), Digest({"a", "b"}));
}

TEST(StreamFingerprintTest, AnyChangeChangesTheDigest) {
  EXPECT_NE(Digest({"records"}), Digest({"Records"}));
  EXPECT_NE(Digest({"a", "b"}), Digest({"b", "a"}));
  v1::IngestRecord r = Record(kValid);
  StreamFingerprint a, b;
  a.Add(r);
  r.mutable_fatalities()->set_low(72);
  b.Add(r);
  EXPECT_NE(a.HexDigest(), b.HexDigest());
}

TEST(StreamFingerprintTest, MessageIsFedAsItsSerialization) {
  const v1::IngestRecord r = Record(kValid);
  StreamFingerprint a, b;
  a.Add(r);
  b.Add(r.SerializeAsString());
  EXPECT_EQ(a.HexDigest(), b.HexDigest());

  v1::IngestEventsRequest first;
  first.set_request_id("job:1");
  *first.add_records() = r;
  v1::IngestEventsRequest second;
  *second.add_records() = r;
  StreamFingerprint one_by_one, together;
  one_by_one.Add(first);
  one_by_one.Add(second);
  *first.add_records() = r;
  together.Add(first);
  EXPECT_NE(one_by_one.HexDigest(), together.HexDigest());
}

}  // namespace
}  // namespace timeline::ingest
