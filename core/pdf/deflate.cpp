#include "core/pdf/deflate.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <vector>

// [SECTION] Tables and bit output
// [SECTION] Huffman code lengths (package-merge) and canonical codes
// [SECTION] LZ77 matcher
// [SECTION] Block encoder
// [SECTION] Public API

namespace relance::pdf {
namespace {

// [SECTION] Tables and bit output ---------------------------------------------

constexpr std::array<std::uint16_t, 29> kLenBase = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,
                                                    15, 17, 19, 23, 27, 31, 35, 43, 51,  59,
                                                    67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr std::array<std::uint8_t, 29> kLenExtra = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                                    2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr std::array<std::uint16_t, 30> kDistBase = {
    1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
    193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr std::array<std::uint8_t, 30> kDistExtra = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                                     6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
// Order in which code-length code lengths are stored (RFC 1951 3.2.7).
constexpr std::array<std::uint8_t, 19> kClenOrder = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                                     11, 4,  12, 3, 13, 2, 14, 1, 15};

constexpr int kLitCodes = 286;   // 0..255 literals, 256 end of block, 257..285 lengths
constexpr int kDistCodes = 30;
constexpr int kWindow = 32768;
constexpr int kMinMatch = 3;
constexpr int kMaxMatch = 258;

int length_code(int len) {  // index into kLenBase
  int c = 28;
  while (kLenBase[c] > len) --c;
  return c;
}
int dist_code(int dist) {
  int c = 29;
  while (kDistBase[c] > dist) --c;
  return c;
}

// Deflate packs bits from the least significant end; Huffman codes go in
// most-significant bit first, so they are stored bit-reversed.
class BitWriter {
 public:
  void put(std::uint32_t bits, int count) {
    acc_ |= static_cast<std::uint64_t>(bits) << fill_;
    fill_ += count;
    while (fill_ >= 8) {
      out_ += static_cast<char>(acc_ & 0xFF);
      acc_ >>= 8;
      fill_ -= 8;
    }
  }
  void align() {
    if (fill_ > 0) put(0, 8 - fill_);
  }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
  std::uint64_t acc_ = 0;
  int fill_ = 0;
};

// [SECTION] Huffman code lengths (package-merge) and canonical codes -----------

// Optimal code lengths limited to `max_bits` (package-merge). Symbols with
// zero frequency get length 0. Callers make sure at least two symbols are
// used, so every code is complete (some inflaters reject incomplete ones).
std::vector<std::uint8_t> code_lengths(const std::vector<std::uint32_t>& freq, int max_bits) {
  struct Node {
    std::uint64_t weight;
    int symbol;  // -1 for a package
    int left, right;
  };
  std::vector<std::uint8_t> lengths(freq.size(), 0);
  std::vector<Node> nodes;
  std::vector<int> leaves;
  for (std::size_t s = 0; s < freq.size(); ++s) {
    if (freq[s] > 0) {
      leaves.push_back(static_cast<int>(nodes.size()));
      nodes.push_back({freq[s], static_cast<int>(s), -1, -1});
    }
  }
  if (leaves.empty()) return lengths;
  if (leaves.size() == 1) {
    lengths[static_cast<std::size_t>(nodes[0].symbol)] = 1;
    return lengths;
  }
  std::stable_sort(leaves.begin(), leaves.end(),
                   [&](int a, int b) { return nodes[a].weight < nodes[b].weight; });
  std::vector<int> list = leaves;
  for (int level = 1; level < max_bits; ++level) {
    std::vector<int> packages;
    for (std::size_t k = 0; k + 1 < list.size(); k += 2) {
      packages.push_back(static_cast<int>(nodes.size()));
      nodes.push_back({nodes[list[k]].weight + nodes[list[k + 1]].weight, -1, list[k], list[k + 1]});
    }
    std::vector<int> merged;
    merged.reserve(leaves.size() + packages.size());
    std::merge(leaves.begin(), leaves.end(), packages.begin(), packages.end(), std::back_inserter(merged),
               [&](int a, int b) { return nodes[a].weight < nodes[b].weight; });
    list = std::move(merged);
  }
  // Each appearance of a leaf among the first 2n-2 items adds one bit to it.
  std::vector<int> stack;
  const std::size_t take = 2 * leaves.size() - 2;
  for (std::size_t k = 0; k < take && k < list.size(); ++k) {
    stack.push_back(list[k]);
    while (!stack.empty()) {
      const Node& n = nodes[static_cast<std::size_t>(stack.back())];
      stack.pop_back();
      if (n.symbol >= 0) {
        ++lengths[static_cast<std::size_t>(n.symbol)];
      } else {
        stack.push_back(n.left);
        stack.push_back(n.right);
      }
    }
  }
  return lengths;
}

// Canonical codes from lengths, already bit-reversed for the BitWriter.
std::vector<std::uint16_t> canonical_codes(const std::vector<std::uint8_t>& lengths) {
  std::array<int, 16> count{};
  for (std::uint8_t l : lengths) ++count[l];
  count[0] = 0;
  std::array<int, 16> next{};
  int code = 0;
  for (int bits = 1; bits < 16; ++bits) {
    code = (code + count[bits - 1]) << 1;
    next[bits] = code;
  }
  std::vector<std::uint16_t> codes(lengths.size(), 0);
  for (std::size_t s = 0; s < lengths.size(); ++s) {
    const int len = lengths[s];
    if (len == 0) continue;
    int c = next[len]++, rev = 0;
    for (int b = 0; b < len; ++b) rev = (rev << 1) | ((c >> b) & 1);
    codes[s] = static_cast<std::uint16_t>(rev);
  }
  return codes;
}

// Ensures at least two used symbols so the code is complete.
void ensure_two(std::vector<std::uint32_t>& freq) {
  int used = 0;
  for (std::uint32_t f : freq) used += f > 0;
  for (std::size_t s = 0; used < 2 && s < freq.size(); ++s) {
    if (freq[s] == 0) {
      freq[s] = 1;
      ++used;
    }
  }
}

// [SECTION] LZ77 matcher -------------------------------------------------------

struct Token {
  std::uint16_t lit_or_len;  // literal byte, or match length when dist > 0
  std::uint16_t dist;
};

class Matcher {
 public:
  explicit Matcher(std::string_view data)
      : d_(data), head_(1u << kHashBits, -1), prev_(static_cast<std::size_t>(kWindow), -1) {}

