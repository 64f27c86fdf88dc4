#include "api/date_service.h"

#include "api/handler_support.h"
#include "domain/date_finding.h"
#include "normalize/date/date_extraction.h"

namespace timeline::api {

grpc::Status DateService::ParseDates(grpc::ServerContext* /*context*/,
                                     const v1::ParseDatesRequest* request,
                                     v1::ParseDatesResponse* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  absl::StatusOr<normalize::DateContext> context = domain::DateContextFromRequest(*request);
  if (!context.ok()) return ToGrpcStatus(context.status());
  *response = domain::ParseDatesResponseOf(normalize::FindDates(request->text(), *context));
  return grpc::Status::OK;
}

}  // namespace timeline::api
