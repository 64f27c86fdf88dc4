# Writes served_descriptors.{h,cc} into OUTPUT_DIR: the bytes of the descriptor set INPUT as a
# constant the server links in, so reflection needs no file at run time.
#   cmake -DINPUT=timeline.protoset -DOUTPUT_DIR=... -P embed_descriptor_set.cmake
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
# 0x.., per byte, 32 bytes per line.
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x..,){32})" "\\1\n    " bytes "${bytes}")

file(WRITE "${OUTPUT_DIR}/served_descriptors.h" [=[
// The descriptor set of every service timelined answers (the API, health, reflection), with the
// protos' comments: generated from timeline.protoset by cmake/embed_descriptor_set.cmake.
#pragma once

#include <string_view>

namespace timeline::v1 {

// A serialized google.protobuf.FileDescriptorSet, dependencies before dependants.
std::string_view ServedDescriptorSet();

}  // namespace timeline::v1
]=])

file(WRITE "${OUTPUT_DIR}/served_descriptors.cc" "\
// Generated from timeline.protoset by cmake/embed_descriptor_set.cmake; do not edit.
#include \"timeline/v1/served_descriptors.h\"

namespace timeline::v1 {
namespace {
constexpr unsigned char kServedDescriptorSet[${size}] = {
    ${bytes}
};
}  // namespace

std::string_view ServedDescriptorSet() {
  return {reinterpret_cast<const char*>(kServedDescriptorSet), sizeof kServedDescriptorSet};
}

}  // namespace timeline::v1
")
