// Pieces the PostgreSQL repository's files share: parameters and error mapping, the transaction
// wrapper, and reading and writing whole events. Internal to storage/; nothing outside includes it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "domain/records.h"
#include "pqxx/pqxx"
#include "storage/cancel_watcher.h"
#include "storage/connection_pool.h"
#include "storage/query_builder.h"
#include "storage/repository.h"

namespace timeline::storage::pg {

// libpqxx 6.4 passes a null `const char*` as SQL NULL.
struct NullableText {
  std::optional<std::string> value;
  const char* get() const { return value ? value->c_str() : nullptr; }
};

template <typename T>
NullableText Nullable(const std::optional<T>& v) {
  if (!v) return {};
  return {pqxx::to_string(*v)};
}

struct EventRow {
  int64_t id;
  std::optional<std::string> sort_key;
  v1::Event event;
};

// --- Parameters and results (pg_support.cc documents each) ---------------------------------

NullableText NullableMicros(const std::optional<domain::Micros>& t);
std::string EscapeLike(absl::string_view s);
std::vector<std::string> TextArray(const pqxx::field& f);
std::optional<int32_t> OptInt(const pqxx::field& f);
std::optional<domain::Micros> OptMicros(const pqxx::field& f);
std::string Etag(int64_t revision);
absl::Status ToStatus(const pqxx::sql_error& e);
absl::Status DeadlineStatus();
// --- Events: reading, writing, comparing ---------------------------------------------------

void SetCount(const domain::CountRecord& r, v1::Event& e, v1::Count* (v1::Event::*field)());
EventRow ReadEventRow(const pqxx::row& r);
void LoadEventChildren(pqxx::transaction_base& txn, std::vector<EventRow>& rows);
std::optional<EventRow> FindEvent(pqxx::transaction_base& txn, absl::string_view id,
                                  bool for_update);
absl::Status EventNotFound(absl::string_view id);
std::vector<NullableText> EventValues(const domain::EventRecord& r);
std::vector<NullableText> PlaceValues(const std::string& resource_id,
                                      const domain::PlaceRecord& record, NullableText parent);
absl::Status WriteEventLinks(pqxx::transaction_base& txn, int64_t event_id,
                             const domain::EventRecord& r);
void DeleteEventLinks(pqxx::transaction_base& txn, int64_t event_id);
v1::Event Comparable(v1::Event e);
v1::Event RecordAsEvent(const domain::EventRecord& r);
// --- AIP-155 request ids -----------------------------------------------------------------

std::optional<std::string> EarlierRequest(pqxx::transaction_base& txn, absl::string_view method,
                                          absl::string_view request_id);
void RecordRequest(pqxx::transaction_base& txn, absl::string_view method,
                   absl::string_view request_id, absl::string_view resource_name);
std::string IdOf(absl::string_view name);
// Resource ids of `table` -> internal ids, in order; NOT_FOUND naming `field`[i] for a missing
// one.
absl::StatusOr<std::vector<int64_t>> InternalIds(pqxx::transaction_base& txn,
                                                 absl::string_view table,
                                                 absl::string_view collection,
                                                 absl::string_view field,
                                                 const std::vector<std::string>& ids);
// The internal ids of a selection's actors and places; NOT_FOUND for a missing one.
absl::StatusOr<ResolvedSelection> ResolveSelection(pqxx::transaction_base& txn,
                                                   const domain::EventSelection& selection);
pqxx::result ExecWith(pqxx::transaction_base& txn, const std::string& statement,
                      const std::vector<NullableText>& values);

// Runs `fn` in one transaction on a leased connection, bounded by the call's deadline. The
// transaction commits only when `fn` succeeds and `commit` is true (false: a dry run whose
// writes are rolled back, for validate_only).
template <typename Fn>
auto InTransaction(ConnectionPool& pool, CancelWatcher& watcher, const CallContext& ctx, Fn&& fn,
                   bool commit = true) -> decltype(fn(std::declval<pqxx::work&>())) {
  absl::Time now = absl::Now();
  if (ctx.deadline <= now) return DeadlineStatus();
  absl::StatusOr<ConnectionPool::Lease> lease = pool.Acquire(ctx.deadline);
  if (!lease.ok()) return lease.status();
  std::optional<CancelWatcher::Registration> watch;
  if (ctx.cancelled) watch.emplace(watcher.Watch(**lease, ctx.cancelled));
  try {
    pqxx::work txn(**lease);
    if (ctx.deadline != absl::InfiniteFuture()) {
      int64_t ms = std::max<int64_t>(1, absl::ToInt64Milliseconds(ctx.deadline - absl::Now()));
      txn.exec(absl::StrCat("SET LOCAL statement_timeout = ", ms));
    }
    auto result = fn(txn);
    if (result.ok() && commit) txn.commit();
    return result;
  } catch (const pqxx::in_doubt_error& e) {
    (*lease)->disconnect();
    return absl::UnavailableError(
        absl::StrCat("the connection broke during commit; the write may or may not have landed "
                     "(retry with the same request_id): ",
                     e.what()));
  } catch (const pqxx::broken_connection& e) {
    (*lease)->disconnect();
    return absl::UnavailableError(absl::StrCat("database unavailable: ", e.what()));
  } catch (const pqxx::sql_error& e) {
    if (ctx.cancelled && ctx.cancelled()) return absl::CancelledError("the caller cancelled");
    return ToStatus(e);
  } catch (const std::exception& e) {
    return absl::InternalError(e.what());
  }
}

}  // namespace timeline::storage::pg
