// What the format readers' tests share: reading a sample file (clients/ingest/tests/data/) or a
// text through a reader, finding items by kind and line, and comparing messages.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "formats/readers.h"
#include "formats/record_reader.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"

namespace timeline::ingest::testing {

using Kind = ReadItem::Kind;

inline std::string DataPath(const std::string& name) {
  return std::string(TIMELINE_INGEST_TEST_DATA) + "/" + name;
}

inline std::vector<ReadItem> ReadAll(Format format, std::istream& in) {
  std::vector<ReadItem> items;
  std::unique_ptr<RecordReader> reader = OpenReader(format, in);
  ReadItem item;
  while (reader->Next(&item)) items.push_back(item);
  return items;
}

inline std::vector<ReadItem> ReadFile(Format format, const std::string& name) {
  std::ifstream in(DataPath(name), std::ios::binary);
  EXPECT_TRUE(in.is_open()) << DataPath(name);
  return ReadAll(format, in);
}

inline std::vector<ReadItem> ReadText(Format format, const std::string& text) {
  std::istringstream in(text);
  return ReadAll(format, in);
}

inline std::string FirstLine(const std::string& name) {
  std::ifstream in(DataPath(name), std::ios::binary);
  std::string line;
  std::getline(in, line);
  return line;
}

// The line numbers of the items of one kind.
inline std::vector<int64_t> Lines(const std::vector<ReadItem>& items, Kind kind) {
  std::vector<int64_t> out;
  for (const ReadItem& i : items) {
    if (i.kind == kind) out.push_back(i.line);
  }
  return out;
}

inline const ReadItem& AtLine(const std::vector<ReadItem>& items, int64_t line) {
  for (const ReadItem& i : items) {
    if (i.line == line) return i;
  }
  ADD_FAILURE() << "no item on line " << line;
  static const ReadItem* none = new ReadItem;
  return *none;
}

template <typename M>
M FromText(const std::string& text) {
  M m;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &m)) << text;
  return m;
}

template <typename M>
::testing::AssertionResult SameMessage(const M& expected, const M& actual) {
  std::string diff;
  google::protobuf::util::MessageDifferencer d;
  d.ReportDifferencesToString(&diff);
  if (d.Compare(expected, actual)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << diff << "\nactual:\n" << actual.DebugString();
}

}  // namespace timeline::ingest::testing
