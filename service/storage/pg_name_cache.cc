// The names a batch resolved, kept for the batch and, once it commits, for the batches after it:
// NameCache itself, and how NameResolver reads from it and collects what to add (names, and the
// administrative divisions new places are created under).
#include "storage/pg_name_cache.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "storage/pg_name_common.h"
#include "storage/pg_name_resolver.h"

namespace timeline::storage::pg {

std::optional<NameResult> NameCache::Find(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void NameCache::Sync(int64_t generation) {
  std::lock_guard<std::mutex> lock(mu_);
  if (generation == generation_) return;
  entries_.clear();
  generation_ = generation;
}

void NameCache::Add(const std::vector<std::pair<std::string, NameResult>>& entries,
                    int64_t generation) {
  std::lock_guard<std::mutex> lock(mu_);
  if (generation != generation_) return;
  if (entries_.size() + entries.size() > kMaxEntries) entries_.clear();
  for (const auto& [key, result] : entries) entries_.insert_or_assign(key, result);
}

void NameCache::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.clear();
}

std::optional<NameResult> NameResolver::Shared(const std::string& key) const {
  if (shared_ == nullptr) return std::nullopt;
  return shared_->Find(key);
}

void NameResolver::Remember(std::map<std::string, NameResult>& cache, const std::string& key,
                            const std::string& shared_key, const NameResult& result) {
  NameResult seen = WithoutNewNotes(result);
  cache[key] = seen;
  if (seen.ref && !seen.error) resolved_.emplace_back(shared_key, std::move(seen));
}

std::string NameResolver::DivisionCacheKey(const PlaceQuery& division) {
  return absl::StrCat("division|", division.kind, "|", division.country, "|",
                      division.scope ? absl::StrCat(division.scope->id) : "", "|",
                      absl::StrJoin(division.admin_keys, "\x1f"), "|",
                      absl::StrJoin(division.keys, "\x1f"));
}

std::optional<Ref> NameResolver::KnownDivision(const std::string& cache_key) {
  if (auto hit = place_cache_.find(cache_key); hit != place_cache_.end()) return hit->second.ref;
  std::optional<NameResult> known = Shared("place|" + cache_key);
  if (!known) return std::nullopt;
  place_cache_[cache_key] = *known;
  return known->ref;
}

void NameResolver::RememberDivision(const std::string& cache_key, const Ref& division) {
  NameResult result;
  result.ref = division;
  Remember(place_cache_, cache_key, "place|" + cache_key, result);
}

}  // namespace timeline::storage::pg
