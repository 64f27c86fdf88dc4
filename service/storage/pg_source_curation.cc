// PgRepository's curating calls on sources: UpdateSource (the events citing the source change
// with it) and DeleteSource (a tombstone whose url is free again). One curating transaction each.
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "domain/field_checks.h"
#include "domain/resource_name.h"
#include "domain/time_span.h"
#include "storage/pg_curation_support.h"
#include "storage/pg_directory_rows.h"
#include "storage/pg_repository.h"
#include "storage/pg_transaction.h"
#include "storage/place_source_curation_sql.h"

namespace timeline::storage {
namespace {

using domain::kSources;
using domain::ResourceName;

struct SourceRow {
  int64_t id;
  v1::Source source;
};

std::optional<SourceRow> LockSource(pqxx::transaction_base& txn, absl::string_view id) {
  pqxx::result r = txn.exec_params(sql::SourceForUpdate(), std::string(id));
  if (r.empty()) return std::nullopt;
  return SourceRow{r[0][pg::kSourceId].as<int64_t>(), pg::ReadSourceRow(r[0])};
}

v1::Source Reread(pqxx::transaction_base& txn, absl::string_view id) {
  return pg::ReadSourceRow(txn.exec_params(sql::SourceByResourceId(), std::string(id)).at(0));
}

// The checks every curating call makes first: the source exists, is live, and the caller's etag
// (when given) is current.
absl::Status CheckCuratable(const std::optional<SourceRow>& row, absl::string_view id,
                            absl::string_view expected_etag, absl::string_view doing) {
  if (!row) {
    return absl::NotFoundError(absl::StrCat(ResourceName(kSources, id), " does not exist"));
  }
  const v1::Source& s = row->source;
  if (s.has_delete_time()) {
    return absl::FailedPreconditionError(
        absl::StrCat(s.name(), " is deleted and cannot be ", doing));
  }
  if (!expected_etag.empty() && expected_etag != s.etag()) {
    return pg::StaleRegistryEtag(expected_etag, s.name(), s.etag());
  }
  return absl::OkStatus();
}

std::optional<domain::Micros> PublishedMicros(const v1::Source& s) {
  if (!s.has_published_time()) return std::nullopt;
  return domain::FromTimestamp(s.published_time());
}

// Whether the events citing the source show the change (EventSource carries the source's url,
// publisher and publication time).
bool CitationsChange(const v1::Source& current, const domain::SourceRecord& r) {
  return r.url != current.url() || r.publisher != current.publisher() ||
         r.published_time != PublishedMicros(current);
}

bool SourceChanges(const v1::Source& current, const domain::SourceRecord& r) {
  return CitationsChange(current, r) || r.language != current.language() ||
         r.title != current.title();
}

void LogSourceChange(pqxx::transaction_base& txn, int64_t source_row, absl::string_view kind,
                     absl::string_view reason) {
  txn.exec_params(sql::kLogSourceChange, source_row, std::string(kind), std::string(reason));
}

}  // namespace

absl::StatusOr<v1::Source> PgRepository::UpdateSource(const CallContext& ctx, absl::string_view id,
                                                      absl::string_view expected_etag,
                                                      const SourceMutation& mutation,
                                                      absl::string_view reason) {
  return pg::InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<v1::Source> {
        txn.exec(sql::kBeginRegistryCuration);
        std::optional<SourceRow> row = LockSource(txn, id);
        if (absl::Status s = CheckCuratable(row, id, expected_etag, "updated"); !s.ok()) return s;
        absl::StatusOr<domain::SourceRecord> record = mutation(row->source);
        if (!record.ok()) return record.status();
        if (!SourceChanges(row->source, *record)) return std::move(row->source);
        try {
          pqxx::subtransaction sub(txn, "update_source");
          pg::ExecParams(sub, sql::kUpdateSource,
                         {{pqxx::to_string(row->id)},
                          {record->url},
                          {record->publisher},
                          {record->language},
                          pg::NullableMicros(record->published_time),
                          {record->title}});
          sub.commit();
        } catch (const pqxx::unique_violation&) {
          return absl::AlreadyExistsError(
              absl::StrCat("source.url: ", domain::Quoted(record->url), " is already a source"));
        }
        if (CitationsChange(row->source, *record)) {
          pg::TouchEvents(txn, pg::IdColumn(txn.exec_params(sql::kEventIdsCitingSource, row->id)));
        }
        LogSourceChange(txn, row->id, "updated", reason);
        return Reread(txn, id);
      });
}

absl::StatusOr<v1::Source> PgRepository::DeleteSource(const CallContext& ctx, absl::string_view id,
                                                      absl::string_view expected_etag,
                                                      absl::string_view reason) {
  return pg::InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<v1::Source> {
        txn.exec(sql::kBeginRegistryCuration);
        std::optional<SourceRow> row = LockSource(txn, id);
        if (absl::Status s = CheckCuratable(row, id, expected_etag, "deleted"); !s.ok()) return s;
        std::string refusal =
            pg::DescribeReferrers(txn.exec_params(sql::kEventsCitingSource, row->id),
                                  row->source.name(), "is cited by", "events");
        if (!refusal.empty()) return absl::FailedPreconditionError(refusal);
        txn.exec_params(sql::kMarkSourceDeleted, row->id);
        LogSourceChange(txn, row->id, "deleted", reason);
        return Reread(txn, id);
      });
}

}  // namespace timeline::storage
