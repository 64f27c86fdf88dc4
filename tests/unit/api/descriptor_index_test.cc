// The descriptor set compiled into the server: it loads, reflection's lookups answer from it,
// and every element of the public API carries a comment, so `grpcurl describe` explains itself.
#include "api/descriptor_index.h"

#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.pb.h"
#include "gtest/gtest.h"
#include "timeline/v1/served_descriptors.h"

namespace timeline::api {
namespace {

namespace pb = google::protobuf;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::unique_ptr<DescriptorIndex> ServedIndex() {
  std::string_view bytes = v1::ServedDescriptorSet();
  auto index = DescriptorIndex::FromDescriptorSet(absl::string_view(bytes.data(), bytes.size()));
  EXPECT_TRUE(index.ok()) << index.status();
  return index.ok() ? *std::move(index) : nullptr;
}

std::string FileName(const std::string& serialized) {
  pb::FileDescriptorProto file;
  EXPECT_TRUE(file.ParseFromString(serialized));
  return file.name();
}

std::vector<std::string> FileNames(const std::vector<std::string>& serialized) {
  std::vector<std::string> names;
  for (const std::string& file : serialized) names.push_back(FileName(file));
  return names;
}

TEST(ServedDescriptorsTest, ListsEveryServiceTheServerAnswers) {
  auto index = ServedIndex();
  ASSERT_NE(index, nullptr);
  EXPECT_THAT(index->ServiceNames(),
              ElementsAre("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
                          "grpc.reflection.v1alpha.ServerReflection", "timeline.v1.ActorService",
                          "timeline.v1.DateService", "timeline.v1.EventService",
                          "timeline.v1.IngestService", "timeline.v1.PlaceService",
                          "timeline.v1.SourceService"));
}

TEST(ServedDescriptorsTest, AFileComesFirstThenEachOfItsImportsOnce) {
  auto index = ServedIndex();
  ASSERT_NE(index, nullptr);
  auto files = index->FileContainingSymbol("timeline.v1.ListEventsRequest");
  ASSERT_TRUE(files.ok()) << files.status();
  std::vector<std::string> names = FileNames(*files);
  ASSERT_FALSE(names.empty());
  EXPECT_EQ(names.front(), "timeline/v1/event.proto");
  EXPECT_THAT(names,
              ::testing::UnorderedElementsAre(
                  "timeline/v1/event.proto", "timeline/v1/place.proto", "timeline/v1/time.proto",
                  "google/protobuf/timestamp.proto", "google/protobuf/field_mask.proto"));
}

TEST(ServedDescriptorsTest, FindsNestedSymbolsMethodsAndFilesByName) {
  auto index = ServedIndex();
  ASSERT_NE(index, nullptr);
  for (const char* symbol :
       {"timeline.v1.CountEventsRequest.Interval", "timeline.v1.EventService.WatchEvents",
        "timeline.v1.EventService", "timeline.v1.WatchEventsResponse.MERGED"}) {
    auto files = index->FileContainingSymbol(symbol);
    ASSERT_TRUE(files.ok()) << symbol << ": " << files.status();
    EXPECT_EQ(FileName(files->front()), "timeline/v1/event.proto") << symbol;
  }
  auto health = index->FileByName("grpc/health/v1/health.proto");
  ASSERT_TRUE(health.ok()) << health.status();
  EXPECT_THAT(FileNames(*health), ElementsAre("grpc/health/v1/health.proto"));
}

TEST(ServedDescriptorsTest, UnknownNamesAreNotFound) {
  auto index = ServedIndex();
  ASSERT_NE(index, nullptr);
  EXPECT_EQ(index->FileByName("timeline/v1/nope.proto").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(index->FileContainingSymbol("timeline.v1.Nope").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(index->FileContainingExtension("timeline.v1.Event", 1000).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(index->ExtensionNumbers("timeline.v1.Nope").status().code(),
            absl::StatusCode::kNotFound);
  auto numbers = index->ExtensionNumbers("timeline.v1.Event");
  ASSERT_TRUE(numbers.ok());
  EXPECT_THAT(*numbers, IsEmpty());
}

TEST(ServedDescriptorsTest, RejectsBytesThatAreNotADescriptorSet) {
  EXPECT_FALSE(DescriptorIndex::FromDescriptorSet("\xff\xff\xff").ok());
  pb::FileDescriptorSet orphan;  // imports a file the set does not hold
  pb::FileDescriptorProto* file = orphan.add_file();
  file->set_name("a.proto");
  file->add_dependency("b.proto");
  EXPECT_FALSE(DescriptorIndex::FromDescriptorSet(orphan.SerializeAsString()).ok());
}

// --- every element of timeline.v1 documented ----------------------------------------------------

template <typename Descriptor>
bool HasComment(const Descriptor* descriptor) {
  pb::SourceLocation location;
  if (!descriptor->GetSourceLocation(&location)) return false;
  return location.leading_comments.find_first_not_of(" \n") != std::string::npos ||
         location.trailing_comments.find_first_not_of(" \n") != std::string::npos;
}

void CollectUndocumentedEnum(const pb::EnumDescriptor* e, std::vector<std::string>& missing) {
  if (!HasComment(e)) missing.push_back(e->full_name());
  for (int i = 0; i < e->value_count(); ++i) {
    if (!HasComment(e->value(i))) missing.push_back(e->value(i)->full_name());
  }
}

void CollectUndocumentedMessage(const pb::Descriptor* m, std::vector<std::string>& missing) {
  if (!HasComment(m)) missing.push_back(m->full_name());
  for (int i = 0; i < m->field_count(); ++i) {
    if (!HasComment(m->field(i))) missing.push_back(m->field(i)->full_name());
  }
  for (int i = 0; i < m->nested_type_count(); ++i) {
    CollectUndocumentedMessage(m->nested_type(i), missing);
  }
  for (int i = 0; i < m->enum_type_count(); ++i) CollectUndocumentedEnum(m->enum_type(i), missing);
}

std::vector<std::string> UndocumentedElements(const pb::FileDescriptor* file) {
  std::vector<std::string> missing;
  for (int i = 0; i < file->service_count(); ++i) {
    const pb::ServiceDescriptor* service = file->service(i);
    if (!HasComment(service)) missing.push_back(service->full_name());
    for (int j = 0; j < service->method_count(); ++j) {
      if (!HasComment(service->method(j))) missing.push_back(service->method(j)->full_name());
    }
  }
  for (int i = 0; i < file->message_type_count(); ++i) {
    CollectUndocumentedMessage(file->message_type(i), missing);
  }
  for (int i = 0; i < file->enum_type_count(); ++i) {
    CollectUndocumentedEnum(file->enum_type(i), missing);
  }
  return missing;
}

TEST(ServedDescriptorsTest, EveryServiceMethodMessageFieldAndEnumValueOfTheApiIsCommented) {
  auto index = ServedIndex();
  ASSERT_NE(index, nullptr);
  std::vector<std::string> missing;
  for (const char* name :
       {"timeline/v1/actor.proto", "timeline/v1/event.proto", "timeline/v1/ingest.proto",
        "timeline/v1/place.proto", "timeline/v1/source.proto", "timeline/v1/time.proto"}) {
    const pb::FileDescriptor* file = index->pool().FindFileByName(name);
    ASSERT_NE(file, nullptr) << name;
    for (std::string& element : UndocumentedElements(file)) missing.push_back(std::move(element));
  }
  EXPECT_THAT(missing, IsEmpty()) << missing.size() << " without a comment:\n"
                                  << absl::StrJoin(missing, "\n");
}

// The check above finds what it looks for: a file without comments has every element listed.
TEST(ServedDescriptorsTest, TheCommentCheckListsEachUncommentedElement) {
  pb::FileDescriptorProto file;
  file.set_name("bare.proto");
  file.set_package("bare");
  pb::DescriptorProto* message = file.add_message_type();
  message->set_name("Thing");
  pb::FieldDescriptorProto* field = message->add_field();
  field->set_name("id");
  field->set_number(1);
  field->set_type(pb::FieldDescriptorProto::TYPE_STRING);
  pb::EnumDescriptorProto* kind = file.add_enum_type();
  kind->set_name("Kind");
  kind->add_value()->set_name("KIND_UNSPECIFIED");
  pb::DescriptorPool pool;
  const pb::FileDescriptor* built = pool.BuildFile(file);
  ASSERT_NE(built, nullptr);
  EXPECT_THAT(UndocumentedElements(built),
              ElementsAre("bare.Thing", "bare.Thing.id", "bare.Kind", "bare.KIND_UNSPECIFIED"));
}

}  // namespace
}  // namespace timeline::api
