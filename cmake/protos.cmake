# Generates C++ code for the API protos and the third-party protos they use.
#
# google/rpc/{status,error_details}.proto (AIP-193 error details) are not packaged by Debian; they
# are taken at configure time from the googleapis-common-protos wheel on PyPI, pinned, into
# .cache/ in the source tree, so repeated configures and build folders share one download.
# grpc/health/v1/health.proto comes from Debian's grpc-proto package: compiling it ourselves gives
# the health service a descriptor, so `grpcurl describe grpc.health.v1.Health` works.

set(TIMELINE_GOOGLEAPIS_VERSION "1.65.0")
set(TIMELINE_GOOGLEAPIS_DIR
    "${CMAKE_SOURCE_DIR}/.cache/googleapis-common-protos-${TIMELINE_GOOGLEAPIS_VERSION}")
if(NOT EXISTS "${TIMELINE_GOOGLEAPIS_DIR}/google/rpc/error_details.proto")
  message(STATUS "Fetching googleapis-common-protos ${TIMELINE_GOOGLEAPIS_VERSION} from PyPI")
  find_package(Python3 REQUIRED COMPONENTS Interpreter)
  set(_wheel_dir "${CMAKE_SOURCE_DIR}/.cache/wheels")
  execute_process(
    COMMAND "${Python3_EXECUTABLE}" -m pip download --quiet --no-deps --only-binary=:all:
            --dest "${_wheel_dir}" "googleapis-common-protos==${TIMELINE_GOOGLEAPIS_VERSION}"
    RESULT_VARIABLE _pip_result)
  if(NOT _pip_result EQUAL 0)
    message(FATAL_ERROR "pip download of googleapis-common-protos failed")
  endif()
  file(GLOB _wheel "${_wheel_dir}/googleapis_common_protos-${TIMELINE_GOOGLEAPIS_VERSION}-*.whl")
  file(ARCHIVE_EXTRACT INPUT "${_wheel}" DESTINATION "${TIMELINE_GOOGLEAPIS_DIR}"
       PATTERNS "google/rpc/*.proto")
endif()

set(TIMELINE_GRPC_PROTO_DIR "/usr/share/grpc-proto" CACHE PATH "Debian grpc-proto include dir")
set(_gen "${CMAKE_BINARY_DIR}/gen")
file(MAKE_DIRECTORY "${_gen}")

get_target_property(_grpc_cpp_plugin gRPC::grpc_cpp_plugin LOCATION)

# timeline_generate(<out-var> <include-root> <proto relative to root> [GRPC])
# Every generated .grpc.pb.h includes service/api/request_serialization_traits.h, which makes gRPC
# read requests with api/request_parsing.h (text that is not UTF-8 is reported as INVALID_ARGUMENT
# naming the field instead of failing the call). All of them must include it: it specializes how
# gRPC reads any message of a unary call, and every file that reads one must agree.
function(timeline_generate out_var root rel)
  cmake_parse_arguments(ARG "GRPC" "" "" ${ARGN})
  string(REGEX REPLACE "\\.proto$" "" base "${rel}")
  set(outs "${_gen}/${base}.pb.cc" "${_gen}/${base}.pb.h")
  set(plugin_args "")
  if(ARG_GRPC)
    list(APPEND outs "${_gen}/${base}.grpc.pb.cc" "${_gen}/${base}.grpc.pb.h")
    set(grpc_out "additional_header_includes=api/request_serialization_traits.h:${_gen}")
    set(plugin_args "--grpc_out=${grpc_out}" "--plugin=protoc-gen-grpc=${_grpc_cpp_plugin}")
  endif()
  add_custom_command(
    OUTPUT ${outs}
    COMMAND protobuf::protoc
      "--proto_path=${CMAKE_SOURCE_DIR}/proto"
      "--proto_path=${TIMELINE_GOOGLEAPIS_DIR}"
      "--proto_path=${TIMELINE_GRPC_PROTO_DIR}"
      "--cpp_out=${_gen}" ${plugin_args} "${root}/${rel}"
    DEPENDS "${root}/${rel}" protobuf::protoc
    COMMENT "protoc ${rel}"
    VERBATIM)
  set(${out_var} ${${out_var}} ${outs} PARENT_SCOPE)
endfunction()

set(TIMELINE_API_PROTOS
  timeline/v1/actor.proto
  timeline/v1/date.proto
  timeline/v1/event.proto
  timeline/v1/ingest.proto
  timeline/v1/place.proto
  timeline/v1/source.proto
  timeline/v1/time.proto
)
set(_proto_srcs "")
foreach(p IN LISTS TIMELINE_API_PROTOS)
  timeline_generate(_proto_srcs "${CMAKE_SOURCE_DIR}/proto" "${p}" GRPC)
