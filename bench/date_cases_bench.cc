// How well the date normalizer reads news-style expressions: over the case set
// tests/data/date_cases.tsv, the share right per language and per category, the resolved-but-wrong
// answers, and the time per expression (median and p99), against a baseline measured in the same
// run (a plain "17 September 2024", read as many times). A report, not a test: nothing is asserted.
//
//   build/ci/bench/date_cases_bench [--cases=tests/data/date_cases.tsv] [--rounds=5]
//                                   [--show_wrong] [--show_unresolved=CATEGORY]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "date_case_table.h"
#include "normalize/date/date_expression.h"

ABSL_FLAG(std::string, cases, std::string(TIMELINE_SOURCE_DIR) + "/tests/data/date_cases.tsv",
          "the case table");
ABSL_FLAG(int, rounds, 5, "how many times each expression is read for the timings");
ABSL_FLAG(bool, show_wrong, false, "print every resolved-but-wrong answer");
ABSL_FLAG(std::string, show_unresolved, "", "print the unresolved cases of this category");

namespace {

using timeline::normalize::DateContext;
using timeline::normalize::DateParse;
using timeline::normalize::ParseDateExpression;
using timeline::normalize::date_cases::ConfidentWrongCategories;
using timeline::normalize::date_cases::DateCase;
using timeline::normalize::date_cases::Describe;
using timeline::normalize::date_cases::Grade;
using timeline::normalize::date_cases::GradeOf;
using timeline::normalize::date_cases::ReadDateCases;

struct Tally {
  int total = 0, right = 0, unresolved = 0, wrong = 0;
  void Add(Grade g) {
    ++total;
    right += g == Grade::kRight;
    unresolved += g == Grade::kUnresolved;
    wrong += g == Grade::kResolvedWrong;
  }
};

void PrintTally(const std::string& name, const Tally& t) {
  std::printf("  %-28s %5d cases  right %5.1f%%  unresolved %5.1f%%  resolved-wrong %d\n",
              name.c_str(), t.total, 100.0 * t.right / t.total, 100.0 * t.unresolved / t.total,
              t.wrong);
}

// Microseconds per call of `parse`, one sample per call.
template <typename F>
std::vector<double> Sample(int n, F&& parse) {
  std::vector<double> us;
  us.reserve(n);
  for (int i = 0; i < n; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    parse(i);
    us.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(us.begin(), us.end());
  return us;
}

double Quantile(const std::vector<double>& sorted, double q) {
  return sorted[std::min(sorted.size() - 1, static_cast<size_t>(q * sorted.size()))];
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("share right of the date normalizer over the news-style case set");
  absl::ParseCommandLine(argc, argv);
  std::string error;
  const std::vector<DateCase> cases = ReadDateCases(absl::GetFlag(FLAGS_cases), &error);
  if (!error.empty() || cases.empty()) {
    std::fprintf(stderr, "%s\n", error.empty() ? "no cases" : error.c_str());
    return 1;
  }

  Tally all;
  std::map<std::string, Tally> by_language, by_category, confident_wrong;
  std::map<std::string, std::map<std::string, Tally>> by_category_language;
  const std::string show_unresolved = absl::GetFlag(FLAGS_show_unresolved);
  for (const DateCase& c : cases) {
    const DateParse parse = ParseDateExpression(c.text, c.context);
    const Grade g = GradeOf(c, parse);
    all.Add(g);
    by_language[c.language].Add(g);
    by_category[c.category].Add(g);
    by_category_language[c.category][c.language].Add(g);
    if (g == Grade::kResolvedWrong && absl::GetFlag(FLAGS_show_wrong)) {
      std::printf("WRONG %s\n", Describe(c, parse).c_str());
    }
    if (g == Grade::kUnresolved && c.category == show_unresolved) {
      std::printf("UNRESOLVED %s\n", Describe(c, parse).c_str());
    }
  }

  std::printf("date cases: %d (%s)\n", all.total, absl::GetFlag(FLAGS_cases).c_str());
  PrintTally("all", all);
  std::printf("by language:\n");
  for (const auto& [language, t] : by_language) PrintTally(language, t);
  std::printf("by category (right %% ar / en / fr):\n");
  for (const auto& [category, t] : by_category) {
    PrintTally(category + (ConfidentWrongCategories().contains(category) ? " *" : ""), t);
    std::string per_language = "      ";
    for (const char* language : {"ar", "en", "fr"}) {
      const Tally& l = by_category_language[category][language];
      char cell[32];
      std::snprintf(cell, sizeof cell, " %s %5.1f%%", language,
                    l.total ? 100.0 * l.right / l.total : 0.0);
      per_language += cell;
    }
    std::printf("%s\n", per_language.c_str());
  }
  std::printf("  (* = a pattern once read confidently wrong: resolved-wrong must be 0)\n");

  const int rounds = std::max(1, absl::GetFlag(FLAGS_rounds));
  const int n = static_cast<int>(cases.size()) * rounds;
  const std::vector<double> us = Sample(n, [&](int i) {
    const DateCase& c = cases[i % cases.size()];
    const DateParse parse = ParseDateExpression(c.text, c.context);
    asm volatile("" : : "r"(&parse) : "memory");
  });
  DateContext plain;
  const std::vector<double> base = Sample(n, [&](int) {
    const DateParse parse = ParseDateExpression("17 September 2024", plain);
    asm volatile("" : : "r"(&parse) : "memory");
  });
  std::printf("time per expression: median %.1f us, p99 %.1f us (%d calls)\n", Quantile(us, 0.5),
              Quantile(us, 0.99), n);
  std::printf(
      "baseline \"17 September 2024\": median %.1f us, p99 %.1f us; case set / baseline "
      "median %.2f\n",
      Quantile(base, 0.5), Quantile(base, 0.99), Quantile(us, 0.5) / Quantile(base, 0.5));
  return 0;
}
