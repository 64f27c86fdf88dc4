// The filter language (domain/filter.h): the trees valid filters parse into, AIP-160 precedence,
// every kind of malformed input with the exact column it is reported at, inputs that must never
// crash or hang the parser, and values meant to break out of SQL, which must stay plain values
// (storage/filter_sql.h binds them; its SQL text must not change with them).
#include "domain/filter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/validation.h"
#include "storage/filter_sql.h"

namespace timeline::domain {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// The canonical tree of `text`, or the error as "ERROR <description>".
std::string Tree(absl::string_view text) {
  absl::StatusOr<std::optional<FilterExpr>> parsed = ParseFilter(text);
  if (!parsed.ok()) {
    std::vector<FieldViolation> v = FieldViolationsOf(parsed.status());
    return v.size() == 1 ? absl::StrCat("ERROR ", v[0].field, " ", v[0].description)
                         : absl::StrCat("ERROR ", parsed.status().ToString());
  }
  return parsed->has_value() ? FilterToString(**parsed) : "EMPTY";
}

struct Failure {
  bool invalid_argument = false;
  std::string field;
  int column = 0;
  std::string description;
};

// What a rejected filter reports; column 0 when the description has none.
Failure FailureOf(absl::string_view text) {
  Failure f;
  absl::StatusOr<std::optional<FilterExpr>> parsed = ParseFilter(text);
  if (parsed.ok()) return f;
  f.invalid_argument = parsed.status().code() == absl::StatusCode::kInvalidArgument;
  std::vector<FieldViolation> v = FieldViolationsOf(parsed.status());
  if (v.size() != 1) return f;
  f.field = v[0].field;
  f.description = v[0].description;
  static const std::regex kColumn("^column ([0-9]+): .+");
  std::smatch m;
  if (std::regex_match(f.description, m, kColumn)) f.column = std::stoi(m[1]);
  return f;
}

// --- Valid filters -------------------------------------------------------------------------------

TEST(FilterParseTest, EmptyFilterIsNoFilter) {
  EXPECT_EQ(Tree(""), "EMPTY");
  EXPECT_EQ(Tree("  \t\n "), "EMPTY");
}

TEST(FilterParseTest, EachFieldAndOperator) {
  struct Case {
    const char* filter;
    const char* tree;
  };
  for (const Case& c : {
           Case{"event_type = attack", R"(event_type = "attack")"},
           Case{"event_type!=visit", R"(event_type != "visit")"},
           Case{R"(event_type = "air_drone_strike")", R"(event_type = "air_drone_strike")"},
           Case{"fatalities.best > 10", R"(fatalities.best > "10")"},
           Case{"fatalities.best >= 0", R"(fatalities.best >= "0")"},
           Case{"fatalities.best<5", R"(fatalities.best < "5")"},
           Case{"fatalities.best <= 70", R"(fatalities.best <= "70")"},
           Case{"fatalities.best = 071", R"(fatalities.best = "71")"},
           Case{"fatalities.best != -1", R"(fatalities.best != "-1")"},
           Case{R"(fatalities.best = "12")", R"(fatalities.best = "12")"},
           Case{R"(time.start_time >= "2024-09-01T00:00:00Z")",
                R"(time.start_time >= "2024-09-01T00:00:00.000000Z")"},
           // Bare times need no quotes; offsets are turned into UTC.
           Case{"time.start_time < 2024-09-01T02:30:00.25+02:00",
                R"(time.start_time < "2024-09-01T00:30:00.250000Z")"},
           Case{"time.precision = MONTH", R"(time.precision = "month")"},
           Case{"time.precision != PRECISION_DAY", R"(time.precision != "day")"},
           Case{"time.precision = unknown", R"(time.precision = "unknown")"},
           Case{R"(actor = "actors/jnim")", R"(actor = "jnim")"},
           Case{"actor != actors/assimi-goita", R"(actor != "assimi-goita")"},
           Case{R"(place = "places/ml-kidal-region")", R"(place = "ml-kidal-region")"},
           Case{R"(source.publisher = "Erem News")", R"(source.publisher = "Erem News")"},
           Case{"source.publisher : erem", R"(source.publisher : "erem")"},
           Case{"source.publisher != \"\"", R"(source.publisher != "")"},
           Case{"source.language = fr", R"(source.language = "fr")"},
           Case{"source.language != ar-Latn", R"(source.language != "ar-Latn")"},
           Case{"title:gendarmerie", R"(title : "gendarmerie")"},
           Case{R"(summary : "drone strikes")", R"(summary : "drone strikes")"},
           Case{"quote:باماكو", R"(quote : "باماكو")"},
           Case{"text:Tessalit", R"(text : "Tessalit")"},
           // A value alone searches text.
           Case{"gendarmerie", R"(text : "gendarmerie")"},
           Case{R"("gendarmerie school")", R"(text : "gendarmerie school")"},
           Case{"70", R"(text : "70")"},
           Case{R"(title:"say \"hi\" \\ bye")", R"(title : "say \"hi\" \\ bye")"},
       }) {
    EXPECT_EQ(Tree(c.filter), c.tree) << c.filter;
  }
}

TEST(FilterParseTest, RestrictionsRememberTheirColumn) {
  absl::StatusOr<std::optional<FilterExpr>> f =
      ParseFilter(R"(عاصمي actor = "actors/x" -place=places/y)");
  ASSERT_TRUE(f.ok()) << f.status();
  std::vector<std::pair<std::string, int>> seen;
  ForEachRestriction(**f, [&](const FilterRestriction& r) {
    seen.emplace_back(std::string(FilterFieldName(r.field)), r.column);
  });
  EXPECT_EQ(seen,
            (std::vector<std::pair<std::string, int>>{{"text", 1}, {"actor", 7}, {"place", 27}}));
}

TEST(FilterParseTest, Precedence) {
  struct Case {
    const char* filter;
    const char* tree;
  };
  for (const Case& c : {
           // The proto's example: OR binds tighter than AND, juxtaposition is AND.
           Case{
               "event_type = attack fatalities.best > 10 OR time.precision = DAY",
               R"(AND(event_type = "attack", OR(fatalities.best > "10", time.precision = "day")))"},
           Case{"a b OR c", R"(AND(text : "a", OR(text : "b", text : "c")))"},
           Case{"a AND b OR c AND d", R"(AND(text : "a", OR(text : "b", text : "c"), text : "d"))"},
           Case{"a OR b OR c", R"(OR(text : "a", text : "b", text : "c"))"},
           Case{"(a AND b) OR c", R"(OR(AND(text : "a", text : "b"), text : "c"))"},
           Case{"a AND (b AND c)", R"(AND(text : "a", text : "b", text : "c"))"},
           Case{"(a OR b) OR (c)", R"(OR(text : "a", text : "b", text : "c"))"},
           Case{"NOT a b", R"(AND(NOT(text : "a"), text : "b"))"},
           Case{"-a OR b", R"(OR(NOT(text : "a"), text : "b"))"},
           Case{"NOT (a OR b)", R"(NOT(OR(text : "a", text : "b")))"},
           Case{"NOT(a)", R"(NOT(text : "a"))"},
           Case{"-(a b)", R"(NOT(AND(text : "a", text : "b")))"},
           Case{R"(-"a b")", R"(NOT(text : "a b"))"},
           Case{"-event_type=attack", R"(NOT(event_type = "attack"))"},
           Case{"(a)(b)", R"(AND(text : "a", text : "b"))"},
           Case{"title:x AND(y)", R"(AND(title : "x", text : "y"))"},
           // Keywords are upper case; anything else is a word to search for.
           Case{"a and b", R"(AND(text : "a", text : "and", text : "b"))"},
           Case{"ANDROID OR NOTE", R"(OR(text : "ANDROID", text : "NOTE"))"},
           // A hyphen inside a word is part of it.
           Case{"al-Qaeda", R"(text : "al-Qaeda")"},
           Case{" ( ( a ) ) ", R"(text : "a")"},
       }) {
    EXPECT_EQ(Tree(c.filter), c.tree) << c.filter;
  }
}

TEST(FilterParseTest, LimitsAreInclusive) {
  EXPECT_EQ(Tree(std::string(kMaxFilterLength, 'a')),
            absl::StrCat(R"(text : ")", std::string(kMaxFilterLength, 'a'), "\""));
  std::vector<std::string> fifty(kMaxFilterRestrictions, "fatalities.best>1");
  EXPECT_THAT(Tree(absl::StrJoin(fifty, " ")), StartsWith("AND("));
  std::string nested =
      absl::StrCat(std::string(kMaxFilterDepth, '('), "a", std::string(kMaxFilterDepth, ')'));
  EXPECT_EQ(Tree(nested), R"(text : "a")");
  // Characters, not bytes: 2000 Arabic letters are 4000 bytes.
  std::string arabic;
  for (int i = 0; i < kMaxFilterLength; ++i) arabic += "ب";
  EXPECT_THAT(Tree(arabic), StartsWith("text : "));
}

