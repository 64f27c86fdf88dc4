#include "api/date_service.h"

#include "absl/strings/str_cat.h"
#include "api/handler_support.h"
#include "api/status_mapping.h"
#include "domain/date_finding.h"
#include "normalize/date/date_extraction.h"

namespace timeline::api {

DateService::DateService(DateServiceOptions options)
    : slots_({.capacity = options.slots,
              .reserve = 0,
              .queue_limit = options.queue_limit,
              .slot_name = "date-search slot"}) {}

grpc::Status DateService::ParseDates(grpc::ServerContext* context,
                                     const v1::ParseDatesRequest* request,
                                     v1::ParseDatesResponse* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  absl::StatusOr<normalize::DateContext> dates = domain::DateContextFromRequest(*request);
  if (!dates.ok()) return ToGrpcStatus(dates.status());

  const storage::CallContext call = ContextFrom(*context);
  absl::StatusOr<storage::AdmissionQueue::Ticket> slot =
      slots_.Admit(storage::CallCost::kCheap, call.deadline, call.cancelled);
  if (!slot.ok()) return ToGrpcStatus(slot.status());
  const auto stop = [&] { return call.cancelled() || absl::Now() >= call.deadline; };
  std::optional<std::vector<normalize::FoundDate>> found =
      normalize::FindDatesUnlessStopped(request->text(), *dates, stop);
  if (!found) {
    if (call.cancelled()) return grpc::Status(grpc::StatusCode::CANCELLED, "the caller cancelled");
    return grpc::Status(
        grpc::StatusCode::DEADLINE_EXCEEDED,
        absl::StrCat("the deadline passed while searching the ", request->text().size(),
                     " bytes of `text` for dates; retry with a longer deadline"));
  }
  *response = domain::ParseDatesResponseOf(*found);
  return grpc::Status::OK;
}

}  // namespace timeline::api
