// DateService handler: the date finder (normalize/date/date_extraction.h) over a request's text.
// Needs no storage: checks in domain/date_finding.h, work in normalize/.
#pragma once

#include "timeline/v1/date.grpc.pb.h"

namespace timeline::api {

class DateService final : public v1::DateService::Service {
 public:
  grpc::Status ParseDates(grpc::ServerContext* context, const v1::ParseDatesRequest* request,
                          v1::ParseDatesResponse* response) override;
};

}  // namespace timeline::api
