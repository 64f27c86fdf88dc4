// The vocabulary of IngestNote: a record's field path and a note's parts.
#include "domain/ingest_notes.h"

#include <gtest/gtest.h>

namespace timeline::domain {
namespace {

TEST(IngestRecordTest, RecordFieldNamesTheIndex) {
  EXPECT_EQ(RecordField(0), "records[0]");
  EXPECT_EQ(RecordField(7), "records[7]");
  EXPECT_EQ(RecordField(9999), "records[9999]");
}

TEST(IngestRecordTest, NoteCarriesFieldCodeAndMessage) {
  const v1::IngestNote n = Note("records[1].title", kNoteInvalidArgument, "is required");
  EXPECT_EQ(n.field(), "records[1].title");
  EXPECT_EQ(n.code(), "INVALID_ARGUMENT");
  EXPECT_EQ(n.message(), "is required");
}

}  // namespace
}  // namespace timeline::domain
