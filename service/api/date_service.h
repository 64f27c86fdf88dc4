// DateService handler: the date finder (normalize/date/date_extraction.h) over a request's text.
// Needs no storage: checks in domain/date_finding.h, work in normalize/.
//
// Searching a text is CPU work that grows with it (a 100 KB text of nothing but date words costs
// about a second of a core), so calls take one of a few CPU slots first, in a bounded,
// deadline-aware queue (storage/admission_queue.h, the same queue that guards the database
// connections), and stop as soon as their caller's deadline passes or the caller goes away.
// Health checks and database calls thus never wait behind date searches.
#pragma once

#include "storage/admission_queue.h"
#include "timeline/v1/date.grpc.pb.h"

namespace timeline::api {

struct DateServiceOptions {
  int slots = 1;        // searches that run at once
  int queue_limit = 8;  // searches that wait at once; one more is RESOURCE_EXHAUSTED
};

class DateService final : public v1::DateService::Service {
 public:
  explicit DateService(DateServiceOptions options = {});

  grpc::Status ParseDates(grpc::ServerContext* context, const v1::ParseDatesRequest* request,
                          v1::ParseDatesResponse* response) override;

 private:
  storage::AdmissionQueue slots_;
};

}  // namespace timeline::api