  void insert(std::size_t i) {
    if (i + 2 >= d_.size()) return;
    const std::uint32_t h = hash(i);
    prev_[i & (kWindow - 1)] = head_[h];
    head_[h] = static_cast<int>(i);
  }

  // Longest earlier match for position i (not yet inserted): {length, distance}.
  std::pair<int, int> find(std::size_t i) const {
    int best_len = 0, best_dist = 0;
    if (i + kMinMatch > d_.size()) return {0, 0};
    const int max_len = static_cast<int>(std::min<std::size_t>(kMaxMatch, d_.size() - i));
    int cand = head_[hash(i)];
    for (int chain = 0; cand >= 0 && chain < kMaxChain; ++chain) {
      const auto dist = static_cast<int>(i) - cand;
      if (dist > kWindow || dist <= 0) break;
      const char* a = d_.data() + i;
      const char* b = d_.data() + cand;
      if (b[best_len] == a[best_len]) {
        int len = 0;
        while (len < max_len && a[len] == b[len]) ++len;
        if (len > best_len) {
          best_len = len;
          best_dist = dist;
          if (len >= max_len) break;
        }
      }
      const int next = prev_[static_cast<std::size_t>(cand) & (kWindow - 1)];
      if (next >= cand) break;  // slot reused by a newer position: chain ended
      cand = next;
    }
    if (best_len < kMinMatch) return {0, 0};
    return {best_len, best_dist};
  }

