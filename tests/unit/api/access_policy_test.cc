// Roles and the access file: which role each RPC needs (every served RPC classified), the file's
// format and its errors by line, and which identity a token or certificate gets.
#include "api/access_policy.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "api/descriptor_index.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "timeline/v1/served_descriptors.h"

namespace timeline::api {
namespace {

using ::testing::HasSubstr;

constexpr char kAnalystToken[] = "analyst-0123456789abcdef";
constexpr char kIngestToken[] = "ingest-0123456789abcdef";

std::string Sha256Hex(absl::string_view token) {
  return absl::BytesToHexString(TokenDigest(token));
}

TEST(RequiredRoleTest, EveryServedRpcIsClassified) {
  auto index = DescriptorIndex::FromDescriptorSet(
      absl::string_view(v1::ServedDescriptorSet().data(), v1::ServedDescriptorSet().size()));
  ASSERT_TRUE(index.ok()) << index.status();
  int methods = 0;
  for (const std::string& service_name : (*index)->ServiceNames()) {
    const auto* service = (*index)->pool().FindServiceByName(service_name);
    ASSERT_NE(service, nullptr) << service_name;
    for (int i = 0; i < service->method_count(); ++i) {
      if (IsOpenMethod(absl::StrCat("/", service_name, "/", service->method(i)->name()))) continue;
      ++methods;
      EXPECT_TRUE(RequiredRole(service->method(i)->name()).has_value())
          << service->method(i)->full_name()
          << " fits no verb of api/access_policy.cc: say which role it needs";
    }
  }
  EXPECT_GT(methods, 0);
}

TEST(RequiredRoleTest, ReadersReadWritersAddAndChangeAdminsRemoveAndRewrite) {
  for (const char* name : {"GetEvent", "ListEvents", "ListRelatedActors", "CountEvents",
                           "ExportEvents", "WatchEvents", "SearchPlaces", "ParseDates"}) {
    EXPECT_EQ(RequiredRole(name), Role::kReader) << name;
  }
  for (const char* name :
       {"CreateEvent", "UpdateEvent", "UpdateActor", "IngestEvents", "IngestPlaces"}) {
    EXPECT_EQ(RequiredRole(name), Role::kWriter) << name;
  }
  for (const char* name : {"DeleteEvent", "MergeEvents", "MergeActors", "SplitEvent"}) {
    EXPECT_EQ(RequiredRole(name), Role::kAdmin) << name;
  }
  // A verb must end where a capital letter starts the next word.
  EXPECT_EQ(RequiredRole("Getaway"), std::nullopt);
  EXPECT_EQ(RequiredRole("Listen"), std::nullopt);
  EXPECT_EQ(RequiredRole("Frobnicate"), std::nullopt);
}

TEST(RequiredRoleTest, MethodNameIsTheLastPartOfThePath) {
  EXPECT_EQ(MethodNameOf("/timeline.v1.EventService/DeleteEvent"), "DeleteEvent");
  EXPECT_EQ(MethodNameOf("DeleteEvent"), "DeleteEvent");
}

TEST(IsOpenMethodTest, HealthAndReflectionAreOpenEverythingElseIsNot) {
  EXPECT_TRUE(IsOpenMethod("/grpc.health.v1.Health/Check"));
  EXPECT_TRUE(IsOpenMethod("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"));
  EXPECT_TRUE(IsOpenMethod("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"));
  EXPECT_FALSE(IsOpenMethod("/timeline.v1.EventService/ListEvents"));
  EXPECT_FALSE(IsOpenMethod("/grpc.health.v1.HealthX/Check"));
  EXPECT_FALSE(IsOpenMethod(""));
}

TEST(ParseAccessFileTest, GrantsTokensByDigestOrTextAndCertificatesBySubjectOrName) {
  auto grants =
      ParseAccessFile(absl::StrCat("# principal role kind credential\n"
                                   "analyst reader token sha256:",
                                   Sha256Hex(kAnalystToken),
                                   "\n"
                                   "\n  ingest-job   writer  token  ",
                                   kIngestToken,
                                   "  \n"
                                   "curator admin subject CN=Curator One,O=Example\n"
                                   "reporter reader cn reporter.example\n"));
  ASSERT_TRUE(grants.ok()) << grants.status();
  AccessPolicy policy(*std::move(grants));

  auto analyst = policy.ForToken(kAnalystToken);
  ASSERT_TRUE(analyst.has_value());
  EXPECT_EQ(analyst->principal, "analyst");
  EXPECT_EQ(analyst->role, Role::kReader);
  auto ingest = policy.ForToken(kIngestToken);
  ASSERT_TRUE(ingest.has_value());
  EXPECT_EQ(ingest->principal, "ingest-job");
  EXPECT_EQ(ingest->role, Role::kWriter);
  EXPECT_FALSE(policy.ForToken("analyst-0123456789abcdeF").has_value());
  EXPECT_FALSE(policy.ForToken("").has_value());

  auto curator = policy.ForCertificate("CN=Curator One,O=Example", "Curator One");
  ASSERT_TRUE(curator.has_value());
  EXPECT_EQ(curator->principal, "curator");
  EXPECT_EQ(curator->role, Role::kAdmin);
  auto reporter = policy.ForCertificate("CN=reporter.example,O=Elsewhere", "reporter.example");
  ASSERT_TRUE(reporter.has_value());
  EXPECT_EQ(reporter->principal, "reporter");
  EXPECT_FALSE(policy.ForCertificate("CN=Curator One,O=Other", "Curator Two").has_value());
  EXPECT_FALSE(policy.ForCertificate("", "").has_value());
}

TEST(ParseAccessFileTest, NamesTheLineOfTheFirstBadGrant) {
  const std::pair<const char*, const char*> cases[] = {
      {"ok reader cn a\nbob superuser token long-enough-token-1234\n", "line 2: unknown role"},
      {"# c\n\nbob reader password long-enough-token-1234\n", "line 3: unknown kind"},
      {"bob reader token short\n", "line 1: a token needs at least 16"},
      {"ok reader cn a\nok reader cn b\nbob reader token sha256:abc\n", "line 3: sha256:"},
      {"bob reader token\n", "line 1: expected"},
      {"bob reader token sha256:zz"
       "00000000000000000000000000000000000000000000000000000000000000",
       "line 1: sha256:"},
  };
  for (const auto& [text, message] : cases) {
    auto grants = ParseAccessFile(text);
    ASSERT_FALSE(grants.ok()) << text;
    EXPECT_EQ(grants.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(grants.status().message(), HasSubstr(message)) << text;
  }
}

TEST(ParseAccessFileTest, RejectsAFileThatGrantsNothing) {
  EXPECT_FALSE(ParseAccessFile("# nobody yet\n\n").ok());
  EXPECT_FALSE(ParseAccessFile("").ok());
}

TEST(ParseTokenFileTest, EachTokenIsAnAdminNamedByItsLine) {
  auto grants =
      ParseTokenFile(absl::StrCat("# ingest job\n  ", kIngestToken, "  \n\n", kAnalystToken, "\n"));
  ASSERT_TRUE(grants.ok()) << grants.status();
  AccessPolicy policy(*std::move(grants));
  auto ingest = policy.ForToken(kIngestToken);
  ASSERT_TRUE(ingest.has_value());
  EXPECT_EQ(ingest->principal, "token-2");
  EXPECT_EQ(ingest->role, Role::kAdmin);
  auto analyst = policy.ForToken(kAnalystToken);
  ASSERT_TRUE(analyst.has_value());
  EXPECT_EQ(analyst->principal, "token-4");
}

TEST(ParseTokenFileTest, RejectsShortTokensNamingTheLineAndEmptyFiles) {
  auto tokens = ParseTokenFile("# tokens\nlong-enough-token-1234\nshort\n");
  ASSERT_FALSE(tokens.ok());
  EXPECT_THAT(tokens.status().message(), HasSubstr("line 3"));
  EXPECT_FALSE(ParseTokenFile("# nobody yet\n\n").ok());
}

TEST(RoleTest, NamesRoundTripAndAnonymousIsAdmin) {
  for (Role role : {Role::kReader, Role::kWriter, Role::kAdmin}) {
    EXPECT_EQ(RoleFromName(RoleName(role)), role);
  }
  EXPECT_EQ(RoleFromName("root"), std::nullopt);
  EXPECT_EQ(AnonymousIdentity().principal, "anonymous");
  EXPECT_EQ(AnonymousIdentity().role, Role::kAdmin);
}

}  // namespace
}  // namespace timeline::api
