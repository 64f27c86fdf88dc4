#include "domain/filter.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "domain/event_types.h"
#include "domain/field_checks.h"
#include "domain/resource_name.h"
#include "domain/time_span.h"
#include "domain/validation.h"
#include "timeline/v1/time.pb.h"

namespace timeline::domain {
namespace {

// An RFC 3339 time as a Timestamp. Not protobuf's TimeUtil::FromString: it aborts the process
// (a CHECK) when an offset moves a time just outside 0001-01-01..9999-12-31
// ("0001-01-01T00:00:00+01:00"); absl parses the same forms and leaves the range to the caller.
bool ParseRfc3339(absl::string_view text, google::protobuf::Timestamp& out) {
  absl::Time t;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, text, &t, &error)) return false;
  if (t == absl::InfiniteFuture() || t == absl::InfinitePast()) return false;
  const int64_t seconds = absl::ToUnixSeconds(t);
  out.set_seconds(seconds);
  out.set_nanos(static_cast<int32_t>((t - absl::FromUnixSeconds(seconds)) / absl::Nanoseconds(1)));
  return true;
}

constexpr unsigned Bit(FilterOp op) { return 1u << static_cast<int>(op); }
constexpr unsigned kEquality = Bit(FilterOp::kEqual) | Bit(FilterOp::kNotEqual);
constexpr unsigned kOrdered = kEquality | Bit(FilterOp::kLess) | Bit(FilterOp::kLessOrEqual) |
                              Bit(FilterOp::kGreater) | Bit(FilterOp::kGreaterOrEqual);
constexpr unsigned kSearch = Bit(FilterOp::kHas);

struct FieldSpec {
  absl::string_view name;
  FilterField field;
  unsigned ops;  // a set of Bit(op)
};

constexpr FieldSpec kFields[] = {
    {"event_type", FilterField::kEventType, kEquality},
    {"fatalities.best", FilterField::kFatalitiesBest, kOrdered},
    {"time.start_time", FilterField::kStartTime, kOrdered},
    {"time.precision", FilterField::kPrecision, kEquality},
    {"actor", FilterField::kActor, kEquality},
    {"place", FilterField::kPlace, kEquality},
    {"source.publisher", FilterField::kSourcePublisher, kEquality | kSearch},
    {"source.language", FilterField::kSourceLanguage, kEquality},
    {"title", FilterField::kTitle, kSearch},
    {"summary", FilterField::kSummary, kSearch},
    {"quote", FilterField::kQuote, kSearch},
    {"text", FilterField::kText, kSearch},
};

constexpr struct {
  absl::string_view text;
  FilterOp op;
} kComparators[] = {
    {"=", FilterOp::kEqual},        {"!=", FilterOp::kNotEqual}, {"<", FilterOp::kLess},
    {"<=", FilterOp::kLessOrEqual}, {">", FilterOp::kGreater},   {">=", FilterOp::kGreaterOrEqual},
    {":", FilterOp::kHas},
};

const FieldSpec* FindField(absl::string_view name) {
  for (const FieldSpec& spec : kFields) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

const FieldSpec& SpecOf(FilterField field) {
  for (const FieldSpec& spec : kFields) {
    if (spec.field == field) return spec;
  }
  return kFields[0];  // unreachable: every field has a spec
}

std::string FieldNames() {
  return absl::StrJoin(kFields, ", ", [](std::string* out, const FieldSpec& spec) {
    absl::StrAppend(out, spec.name);
  });
}

std::string OpNames(unsigned ops) {
  std::vector<std::string> names;
  for (const auto& c : kComparators) {
    if (ops & Bit(c.op)) names.push_back(absl::StrCat("'", c.text, "'"));
  }
  if (names.size() == 1) return names[0];
  return absl::StrCat(absl::StrJoin(names.begin(), names.end() - 1, ", "), " or ", names.back());
}

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsComparatorStart(char32_t c) {
  return c == '=' || c == '!' || c == '<' || c == '>' || c == ':';
}
bool IsDelimiter(char32_t c) { return IsSpace(c) || c == '(' || c == ')' || c == '"'; }
bool IsKeyword(absl::string_view word) { return word == "AND" || word == "OR" || word == "NOT"; }

bool IsInteger(absl::string_view s) {
  absl::ConsumePrefix(&s, "-");
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return absl::ascii_isdigit(c); });
}

