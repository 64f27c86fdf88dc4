#include "normalize/country_time_zone.h"

#include <map>
#include <memory>
#include <mutex>

#include "absl/strings/ascii.h"
#include "domain/time_span.h"
#include "unicode/strenum.h"
#include "unicode/timezone.h"

namespace timeline::normalize {

namespace {

std::optional<std::string> AskIcu(const std::string& region) {
  UErrorCode status = U_ZERO_ERROR;
  // Canonical location zones: one per distinct local time history, no aliases or links.
  std::unique_ptr<icu::StringEnumeration> zones(icu::TimeZone::createTimeZoneIDEnumeration(
      UCAL_ZONE_TYPE_CANONICAL_LOCATION, region.c_str(), nullptr, status));
  if (U_FAILURE(status) || zones == nullptr || zones->count(status) != 1 || U_FAILURE(status)) {
    return std::nullopt;
  }
  int32_t length = 0;
  const char* zone = zones->next(&length, status);
  if (U_FAILURE(status) || zone == nullptr) return std::nullopt;
  std::string name(zone, length);
  // ICU names a few zones by their older aliases; the service reads dates with the system's
  // zone data, which must know the name.
  if (!domain::IsKnownTimeZone(name)) return std::nullopt;
  return name;
}

}  // namespace

std::optional<std::string> OnlyTimeZoneOfCountry(absl::string_view country_code) {
  if (country_code.size() != 2) return std::nullopt;
  const std::string region = absl::AsciiStrToUpper(country_code);
  // Asked for every place an import creates: each country's answer is kept.
  static std::mutex mutex;
  static auto* const known = new std::map<std::string, std::optional<std::string>>();
  std::lock_guard<std::mutex> lock(mutex);
  auto [it, fresh] = known->try_emplace(region);
  if (fresh) it->second = AskIcu(region);
  return it->second;
}

}  // namespace timeline::normalize
