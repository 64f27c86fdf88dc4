#include "api/source_service.h"

#include "api/handler_support.h"
#include "domain/directory_records.h"
#include "domain/name_query.h"
#include "domain/place_source_masks.h"

namespace timeline::api {
grpc::Status SourceService::GetSource(grpc::ServerContext* context,
                                      const v1::GetSourceRequest* request, v1::Source* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  absl::StatusOr<std::string> id =
      domain::ParseResourceName(request->name(), domain::kSources, "name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  return Reply(repo_.GetSource(ContextFrom(*context), *id), response);
}

grpc::Status SourceService::ListSources(grpc::ServerContext* context,
                                        const v1::ListSourcesRequest* request,
                                        v1::ListSourcesResponse* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  absl::StatusOr<domain::NameQuery> query = domain::SourceQueryFromRequest(*request, tokens_);
  if (!query.ok()) return ToGrpcStatus(query.status());
  absl::StatusOr<storage::Page<v1::Source>> page = repo_.ListSources(ContextFrom(*context), *query);
  if (!page.ok()) return ToGrpcStatus(page.status());
  FillPage(*std::move(page), query->fingerprint, tokens_, response->mutable_sources(), response);
  return grpc::Status::OK;
}

grpc::Status SourceService::CreateSource(grpc::ServerContext* context,
                                         const v1::CreateSourceRequest* request,
                                         v1::Source* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  if (!request->has_source()) return ToGrpcStatus(domain::InvalidField("source", "is required"));
  absl::StatusOr<std::string> id = IdForCreate(request->source_id(), "source_id");
  if (!id.ok()) return ToGrpcStatus(id.status());
  if (absl::Status s = CheckRequestId(request->request_id()); !s.ok()) return ToGrpcStatus(s);
  absl::StatusOr<domain::SourceRecord> record =
      domain::SourceRecordFromProto(request->source(), "source");
  if (!record.ok()) return ToGrpcStatus(record.status());
  return Reply(repo_.CreateSource(ContextFrom(*context), *id, *record, request->request_id()),
               response);
}

grpc::Status SourceService::UpdateSource(grpc::ServerContext* context,
                                         const v1::UpdateSourceRequest* request,
                                         v1::Source* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  if (!request->has_source()) return ToGrpcStatus(domain::InvalidField("source", "is required"));
  absl::StatusOr<std::string> id =
      domain::ParseResourceName(request->source().name(), domain::kSources, "source.name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  if (absl::Status s = domain::CheckReason(request->reason()); !s.ok()) return ToGrpcStatus(s);
  auto mutation = [&](const v1::Source& current) -> absl::StatusOr<domain::SourceRecord> {
    absl::StatusOr<v1::Source> merged =
        domain::ApplySourceUpdate(current, request->source(), request->update_mask());
    if (!merged.ok()) return merged.status();
    return domain::SourceRecordFromProto(*merged, "source");
  };
  return Reply(repo_.UpdateSource(ContextFrom(*context), *id, request->source().etag(), mutation,
                                  request->reason()),
               response);
}

grpc::Status SourceService::DeleteSource(grpc::ServerContext* context,
                                         const v1::DeleteSourceRequest* request,
                                         v1::Source* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  absl::StatusOr<std::string> id =
      domain::ParseResourceName(request->name(), domain::kSources, "name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  if (absl::Status s = domain::CheckReason(request->reason()); !s.ok()) return ToGrpcStatus(s);
  return Reply(repo_.DeleteSource(ContextFrom(*context), *id, request->etag(), request->reason()),
               response);
}

}  // namespace timeline::api
