// How long finding dates in running text (normalize/date/date_extraction.h) takes: the seed
// articles (tests/data/article_dates/) as the baseline, in microseconds per kilobyte, and the
// costliest texts a caller can send within DateService.ParseDates' 100,000-byte limit — one date
// word over and over, numbers, long runs of known words — as whole calls and as a ratio to the
// baseline's time per kilobyte. A report, not a test: nothing is asserted.
//
//   build/ci/bench/find_dates_bench [--rounds=3]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/time/time.h"
#include "normalize/date/date_extraction.h"

ABSL_FLAG(int, rounds, 3, "how many times each text is searched (the fastest time counts)");

namespace {

using timeline::normalize::DateContext;
using timeline::normalize::FindDates;
using timeline::normalize::FoundDate;

constexpr size_t kLimit = 100'000;  // DateService.ParseDates' text limit

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// `piece` repeated up to kLimit bytes.
std::string Repeat(const std::string& piece) {
  std::string text;
  while (text.size() + piece.size() <= kLimit) text += piece;
  return text;
}

struct Timing {
  double seconds;
  size_t found;
};

Timing Time(const std::string& text, const DateContext& context, int rounds) {
  Timing best{1e300, 0};
  for (int i = 0; i < rounds; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::vector<FoundDate> found = FindDates(text, context);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = {std::min(best.seconds, s), found.size()};
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("time of finding dates in running text, worst cases included");
  absl::ParseCommandLine(argc, argv);
  const int rounds = std::max(1, absl::GetFlag(FLAGS_rounds));
  const std::string dir = std::string(TIMELINE_SOURCE_DIR) + "/tests/data/article_dates/";
  const std::string articles =
      ReadFile(dir + "dated_article.txt") + "\n" + ReadFile(dir + "undated_article.txt");
  DateContext dated;
  dated.time_zone = "Asia/Dubai";
  absl::Time reference;
  std::string error;
  absl::ParseTime(absl::RFC3339_full, "2024-10-12T11:16:00Z", &reference, &error);
  dated.reference =
      timeline::normalize::Micros(std::chrono::microseconds(absl::ToUnixMicros(reference)));
  DateContext undated;

  const Timing base = Time(articles, dated, rounds * 20);
  const double base_us_per_kb = base.seconds * 1e6 / (articles.size() / 1000.0);
  std::printf("baseline: the seed articles, %zu bytes, %zu dates: %.1f us (%.1f us per KB)\n",
              articles.size(), base.found, base.seconds * 1e6, base_us_per_kb);

  const std::vector<std::pair<std::string, std::string>> worst = {
      {"one weekday over and over (ar)", Repeat("الخميس ")},
      {"one weekday over and over (en)", Repeat("Thursday ")},
      {"a full date over and over", Repeat("17 September 2024, ")},
      {"months and numbers", Repeat("September 17 2024 October 3 ")},
      {"relative words", Repeat("last week yesterday today tomorrow ")},
      {"numbers only", Repeat("17 ")},
      {"slash dates", Repeat("17/09/2024 ")},
      {"the articles over and over", Repeat(articles + "\n")},
  };
  std::printf("%-34s %8s %8s %10s %10s  %s\n", "text (100 KB)", "bytes", "dates", "ms (ref)",
              "ms (none)", "per KB vs baseline");
  for (const auto& [name, text] : worst) {
    const Timing with = Time(text, dated, rounds);
    const Timing without = Time(text, undated, rounds);
    const double worst_us_per_kb =
        std::max(with.seconds, without.seconds) * 1e6 / (text.size() / 1000.0);
    std::printf("%-34s %8zu %8zu %10.1f %10.1f  %.1fx\n", name.c_str(), text.size(), with.found,
                with.seconds * 1e3, without.seconds * 1e3, worst_us_per_kb / base_us_per_kb);
  }
  return 0;
}