 private:
  static constexpr int kHashBits = 15;
  static constexpr int kMaxChain = 128;
  std::uint32_t hash(std::size_t i) const {
    const auto b = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(d_[k])); };
    return ((b(i) << 10) ^ (b(i + 1) << 5) ^ b(i + 2)) & ((1u << kHashBits) - 1);
  }
  std::string_view d_;
  std::vector<int> head_;
  std::vector<int> prev_;
};

std::vector<Token> lz77(std::string_view data) {
  std::vector<Token> tokens;
  tokens.reserve(data.size() / 2 + 16);
  Matcher m(data);
  auto literal = [&](std::size_t i) {
    tokens.push_back({static_cast<unsigned char>(data[i]), 0});
  };
  std::size_t i = 0;
  while (i < data.size()) {
    auto [len, dist] = m.find(i);
    m.insert(i);
    if (len == 0) {
      literal(i++);
      continue;
    }
    // Lazy matching: a longer match one byte later wins over this one.
    if (len < 32 && i + 1 < data.size()) {
      const auto next = m.find(i + 1);
      if (next.first > len) {
        literal(i++);
        continue;
      }
    }
    tokens.push_back({static_cast<std::uint16_t>(len), static_cast<std::uint16_t>(dist)});
    for (std::size_t k = 1; k < static_cast<std::size_t>(len); ++k) m.insert(i + k);
    i += static_cast<std::size_t>(len);
  }
  return tokens;
}

// [SECTION] Block encoder ------------------------------------------------------

struct Codes {
  std::vector<std::uint8_t> lit_len, dist_len;
  std::vector<std::uint16_t> lit, dist;
};

Codes fixed_codes() {
  Codes c;
  c.lit_len.assign(288, 8);
  for (int s = 144; s < 256; ++s) c.lit_len[static_cast<std::size_t>(s)] = 9;
  for (int s = 256; s < 280; ++s) c.lit_len[static_cast<std::size_t>(s)] = 7;
  c.dist_len.assign(kDistCodes, 5);
  c.lit = canonical_codes(c.lit_len);
  c.dist = canonical_codes(c.dist_len);
  return c;
}

// Bits needed for the token data of a block with these code lengths.
std::uint64_t data_bits(const std::vector<std::uint32_t>& lit_freq, const std::vector<std::uint32_t>& dist_freq,
                        const Codes& c) {
  std::uint64_t bits = 0;
  for (int s = 0; s < kLitCodes; ++s) {
    const std::uint64_t f = lit_freq[static_cast<std::size_t>(s)];
    bits += f * c.lit_len[static_cast<std::size_t>(s)];
    if (s >= 257) bits += f * kLenExtra[static_cast<std::size_t>(s - 257)];
  }
  for (int s = 0; s < kDistCodes; ++s) {
    const std::uint64_t f = dist_freq[static_cast<std::size_t>(s)];
    bits += f * (c.dist_len[static_cast<std::size_t>(s)] + kDistExtra[static_cast<std::size_t>(s)]);
  }
  return bits;
}

// The run-length coded code lengths of a dynamic block header.
struct ClenSymbol {
  std::uint8_t symbol, extra;  // symbol 0..18 and its extra-bits value
};
std::vector<ClenSymbol> rle_lengths(const std::vector<std::uint8_t>& lens) {
  std::vector<ClenSymbol> out;
  for (std::size_t i = 0; i < lens.size();) {
    const std::uint8_t v = lens[i];
    std::size_t run = 1;
    while (i + run < lens.size() && lens[i + run] == v) ++run;
    std::size_t left = run;
    if (v == 0) {
      while (left >= 11) {
        const std::size_t n = std::min<std::size_t>(left, 138);
        out.push_back({18, static_cast<std::uint8_t>(n - 11)});
        left -= n;
      }
      if (left >= 3) {
        out.push_back({17, static_cast<std::uint8_t>(left - 3)});
        left = 0;
      }
    } else {
      out.push_back({v, 0});
      --left;
      while (left >= 3) {
        const std::size_t n = std::min<std::size_t>(left, 6);
        out.push_back({16, static_cast<std::uint8_t>(n - 3)});
        left -= n;
      }
    }
    for (; left > 0; --left) out.push_back({v, 0});
    i += run;
  }
  return out;
}