enum class TokenKind { kEnd, kOpen, kClose, kComparator, kWord, kString };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  size_t begin = 0;  // code point index
  std::string text;  // word and comparator as written; string unescaped
};

// Recursive descent over the filter's code points. Each step returns false after recording the
// first error; the recursion is bounded by kMaxFilterDepth and every loop consumes a token.
class Parser {
 public:
  Parser(absl::string_view text, absl::string_view field) : text_(text), field_(field) {}

  absl::StatusOr<std::optional<FilterExpr>> Run() {
    if (!Decode()) return *error_;
    SkipSpace();
    if (AtEnd()) return std::nullopt;
    FilterExpr root;
    if (!Expression(root)) return *error_;
    SkipSpace();
    if (!AtEnd()) {
      Token t;
      if (!LexTerm(t)) return *error_;
      Fail(t.begin, absl::StrCat("found ", Describe(t), " without a matching '('"));
      return *error_;
    }
    return root;
  }

 private:
  // --- Characters ---

  bool Decode() {
    const auto* bytes = reinterpret_cast<const uint8_t*>(text_.data());
    const int32_t length =
        static_cast<int32_t>(std::min<size_t>(text_.size(), std::numeric_limits<int32_t>::max()));
    int32_t i = 0;
    while (i < length) {
      if (cps_.size() == static_cast<size_t>(kMaxFilterLength)) {
        return Fail(cps_.size(),
                    absl::StrCat("the filter is longer than ", kMaxFilterLength, " characters"));
      }
      const int32_t start = i;
      UChar32 c;
      U8_NEXT(bytes, i, length, c);
      if (c < 0) {
        return Fail(cps_.size(), absl::StrCat("found the byte 0x", absl::Hex(bytes[start]),
                                              ", which is not UTF-8"));
      }
      if (c == 0) return Fail(cps_.size(), "found a NUL character, which a filter cannot hold");
      cps_.push_back(static_cast<char32_t>(c));
      offsets_.push_back(static_cast<size_t>(start));
    }
    offsets_.push_back(static_cast<size_t>(length));
    return true;
  }

  bool AtEnd() const { return pos_ >= cps_.size(); }
  char32_t Peek(size_t ahead = 0) const {
    return pos_ + ahead < cps_.size() ? cps_[pos_ + ahead] : U'\0';
  }
  void SkipSpace() {
    while (!AtEnd() && IsSpace(cps_[pos_])) ++pos_;
  }
  void AppendChar(size_t index, std::string& out) const {
    out.append(text_.data() + offsets_[index], offsets_[index + 1] - offsets_[index]);
  }

  // Records the error at code point `index` (0-based) and returns false.
  bool Fail(size_t index, absl::string_view what) {
    if (!error_) {
      error_ = InvalidField(field_, absl::StrCat("column ", index + 1, ": ", what));
    }
    return false;
  }

  // --- Tokens ---

  static std::string Shown(absl::string_view text) {
    constexpr size_t kMaxShown = 60;
    if (text.size() <= kMaxShown) return std::string(text);
    size_t cut = kMaxShown;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return absl::StrCat(text.substr(0, cut), "…");
  }

  static std::string Describe(const Token& t) {
    switch (t.kind) {
      case TokenKind::kEnd:
        return "the end of the filter";
      case TokenKind::kOpen:
        return "'('";
      case TokenKind::kClose:
        return "')'";
      case TokenKind::kComparator:
        return absl::StrCat("'", t.text, "'");
      case TokenKind::kWord:
        return IsKeyword(t.text) ? t.text : absl::StrCat("\"", Shown(t.text), "\"");
      case TokenKind::kString:
        return absl::StrCat("the string \"", Shown(t.text), "\"");
    }
    return "";
  }