endforeach()
timeline_generate(_proto_srcs "${CMAKE_SOURCE_DIR}/proto" timeline/seed/v1/seed.proto)
timeline_generate(_proto_srcs "${TIMELINE_GOOGLEAPIS_DIR}" google/rpc/status.proto)
timeline_generate(_proto_srcs "${TIMELINE_GOOGLEAPIS_DIR}" google/rpc/error_details.proto)
timeline_generate(_proto_srcs "${TIMELINE_GRPC_PROTO_DIR}" grpc/health/v1/health.proto GRPC)
# Server reflection is answered by our own handler (service/api/reflection_service.h) from the
# descriptor set below, so that it carries the protos' comments.
set(TIMELINE_REFLECTION_PROTOS
  grpc/reflection/v1/reflection.proto
  grpc/reflection/v1alpha/reflection.proto
)
foreach(p IN LISTS TIMELINE_REFLECTION_PROTOS)
  timeline_generate(_proto_srcs "${TIMELINE_GRPC_PROTO_DIR}" "${p}" GRPC)
endforeach()

# The descriptor set of everything the server answers — the API, health, reflection and the error
# details — with
# imports and source info (comments). It is written to the build folder as timeline.protoset, for
# clients and tools that cannot use reflection (`grpcurl -protoset`), and compiled into the server
# (timeline/v1/served_descriptors.h), which answers reflection from it.
set(_served_proto_paths "")
foreach(p IN LISTS TIMELINE_API_PROTOS)
  list(APPEND _served_proto_paths "${CMAKE_SOURCE_DIR}/proto/${p}")
endforeach()
list(APPEND _served_proto_paths "${TIMELINE_GRPC_PROTO_DIR}/grpc/health/v1/health.proto")
# Errors carry a google.rpc.BadRequest; reflection must describe it for grpcurl to print it.
list(APPEND _served_proto_paths "${TIMELINE_GOOGLEAPIS_DIR}/google/rpc/error_details.proto")
foreach(p IN LISTS TIMELINE_REFLECTION_PROTOS)
  list(APPEND _served_proto_paths "${TIMELINE_GRPC_PROTO_DIR}/${p}")
endforeach()
set(_protoset "${CMAKE_BINARY_DIR}/timeline.protoset")
add_custom_command(
  OUTPUT "${_protoset}"
  COMMAND protobuf::protoc "--proto_path=${CMAKE_SOURCE_DIR}/proto"
    "--proto_path=${TIMELINE_GRPC_PROTO_DIR}" "--proto_path=${TIMELINE_GOOGLEAPIS_DIR}"
    --include_imports --include_source_info "--descriptor_set_out=${_protoset}"
    ${_served_proto_paths}
  DEPENDS ${_served_proto_paths} protobuf::protoc
  COMMENT "protoset timeline.protoset"
  VERBATIM)
set(_served_cc "${_gen}/timeline/v1/served_descriptors.cc")
add_custom_command(
  OUTPUT "${_served_cc}" "${_gen}/timeline/v1/served_descriptors.h"
  COMMAND "${CMAKE_COMMAND}" "-DINPUT=${_protoset}" "-DOUTPUT_DIR=${_gen}/timeline/v1"
    -P "${CMAKE_SOURCE_DIR}/cmake/embed_descriptor_set.cmake"
  DEPENDS "${_protoset}" "${CMAKE_SOURCE_DIR}/cmake/embed_descriptor_set.cmake"
  COMMENT "embedding timeline.protoset"
  VERBATIM)
list(APPEND _proto_srcs "${_served_cc}")

# Reading requests off the wire (see timeline_generate above). Needs no generated code, so the generated code
# can depend on it.
add_library(timeline_request_parsing STATIC
  service/api/request_parsing.cc
  service/domain/utf8_repair.cc
)
target_include_directories(timeline_request_parsing PUBLIC "${CMAKE_SOURCE_DIR}/service")
target_link_libraries(timeline_request_parsing PUBLIC protobuf::libprotobuf gRPC::grpc++
                      absl::strings ICU::uc)

add_library(timeline_proto STATIC ${_proto_srcs})
target_include_directories(timeline_proto SYSTEM PUBLIC "${_gen}")
target_link_libraries(timeline_proto PUBLIC protobuf::libprotobuf gRPC::grpc++
                      timeline_request_parsing)
# Generated code is not ours to fix.
target_compile_options(timeline_proto PRIVATE -w)