// --- Malformed filters -------------------------------------------------------------------------

struct Malformed {
  std::string filter;
  int column;
  std::string mentions;  // the description names this (the token, what was expected)
};

TEST(FilterParseTest, MalformedFiltersReportTheColumn) {
  const std::vector<Malformed> cases = {
      // Fields, operators, values.
      {"event_tipe = attack", 1, "\"event_tipe\"; expected a field: event_type, fatalities.best"},
      {"event_type < attack", 12, "'<'; event_type takes '=' or '!='"},
      {"event_type = massacre", 14, "\"massacre\"; event_type expects an event type: attack"},
      {"event_type = AND", 14, "AND; expected a value"},
      {"event_type =", 13, "the end of the filter; expected a value after '='"},
      {"event_type = )", 14, "')'; expected a value"},
      {"event_type ! attack", 12, "'!'; expected '!='"},
      {"fatalities.best > ten", 19, "\"ten\"; fatalities.best expects an integer"},
      {"fatalities.best > 1.5", 19, "an integer"},
      {"fatalities.best > 99999999999999999999", 19, "an integer"},
      {"fatalities.best : 5", 17, "':'; fatalities.best takes '=', '!=', '<', '<=', '>' or '>='"},
      {"time.start_time >= 2024-09-01", 20, "\"2024-09-01\"; time.start_time expects an RFC 3339"},
      {"time.start_time >= \"2024-13-01T00:00:00Z\"", 20, "RFC 3339"},
      // Times an offset moves just outside 0001..9999 (protobuf's parser aborted the process).
      {"time.start_time < \"0001-01-01T00:00:00+01:00\"", 19, "RFC 3339"},
      {"time.start_time > 9999-12-31T23:59:59-01:00", 19, "RFC 3339"},
      {"time.precision = DECADE", 18, "\"DECADE\"; time.precision expects a precision"},
      {"time.precision = PRECISION_UNSPECIFIED", 18, "a precision"},
      {"time.precision > DAY", 16, "'>'"},
      {"actor = jnim", 9, "\"jnim\"; actor expects an actor's resource name"},
      {"actor = places/ml", 9, "actor's resource name"},
      {"place = \"places/ML\"", 9,
       "the string \"places/ML\"; place expects a place's resource name"},
      {"place : places/ml", 7, "':'"},
      {"source.language = français", 19, "\"français\"; source.language expects a BCP 47"},
      {"source.language : fr", 17, "':'"},
      {"source.publisher : \"\"", 20, "some text to search for"},
      {"title = x", 7, "'='; title takes ':'"},
      {"summary != x", 9, "'!='; summary takes ':'"},
      {"quote < x", 7, "'<'"},
      {"text = x", 6, "'='"},
      {"title:", 7, "the end of the filter; expected a value after ':'"},
      {"title:\"\"", 7, "some text to search for"},
      {"\"quoted\" = x", 1, "the string \"quoted\" before '='; expected a field"},
      {"\"\"", 1, "an empty string"},
      {"= attack", 1, "'='; expected a restriction"},
      {"a = b = c", 1, "\"a\"; expected a field"},
      {"event_type = attack = b", 21, "'='; expected a restriction"},
      // Structure.
      {"(a", 3, "the end of the filter; expected ')' to close the '(' at column 1"},
      {"(a b", 5, "expected ')'"},
      {"a)", 2, "')' without a matching '('"},
      {"()", 2, "')'; expected a restriction"},
      {"a AND", 6, "the end of the filter; expected a restriction"},
      {"AND a", 1, "AND; expected a restriction"},
      {"a OR", 5, "the end of the filter"},
      {"OR", 1, "OR; expected a restriction"},
      {"a OR OR b", 6, "OR; expected a restriction"},
      {"a AND OR b", 7, "OR"},
      {"NOT", 4, "the end of the filter"},
      {"NOT NOT a", 5, "NOT; expected a restriction"},
      {"- a", 1, "'-' alone"},
      {"a -", 3, "'-' alone"},
      {"--a", 2, "'-' after '-'"},
      {"NOT -a", 5, "'-' after NOT"},
      // Strings and characters.
      {"\"abc", 1, "a string without its closing '\"'"},
      {"title:\"abc\\\"", 7, "without its closing"},
      {"title:\"a\\nb\"", 9, "the escape \\n"},
      {"title:\"ends with \\", 7, "without its closing"},
      {std::string("title:a\0b", 9), 8, "NUL"},
      {"title:\xff", 7, "0xff, which is not UTF-8"},
      {"title:\xc3", 7, "not UTF-8"},
      {"title:\xed\xa0\x80", 7, "not UTF-8"},  // a UTF-16 surrogate
      // Columns count characters: Arabic letters are two bytes each.
      {"عاصمي = x", 1, "\"عاصمي\"; expected a field"},
      {"title:باماكو )", 14, "')' without a matching '('"},
      {"quote:\"باماكو\" AND event_type = مجزرة", 33, "\"مجزرة\"; event_type expects"},
      {"غويتا \xff", 7, "not UTF-8"},
  };
  for (const Malformed& c : cases) {
    Failure f = FailureOf(c.filter);
    EXPECT_TRUE(f.invalid_argument) << c.filter;
    EXPECT_EQ(f.field, "filter") << c.filter;
    EXPECT_EQ(f.column, c.column) << c.filter << " -> " << f.description;
    EXPECT_THAT(f.description, HasSubstr(c.mentions)) << c.filter;
  }
}

