#include "grpc_sender.h"

#include <grpcpp/grpcpp.h>

#include <chrono>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "timeline/v1/ingest.grpc.pb.h"

namespace timeline::ingest {
namespace {

// Results of a 10,000-record batch, with notes, can pass the default 4 MB.
constexpr int kMaxResponseBytes = 64 << 20;

absl::Status ToAbslStatus(const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

std::vector<Note> ToNotes(const google::protobuf::RepeatedPtrField<v1::IngestNote>& notes) {
  std::vector<Note> out;
  out.reserve(notes.size());
  for (const v1::IngestNote& note : notes) {
    out.push_back({FieldWithinRecord(note.field()), note.code(), note.message()});
  }
  return out;
}

RecordOutcome ToOutcome(const v1::IngestResult& result) {
  return {result.outcome(), ToNotes(result.errors()), ToNotes(result.warnings())};
}

RecordOutcome ToOutcome(const v1::IngestPlaceResult& result) {
  return {result.outcome(), ToNotes(result.errors()), {}};
}

void AddRecords(const Batch& batch, size_t begin, size_t end, v1::IngestEventsRequest* request) {
  for (size_t i = begin; i < end; ++i) *request->add_records() = batch.events[i];
}

void AddRecords(const Batch& batch, size_t begin, size_t end, v1::IngestPlacesRequest* request) {
  for (size_t i = begin; i < end; ++i) *request->add_places() = batch.rows[i];
}

void SetOptions(const GrpcSenderOptions& options, v1::IngestEventsRequest* request) {
  request->set_validate_only(options.validate_only);
  request->set_strict(options.strict);
}

void SetOptions(const GrpcSenderOptions& options, v1::IngestPlacesRequest* request) {
  request->set_validate_only(options.validate_only);
}

class GrpcBatchSender : public BatchSender {
 public:
  explicit GrpcBatchSender(const GrpcSenderOptions& options)
      : options_(options),
        channel_(NewChannel(options)),
        stub_(v1::IngestService::NewStub(channel_)) {}

  absl::StatusOr<std::vector<RecordOutcome>> Send(const Batch& batch,
                                                  absl::Time wait_for_server_until) override {
    const bool wait = wait_for_server_until > absl::InfinitePast();
    if (wait && !channel_->WaitForConnected(absl::ToChronoTime(wait_for_server_until))) {
      return absl::UnavailableError(
          absl::StrCat("no connection to ", options_.server, " by the end of the retry budget"));
    }
    if (batch.places) {
      return Stream<v1::IngestPlacesRequest, v1::IngestPlacesResponse>(
          batch, wait, [&](grpc::ClientContext* context, v1::IngestPlacesResponse* response) {
            return stub_->IngestPlaces(context, response);
          });
    }
    return Stream<v1::IngestEventsRequest, v1::IngestEventsResponse>(
        batch, wait, [&](grpc::ClientContext* context, v1::IngestEventsResponse* response) {
          return stub_->IngestEvents(context, response);
        });
  }

 private:
  static std::shared_ptr<grpc::ChannelCredentials> Credentials(const GrpcSenderOptions& options) {
    if (!options.tls) return grpc::InsecureChannelCredentials();
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = options.tls_ca;
    return grpc::SslCredentials(ssl);
  }

  static std::shared_ptr<grpc::Channel> NewChannel(const GrpcSenderOptions& options) {
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(kMaxResponseBytes);
    // Reconnect about as often as the job retries, rather than backing off to gRPC's 2 minutes.
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 10000);
    return grpc::CreateCustomChannel(options.server, Credentials(options), args);
  }

  // `wait_for_ready` (retries): should the connection drop again between WaitForConnected and
  // the call, the call waits for it within its deadline instead of failing at once.
  template <typename Request, typename Response, typename Open>
  absl::StatusOr<std::vector<RecordOutcome>> Stream(const Batch& batch, bool wait_for_ready,
                                                    Open open) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         absl::ToChronoMilliseconds(options_.rpc_timeout));
    context.set_wait_for_ready(wait_for_ready);
    if (!options_.auth_token.empty()) {
      context.AddMetadata("authorization", absl::StrCat("Bearer ", options_.auth_token));
    }
    Response response;
    std::unique_ptr<grpc::ClientWriter<Request>> writer = open(&context, &response);
    bool first = true;
    for (const auto& [begin, end] : SplitIntoMessages(RecordSizes(batch))) {
      Request request;
      if (first) {
        request.set_request_id(batch.request_id);
        request.set_after_request_id(batch.after_request_id);
        SetOptions(options_, &request);
        first = false;
      }
      AddRecords(batch, begin, end, &request);
      // A failed write means the call is over; Finish says why.
      if (!writer->Write(request)) break;
    }
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    if (!status.ok()) return ToAbslStatus(status);
    if (static_cast<size_t>(response.results_size()) != batch.size()) {
      return absl::InternalError(absl::StrCat("the server answered ", response.results_size(),
                                              " results for ", batch.size(), " records"));
    }
    std::vector<RecordOutcome> outcomes;
    outcomes.reserve(batch.size());
    for (const auto& result : response.results()) outcomes.push_back(ToOutcome(result));
    return outcomes;
  }

  GrpcSenderOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::IngestService::Stub> stub_;
};

}  // namespace

std::unique_ptr<BatchSender> NewGrpcBatchSender(const GrpcSenderOptions& options) {
  return std::make_unique<GrpcBatchSender>(options);
}

std::string FieldWithinRecord(absl::string_view field) {
  for (absl::string_view list : {"records[", "places["}) {
    if (!absl::StartsWith(field, list)) continue;
    const size_t close = field.find(']');
    if (close == absl::string_view::npos) break;
    absl::string_view rest = field.substr(close + 1);
    if (absl::StartsWith(rest, ".")) rest.remove_prefix(1);
    return std::string(rest);
  }
  return std::string(field);
}

}  // namespace timeline::ingest
