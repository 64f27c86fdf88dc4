#include "storage/pg_values.h"

#include "absl/strings/str_cat.h"
#include "storage/query_builder.h"

namespace timeline::storage::pg {

NullableText NullableMicros(const std::optional<domain::Micros>& t) {
  if (!t) return {};
  return {absl::StrCat(t->time_since_epoch().count())};
}

std::string EscapeLike(absl::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::vector<std::string> TextArray(const pqxx::field& f) {
  std::vector<std::string> out;
  pqxx::array_parser parser = f.as_array();
  for (auto [juncture, value] = parser.get_next(); juncture != pqxx::array_parser::done;
       std::tie(juncture, value) = parser.get_next()) {
    if (juncture == pqxx::array_parser::string_value) out.push_back(std::move(value));
  }
  return out;
}

std::optional<int32_t> OptInt(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<int32_t>();
}

std::optional<domain::Micros> OptMicros(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return domain::Micros{std::chrono::microseconds{f.as<int64_t>()}};
}

pqxx::result ExecWith(pqxx::transaction_base& txn, const std::string& statement,
                      const std::vector<NullableText>& values) {
  std::vector<const char*> raw;
  for (const NullableText& v : values) raw.push_back(v.get());
  return txn.exec_prepared(statement, pqxx::prepare::make_dynamic_params(raw));
}

std::string NullableArrayLiteral(const std::vector<NullableText>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    if (!values[i].value) {
      out += "NULL";
      continue;
    }
    out += QuotedArrayElement(*values[i].value);
  }
  return out + "}";
}

}  // namespace timeline::storage::pg
