#include "prometheus_text.h"

#include <sstream>
#include <stdexcept>

namespace timeline::testing {
namespace {

// `{a="x",b="y"}` from `at` (just past the brace) up to and past the closing brace.
std::map<std::string, std::string> ParseLabels(const std::string& line, size_t& at) {
  std::map<std::string, std::string> labels;
  while (at < line.size() && line[at] != '}') {
    const size_t eq = line.find('=', at);
    if (eq == std::string::npos || eq + 1 >= line.size() || line[eq + 1] != '"') {
      throw std::runtime_error("bad labels: " + line);
    }
    std::string key = line.substr(at, eq - at);
    std::string value;
    size_t i = eq + 2;
    for (; i < line.size() && line[i] != '"'; ++i) {
      if (line[i] == '\\' && i + 1 < line.size()) ++i;  // \" \\ \n: tests need only the character
      value += line[i];
    }
    labels[key] = value;
    at = i + 1;
    if (at < line.size() && line[at] == ',') ++at;
  }
  ++at;  // the closing brace
  return labels;
}

}  // namespace

std::vector<PromSample> ParsePromText(const std::string& text) {
  std::vector<PromSample> samples;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    PromSample sample;
    size_t at = line.find_first_of("{ ");
    if (at == std::string::npos) throw std::runtime_error("bad sample: " + line);
    sample.name = line.substr(0, at);
    if (line[at] == '{') {
      ++at;
      sample.labels = ParseLabels(line, at);
    }
    sample.value = std::stod(line.substr(at));
    samples.push_back(std::move(sample));
  }
  return samples;
}

std::optional<double> PromValue(const std::vector<PromSample>& samples, const std::string& name,
                                const std::map<std::string, std::string>& labels) {
  std::optional<double> sum;
  for (const PromSample& sample : samples) {
    if (sample.name != name) continue;
    bool matches = true;
    for (const auto& [key, value] : labels) {
      auto it = sample.labels.find(key);
      if (it == sample.labels.end() || it->second != value) matches = false;
    }
    if (matches) sum = sum.value_or(0) + sample.value;
  }
  return sum;
}

std::vector<std::string> PromFamilies(const std::string& text) {
  std::vector<std::string> families;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("# TYPE ", 0) != 0) continue;
    std::istringstream words(line.substr(7));
    std::string name;
    words >> name;
    families.push_back(name);
  }
  return families;
}

}  // namespace timeline::testing
