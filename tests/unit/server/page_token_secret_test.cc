// What a page-token secret file may hold, and which source of the key wins.
#include "server/page_token_secret.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace timeline::server {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using namespace std::string_literals;

TEST(PageTokenSecretFromFileContents, TrailingLineEndsAreNotPartOfTheKey) {
  const std::string key = "0123456789abcdef-key";
  for (const std::string& contents : {key, key + "\n", key + "\r\n", key + "\n\n"}) {
    absl::StatusOr<std::string> secret = PageTokenSecretFromFileContents("/s", contents);
    ASSERT_TRUE(secret.ok()) << secret.status();
    EXPECT_EQ(*secret, key);
  }
}

TEST(PageTokenSecretFromFileContents, InnerAndLeadingBytesAreKept) {
  const std::string key = " a key\nwith two lines and \0 a NUL"s;
  absl::StatusOr<std::string> secret = PageTokenSecretFromFileContents("/s", key + "\n");
  ASSERT_TRUE(secret.ok()) << secret.status();
  EXPECT_EQ(*secret, key);
}

TEST(PageTokenSecretFromFileContents, EmptyOrShortKeysAreRefusedNamingTheFile) {
  absl::StatusOr<std::string> empty = PageTokenSecretFromFileContents("/run/s/key", "\n");
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(empty.status().message(), AllOf(HasSubstr("--page_token_secret_file"),
                                              HasSubstr("/run/s/key"), HasSubstr("no key")));
  const std::string short_key(kMinPageTokenSecretBytes - 1, 'k');
  absl::StatusOr<std::string> shorter = PageTokenSecretFromFileContents("/s", short_key + "\n");
  EXPECT_EQ(shorter.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(shorter.status().message(),
              HasSubstr(absl::StrCat(kMinPageTokenSecretBytes - 1, " bytes")));
  EXPECT_TRUE(PageTokenSecretFromFileContents("/s", short_key + "k").ok());
}

TEST(ChoosePageTokenSecret, WithoutAFileTheFlagValueIsUsedEvenEmpty) {
  EXPECT_EQ(*ChoosePageTokenSecret("from-the-flag", ""), "from-the-flag");
  EXPECT_EQ(*ChoosePageTokenSecret("", ""), "");
}

}  // namespace
}  // namespace timeline::server
