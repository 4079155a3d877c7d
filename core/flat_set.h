#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace relance {

// A set of keys for duplicate checks: open addressing with linear probing
// in one array (no node allocated per key, as std::unordered_set does:
// 200 000 of them for the numbers and payments of 100 000 invoices). Keys
// are small values or views of strings that outlive the set.
template <class Key>
class FlatSet {
 public:
  explicit FlatSet(std::size_t expected) { resize(expected); }
  // False when the key was already there.
  bool insert(const Key& k) {
    if (2 * (size_ + 1) > keys_.size()) {
      FlatSet bigger(2 * keys_.size());
      for (std::size_t i = 0; i < keys_.size(); ++i)
        if (used_[i]) bigger.insert(keys_[i]);
      *this = std::move(bigger);
    }
    for (std::size_t i = slot(k);; i = (i + 1) & mask_) {
      if (!used_[i]) {
        used_[i] = 1;
        keys_[i] = k;
        ++size_;
        return true;
      }
      if (keys_[i] == k) return false;
    }
  }

 private:
  void resize(std::size_t expected) {
    std::size_t cap = 16;
    while (cap < 2 * expected) cap <<= 1;
    keys_.assign(cap, Key{});
    used_.assign(cap, 0);
    mask_ = cap - 1;
  }
  std::size_t slot(const Key& k) const {
    // Fibonacci hashing over std::hash, so that ids 1, 2, 3... or multiples
    // of a power of two spread over the whole table.
    const std::uint64_t h = static_cast<std::uint64_t>(std::hash<Key>{}(k)) * 0x9E3779B97F4A7C15ull;
    return static_cast<std::size_t>(h >> 32) & mask_;
  }

  std::vector<Key> keys_;
  std::vector<unsigned char> used_;
  std::size_t mask_ = 0, size_ = 0;
};

}  // namespace relance
