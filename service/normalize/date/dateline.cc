#include "normalize/date/dateline.h"

#include <cctype>

namespace timeline::normalize::date_internal {
namespace {

constexpr size_t kMaxPlaceWords = 4;
constexpr size_t kMaxAgencyWords = 3;

// A word no lexicon knows ("bamako", "reuters"), not an unknown sign (":").
bool IsUnknownWord(const Atom& a) {
  if (a.sense != Sense::kUnknown || a.text.empty()) return false;
  const auto c = static_cast<unsigned char>(a.text[0]);
  return c >= 0x80 || std::isalpha(c);
}

bool IsPlaceSeparator(const Atom& a) {
  return (a.sense == Sense::kFiller && (a.text == "," || a.text == ":")) ||
         (a.sense == Sense::kTo && a.text == "-");
}

bool IsSign(const Atom& a, const char* sign) { return a.text == sign; }

// "BAMAKO," "ADDIS ABABA," "الخرطوم -": where the date starts, or 0 without a place.
size_t AfterPlace(const std::vector<Atom>& atoms) {
  size_t i = 0;
  while (i < atoms.size() && i < kMaxPlaceWords && IsUnknownWord(atoms[i])) ++i;
  if (i == 0 || i >= atoms.size() || !IsPlaceSeparator(atoms[i])) return 0;
  return i + 1;
}

// "(Reuters) -", "(AFP)": where the date ends, or atoms.size() without an agency.
size_t BeforeAgency(const std::vector<Atom>& atoms, size_t first) {
  size_t end = atoms.size();
  if (end > first && atoms[end - 1].sense == Sense::kTo) --end;  // the dash before the story
  if (end == first || !IsSign(atoms[end - 1], ")")) return atoms.size();
  size_t open = end - 1;
  while (open > first && IsUnknownWord(atoms[open - 1])) --open;
  const size_t words = end - 1 - open;
  if (words == 0 || words > kMaxAgencyWords || open == first || !IsSign(atoms[open - 1], "(")) {
    return atoms.size();
  }
  return open - 1;
}

}  // namespace

std::optional<DatelineDate> FindDatelineDate(const std::vector<Atom>& atoms) {
  const size_t first = AfterPlace(atoms);
  const size_t end = BeforeAgency(atoms, first);
  if ((first == 0 && end == atoms.size()) || end <= first) return std::nullopt;
  return DatelineDate{first, end};
}

}  // namespace timeline::normalize::date_internal
