// Reading a List* call to its end the way a client does: page after page, following
// next_page_token, for the integration tests (over a real server) and the handler unit tests
// (calling the handlers directly) alike.
#pragma once

#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"

namespace timeline::testing {

// Enough pages for any listing of the tests' data; a listing that goes on longer is a bug.
inline constexpr int kMaxPages = 10'000;

// Calls `list(request, &response)` (a grpc::Status) for `request` and then for each next page,
// asking for `later_page_size` items after the first page when given, and collects the items
// `items_of(response)` holds. Every page is expected to succeed and to hold no more items than
// the request's page_size; `sizes` receives the number of items of each page.
template <typename Response, typename Request, typename List, typename ItemsOf>
auto FollowPageItems(Request request, List list, ItemsOf items_of, std::vector<int>& sizes,
                     std::optional<int> later_page_size = std::nullopt) {
  std::vector<std::decay_t<decltype(*items_of(Response()).begin())>> all;
  for (int page = 0; page < kMaxPages; ++page) {
    Response response;
    grpc::Status status = list(request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) break;
    const auto& items = items_of(response);
    if (request.page_size() > 0) {
      EXPECT_LE(items.size(), request.page_size()) << "page " << page;
    }
    all.insert(all.end(), items.begin(), items.end());
    sizes.push_back(items.size());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
    // The token is bound to the request's other fields (AIP-158): page_size may change.
    if (later_page_size) request.set_page_size(*later_page_size);
  }
  return all;
}

// An item's resource name: its own, or for a related actor (which has none) the actor's.
template <typename Item>
std::string NameOf(const Item& item) {
  if constexpr (requires { item.name(); }) {
    return item.name();
  } else {
    return item.actor();
  }
}

// FollowPageItems, keeping the resource name of each item.
template <typename Response, typename Request, typename List, typename ItemsOf>
std::vector<std::string> FollowPages(Request request, List list, ItemsOf items_of,
                                     std::vector<int>& sizes,
                                     std::optional<int> later_page_size = std::nullopt) {
  std::vector<std::string> names;
  for (const auto& item :
       FollowPageItems<Response>(std::move(request), list, items_of, sizes, later_page_size)) {
    names.push_back(NameOf(item));
  }
  return names;
}

// Expects every page but the last to have held as many items as it asked for: `first_size` for
// the first page, `rest_size` for the others.
inline void ExpectFullPagesButTheLast(const std::vector<int>& sizes, int first_size,
                                      int rest_size) {
  for (size_t i = 0; i + 1 < sizes.size(); ++i) {
    EXPECT_EQ(sizes[i], i == 0 ? first_size : rest_size) << "page " << i << " is not full";
  }
}

}  // namespace timeline::testing