TEST(FilterParseTest, TextSearchesAreCapped) {
  // Every kind of substring search counts; at the cap the filter parses.
  const std::string at_cap = "a title:b summary:c quote:d source.publisher:e text:f OR g NOT h";
  EXPECT_THAT(Tree(at_cap), StartsWith("AND("));
  ASSERT_EQ(kMaxFilterTextSearches, 8);
  // One more is refused where it starts, naming the cap.
  Failure f = FailureOf(at_cap + " i");
  EXPECT_EQ(f.column, static_cast<int>(at_cap.size()) + 2);
  EXPECT_THAT(f.description, HasSubstr("at most 8"));
  EXPECT_THAT(f.description, HasSubstr("text search"));
  EXPECT_TRUE(f.invalid_argument);
  EXPECT_EQ(f.field, "filter");
  // Fifty one-letter terms (seconds of database time each) are refused outright.
  std::vector<std::string> fifty(kMaxFilterRestrictions, "a");
  EXPECT_EQ(FailureOf(absl::StrJoin(fifty, " ")).column, 2 * kMaxFilterTextSearches + 1);
  // Comparisons that use indexes do not count.
  std::vector<std::string> exact(kMaxFilterTextSearches, R"(source.publisher="x")");
  EXPECT_THAT(Tree(absl::StrCat(absl::StrJoin(exact, " "), " a")), StartsWith("AND("));
}

