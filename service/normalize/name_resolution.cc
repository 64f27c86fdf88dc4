#include "normalize/name_resolution.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <tuple>

#include "absl/strings/str_format.h"
#include "normalize/country_words.h"
#include "unicode/translit.h"
#include "unicode/unistr.h"

namespace timeline::normalize {
namespace {

// The order of preference, age aside: higher score, same kind, same country, more of the
// record's divisions, exactly its path, nearer.
auto Rank(const NameCandidate& c) {
  return std::make_tuple(-c.score, !c.kind_matches, !c.country_matches, -c.admin_matches,
                         !c.same_admin_path, c.distance_km.value_or(0.0));
}

// Better first; among equals, older first.
bool Better(const NameCandidate& a, const NameCandidate& b) {
  return std::make_tuple(Rank(a), a.id) < std::make_tuple(Rank(b), b.id);
}

bool TooFar(const NameCandidate& c) {
  return c.distance_km.has_value() && *c.distance_km > kMaxLinkDistanceKm;
}

// What a similar (not equal) name needs beyond close words: the kind and country the record
// asked for and, for a place, coordinates that put it near the record's.
bool SimilarLinkAllowed(const NameCandidate& c) {
  if (c.key.empty()) return true;
  if (!c.kind_matches || !c.country_matches) return false;
  return !c.place || (c.distance_km.has_value() && *c.distance_km <= kMaxSimilarPlaceDistanceKm);
}

// A word that qualifies a name — a number or a country — rather than spelling it.
bool IsQualifier(const std::u32string& word) {
  for (char32_t c : word) {
    if (c >= U'0' && c <= U'9') return true;
  }
  std::string utf8;
  icu::UnicodeString::fromUTF32(reinterpret_cast<const UChar32*>(word.data()),
                                static_cast<int32_t>(word.size()))
      .toUTF8String(utf8);
  return IsCountryNameWord(utf8);
}

std::vector<std::u32string> Words(std::string_view key) {
  std::vector<std::u32string> words(1);
  const icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(key.data(), static_cast<int32_t>(key.size())));
  for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
    const UChar32 c = text.char32At(i);
    if (c == ' ') {
      if (!words.back().empty()) words.emplace_back();
    } else {
      words.back().push_back(static_cast<char32_t>(c));
    }
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

bool HasDigit(const std::vector<std::u32string>& words) {
  for (const std::u32string& w : words) {
    for (char32_t c : w) {
      if (c >= U'0' && c <= U'9') return true;
    }
  }
  return false;
}

std::u32string Joined(const std::vector<std::u32string>& words) {
  std::u32string out;
  for (const std::u32string& w : words) out += w;
  return out;
}

// Whether two words differ by at most one inserted, deleted or replaced letter.
bool AtMostOneEditApart(const std::u32string& a, const std::u32string& b) {
  const std::u32string& longer = a.size() >= b.size() ? a : b;
  const std::u32string& shorter = a.size() >= b.size() ? b : a;
  if (longer.size() - shorter.size() > 1) return false;
  size_t i = 0;
  while (i < shorter.size() && shorter[i] == longer[i]) ++i;
  if (longer.size() == shorter.size()) {
    return longer.compare(i + 1, std::u32string::npos, shorter, std::min(i + 1, shorter.size())) ==
           0;
  }
  return longer.compare(i + 1, std::u32string::npos, shorter, i) == 0;
}

// The Arabic article as transliterations write it on its own word ("al-Sisi", "el Sisi",
// "Ar-Raqqah" with its lam assimilated, "Ed Daein"): spelled with or without it, and in any of
// its forms, a name is the same name. ("an", "en", "et" are left out: French and English words.)
bool IsArabicArticle(const std::u32string& word) {
  static const std::u32string kArticles[] = {U"al", U"el", U"ad", U"ar", U"as", U"ash",
                                             U"at", U"az", U"ed", U"er", U"es", U"ez"};
  return std::find(std::begin(kArticles), std::end(kArticles), word) != std::end(kArticles);
}

std::vector<std::u32string> WithoutArticles(const std::vector<std::u32string>& words) {
  std::vector<std::u32string> out;
  for (const std::u32string& w : words) {
    if (!IsArabicArticle(w)) out.push_back(w);
  }
  return out;
}

// Whether words `a` and `b` pair up one by one, each pair equal or one edit apart, short words
// (both under kMinFuzzyWordLength letters) equal, qualifiers equal.
bool WordsPairUp(const std::vector<std::u32string>& a, const std::vector<std::u32string>& b) {
  if (a.empty() || a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i]) continue;
    if (std::max(a[i].size(), b[i].size()) < kMinFuzzyWordLength) return false;
    if (IsQualifier(a[i]) || IsQualifier(b[i])) return false;
    if (!AtMostOneEditApart(a[i], b[i])) return false;
  }
  return true;
}

// A similar key is close enough to link when its words pair up with the name's, each pair equal
// or one edit apart, and short words (both under kMinFuzzyWordLength letters) equal; Arabic
// articles aside.
bool WordsClose(std::string_view key, std::string_view candidate) {
  const std::vector<std::u32string> a = Words(key), b = Words(candidate);
  // Digits split differently are different numbers ("brigade 12", "brigade 1 2").
  if (Joined(a) == Joined(b) && !HasDigit(a)) return true;
  return WordsPairUp(a, b) || WordsPairUp(WithoutArticles(a), WithoutArticles(b));
}

// Equally good for every rule but age.
bool Tied(const NameCandidate& a, const NameCandidate& b) { return Rank(a) == Rank(b); }

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
  for (NameCandidate& c : candidates) {
    const bool close = c.key.empty() || WordsClose(key, c.key);
    const bool linkable = c.score >= kLinkSimilarity && !TooFar(c) && close &&
                          !c.country_conflicts && !c.kind_conflicts && !c.admin_conflicts &&
                          SimilarLinkAllowed(c);
    if (!decision.link && linkable) {
      decision.similar = !c.key.empty();
      decision.link = std::move(c);
      continue;
    }
    if (c.score < kReportSimilarity) continue;
    if (decision.link && linkable && c.id != decision.link->id && Tied(c, *decision.link)) {
      decision.ambiguous = true;
    }
    if (decision.link && c.id == decision.link->id) continue;
    c.not_linked_because = ReasonNotLinked(key, c);
    decision.also.push_back(std::move(c));
  }
  if (decision.ambiguous && decision.link->place) {
    decision.link->not_linked_because = ReasonNotLinked(key, *decision.link);
    decision.also.insert(decision.also.begin(), *std::move(decision.link));
    decision.link.reset();
    decision.similar = false;
  }
  return decision;
}

std::string ReasonNotLinked(std::string_view key, const NameCandidate& c) {
  if (c.country_conflicts) return "in another country";
  if (c.kind_conflicts) return "another kind of place, or a division the record's place lies in";
  if (c.admin_conflicts) return "under other divisions";
  if (TooFar(c)) return absl::StrFormat("%.0f km away", *c.distance_km);
  if (c.score < kLinkSimilarity) return absl::StrFormat("similarity %.2f", c.score);
  if (!c.key.empty() && !WordsClose(key, c.key)) return "a different word or qualifier";
  if (!SimilarLinkAllowed(c)) {
    if (!c.kind_matches || !c.country_matches) return "a similar name of another kind or country";
    return absl::StrFormat("a similar name without a point within %.0f km",
                           kMaxSimilarPlaceDistanceKm);
  }
  return "equally good as another";
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