  bool LexString(Token& out) {
    out.kind = TokenKind::kString;
    out.begin = pos_++;
    while (true) {
      if (AtEnd()) return Fail(out.begin, "found a string without its closing '\"'");
      const char32_t c = cps_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c == '\\') {
        const char32_t next = Peek(1);
        if (next != '"' && next != '\\') {
          if (pos_ + 1 >= cps_.size())
            return Fail(out.begin, "found a string without its closing '\"'");
          std::string shown = "\\";
          AppendChar(pos_ + 1, shown);
          return Fail(pos_, absl::StrCat("found the escape ", shown,
                                         "; a string may escape only \\\" and \\\\"));
        }
        ++pos_;
      }
      AppendChar(pos_++, out.text);
    }
  }

  bool LexComparator(Token& out) {
    out.kind = TokenKind::kComparator;
    out.begin = pos_;
    const char32_t c = cps_[pos_++];
    out.text = std::string(1, static_cast<char>(c));
    if ((c == '<' || c == '>' || c == '!') && Peek() == '=') {
      out.text.push_back('=');
      ++pos_;
    } else if (c == '!') {
      return Fail(out.begin, "found '!'; expected '!=' or, to negate, NOT or '-'");
    }
    return true;
  }

  // A token where a term may start: parentheses, a string, a comparator (always an error there,
  // but named as such), or a word (a field name or a value to search for).
  bool LexTerm(Token& out) {
    SkipSpace();
    out = Token{};
    out.begin = pos_;
    if (AtEnd()) return true;
    const char32_t c = cps_[pos_];
    if (c == '(' || c == ')') {
      out.kind = c == '(' ? TokenKind::kOpen : TokenKind::kClose;
      ++pos_;
      return true;
    }
    if (c == '"') return LexString(out);
    if (IsComparatorStart(c)) return LexComparator(out);
    out.kind = TokenKind::kWord;
    while (!AtEnd() && !IsDelimiter(cps_[pos_]) && !IsComparatorStart(cps_[pos_])) {
      AppendChar(pos_++, out.text);
    }
    return true;
  }

  // A token after a comparator: a string, or a bare value that runs to the next space,
  // parenthesis or quote (so that 2024-09-01T00:00:00Z needs no quotes).
  bool LexValue(Token& out) {
    SkipSpace();
    out = Token{};
    out.begin = pos_;
    if (AtEnd()) return true;
    const char32_t c = cps_[pos_];
    if (c == '(' || c == ')') {
      out.kind = c == '(' ? TokenKind::kOpen : TokenKind::kClose;
      ++pos_;
      return true;
    }
    if (c == '"') return LexString(out);
    out.kind = TokenKind::kWord;
    while (!AtEnd() && !IsDelimiter(cps_[pos_])) AppendChar(pos_++, out.text);
    return true;
  }

  // Whether the next term-position token is the keyword `keyword`; consumes it if so.
  bool TakeKeyword(absl::string_view keyword, bool& taken) {
    const size_t saved = pos_;
    Token t;
    if (!LexTerm(t)) return false;
    taken = t.kind == TokenKind::kWord && t.text == keyword;
    if (!taken) pos_ = saved;
    return true;
  }

  // --- Grammar ---

  static FilterExpr Combine(FilterExpr::Kind kind, std::vector<FilterExpr> operands) {
    if (operands.size() == 1) return std::move(operands[0]);
    FilterExpr out;
    out.kind = kind;
    for (FilterExpr& operand : operands) {
      if (operand.kind == kind) {
        for (FilterExpr& inner : operand.operands) out.operands.push_back(std::move(inner));
      } else {
        out.operands.push_back(std::move(operand));
      }
    }
    return out;
  }

  bool Expression(FilterExpr& out) {
    std::vector<FilterExpr> sequences(1);
    if (!Sequence(sequences.back())) return false;
    while (true) {
      bool taken = false;
      if (!TakeKeyword("AND", taken)) return false;
      if (!taken) break;
      sequences.emplace_back();
      if (!Sequence(sequences.back())) return false;
    }
    out = Combine(FilterExpr::Kind::kAnd, std::move(sequences));
    return true;
  }

  bool Sequence(FilterExpr& out) {
    std::vector<FilterExpr> factors(1);
    if (!Factor(factors.back())) return false;
    while (true) {
      const size_t saved = pos_;
      Token next;
      if (!LexTerm(next)) return false;
      pos_ = saved;
      const bool ends = next.kind == TokenKind::kEnd || next.kind == TokenKind::kClose ||
                        (next.kind == TokenKind::kWord && next.text == "AND");
      if (ends) break;
      factors.emplace_back();
      if (!Factor(factors.back())) return false;
    }
    out = Combine(FilterExpr::Kind::kAnd, std::move(factors));
    return true;
  }

  bool Factor(FilterExpr& out) {
    std::vector<FilterExpr> terms(1);
    if (!Term(terms.back())) return false;
    while (true) {
      bool taken = false;
      if (!TakeKeyword("OR", taken)) return false;
      if (!taken) break;
      terms.emplace_back();
      if (!Term(terms.back())) return false;
    }
    out = Combine(FilterExpr::Kind::kOr, std::move(terms));
    return true;
  }

  bool Term(FilterExpr& out) {
    SkipSpace();
    bool negated = false;
    const size_t start = pos_;
    if (Peek() == '-') {
      if (pos_ + 1 >= cps_.size() || IsSpace(cps_[pos_ + 1])) {
        return Fail(pos_, "found '-' alone; to negate, write it directly before a restriction");
      }
      ++pos_;
      negated = true;
    } else {
      bool taken = false;
      if (!TakeKeyword("NOT", taken)) return false;
      negated = taken;
    }
    if (negated) {
      SkipSpace();
      if (Peek() == '-') {
        return Fail(pos_, absl::StrCat("found '-' after ", cps_[start] == '-' ? "'-'" : "NOT",
                                       "; a term is negated once"));
      }
    }
    FilterExpr simple;
    if (!Simple(simple)) return false;
    if (!negated) {
      out = std::move(simple);
      return true;
    }
    out = FilterExpr{};
    out.kind = FilterExpr::Kind::kNot;
    out.operands.push_back(std::move(simple));
    return true;
  }

  bool Simple(FilterExpr& out) {
    Token t;
    if (!LexTerm(t)) return false;
    switch (t.kind) {
      case TokenKind::kOpen:
        return Parenthesized(t, out);
      case TokenKind::kWord:
      case TokenKind::kString:
        if (t.kind == TokenKind::kWord && IsKeyword(t.text)) break;
        return Restriction(t, out);
      default:
        break;
    }
    return Fail(t.begin, absl::StrCat("found ", Describe(t), "; expected a restriction"));
  }

  bool Parenthesized(const Token& open, FilterExpr& out) {
    if (++depth_ > kMaxFilterDepth) {
      return Fail(open.begin,
                  absl::StrCat("found '(' nested deeper than ", kMaxFilterDepth, " levels"));
    }
    if (!Expression(out)) return false;
    Token close;
    if (!LexTerm(close)) return false;
    if (close.kind != TokenKind::kClose) {
      return Fail(close.begin,
                  absl::StrCat("found ", Describe(close),
                               "; expected ')' to close the '(' at column ", open.begin + 1));
    }
    --depth_;
    return true;
  }

  bool Restriction(const Token& first, FilterExpr& out) {
    if (!RestrictionBody(first, out)) return false;
    if (IsTextSearch(out.restriction) && ++text_searches_ > kMaxFilterTextSearches) {
      return Fail(first.begin, absl::StrCat("found text search number ", text_searches_,
                                            "; a filter holds at most ", kMaxFilterTextSearches,
                                            " (text, title, summary, quote, source.publisher:)"));
    }
    return true;
  }

  bool RestrictionBody(const Token& first, FilterExpr& out) {
    if (++restrictions_ > kMaxFilterRestrictions) {
      return Fail(first.begin, absl::StrCat("found restriction number ", restrictions_,
                                            "; a filter holds at most ", kMaxFilterRestrictions));
    }
    out = FilterExpr{};
    FilterRestriction& r = out.restriction;
    r.column = static_cast<int>(first.begin) + 1;

    const size_t saved = pos_;
    SkipSpace();
    if (AtEnd() || !IsComparatorStart(Peek())) {
      pos_ = saved;
      // A value alone searches `text`.
      if (first.text.empty()) {
        return Fail(first.begin, "found an empty string; expected a word or phrase to search for");
      }
      r.field = FilterField::kText;
      r.op = FilterOp::kHas;
      r.value = first.text;
      return true;
    }
    Token comparator;
    if (!LexComparator(comparator)) return false;
    if (first.kind == TokenKind::kString) {
      return Fail(first.begin,
                  absl::StrCat("found ", Describe(first), " before ", Describe(comparator),
                               "; expected a field: ", FieldNames()));
    }
    const FieldSpec* spec = FindField(first.text);
    if (spec == nullptr) {
      return Fail(first.begin,
                  absl::StrCat("found ", Describe(first), "; expected a field: ", FieldNames()));
    }
    r.field = spec->field;
    for (const auto& c : kComparators) {
      if (c.text == comparator.text) r.op = c.op;
    }
    if ((spec->ops & Bit(r.op)) == 0) {
      return Fail(comparator.begin, absl::StrCat("found ", Describe(comparator), "; ", spec->name,
                                                 " takes ", OpNames(spec->ops)));
    }
    Token value;
    if (!LexValue(value)) return false;
    if (value.kind != TokenKind::kWord && value.kind != TokenKind::kString) {
      return Fail(value.begin, absl::StrCat("found ", Describe(value), "; expected a value after ",
                                            Describe(comparator)));
    }
    if (value.kind == TokenKind::kWord && IsKeyword(value.text)) {
      return Fail(value.begin, absl::StrCat("found ", value.text,
                                            "; expected a value (a keyword must be quoted)"));
    }
    return CheckValue(*spec, value, r);
  }

  bool CheckValue(const FieldSpec& spec, const Token& token, FilterRestriction& r) {
    const std::string& v = token.text;
    auto expected = [&](absl::string_view what) {
      return Fail(token.begin,
                  absl::StrCat("found ", Describe(token), "; ", spec.name, " expects ", what));
    };
    switch (spec.field) {
      case FilterField::kEventType:
        if (!IsKnownEventType(v))
          return expected(absl::StrCat("an event type: ", EventTypeNames()));
        r.value = v;
        return true;
      case FilterField::kFatalitiesBest: {
        int64_t n = 0;
        if (!IsInteger(v) || !absl::SimpleAtoi(v, &n)) return expected("an integer");
        r.value = absl::StrCat(n);
        return true;
      }
      case FilterField::kStartTime: {
        google::protobuf::Timestamp ts;
        if (!ParseRfc3339(v, ts) || !IsValidTimestamp(ts)) {
          return expected("an RFC 3339 time such as \"2024-09-01T00:00:00Z\"");
        }
        r.value = FormatRfc3339(FromTimestamp(ts));
        return true;
      }
      case FilterField::kPrecision: {
        const std::string upper = absl::AsciiStrToUpper(v);
        const std::string name(absl::StripPrefix(upper, "PRECISION_"));
        v1::Precision precision = v1::PRECISION_UNSPECIFIED;
        if (name.empty() || !v1::Precision_Parse(absl::StrCat("PRECISION_", name), &precision) ||
            precision == v1::PRECISION_UNSPECIFIED) {
          return expected("a precision: INSTANT, MINUTE, HOUR, DAY, WEEK, MONTH, YEAR or UNKNOWN");
        }
        r.value = PrecisionWord(precision);
        return true;
      }
      case FilterField::kActor:
      case FilterField::kPlace: {
        const bool actor = spec.field == FilterField::kActor;
        absl::StatusOr<std::string> id = ParseResourceName(v, actor ? kActors : kPlaces, field_);
        if (!id.ok()) {
          return expected(actor ? "an actor's resource name such as \"actors/jnim\""
                                : "a place's resource name such as \"places/ml\"");
        }
        r.value = *id;
        return true;
      }
      case FilterField::kSourceLanguage:
        if (!IsLanguageTag(v)) return expected("a BCP 47 language tag such as \"fr\" or \"ar\"");
        r.value = v;
        return true;
      case FilterField::kSourcePublisher:
      case FilterField::kTitle:
      case FilterField::kSummary:
      case FilterField::kQuote:
      case FilterField::kText:
        if (v.empty() && r.op == FilterOp::kHas) return expected("some text to search for");
        r.value = v;
        return true;
    }
    return expected("a value");
  }

  absl::string_view text_;
  std::string field_;
  std::vector<char32_t> cps_;
  std::vector<size_t> offsets_;  // byte offset of each code point, then the end
  size_t pos_ = 0;
  int depth_ = 0;
  int restrictions_ = 0;
  int text_searches_ = 0;
  std::optional<absl::Status> error_;
};

