// How values cross into and out of libpqxx 6.4 statements: nullable parameters, instants as
// microseconds since the epoch, text arrays, and LIKE patterns. Internal to storage/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "domain/time_span.h"
#include "pqxx/pqxx"

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

NullableText NullableMicros(const std::optional<domain::Micros>& t);

// A PostgreSQL array literal of the values, NULL for unset ones: {"a",NULL,"b"}. Cast it to the
// element type in SQL ($1::bigint[]).
std::string NullableArrayLiteral(const std::vector<NullableText>& values);
// `s` with LIKE's wildcards escaped, so a name is matched literally.
std::string EscapeLike(absl::string_view s);
// The elements of a text[] column.
std::vector<std::string> TextArray(const pqxx::field& f);
std::optional<int32_t> OptInt(const pqxx::field& f);
std::optional<domain::Micros> OptMicros(const pqxx::field& f);

// Executes a prepared statement whose parameters are a list of nullable texts.
pqxx::result ExecWith(pqxx::transaction_base& txn, const std::string& statement,
                      const std::vector<NullableText>& values);

}  // namespace timeline::storage::pg
