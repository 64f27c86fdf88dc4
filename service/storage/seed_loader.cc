#include "storage/seed_loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "domain/directory_records.h"
#include "domain/event_record.h"
#include "domain/resource_name.h"
#include "google/protobuf/util/json_util.h"
#include "timeline/seed/v1/seed.pb.h"

namespace timeline::storage {
namespace {

absl::Status InFile(const std::string& file, absl::string_view resource, const absl::Status& s) {
  return absl::Status(s.code(), absl::StrCat(file, ": ", resource, ": ", s.message()));
}

// Creates the resource unless it exists. `get` and `create` are the repository calls.
template <typename Proto, typename ToRecord, typename Get, typename Create>
absl::Status CreateIfMissing(const std::string& file, const Proto& proto,
                             absl::string_view collection, absl::string_view field,
                             ToRecord to_record, Get get, Create create, LoadReport& report) {
  absl::StatusOr<std::string> id = domain::ParseResourceName(proto.name(), collection, "name");
  if (!id.ok()) return InFile(file, proto.name(), id.status());
  auto record = to_record(proto, field);
  if (!record.ok()) return InFile(file, proto.name(), record.status());
  CallContext ctx;
  auto existing = get(ctx, *id);
  if (existing.ok()) {
    ++report.unchanged;
    return absl::OkStatus();
  }
  if (!absl::IsNotFound(existing.status())) return InFile(file, proto.name(), existing.status());
  auto created = create(ctx, *id, *record, "");
  if (!created.ok()) return InFile(file, proto.name(), created.status());
  ++report.created;
  return absl::OkStatus();
}

absl::Status LoadEvent(Repository& repo, const std::string& file, const v1::Event& event,
                       LoadReport& report) {
  absl::StatusOr<std::string> id = domain::ParseResourceName(event.name(), domain::kEvents, "name");
  if (!id.ok()) return InFile(file, event.name(), id.status());
  absl::StatusOr<domain::EventRecord> record = domain::EventRecordFromProto(event, "event");
  if (!record.ok()) return InFile(file, event.name(), record.status());
  CallContext ctx;
  absl::StatusOr<v1::Event> existing = repo.GetEvent(ctx, *id);
  if (absl::IsNotFound(existing.status())) {
    absl::StatusOr<v1::Event> created = repo.CreateEvent(ctx, *id, *record, "");
    if (!created.ok()) return InFile(file, event.name(), created.status());
    ++report.created;
    return absl::OkStatus();
  }
  if (!existing.ok()) return InFile(file, event.name(), existing.status());
  // Deleted through the API: the tombstone is the later decision, and cannot be updated anyway.
  if (existing->has_delete_time()) {
    ++report.unchanged;
    return absl::OkStatus();
  }
  absl::StatusOr<v1::Event> updated =
      repo.UpdateEvent(ctx, *id, "", [&](const v1::Event&) { return *record; });
  if (!updated.ok()) return InFile(file, event.name(), updated.status());
  if (updated->etag() == existing->etag()) {
    ++report.unchanged;
  } else {
    ++report.updated;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<LoadReport> LoadSeedDirectory(Repository& repo, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return absl::InvalidArgumentError(absl::StrCat("data folder not found: ", dir));
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());

  LoadReport report;
  for (const fs::path& path : files) {
    const std::string file = path.filename().string();
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    seed::v1::SeedFile seed;
    auto parsed = google::protobuf::util::JsonStringToMessage(text.str(), &seed);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(file, ": ", parsed.ToString()));
    }
    for (const v1::Place& place : seed.places()) {
      absl::Status s = CreateIfMissing(
          file, place, domain::kPlaces, "place", domain::PlaceRecordFromProto,
          [&](auto& ctx, auto id) { return repo.GetPlace(ctx, id); },
          [&](auto& ctx, auto id, auto& r, auto req) { return repo.CreatePlace(ctx, id, r, req); },
          report);
      if (!s.ok()) return s;
    }
    for (const v1::Actor& actor : seed.actors()) {
      absl::Status s = CreateIfMissing(
          file, actor, domain::kActors, "actor", domain::ActorRecordFromProto,
          [&](auto& ctx, auto id) { return repo.GetActor(ctx, id); },
          [&](auto& ctx, auto id, auto& r, auto req) { return repo.CreateActor(ctx, id, r, req); },
          report);
      if (!s.ok()) return s;
    }
    for (const v1::Source& source : seed.sources()) {
      absl::Status s = CreateIfMissing(
          file, source, domain::kSources, "source", domain::SourceRecordFromProto,
          [&](auto& ctx, auto id) { return repo.GetSource(ctx, id); },
          [&](auto& ctx, auto id, auto& r, auto req) { return repo.CreateSource(ctx, id, r, req); },
          report);
      if (!s.ok()) return s;
    }
    for (const v1::Event& event : seed.events()) {
      if (absl::Status s = LoadEvent(repo, file, event, report); !s.ok()) return s;
    }
  }
  return report;
}

}  // namespace timeline::storage
