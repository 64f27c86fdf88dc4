// What every handler shares: the size and UTF-8 checks every request passes first, answering
// from a StatusOr, and the checks of the Create* RPCs (the
// optional client-chosen id and the AIP-155 request_id).
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "api/status_mapping.h"
#include "domain/field_checks.h"
#include "domain/page_token.h"
#include "domain/request_limits.h"
#include "domain/resource_name.h"
#include "domain/validation.h"
#include "storage/repository.h"

namespace timeline::api {

// Every handler's first line: a request with an oversized field, too many values in a repeated
// field, or text that is not UTF-8 goes no further (domain/request_limits.h).
inline grpc::Status CheckLimits(const google::protobuf::Message& request) {
  return ToGrpcStatus(domain::CheckRequestLimits(request));
}

// Moves a result into the response, or maps its error.
template <typename T>
grpc::Status Reply(absl::StatusOr<T> result, T* response) {
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

// Moves a page of results into a List* response, with a token for the next page if any.
template <typename Item, typename Response>
void FillPage(storage::Page<Item> page, const std::string& fingerprint,
              const domain::PageTokenCodec& tokens, google::protobuf::RepeatedPtrField<Item>* items,
              Response* response) {
  for (Item& item : page.items) *items->Add() = std::move(item);
  if (page.next) {
    page.next->fingerprint = fingerprint;
    response->set_next_page_token(tokens.Encode(*page.next));
  }
}

// The id to create under: the client's (validated) or a generated one.
inline absl::StatusOr<std::string> IdForCreate(absl::string_view requested,
                                               absl::string_view field) {
  if (requested.empty()) return domain::GenerateResourceId();
  if (!domain::IsValidResourceId(requested)) {
    return domain::InvalidField(std::string(field),
                                absl::StrCat(domain::Quoted(requested),
                                             " is not a valid id (1-63 characters of a-z, 0-9 "
                                             "and '-', starting with a letter)"));
  }
  return std::string(requested);
}

inline absl::Status CheckRequestId(absl::string_view request_id) {
  if (request_id.size() > 128) {
    return domain::InvalidField("request_id", "is longer than 128 characters (use a UUID)");
  }
  return absl::OkStatus();
}

}  // namespace timeline::api
