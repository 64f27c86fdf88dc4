#include "api/reflection_service.h"

namespace timeline::api {
namespace {

template <typename Response>
void SetError(const absl::Status& status, Response& response) {
  response.mutable_error_response()->set_error_code(static_cast<int>(status.code()));
  response.mutable_error_response()->set_error_message(std::string(status.message()));
}

template <typename Response>
void SetFiles(const absl::StatusOr<std::vector<std::string>>& files, Response& response) {
  if (!files.ok()) return SetError(files.status(), response);
  for (const std::string& file : *files) {
    response.mutable_file_descriptor_response()->add_file_descriptor_proto(file);
  }
}

// One answer of the protocol; the same code for v1 and v1alpha, whose messages differ only in
// their package.
template <typename Request, typename Response>
void Answer(const DescriptorIndex& index, const Request& request, Response& response) {
  response.set_valid_host(request.host());
  *response.mutable_original_request() = request;
  switch (request.message_request_case()) {
    case Request::kFileByFilename:
      return SetFiles(index.FileByName(request.file_by_filename()), response);
    case Request::kFileContainingSymbol:
      return SetFiles(index.FileContainingSymbol(request.file_containing_symbol()), response);
    case Request::kFileContainingExtension:
      return SetFiles(
          index.FileContainingExtension(request.file_containing_extension().containing_type(),
                                        request.file_containing_extension().extension_number()),
          response);
    case Request::kAllExtensionNumbersOfType: {
      absl::StatusOr<std::vector<int>> numbers =
          index.ExtensionNumbers(request.all_extension_numbers_of_type());
      if (!numbers.ok()) return SetError(numbers.status(), response);
      auto* answer = response.mutable_all_extension_numbers_response();
      answer->set_base_type_name(request.all_extension_numbers_of_type());
      for (int number : *numbers) answer->add_extension_number(number);
      return;
    }
    case Request::kListServices:
      for (const std::string& name : index.ServiceNames()) {
        response.mutable_list_services_response()->add_service()->set_name(name);
      }
      return;
    default:
      return SetError(absl::InvalidArgumentError("message_request: none of its fields is set"),
                      response);
  }
}

// Reads a request, writes its answer, until the client half-closes.
template <typename Request, typename Response>
class ReflectionReactor final : public grpc::ServerBidiReactor<Request, Response> {
 public:
  explicit ReflectionReactor(const DescriptorIndex& index) : index_(index) {
    this->StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) return this->Finish(grpc::Status::OK);
    response_.Clear();
    Answer(index_, request_, response_);
    this->StartWrite(&response_);
  }

  void OnWriteDone(bool ok) override {
    if (!ok) return this->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "client went away"));
    this->StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  const DescriptorIndex& index_;
  Request request_;
  Response response_;
};

}  // namespace

grpc::ServerBidiReactor<grpc::reflection::v1::ServerReflectionRequest,
                        grpc::reflection::v1::ServerReflectionResponse>*
ReflectionService::ServerReflectionInfo(grpc::CallbackServerContext*) {
  return new ReflectionReactor<grpc::reflection::v1::ServerReflectionRequest,
                               grpc::reflection::v1::ServerReflectionResponse>(index_);
}

grpc::ServerBidiReactor<grpc::reflection::v1alpha::ServerReflectionRequest,
                        grpc::reflection::v1alpha::ServerReflectionResponse>*
ReflectionServiceV1Alpha::ServerReflectionInfo(grpc::CallbackServerContext*) {
  return new ReflectionReactor<grpc::reflection::v1alpha::ServerReflectionRequest,
                               grpc::reflection::v1alpha::ServerReflectionResponse>(index_);
}

}  // namespace timeline::api
