#include "api/call_audit.h"

#include <openssl/rand.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "api/auth_processor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace timeline::api {
namespace {

using grpc::experimental::InterceptionHookPoints;
using Metadata = std::multimap<grpc::string_ref, grpc::string_ref>;

absl::string_view ToView(grpc::string_ref ref) { return {ref.data(), ref.size()}; }

// The request's AIP-155 request_id, if the message has one (a string field of that name).
std::optional<std::string> BodyRequestId(const google::protobuf::Message& message) {
  const google::protobuf::FieldDescriptor* field =
      message.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr || field->is_repeated() ||
      field->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
    return std::nullopt;
  }
  std::string id = message.GetReflection()->GetString(message, field);
  if (!IsValidRequestId(id)) return std::nullopt;  // empty, or the handler refuses it
  return id;
}

class AuditInterceptor final : public grpc::experimental::Interceptor {
 public:
  AuditInterceptor(grpc::experimental::ServerRpcInfo* info, AuditSink& sink)
      : info_(info), sink_(sink), start_(std::chrono::steady_clock::now()) {}

  ~AuditInterceptor() override {
    // A call whose status was never sent (the caller went away first).
    if (!written_) Write(grpc::StatusCode::CANCELLED);
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      Metadata* metadata = methods->GetRecvInitialMetadata();
      SetRequestId(RequestIdFrom(*metadata), *metadata);
      NoteCaller();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      TakeBodyRequestId(methods->GetRecvMessage());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(kRequestIdHeader, request_id_);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Write(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  // The first message's request_id, for the calls whose handler has not started yet: unary and
  // server-streaming calls, whose one message arrives before the handler runs, and
  // client-streaming ones, whose handler reads the settings before it uses a CallContext.
  void TakeBodyRequestId(void* received) {
    if (received == nullptr || seen_message_) return;
    seen_message_ = true;
    // Every service here uses full (not lite) protobuf messages; gRPC hands them over untyped.
    auto* message = static_cast<google::protobuf::Message*>(received);
    std::optional<std::string> id = BodyRequestId(*message);
    auto* context = static_cast<grpc::ServerContext*>(info_->server_context());
    if (id) SetRequestId(*std::move(id), const_cast<Metadata&>(context->client_metadata()));
  }

  // Leaves `id` as the call's only x-request-id header. The metadata refers to the string, which
  // lives as long as the call's context (interceptors are destroyed with it).
  void SetRequestId(std::string id, Metadata& metadata) {
    metadata.erase(grpc::string_ref(kRequestIdHeader));
    request_id_ = std::move(id);
    metadata.emplace(grpc::string_ref(kRequestIdHeader), grpc::string_ref(request_id_));
  }

  // Taken early: a call may end while its context is being torn down.
  void NoteCaller() {
    grpc::ServerContextBase* context = info_->server_context();
    const Identity identity = IdentityOf(*context);
    record_.principal = identity.principal;
    record_.role = std::string(RoleName(identity.role));
    record_.peer = context->peer();
  }

  void Write(grpc::StatusCode code) {
    written_ = true;
    AuditRecord record = record_;
    record.method = info_->method();
    record.code = StatusCodeName(code);
    record.duration_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_)
            .count();
    record.request_id = request_id_;
    sink_.Write(record);
  }

  grpc::experimental::ServerRpcInfo* info_;
  AuditSink& sink_;
  const std::chrono::steady_clock::time_point start_;
  std::string request_id_;
  AuditRecord record_;  // who called, from where
  bool seen_message_ = false;
  bool written_ = false;
};

}  // namespace

void StderrAuditSink::Write(const AuditRecord& record) {
  std::string line = FormatAuditLine(record);
  line += '\n';
  std::lock_guard<std::mutex> lock(mu_);
  std::cerr << line << std::flush;
}

std::string FormatAuditLine(const AuditRecord& record) {
  google::protobuf::Struct line;
  auto& fields = *line.mutable_fields();
  fields["method"].set_string_value(record.method);
  fields["principal"].set_string_value(record.principal);
  fields["role"].set_string_value(record.role);
  fields["code"].set_string_value(record.code);
  fields["duration_ms"].set_number_value(std::round(record.duration_ms * 1000) / 1000);
  fields["request_id"].set_string_value(record.request_id);
  fields["peer"].set_string_value(record.peer);
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(line, &json).ok()) return "{}";
  return json;
}

std::string StatusCodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

bool IsValidRequestId(absl::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return c > ' ' && c <= '~'; });
}

std::string NewRequestId() {
  unsigned char bytes[16];
  RAND_bytes(bytes, sizeof bytes);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(bytes), sizeof bytes));
}

std::string RequestIdFrom(const Metadata& metadata) {
  auto header = metadata.find(grpc::string_ref(kRequestIdHeader));
  if (header != metadata.end() && IsValidRequestId(ToView(header->second))) {
    return std::string(ToView(header->second));
  }
  return NewRequestId();
}

std::string RequestIdOf(const grpc::ServerContext& context) {
  auto header = context.client_metadata().find(grpc::string_ref(kRequestIdHeader));
  if (header == context.client_metadata().end() || !IsValidRequestId(ToView(header->second))) {
    return "";
  }
  return std::string(ToView(header->second));
}

grpc::experimental::Interceptor* AuditInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new AuditInterceptor(info, *sink_);
}

}  // namespace timeline::api
