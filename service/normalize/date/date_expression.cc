#include "normalize/date/date_expression.h"

#include <algorithm>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "date/date.h"
#include "date/tz.h"
#include "normalize/date/atoms.h"
#include "normalize/date/bounds.h"
#include "normalize/date/dateline.h"
#include "normalize/date/iso8601.h"
#include "normalize/date/ranges.h"
#include "normalize/date/reading.h"
#include "normalize/date/rule_env.h"
#include "normalize/date/sense.h"
#include "normalize/date/tokens.h"

namespace timeline::normalize {
namespace {

using date_internal::Atom;
using date_internal::Bounds;
using date_internal::Env;
using date_internal::FindDatelineDate;
using date_internal::kMaxTextBytes;
using date_internal::Quoted;
using date_internal::Reading;
using date_internal::ReadIso8601;
using date_internal::ResolveAtoms;
using date_internal::ResolveRange;
using date_internal::ResolveSingle;
using date_internal::Sense;
using date_internal::ToAtoms;
using date_internal::Token;
using date_internal::Tokenize;
using date_internal::Unreadable;
using date_internal::Warnings;

// "BAMAKO, Oct 12 (Reuters) -": the date inside a dateline, if the whole text did not read and
// the date alone does; else the whole text's failure.
absl::StatusOr<Bounds> ResolveDateline(const std::vector<Atom>& atoms,
                                       absl::StatusOr<Bounds> whole_failure, const Env& env,
                                       Warnings* warnings) {
  const std::optional<date_internal::DatelineDate> dateline = FindDatelineDate(atoms);
  if (!dateline) return whole_failure;
  const std::vector<Atom> date(atoms.begin() + dateline->first, atoms.begin() + dateline->end);
  Warnings date_warnings;
  absl::StatusOr<Bounds> bounds = ResolveAtoms(date, env, &date_warnings);
  if (!bounds.ok()) return whole_failure;
  warnings->insert(warnings->end(), date_warnings.begin(), date_warnings.end());
  warnings->push_back("read " + env.quoted +
                      " as a dateline: the place and agency around the date were set aside");
  return bounds;
}

// `tokens`: Tokenize(text) when the caller has it already, else null.
absl::StatusOr<Bounds> ResolveText(std::string_view text, const std::vector<Token>* tokens,
                                   const Env& env, Warnings* warnings) {
  if (text.size() > kMaxTextBytes) {
    return Unreadable("the text is too long to be a date expression");
  }
  if (std::optional<std::vector<Reading>> iso = ReadIso8601(text)) {
    if (iso->size() == 1) return ResolveSingle(iso->front(), env, warnings);
    return ResolveRange(std::move((*iso)[0]), std::move((*iso)[1]), Sense::kTo, env, warnings);
  }
  const std::vector<Atom> atoms = tokens != nullptr ? ToAtoms(*tokens) : ToAtoms(Tokenize(text));
  if (atoms.empty()) return Unreadable("no date in " + env.quoted);
  Warnings whole_warnings;
  absl::StatusOr<Bounds> whole = ResolveAtoms(atoms, env, &whole_warnings);
  if (whole.ok()) {
    warnings->insert(warnings->end(), whole_warnings.begin(), whole_warnings.end());
    return whole;
  }
  return ResolveDateline(atoms, std::move(whole), env, warnings);
}

const date::time_zone* FindZone(const std::string& name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

DateParse Parse(std::string_view text, const std::vector<Token>* tokens,
                const DateContext& context) {
  DateParse out;
  out.span.text = std::string(text);
  out.span.time_zone = context.time_zone;
  out.span.precision = DatePrecision::kUnknown;

  Env env{FindZone(context.time_zone), std::nullopt, Quoted(text)};
  if (env.zone == nullptr) {
    out.warnings.push_back("unknown time zone \"" + context.time_zone + "\"");
    return out;
  }
  if (context.reference) {
    // Relative words step a few years at most from the reference; keep that inside 1..9999.
    static const Micros kEarliest{date::sys_days{date::year{11} / 1 / 1}};
    static const Micros kLatest{date::sys_days{date::year{9990} / 1 / 1}};
    if (*context.reference >= kEarliest && *context.reference < kLatest) {
      env.reference = env.zone->to_local(*context.reference);
    } else {
      out.warnings.push_back("the reference time is outside the years 11-9989 and was ignored");
    }
  }

  Warnings warnings;
  absl::StatusOr<Bounds> bounds = ResolveText(text, tokens, env, &warnings);
  if (!bounds.ok()) {
    out.warnings.push_back(std::string(bounds.status().message()));
    return out;
  }
  out.span.start = bounds->start;
  out.span.end = bounds->end;
  out.span.precision = bounds->precision;
  for (std::string& warning : warnings) {
    // Both ends of a Hijri range say the same thing; once is enough.
    if (std::find(out.warnings.begin(), out.warnings.end(), warning) == out.warnings.end()) {
      out.warnings.push_back(std::move(warning));
    }
  }
  return out;
}

}  // namespace

DateParse ParseDateExpression(std::string_view text, const DateContext& context) {
  return Parse(text, nullptr, context);
}

namespace date_internal {

DateParse ParseTokenizedDateExpression(std::string_view text, const std::vector<Token>& tokens,
                                       const DateContext& context) {
  return Parse(text, &tokens, context);
}

}  // namespace date_internal
}  // namespace timeline::normalize
