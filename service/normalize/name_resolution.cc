#include "normalize/name_resolution.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <tuple>

#include "unicode/translit.h"
#include "unicode/unistr.h"

namespace timeline::normalize {
namespace {

// Better first: linkable, higher score, same kind, same country, nearer, older.
bool Better(const NameCandidate& a, const NameCandidate& b) {
  auto key = [](const NameCandidate& c) {
    return std::make_tuple(-c.score, !c.kind_matches, !c.country_matches,
                           c.distance_km.value_or(0.0), c.id);
  };
  return key(a) < key(b);
}

bool TooFar(const NameCandidate& c) {
  return c.distance_km.has_value() && *c.distance_km > kMaxLinkDistanceKm;
}

// The digits of a key, in order: "brigade 12 sector 4" -> "12 4".
std::string Numbers(std::string_view key) {
  std::string out;
  bool in_number = false;
  for (char c : key) {
    const bool digit = c >= '0' && c <= '9';
    if (digit && !in_number && !out.empty()) out.push_back(' ');
    if (digit) out.push_back(c);
    in_number = digit;
  }
  return out;
}

// Equally good for every rule but age.
bool Tied(const NameCandidate& a, const NameCandidate& b) {
  return a.score == b.score && a.kind_matches == b.kind_matches &&
         a.country_matches == b.country_matches &&
         a.distance_km.value_or(0.0) == b.distance_km.value_or(0.0);
}

icu::Transliterator& AsciiTransliterator() {
  static icu::Transliterator* t = [] {
    UErrorCode status = U_ZERO_ERROR;
    icu::Transliterator* made = icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower",
                                                                    UTRANS_FORWARD, status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU transliterator unavailable");
    return made;
  }();
  return *t;
}

std::string ToAscii(std::string_view name) {
  // ICU transliterators are not thread-safe.
  static std::mutex mu;
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  {
    std::lock_guard<std::mutex> lock(mu);
    AsciiTransliterator().transliterate(text);
  }
  std::string out;
  text.toUTF8String(out);
  return out;
}

}  // namespace

NameDecision DecideName(std::string_view key, std::vector<NameCandidate> candidates) {
  std::sort(candidates.begin(), candidates.end(), Better);
  NameDecision decision;
  const std::string numbers = Numbers(key);
  for (NameCandidate& c : candidates) {
    const bool same_numbers = c.key.empty() || Numbers(c.key) == numbers;
    const bool linkable = c.score >= kLinkSimilarity && !TooFar(c) && same_numbers;
    if (!decision.link && linkable) {
      decision.link = std::move(c);
      continue;
    }
    if (c.score < kReportSimilarity) continue;
    if (decision.link && linkable && c.id != decision.link->id && Tied(c, *decision.link)) {
      decision.ambiguous = true;
    }
    if (decision.link && c.id == decision.link->id) continue;
    decision.also.push_back(std::move(c));
  }
  return decision;
}

// Lower-case ASCII letters and digits of `text`, other runs as one '-', no '-' at either end.
std::string Slug(std::string_view text) {
  std::string slug;
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      slug.push_back(c);
    } else if (!slug.empty() && slug.back() != '-') {
      slug.push_back('-');
    }
  }
  if (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

// `a` and `b` joined by '-', cut to `max_length` without a trailing '-'.
std::string Join(const std::string& a, const std::string& b, size_t max_length) {
  std::string out = a.empty() ? b : b.empty() ? a : a + "-" + b;
  if (out.size() > max_length) out.resize(max_length);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string ResourceIdFromName(std::string_view name, std::string_view prefix,
                               std::string_view fallback, size_t max_length) {
  const std::string head = Slug(prefix);
  const std::string body = Slug(ToAscii(name));
  std::string id;
  if (body.empty()) {
    id = Join(head, Slug(fallback), max_length);
  } else {
    id = Join(head, body, max_length);
  }
  // Ids start with a letter: a name (and prefix) starting with a digit gets the fallback first.
  if (id.empty() || !(id[0] >= 'a' && id[0] <= 'z')) {
    id = Join(Slug(fallback), id, max_length);
  }
  return id;
}

}  // namespace timeline::normalize
