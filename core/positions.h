// Where an id sits in a vector sorted by id (clients, invoices), for the
// passes over a whole ledger.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

namespace relance::detail {

constexpr std::uint32_t kNone = UINT32_MAX;

// Where an id sits in a vector sorted by id. Ids are handed out 1, 2, 3...,
// so a direct table gives the position in one memory access (a binary search
// over a million 352-byte invoices is ~20 cache misses). When the ids are
// sparse, or not strictly increasing (a hand-edited file), it answers as
// find_client() / find_invoice() do, by binary search.
template <class T>
class Positions {
 public:
  explicit Positions(const std::vector<T>& items) : items_(items) {
    if (items.empty() || items.size() >= kNone) return;
    const std::int64_t max_id = items.back().id;
    if (max_id <= 0 || max_id > 2 * static_cast<std::int64_t>(items.size()) + 1024) return;
    table_.assign(static_cast<std::size_t>(max_id) + 1, kNone);
    std::int64_t prev = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::int64_t id = items[i].id;
      if (id <= prev) {  // not strictly increasing: binary search, as find_*() does
        table_.clear();
        return;
      }
      table_[static_cast<std::size_t>(id)] = static_cast<std::uint32_t>(i);
      prev = id;
    }
  }
  std::uint32_t operator()(std::int64_t id) const {
    if (!table_.empty())
      return id > 0 && static_cast<std::uint64_t>(id) < table_.size() ? table_[static_cast<std::size_t>(id)] : kNone;
    auto it = std::lower_bound(items_.begin(), items_.end(), id, [](const T& x, std::int64_t v) { return x.id < v; });
    return it != items_.end() && it->id == id ? static_cast<std::uint32_t>(it - items_.begin()) : kNone;
  }

 private:
  const std::vector<T>& items_;
  std::vector<std::uint32_t> table_;
};

}  // namespace relance::detail