TEST(FilterParseTest, LimitsAreReportedWhereTheyAreExceeded) {
  Failure f = FailureOf(std::string(kMaxFilterLength + 1, 'a'));
  EXPECT_EQ(f.column, kMaxFilterLength + 1);
  EXPECT_THAT(f.description, HasSubstr("longer than 2000 characters"));
  std::string arabic;
  for (int i = 0; i <= kMaxFilterLength; ++i) arabic += "ب";
  EXPECT_EQ(FailureOf(arabic).column, kMaxFilterLength + 1);

  // Restriction 51 starts at column 901 of "fatalities.best>1 fatalities.best>1 ...".
  std::vector<std::string> many(kMaxFilterRestrictions + 1, "fatalities.best>1");
  f = FailureOf(absl::StrJoin(many, " "));
  EXPECT_EQ(f.column, 18 * kMaxFilterRestrictions + 1);
  EXPECT_THAT(f.description, HasSubstr("at most 50"));

  std::string nested = absl::StrCat(std::string(kMaxFilterDepth + 1, '('), "a",
                                    std::string(kMaxFilterDepth + 1, ')'));
  f = FailureOf(nested);
  EXPECT_EQ(f.column, kMaxFilterDepth + 1);
  EXPECT_THAT(f.description, HasSubstr("nested deeper than 32"));

  // The field name in errors is the caller's.
  absl::StatusOr<std::optional<FilterExpr>> other = ParseFilter("(", "requests[2].filter");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(FieldViolationsOf(other.status()).at(0).field, "requests[2].filter");
}