class BlockEncoder {
 public:
  explicit BlockEncoder(BitWriter& w) : w_(w), fixed_(fixed_codes()) {}

  // Writes tokens [begin, end) covering raw bytes `raw` as one block (or
  // several stored blocks when storing is cheapest).
  void encode(const Token* begin, const Token* end, std::string_view raw, bool final) {
    std::vector<std::uint32_t> lit_freq(kLitCodes, 0), dist_freq(kDistCodes, 0);
    for (const Token* t = begin; t != end; ++t) {
      if (t->dist == 0) {
        ++lit_freq[t->lit_or_len];
      } else {
        ++lit_freq[static_cast<std::size_t>(257 + length_code(t->lit_or_len))];
        ++dist_freq[static_cast<std::size_t>(dist_code(t->dist))];
      }
    }
    lit_freq[256] = 1;

    // Dynamic codes.
    std::vector<std::uint32_t> lf = lit_freq, df = dist_freq;
    ensure_two(lf);
    ensure_two(df);
    Codes dyn;
    dyn.lit_len = code_lengths(lf, 15);
    dyn.dist_len = code_lengths(df, 15);
    dyn.lit = canonical_codes(dyn.lit_len);
    dyn.dist = canonical_codes(dyn.dist_len);
    int hlit = kLitCodes, hdist = kDistCodes;
    while (hlit > 257 && dyn.lit_len[static_cast<std::size_t>(hlit - 1)] == 0) --hlit;
    while (hdist > 1 && dyn.dist_len[static_cast<std::size_t>(hdist - 1)] == 0) --hdist;
    std::vector<std::uint8_t> all(dyn.lit_len.begin(), dyn.lit_len.begin() + hlit);
    all.insert(all.end(), dyn.dist_len.begin(), dyn.dist_len.begin() + hdist);
    const std::vector<ClenSymbol> rle = rle_lengths(all);
    std::vector<std::uint32_t> clen_freq(19, 0);
    for (const ClenSymbol& s : rle) ++clen_freq[s.symbol];
    ensure_two(clen_freq);
    const std::vector<std::uint8_t> clen_len = code_lengths(clen_freq, 7);
    const std::vector<std::uint16_t> clen_code = canonical_codes(clen_len);
    int hclen = 19;
    while (hclen > 4 && clen_len[kClenOrder[static_cast<std::size_t>(hclen - 1)]] == 0) --hclen;
    std::uint64_t dyn_bits = 3 + 5 + 5 + 4 + 3 * static_cast<std::uint64_t>(hclen);
    for (const ClenSymbol& s : rle) dyn_bits += clen_len[s.symbol] + (s.symbol == 16 ? 2 : s.symbol == 17 ? 3 : s.symbol == 18 ? 7 : 0);
    dyn_bits += data_bits(lit_freq, dist_freq, dyn);

    const std::uint64_t fixed_bits = 3 + data_bits(lit_freq, dist_freq, fixed_);
    const std::uint64_t stored_bits = (raw.size() / 65535 + 1) * (3 + 7 + 32) + 8 * static_cast<std::uint64_t>(raw.size());

    if (stored_bits < dyn_bits && stored_bits < fixed_bits) {
      store(raw, final);
    } else if (fixed_bits <= dyn_bits) {
      w_.put(final ? 1 : 0, 1);
      w_.put(1, 2);
      tokens(begin, end, fixed_);
    } else {
      w_.put(final ? 1 : 0, 1);
      w_.put(2, 2);
      w_.put(static_cast<std::uint32_t>(hlit - 257), 5);
      w_.put(static_cast<std::uint32_t>(hdist - 1), 5);
      w_.put(static_cast<std::uint32_t>(hclen - 4), 4);
      for (int k = 0; k < hclen; ++k) w_.put(clen_len[kClenOrder[static_cast<std::size_t>(k)]], 3);
      for (const ClenSymbol& s : rle) {
        w_.put(clen_code[s.symbol], clen_len[s.symbol]);
        if (s.symbol == 16) w_.put(s.extra, 2);
        if (s.symbol == 17) w_.put(s.extra, 3);
        if (s.symbol == 18) w_.put(s.extra, 7);
      }
      tokens(begin, end, dyn);
    }
  }

