// gRPC server reflection, grpc.reflection.v1 and its predecessor v1alpha, answered from a
// DescriptorIndex: the server's own descriptor set, which keeps the protos' comments, so that
// `grpcurl describe` explains each message and field. (gRPC's reflection plugin answers from the
// generated code's descriptors, which carry no comments.) Callback API: an open reflection
// stream holds no server thread.
#pragma once

#include "api/descriptor_index.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace timeline::api {

class ReflectionService final : public grpc::reflection::v1::ServerReflection::CallbackService {
 public:
  explicit ReflectionService(const DescriptorIndex& index) : index_(index) {}

  grpc::ServerBidiReactor<grpc::reflection::v1::ServerReflectionRequest,
                          grpc::reflection::v1::ServerReflectionResponse>*
  ServerReflectionInfo(grpc::CallbackServerContext* context) override;

 private:
  const DescriptorIndex& index_;
};

// The same protocol under its pre-release name, which older tools still ask for.
class ReflectionServiceV1Alpha final
    : public grpc::reflection::v1alpha::ServerReflection::CallbackService {
 public:
  explicit ReflectionServiceV1Alpha(const DescriptorIndex& index) : index_(index) {}

  grpc::ServerBidiReactor<grpc::reflection::v1alpha::ServerReflectionRequest,
                          grpc::reflection::v1alpha::ServerReflectionResponse>*
  ServerReflectionInfo(grpc::CallbackServerContext* context) override;

 private:
  const DescriptorIndex& index_;
};

}  // namespace timeline::api