// --- Robustness --------------------------------------------------------------------------------

// The number of characters the parser sees in `text` (invalid bytes count one each).
int CharacterCount(absl::string_view text) {
  int n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

// OK, or INVALID_ARGUMENT on `filter` with a column inside the text (or just after it).
::testing::AssertionResult ParsesOrNamesAColumn(const std::string& text) {
  absl::StatusOr<std::optional<FilterExpr>> parsed = ParseFilter(text);
  if (parsed.ok()) {
    if (parsed->has_value()) FilterToString(**parsed);  // walks the whole tree
    return ::testing::AssertionSuccess();
  }
  Failure f = FailureOf(text);
  const int limit = std::min(CharacterCount(text) + 1, kMaxFilterLength + 1);
  if (f.invalid_argument && f.field == "filter" && f.column >= 1 && f.column <= limit) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "input " << ::testing::PrintToString(text) << " gave " << parsed.status();
}

TEST(FilterRobustnessTest, EveryTruncationParsesOrNamesAColumn) {
  const std::vector<std::string> seeds = {
      R"(event_type = attack fatalities.best > 10 OR time.precision = DAY)",
      R"(-(actor = "actors/jnim" OR place = places/ml-kidal-region) AND NOT title:"a \"b\" \\c")",
      R"(time.start_time >= "2024-09-01T00:00:00Z" source.publisher:"إرم نيوز" quote:باماكو)",
      R"(((a OR b) AND (c OR -d)) source.language != fr summary:"drones")",
      R"(NOT (event_type != visit OR time.start_time < 2024-01-01T00:00:00+01:00) text:Goïta)",
      R"(fatalities.best >= 0 fatalities.best <= 70 time.precision = PRECISION_MONTH "two words")",
      R"(title:"École de gendarmerie" OR summary:"hommes armés" -source.publisher = "Exemple")",
  };
  // Every prefix, every suffix and every copy with one byte left out (which also cuts UTF-8
  // sequences in half).
  int inputs = 0;
  for (const std::string& seed : seeds) {
    for (size_t n = 0; n <= seed.size(); ++n) {
      std::string without = seed;
      if (n < seed.size()) without.erase(n, 1);
      for (const std::string& input : {seed.substr(0, n), seed.substr(n), without}) {
        ++inputs;
        EXPECT_TRUE(ParsesOrNamesAColumn(input));
      }
    }
  }
  EXPECT_GT(inputs, 1500);
}

