// Which calls are costly (docs/architecture.md, "Concurrency"): the one place that classifies
// them. Costly calls may hold at most pool size − reserve connections (storage/admission_queue.h),
// so that cheap ones — Get*, Create*, Update, Delete, Merge, the directory listings, the change
// feed — always find one, however many costly calls run.
//
// Costly: ListEvents, ExportEvents and CountEvents whose filter searches text (text, title,
// summary, quote, source.publisher: unindexed substring matches over every selected event),
// ListRelatedActors (aggregates over an actor's events) and every ingest stream.
#pragma once

#include "domain/event_query.h"

namespace timeline::storage {

enum class CallCost { kCheap, kCostly };

// ListEvents, ExportEvents (each batch) and CountEvents.
CallCost SelectionCost(const domain::EventSelection& selection);

inline constexpr CallCost kRelatedActorsCost = CallCost::kCostly;
inline constexpr CallCost kIngestCost = CallCost::kCostly;

}  // namespace timeline::storage