 private:
  void tokens(const Token* begin, const Token* end, const Codes& c) {
    for (const Token* t = begin; t != end; ++t) {
      if (t->dist == 0) {
        w_.put(c.lit[t->lit_or_len], c.lit_len[t->lit_or_len]);
        continue;
      }
      const int lc = length_code(t->lit_or_len);
      const auto ls = static_cast<std::size_t>(257 + lc);
      w_.put(c.lit[ls], c.lit_len[ls]);
      w_.put(static_cast<std::uint32_t>(t->lit_or_len - kLenBase[static_cast<std::size_t>(lc)]),
             kLenExtra[static_cast<std::size_t>(lc)]);
      const auto dc = static_cast<std::size_t>(dist_code(t->dist));
      w_.put(c.dist[dc], c.dist_len[dc]);
      w_.put(static_cast<std::uint32_t>(t->dist - kDistBase[dc]), kDistExtra[dc]);
    }
    w_.put(c.lit[256], c.lit_len[256]);
  }

  void store(std::string_view raw, bool final) {
    do {
      const std::size_t n = std::min<std::size_t>(raw.size(), 65535);
      const bool last = final && n == raw.size();
      w_.put(last ? 1 : 0, 1);
      w_.put(0, 2);
      w_.align();
      w_.put(static_cast<std::uint32_t>(n), 16);
      w_.put(static_cast<std::uint32_t>(~n & 0xFFFF), 16);
      w_.bytes().append(raw.substr(0, n));
      raw.remove_prefix(n);
    } while (!raw.empty());
  }

  BitWriter& w_;
  Codes fixed_;
};

}  // namespace

// [SECTION] Public API ---------------------------------------------------------

std::uint32_t adler32(std::string_view data, std::uint32_t adler) {
  std::uint32_t a = adler & 0xFFFF, b = adler >> 16;
  constexpr std::uint32_t kMod = 65521;
  while (!data.empty()) {
    const std::size_t n = std::min<std::size_t>(data.size(), 5552);  // no overflow before the modulo
    for (std::size_t i = 0; i < n; ++i) {
      a += static_cast<unsigned char>(data[i]);
      b += a;
    }
    a %= kMod;
    b %= kMod;
    data.remove_prefix(n);
  }
  return (b << 16) | a;
}

std::string zlib_compress(std::string_view data) {
  BitWriter w;
  w.put(0x78, 8);  // deflate, 32 KB window
  w.put(0x9C, 8);  // default level; (0x789C % 31) == 0 as the format requires
  const std::vector<Token> tokens = lz77(data);
  // Blocks of a bounded token count let the codes adapt to the data
  // (a font's tables differ from its glyph outlines).
  constexpr std::size_t kBlockTokens = 16384;
  BlockEncoder enc(w);
  std::size_t raw_pos = 0;
  std::size_t t = 0;
  do {
    const std::size_t end = std::min(tokens.size(), t + kBlockTokens);
    std::size_t raw_len = 0;
    for (std::size_t k = t; k < end; ++k) raw_len += tokens[k].dist == 0 ? 1 : tokens[k].lit_or_len;
    enc.encode(tokens.data() + t, tokens.data() + end, data.substr(raw_pos, raw_len), end == tokens.size());
    raw_pos += raw_len;
    t = end;
  } while (t < tokens.size());
  w.align();
  const std::uint32_t sum = adler32(data);
  for (int shift = 24; shift >= 0; shift -= 8) w.bytes() += static_cast<char>((sum >> shift) & 0xFF);
  return std::move(w.bytes());
}

}  // namespace relance::pdf