// `value` as a filter string literal: in double quotes, with " and \ escaped.
std::string FilterLiteral(absl::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace

absl::StatusOr<std::optional<FilterExpr>> ParseFilter(absl::string_view text,
                                                      absl::string_view field) {
  return Parser(text, field).Run();
}

absl::string_view FilterFieldName(FilterField field) { return SpecOf(field).name; }

absl::string_view FilterOpName(FilterOp op) {
  for (const auto& c : kComparators) {
    if (c.op == op) return c.text;
  }
  return "?";
}

std::string FilterToString(const FilterExpr& expr) {
  switch (expr.kind) {
    case FilterExpr::Kind::kRestriction:
      return absl::StrCat(FilterFieldName(expr.restriction.field), " ",
                          FilterOpName(expr.restriction.op), " ",
                          FilterLiteral(expr.restriction.value));
    case FilterExpr::Kind::kAnd:
    case FilterExpr::Kind::kOr:
    case FilterExpr::Kind::kNot: {
      const char* name = expr.kind == FilterExpr::Kind::kAnd  ? "AND"
                         : expr.kind == FilterExpr::Kind::kOr ? "OR"
                                                              : "NOT";
      return absl::StrCat(name, "(",
                          absl::StrJoin(expr.operands, ", ",
                                        [](std::string* out, const FilterExpr& operand) {
                                          out->append(FilterToString(operand));
                                        }),
                          ")");
    }
  }
  return "";
}

bool IsTextSearch(const FilterRestriction& r) {
  switch (r.field) {
    case FilterField::kText:
    case FilterField::kTitle:
    case FilterField::kSummary:
    case FilterField::kQuote:
      return true;
    case FilterField::kSourcePublisher:
      return r.op == FilterOp::kHas;
    default:
      return false;
  }
}

void ForEachRestriction(const FilterExpr& expr,
                        const std::function<void(const FilterRestriction&)>& fn) {
  if (expr.kind == FilterExpr::Kind::kRestriction) {
    fn(expr.restriction);
    return;
  }
  for (const FilterExpr& operand : expr.operands) ForEachRestriction(operand, fn);
}

}  // namespace timeline::domain
