// FindDates on sentences of two news articles (tests/data/article_dates) and on short texts:
// which words are found, where, and what span each is read to.
#include "normalize/date/date_extraction.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "date/date.h"
#include "date/tz.h"

namespace timeline::normalize {
namespace {

std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(TIMELINE_SOURCE_DIR) + "/tests/data/article_dates/" + name);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The instant of a wall-clock time in a zone.
Micros At(const char* zone, date::local_days day, std::chrono::minutes time = {}) {
  return std::chrono::time_point_cast<std::chrono::microseconds>(
      date::make_zoned(zone, day + time).get_sys_time());
}

size_t CodePoints(std::string_view utf8) {
  size_t n = 0;
  for (char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::vector<std::string> Words(const std::vector<FoundDate>& found) {
  std::vector<std::string> words;
  for (const FoundDate& f : found) words.push_back(f.parse.span.text);
  return words;
}

// Offsets point at the words reported, in bytes and in code points alike.
void ExpectOffsetsPointAtWords(const std::string& text, const FoundDate& f) {
  EXPECT_EQ(text.substr(f.begin_byte, f.end_byte - f.begin_byte), f.parse.span.text);
  EXPECT_EQ(f.begin_code_point, CodePoints(text.substr(0, f.begin_byte)));
  EXPECT_EQ(f.end_code_point - f.begin_code_point, CodePoints(f.parse.span.text));
}

constexpr char kDubai[] = "Asia/Dubai";
constexpr auto kOct12 = date::local_days{date::year{2024} / 10 / 12};

TEST(DateExtractionTest, DatedArticleGivesItsDatelineAndLastSeptember) {
  const std::string text = ReadFixture("dated_article.txt");
  const DateContext published{At(kDubai, kOct12, std::chrono::hours{15} + std::chrono::minutes{16}),
                              kDubai};
  const std::vector<FoundDate> found = FindDates(text, published);

  // The dateline with its time of day; "70" and "200" (people) are not dates.
  ASSERT_EQ(Words(found),
            (std::vector<std::string>{"12 أكتوبر 2024، 3:16 م", "سبتمبر/أيلول الماضي"}));
  for (const FoundDate& f : found) ExpectOffsetsPointAtWords(text, f);

  const DateSpan& dateline = found[0].parse.span;
  EXPECT_EQ(dateline.start, At(kDubai, kOct12, std::chrono::hours{15} + std::chrono::minutes{16}));
  EXPECT_EQ(dateline.end, *dateline.start + std::chrono::minutes{1});
  EXPECT_EQ(dateline.precision, DatePrecision::kMinute);

  const DateSpan& september = found[1].parse.span;
  EXPECT_EQ(september.start, At(kDubai, date::local_days{date::year{2024} / 9 / 1}));
  EXPECT_EQ(september.end, At(kDubai, date::local_days{date::year{2024} / 10 / 1}));
  EXPECT_EQ(september.precision, DatePrecision::kMonth);
  EXPECT_EQ(september.time_zone, kDubai);
}

TEST(DateExtractionTest, ThursdayInAnUndatedArticleIsFoundButUnresolved) {
  const std::string text = ReadFixture("undated_article.txt");
  const std::vector<FoundDate> found = FindDates(text, DateContext{std::nullopt, kDubai});

  // "والآن" (and now) names no date.
  ASSERT_EQ(Words(found), (std::vector<std::string>{"الخميس"}));
  ExpectOffsetsPointAtWords(text, found[0]);
  EXPECT_FALSE(found[0].parse.span.resolved());
  EXPECT_FALSE(found[0].parse.warnings.empty());
}

TEST(DateExtractionTest, ThursdayResolvesOnceThePublicationTimeIsKnown) {
  const std::string text = ReadFixture("undated_article.txt");
  // Published on Saturday 12 October 2024: "Thursday" is the 10th.
  const std::vector<FoundDate> found = FindDates(text, DateContext{At(kDubai, kOct12), kDubai});
  ASSERT_EQ(Words(found), (std::vector<std::string>{"الخميس"}));
  const auto thursday = date::local_days{date::year{2024} / 10 / 10};
  EXPECT_EQ(found[0].parse.span.start, At(kDubai, thursday));
  EXPECT_EQ(found[0].parse.span.end, At(kDubai, thursday + date::days{1}));
}

TEST(DateExtractionTest, EnglishAndFrenchInOneText) {
  const std::string text =
      "Talks resumed on 17 September 2024 in Bamako; les combats du 5 octobre dernier ont fait "
      "12 morts.";
  const std::vector<FoundDate> found = FindDates(text, DateContext{At("UTC", kOct12), "UTC"});
  ASSERT_EQ(Words(found), (std::vector<std::string>{"17 September 2024", "5 octobre dernier"}));
  for (const FoundDate& f : found) {
    ExpectOffsetsPointAtWords(text, f);
    EXPECT_EQ(f.parse.span.precision, DatePrecision::kDay);
  }
  EXPECT_EQ(found[1].parse.span.start, At("UTC", date::local_days{date::year{2024} / 10 / 5}));
}

// A caller that stops waiting stops the search; one that never does gets what FindDates gives.
TEST(DateExtractionTest, SearchEndsWhenItsCallerStopsWaiting) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "Thursday ";
  const DateContext undated{std::nullopt, "UTC"};
  int asked = 0;
  EXPECT_FALSE(FindDatesUnlessStopped(text, undated, [&] { return ++asked > 2; }).has_value());
  EXPECT_EQ(asked, 3);

  const std::string article = "Talks began on 17 September 2024 and ended last Thursday.";
  const DateContext dated{At("UTC", kOct12), "UTC"};
  const std::optional<std::vector<FoundDate>> unstopped =
      FindDatesUnlessStopped(article, dated, [] { return false; });
  ASSERT_TRUE(unstopped.has_value());
  const std::vector<FoundDate> plain = FindDates(article, dated);
  ASSERT_EQ(unstopped->size(), plain.size());
  ASSERT_EQ(plain.size(), 2u);
  for (size_t i = 0; i < plain.size(); ++i) {
    EXPECT_EQ((*unstopped)[i].parse.span.text, plain[i].parse.span.text);
    EXPECT_EQ((*unstopped)[i].parse.span.start, plain[i].parse.span.start);
  }
}

TEST(DateExtractionTest, NumbersAloneAreNeverDates) {
  const DateContext context{At("UTC", kOct12), "UTC"};
  EXPECT_TRUE(FindDates("70 killed, 200 injured, 1/2 of them in 2024", context).empty());
  EXPECT_TRUE(FindDates("", context).empty());
  // A short number after a comma starts the next clause.
  EXPECT_EQ(Words(FindDates("On Thursday, 3 people died.", context)),
            (std::vector<std::string>{"Thursday"}));
}

TEST(DateExtractionTest, UnitsAloneAreReportedOnlyWhenTheyResolve) {
  const DateContext context{At("UTC", kOct12), "UTC"};
  EXPECT_TRUE(FindDates("a year of talks, week after week", context).empty());
  EXPECT_EQ(Words(FindDates("They met last week and again 3 days ago.", context)),
            (std::vector<std::string>{"last week", "3 days ago"}));
}

TEST(DateExtractionTest, AndJoinsTwoDatesUnlessBetweenMakesThemARange) {
  const DateContext context{At("UTC", kOct12), "UTC"};
  EXPECT_EQ(Words(FindDates("Les combats ont repris vendredi dernier et depuis le 1er septembre.",
                            context)),
            (std::vector<std::string>{"vendredi dernier", "depuis le 1er septembre"}));
  const std::vector<FoundDate> range = FindDates("between 22 January and today", context);
  ASSERT_EQ(Words(range), (std::vector<std::string>{"22 January and today"}));
  EXPECT_EQ(range[0].parse.span.start, At("UTC", date::local_days{date::year{2024} / 1 / 22}));
  EXPECT_EQ(range[0].parse.span.end, At("UTC", kOct12 + date::days{1}));
}

TEST(DateExtractionTest, WordsAndLettersTheNormalizerReadsBesideNumbers) {
  const DateContext context{At("UTC", kOct12), "UTC"};
  // "in" says ahead here, so it stays; "on" adds nothing, so it goes.
  EXPECT_EQ(Words(FindDates("Talks in 3 weeks, not on Thursday.", context)),
            (std::vector<std::string>{"in 3 weeks", "Thursday"}));
  EXPECT_EQ(Words(FindDates("Q3 2016 and H1 2017, the 70s and the 1990s", context)),
            (std::vector<std::string>{"Q3 2016", "H1 2017", "70s", "1990s"}));
}

TEST(DateExtractionTest, NumericDatesWithAYearAreFound) {
  const std::string text = "Signed on 17/09/2024, ratified 2024-10-01.";
  const std::vector<FoundDate> found = FindDates(text, DateContext{std::nullopt, "UTC"});
  ASSERT_EQ(Words(found), (std::vector<std::string>{"17/09/2024", "2024-10-01"}));
  for (const FoundDate& f : found) ExpectOffsetsPointAtWords(text, f);
}

TEST(DateExtractionTest, ADateInALongerTextIsTheOneFoundInIt) {
  const DateContext context{At("UTC", kOct12), "UTC"};
  // Understood whole: read whole, no extra warning.
  const DateParse whole = ParseDateInText("17 September 2024", context);
  EXPECT_EQ(whole.span.text, "17 September 2024");
  EXPECT_TRUE(whole.warnings.empty());

  const DateParse one =
      ParseDateInText("the talks that began on 17 September 2024 in Bamako", context);
  EXPECT_EQ(one.span.text, "17 September 2024");
  EXPECT_EQ(one.span.start, At("UTC", date::local_days{date::year{2024} / 9 / 17}));
  ASSERT_FALSE(one.warnings.empty());
  EXPECT_NE(one.warnings[0].find("\"17 September 2024\""), std::string::npos);

  const DateParse two =
      ParseDateInText("talks began on 17 September 2024 and failed yesterday", context);
  EXPECT_FALSE(two.span.resolved());
  ASSERT_EQ(two.warnings.size(), 1u);
  EXPECT_NE(two.warnings[0].find("\"yesterday\""), std::string::npos);

  // None found: the normalizer's own answer.
  EXPECT_FALSE(ParseDateInText("when the talks began", context).span.resolved());
}

// The search reads each window from the text's tokens rather than cutting the words out and
// reading them again: every date it reports reads the same from its words alone. The texts put
// words against punctuation, no-break and Arabic spaces, a ligature that folds into four words
// ("ﷺ") and Arabic prefixes beside dates.
TEST(DateExtractionTest, EveryDateReadsAsItsWordsAlone) {
  const std::vector<std::string> texts = {
      ReadFixture("dated_article.txt"),
      ReadFixture("undated_article.txt"),
      "BAMAKO,17/09/2024(Reuters)-le 5\u00a0octobre dernier, puis entre le 3 et le 7 mars 2023.",
      "قال ﷺ الخميس الماضي، وفي ١٧ سبتمبر/أيلول ٢٠٢٤ واليوم وأمس",
      "Q3 2016, the 1990s, 3 days ago, last week's talks; on Thursday, 3 people died.",
  };
  for (const DateContext& context :
       {DateContext{At(kDubai, kOct12, std::chrono::hours{15}), kDubai},
        DateContext{std::nullopt, "UTC"}}) {
    for (const std::string& text : texts) {
      const std::vector<FoundDate> found = FindDates(text, context);
      EXPECT_FALSE(found.empty()) << text;
      for (const FoundDate& f : found) {
        SCOPED_TRACE(f.parse.span.text);
        const DateParse alone = ParseDateExpression(f.parse.span.text, context);
        EXPECT_EQ(alone.span.start, f.parse.span.start);
        EXPECT_EQ(alone.span.end, f.parse.span.end);
        EXPECT_EQ(alone.span.precision, f.parse.span.precision);
        EXPECT_EQ(alone.warnings, f.parse.warnings);
      }
    }
  }
}

// A search keeps the readings of the windows near where it stands only; a stretch many times
// longer than a window (28 dates with their weekdays, joined by "and") gives every date in it.
TEST(DateExtractionTest, ALongStretchGivesEveryDateInIt) {
  constexpr const char* kWeekdays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                       "Thursday", "Friday", "Saturday"};
  const DateContext context{std::nullopt, "UTC"};
  std::string text;
  std::vector<std::string> expected;
  std::vector<date::local_days> days;
  for (unsigned d = 1; d <= 28; ++d) {
    const date::local_days day{date::year{2024} / 6 / d};
    const std::string words = std::string(kWeekdays[date::weekday{day}.c_encoding()]) + " " +
                              std::to_string(d) + " June 2024";
    text += (d > 1 ? " and " : "") + words;
    expected.push_back(words);
    days.push_back(day);
  }
  const std::vector<FoundDate> found = FindDates(text, context);
  ASSERT_EQ(Words(found), expected);
  for (size_t i = 0; i < found.size(); ++i) {
    EXPECT_EQ(found[i].parse.span.start, At("UTC", days[i]));
    EXPECT_EQ(found[i].parse.span.end, At("UTC", days[i] + date::days{1}));
    ExpectOffsetsPointAtWords(text, found[i]);
  }
}

TEST(DateExtractionTest, ABadZoneLeavesEveryDateUnresolvedWithAWarning) {
  const std::vector<FoundDate> found =
      FindDates("le 5 octobre 2024", DateContext{std::nullopt, "Mars/Olympus"});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_FALSE(found[0].parse.span.resolved());
  EXPECT_FALSE(found[0].parse.warnings.empty());
}

}  // namespace
}  // namespace timeline::normalize