TEST(FilterRobustnessTest, RandomBytesParseOrNameAColumn) {
  std::mt19937 rng(20241012);
  std::uniform_int_distribution<int> byte(0, 255), length(0, 120);
  for (int i = 0; i < 3000; ++i) {
    std::string input(length(rng), '\0');
    for (char& c : input) c = static_cast<char>(byte(rng));
    ASSERT_TRUE(ParsesOrNamesAColumn(input));
  }
}

TEST(FilterRobustnessTest, RandomTokenSoupsParseOrNameAColumn) {
  const std::vector<std::string> tokens = {"(",
                                           ")",
                                           "AND",
                                           "OR",
                                           "NOT",
                                           "-",
                                           "=",
                                           "!=",
                                           "<",
                                           "<=",
                                           ">",
                                           ">=",
                                           ":",
                                           "!",
                                           "\"",
                                           "\\",
                                           " ",
                                           "  ",
                                           "\t",
                                           "event_type",
                                           "fatalities.best",
                                           "time.start_time",
                                           "time.precision",
                                           "actor",
                                           "place",
                                           "source.publisher",
                                           "source.language",
                                           "title",
                                           "summary",
                                           "quote",
                                           "text",
                                           "attack",
                                           "10",
                                           "-3",
                                           "2024-09-01T00:00:00Z",
                                           "\"2024-09-01T00:00:00Z\"",
                                           "DAY",
                                           "actors/jnim",
                                           "places/ml",
                                           "\"x y\"",
                                           "\"\"",
                                           "باماكو",
                                           "Goïta",
                                           "'",
                                           ";",
                                           "$1",
                                           "%",
                                           "\xff",
                                           std::string(1, '\0'),
                                           "\"\\\"",
                                           "\"\\\\\"",
                                           "\"\\n\""};
  std::mt19937 rng(160);
  std::uniform_int_distribution<size_t> pick(0, tokens.size() - 1);
  std::uniform_int_distribution<int> count(1, 40);
  int parsed = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string input;
    for (int n = count(rng); n > 0; --n) input += tokens[pick(rng)];
    ASSERT_TRUE(ParsesOrNamesAColumn(input));
    parsed += ParseFilter(input).ok();
  }
  EXPECT_GT(parsed, 0);  // the soups are not all rejected at their first token
}

TEST(FilterRobustnessTest, PathologicalInputsEndQuickly) {
  for (const std::string& input : {
           std::string(100000, '('),
           std::string(100000, ')'),
           std::string(1 << 20, 'a'),
           absl::StrCat(std::string(kMaxFilterDepth, '('), std::string(1500, ')')),
           [] {
             std::string s;
             for (int i = 0; i < 400; ++i) s += "NOT ";
             return s;
           }(),
           [] {
             std::string s;
             for (int i = 0; i < 600; ++i) s += "a OR ";
             return s;
           }(),
           std::string(1999, '"'),
           std::string(1999, '-'),
           std::string(1999, '\\'),
       }) {
    EXPECT_TRUE(ParsesOrNamesAColumn(input)) << input.substr(0, 20);
  }
}

// --- Injection -----------------------------------------------------------------------------------

