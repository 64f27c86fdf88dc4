// Reading Prometheus' text exposition format (what GET /metrics answers) in tests: the value of
// one sample by metric name and labels, without caring for label order or other samples.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace timeline::testing {

struct PromSample {
  std::string name;  // "timeline_rpc_handled_total", "..._bucket", "..._count"
  std::map<std::string, std::string> labels;
  double value = 0;
};

// Every sample of `text`; comment lines (# HELP, # TYPE) are skipped.
std::vector<PromSample> ParsePromText(const std::string& text);

// The value of the sample named `name` whose labels include every one of `labels`, summed over
// the samples that match (so that {} sums a family over its labels); nullopt when none matches.
std::optional<double> PromValue(const std::vector<PromSample>& samples, const std::string& name,
                                const std::map<std::string, std::string>& labels = {});

// The metric families `text` declares with "# TYPE <name> <type>".
std::vector<std::string> PromFamilies(const std::string& text);

}  // namespace timeline::testing
