#include "ingest/ingest_places.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/resource_name.h"
#include "ingest/stream_responses.h"

namespace timeline::ingest {

absl::StatusOr<v1::IngestPlacesResponse> IngestPlaces(storage::Repository& repo,
                                                      const storage::CallContext& ctx,
                                                      const IngestBatch& batch,
                                                      const std::vector<IngestPlaceItem>& items) {
  storage::IngestOptions options;
  options.commit = !batch.validate_only;
  options.gazetteer = true;
  return AnswerStream<v1::IngestPlacesResponse>(
      repo, ctx, options, "IngestPlaces", batch,
      [&](storage::IngestTransaction& tx, v1::IngestPlacesResponse& response) {
        std::vector<const v1::IngestPlace*> rows;
        for (const IngestPlaceItem& item : items) {
          if (item.errors.empty()) rows.push_back(&item.place);
        }
        std::vector<storage::GazetteerUpsert> upserts = tx.UpsertGazetteerPlaces(rows);
        size_t next = 0;
        for (size_t i = 0; i < items.size(); ++i) {
          v1::IngestPlaceResult result;
          result.set_index(static_cast<int>(i));
          for (const auto& e : items[i].errors) *result.add_errors() = e;
          if (items[i].errors.empty() && upserts[next].error) {
            v1::IngestNote& error = *upserts[next++].error;
            error.set_field(absl::StrCat("places[", i, "].", error.field()));
            *result.add_errors() = std::move(error);
          }
          if (result.errors_size() > 0) {
            result.set_outcome(v1::IngestResult::REJECTED);
          } else {
            storage::GazetteerUpsert& upsert = upserts[next++];
            result.set_outcome(upsert.outcome);
            result.set_place(domain::ResourceName(domain::kPlaces, upsert.resource_id));
            std::vector<v1::IngestNote> warnings = items[i].warnings;
            for (v1::IngestNote& w : upsert.warnings) warnings.push_back(std::move(w));
            for (v1::IngestNote& w : warnings) {
              if (w.field().empty()) w.set_field(absl::StrCat("places[", i, "]"));
              *result.add_warnings() = std::move(w);
            }
          }
          AddResult(response, std::move(result));
        }
      });
}

}  // namespace timeline::ingest