std::string Quote(absl::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

const std::vector<std::string>& Attacks() {
  static const auto* attacks = new std::vector<std::string>{
      "'; DROP TABLE events; --",
      "\" OR 1=1 --",
      "x') OR TRUE; DELETE FROM events WHERE ('1' = '1",
      "\\'; SELECT pg_sleep(10); --",
      "$1",
      "$$; DROP TABLE events; $$",
      "%_\\%",
      "back\\slash",
      "E'\\x41'",
  };
  return *attacks;
}

// Every string-valued field, with each of its operators.
const std::vector<std::string>& StringRestrictions() {
  static const auto* fields = new std::vector<std::string>{"source.publisher = ",
                                                           "source.publisher != ",
                                                           "source.publisher : ",
                                                           "title : ",
                                                           "summary : ",
                                                           "quote : ",
                                                           "text : ",
                                                           ""};
  return *fields;
}

TEST(FilterInjectionTest, AttacksAreParsedAsPlainValues) {
  for (const std::string& prefix : StringRestrictions()) {
    for (const std::string& attack : Attacks()) {
      const std::string filter = absl::StrCat(prefix, Quote(attack));
      absl::StatusOr<std::optional<FilterExpr>> f = ParseFilter(filter);
      ASSERT_TRUE(f.ok()) << filter << ": " << f.status();
      ASSERT_TRUE(f->has_value());
      ASSERT_EQ((*f)->kind, FilterExpr::Kind::kRestriction) << filter;
      EXPECT_EQ((*f)->restriction.value, attack) << filter;
    }
  }
}

TEST(FilterInjectionTest, AttacksOnCheckedFieldsAreRejectedWithAColumn) {
  for (const std::string prefix :
       {"event_type = ", "fatalities.best > ", "time.start_time < ",
        "time.precision = ", "actor = ", "place != ", "source.language = "}) {
    for (const std::string& attack : Attacks()) {
      for (const std::string& value : {Quote(attack), Quote(absl::StrCat("actors/a", attack)),
                                       Quote(absl::StrCat("places/a", attack))}) {
        const std::string filter = absl::StrCat(prefix, value);
        Failure f = FailureOf(filter);
        EXPECT_TRUE(f.invalid_argument) << filter;
        EXPECT_EQ(f.column, static_cast<int>(std::string(prefix).size()) + 1) << filter;
      }
    }
  }
}

TEST(FilterInjectionTest, NulIsRejectedWithAColumn) {
  for (const std::string& prefix : StringRestrictions()) {
    const std::string filter = absl::StrCat(prefix, "\"a", std::string(1, '\0'), "b\"");
    Failure f = FailureOf(filter);
    EXPECT_TRUE(f.invalid_argument) << prefix;
    EXPECT_EQ(f.column, static_cast<int>(prefix.size()) + 3) << prefix;
    EXPECT_THAT(f.description, HasSubstr("NUL")) << prefix;
  }
}

TEST(FilterInjectionTest, AttacksNeverChangeTheSqlText) {
  for (const std::string& prefix : StringRestrictions()) {
    auto sql_of = [&](const std::string& value) {
      absl::StatusOr<std::optional<FilterExpr>> f =
          ParseFilter(absl::StrCat("(", prefix, Quote(value), ") OR fatalities.best > 3"));
      storage::QueryBuilder qb;
      if (!f.ok() || !f->has_value()) {
        ADD_FAILURE() << prefix << value << ": " << f.status();
        return std::make_pair(std::string(), qb.params());
      }
      std::string sql = storage::FilterSql(qb, **f, storage::ResolvedSelection{});
      return std::make_pair(sql, qb.params());
    };
    const auto [benign_sql, benign_params] = sql_of("harmless");
    for (const std::string& attack : Attacks()) {
      const auto [sql, params] = sql_of(attack);
      EXPECT_EQ(sql, benign_sql) << prefix << attack;
      if (attack != "$1") {
        EXPECT_EQ(sql.find(attack), std::string::npos) << sql;
      }
      ASSERT_EQ(params.size(), benign_params.size());
      // The value travels as a parameter: as written for equality, LIKE-escaped for ':'.
      EXPECT_THAT(params[0], HasSubstr(prefix.find(':') == std::string::npos && !prefix.empty()
                                           ? attack
                                           : std::string("%")));
    }
  }
}

}  // namespace
}  // namespace timeline::domain
