#include "served_requests.h"

#include <set>
#include <string>

#include "google/protobuf/descriptor.pb.h"
#include "gtest/gtest.h"
#include "timeline/v1/served_descriptors.h"

namespace timeline::testing {

std::vector<const google::protobuf::Descriptor*> ServedRequestTypes() {
  google::protobuf::FileDescriptorSet set;
  const std::string_view bytes = v1::ServedDescriptorSet();
  EXPECT_TRUE(set.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())));
  std::vector<const google::protobuf::Descriptor*> out;
  std::set<std::string> seen;
  for (const auto& file : set.file()) {
    if (file.package() != "timeline.v1") continue;
    for (const auto& service : file.service()) {
      for (const auto& method : service.method()) {
        const std::string name = method.input_type().substr(1);  // ".timeline.v1.X"
        if (!seen.insert(name).second) continue;
        const auto* type =
            google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(name);
        EXPECT_NE(type, nullptr) << name;
        if (type != nullptr) out.push_back(type);
      }
    }
  }
  return out;
}

}  // namespace timeline::testing
