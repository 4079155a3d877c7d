// PDF objects, just enough to reach the embedded files.
//
// [SECTION] objects: the value model
// [SECTION] lexer: PDF syntax over a byte range
// [SECTION] filters: FlateDecode (zlib) and PNG predictors
// [SECTION] document: xref, object streams, references
// [SECTION] attachments: name tree, /AF, file specifications
#include "core/einvoice/pdf_attach.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"

namespace relance::einvoice {
namespace {

// ============================================================ [SECTION] objects
struct Obj {
  enum class T { null, boolean, integer, real, string, name, array, dict, ref, stream } t = T::null;
  std::int64_t i = 0;  // integer, boolean, ref object number
  int gen = 0;         // ref generation
  std::string s;       // string bytes or name (without '/')
  std::vector<Obj> a;  // array items
  // Dictionary (also a stream's): keys[i] names vals[i]. Two vectors, as a
  // vector of pairs would need Obj complete here.
  std::vector<std::string> keys;
  std::vector<Obj> vals;
  std::string_view data;  // stream: raw bytes in the file

  const Obj* get(std::string_view key) const {
    for (std::size_t k = 0; k < keys.size(); ++k)
      if (keys[k] == key) return &vals[k];
    return nullptr;
  }
  bool is(T type) const { return t == type; }
};

const Obj kNull;

// Limits: nesting of arrays and dictionaries, total objects parsed, sizes.
constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxDecoded = 64u << 20;  // any one decoded stream
constexpr std::size_t kMaxTotalDecoded = 256u << 20;
constexpr int kMaxXrefSections = 256;
constexpr std::size_t kMaxObjects = 2'000'000;
constexpr std::size_t kMaxParses = 200'000;  // objects parsed in one run
constexpr std::size_t kMaxTreeNodes = 20'000;

bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0'; }
bool is_delim(char c) {
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '/' ||
         c == '%';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// ============================================================ [SECTION] lexer
class Lexer {
 public:
  Lexer(std::string_view b, std::size_t pos) : b_(b), p_(pos) {}
  std::size_t pos() const { return p_; }
  void seek(std::size_t p) { p_ = p; }

  void skip_ws() {
    while (p_ < b_.size()) {
      if (is_ws(b_[p_])) {
        ++p_;
      } else if (b_[p_] == '%') {
        while (p_ < b_.size() && b_[p_] != '\n' && b_[p_] != '\r') ++p_;
      } else {
        break;
      }
    }
  }

  // An unsigned integer at the current position (after whitespace).
  std::optional<std::int64_t> integer() {
    skip_ws();
    std::size_t q = p_;
    std::int64_t v = 0;
    while (q < b_.size() && is_digit(b_[q])) {
      if (v > 1'000'000'000'000LL) return std::nullopt;
      v = v * 10 + (b_[q++] - '0');
    }
    if (q == p_ || (q < b_.size() && !is_ws(b_[q]) && !is_delim(b_[q]))) return std::nullopt;
    p_ = q;
    return v;
  }

  bool keyword(std::string_view k) {
    skip_ws();
    if (b_.substr(p_, k.size()) != k) return false;
    const std::size_t e = p_ + k.size();
    if (e < b_.size() && !is_ws(b_[e]) && !is_delim(b_[e])) return false;
    p_ = e;
    return true;
  }

  // One object; streams keep a view of their raw bytes (length resolved by
  // the caller through `length_of`).
  template <class LengthOf>
  bool object(Obj& out, int depth, LengthOf&& length_of) {
    if (depth > kMaxDepth) return false;
    skip_ws();
    if (p_ >= b_.size()) return false;
    const char c = b_[p_];
    if (c == '/') {
      out.t = Obj::T::name;
      out.s = name();
      return true;
    }
    if (c == '(') {
      out.t = Obj::T::string;
      return literal(out.s);
    }
    if (c == '<') {
      if (p_ + 1 < b_.size() && b_[p_ + 1] == '<') {
        p_ += 2;
        out.t = Obj::T::dict;
        for (;;) {
          skip_ws();
          if (p_ >= b_.size()) return false;
          if (b_[p_] == '>') {
            if (p_ + 1 < b_.size() && b_[p_ + 1] == '>') {
              p_ += 2;
              break;
            }
            return false;
          }
          if (b_[p_] != '/') return false;
          std::string key = name();
          Obj v;
          if (!object(v, depth + 1, length_of)) return false;
          out.keys.push_back(std::move(key));
          out.vals.push_back(std::move(v));
        }
        // A stream follows its dictionary.
        const std::size_t after = p_;
        if (keyword("stream")) {
          if (p_ < b_.size() && b_[p_] == '\r') ++p_;
          if (p_ < b_.size() && b_[p_] == '\n') ++p_;
          const std::size_t start = p_;
          std::optional<std::int64_t> len = length_of(out.get("Length"));
          std::size_t end = std::string_view::npos;
          if (len && *len >= 0 && static_cast<std::uint64_t>(*len) <= b_.size() - start) {
            Lexer probe(b_, start + static_cast<std::size_t>(*len));
            if (probe.keyword("endstream")) {
              end = start + static_cast<std::size_t>(*len);
              p_ = probe.pos();
            }
          }
          if (end == std::string_view::npos) {
            // A wrong /Length: the data runs to "endstream".
            const std::size_t k = b_.find("endstream", start);
            if (k == std::string_view::npos) return false;
            end = k;
            while (end > start && (b_[end - 1] == '\n' || b_[end - 1] == '\r')) --end;
            p_ = k + 9;
          }
          out.t = Obj::T::stream;
          out.data = b_.substr(start, end - start);
        } else {
          p_ = after;
        }
        return true;
      }
      out.t = Obj::T::string;
      return hex(out.s);
    }
    if (c == '[') {
      ++p_;
      out.t = Obj::T::array;
      for (;;) {
        skip_ws();
        if (p_ >= b_.size()) return false;
        if (b_[p_] == ']') {
          ++p_;
          return true;
        }
        Obj v;
        if (!object(v, depth + 1, length_of)) return false;
        out.a.push_back(std::move(v));
      }
    }
    if (is_digit(c) || c == '-' || c == '+' || c == '.') return number(out);
    if (keyword("true")) {
      out.t = Obj::T::boolean;
      out.i = 1;
      return true;
    }
    if (keyword("false")) {
      out.t = Obj::T::boolean;
      return true;
    }
    if (keyword("null")) return true;
    return false;
  }

 private:
  std::string name() {
    ++p_;  // '/'
    std::string n;
    while (p_ < b_.size() && !is_ws(b_[p_]) && !is_delim(b_[p_])) {
      char ch = b_[p_++];
      if (ch == '#' && p_ + 1 < b_.size()) {
        const int hi = hexval(b_[p_]), lo = hexval(b_[p_ + 1]);
        if (hi >= 0 && lo >= 0) {
          ch = static_cast<char>(hi * 16 + lo);
          p_ += 2;
        }
      }
      n += ch;
    }
    return n;
  }

  static int hexval(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
  }

  bool literal(std::string& s) {
    ++p_;  // '('
    int nest = 1;
    while (p_ < b_.size()) {
      char ch = b_[p_++];
      if (ch == '\\') {
        if (p_ >= b_.size()) return false;
        const char e = b_[p_++];
        switch (e) {
          case 'n': s += '\n'; break;
          case 'r': s += '\r'; break;
          case 't': s += '\t'; break;
          case 'b': s += '\b'; break;
          case 'f': s += '\f'; break;
          case '\r':
            if (p_ < b_.size() && b_[p_] == '\n') ++p_;
            break;
          case '\n': break;
          default:
            if (e >= '0' && e <= '7') {
              int v = e - '0';
              for (int k = 0; k < 2 && p_ < b_.size() && b_[p_] >= '0' && b_[p_] <= '7'; ++k) v = v * 8 + (b_[p_++] - '0');
              s += static_cast<char>(v & 0xFF);
            } else {
              s += e;
            }
        }
        continue;
      }
      if (ch == '(') ++nest;
      if (ch == ')' && --nest == 0) return true;
      s += ch;
    }
    return false;
  }

  bool hex(std::string& s) {
    ++p_;  // '<'
    int hi = -1;
    while (p_ < b_.size()) {
      const char ch = b_[p_++];
      if (ch == '>') {
        if (hi >= 0) s += static_cast<char>(hi * 16);
        return true;
      }
      if (is_ws(ch)) continue;
      const int v = hexval(ch);
      if (v < 0) return false;
      if (hi < 0) {
        hi = v;
      } else {
        s += static_cast<char>(hi * 16 + v);
        hi = -1;
      }
    }
    return false;
  }

  bool number(Obj& out) {
    std::size_t q = p_;
    bool neg = false;
    if (b_[q] == '-' || b_[q] == '+') neg = b_[q++] == '-';
    std::int64_t v = 0;
    bool digits = false, real = false;
    while (q < b_.size() && (is_digit(b_[q]) || b_[q] == '.')) {
      if (b_[q] == '.') {
        if (real) break;
        real = true;
      } else if (!real) {
        if (v < 1'000'000'000'000'000LL) v = v * 10 + (b_[q] - '0');
        digits = true;
      } else {
        digits = true;
      }
      ++q;
    }
    if (!digits) return false;
    p_ = q;
    if (real) {
      out.t = Obj::T::real;
      out.i = neg ? -v : v;  // integer part: enough for what we read
      return true;
    }
    out.t = Obj::T::integer;
    out.i = neg ? -v : v;
    if (neg || b_[p_ - 1] == '+') return true;
    // "12 0 R": a reference.
    const std::size_t save = p_;
    if (auto g = integer(); g && *g < 65536) {
      if (keyword("R")) {
        out.t = Obj::T::ref;
        out.gen = static_cast<int>(*g);
        return true;
      }
    }
    p_ = save;
    return true;
  }

  std::string_view b_;
  std::size_t p_;
};

// ============================================================ [SECTION] filters
// zlib (or raw deflate) data, at most `cap` bytes out. False when corrupt,
// cut short or too large; `too_big` tells which.
bool inflate_bytes(std::string_view in, std::size_t cap, std::string& out, bool& too_big) {
  too_big = false;
  out.clear();
  for (int attempt = 0; attempt < 2; ++attempt) {
    z_stream z{};
    // First zlib or gzip (header detected), then raw deflate.
    if (inflateInit2(&z, attempt == 0 ? 15 + 32 : -15) != Z_OK) return false;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(std::min<std::size_t>(in.size(), UINT32_MAX));
    out.clear();
    char buf[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      rc = inflate(&z, Z_NO_FLUSH);
      const std::size_t got = sizeof buf - z.avail_out;
      if (out.size() + got > cap) {
        inflateEnd(&z);
        too_big = true;
        return false;
      }
      out.append(buf, got);
      if (rc == Z_BUF_ERROR && z.avail_in == 0) break;  // input ended before the stream
      if (rc == Z_OK && got == 0 && z.avail_in == 0) break;
    }
    inflateEnd(&z);
    if (rc == Z_STREAM_END) return true;
  }
  return false;
}

// PNG predictors (10..15) and TIFF predictor 2 are undone in place.
bool unpredict(std::string& data, int predictor, int colors, int bpc, int columns) {
  if (predictor <= 1) return true;
  if (colors < 1 || colors > 32 || bpc < 1 || bpc > 16 || columns < 1 || columns > (1 << 20)) return false;
  const std::size_t bpp = std::max<std::size_t>(1, static_cast<std::size_t>(colors * bpc + 7) / 8);
  const std::size_t row = (static_cast<std::size_t>(colors) * bpc * columns + 7) / 8;
  if (predictor == 2) {
    if (bpc != 8) return false;
    for (std::size_t r = 0; r + row <= data.size(); r += row)
      for (std::size_t i = bpp; i < row; ++i) data[r + i] = static_cast<char>(data[r + i] + data[r + i - bpp]);
    return true;
  }
  if (predictor < 10) return false;
  std::string out;
  out.reserve(data.size());
  std::string prev(row, '\0');
  std::string cur(row, '\0');
  for (std::size_t p = 0; p < data.size(); p += row + 1) {
    const auto type = static_cast<unsigned char>(data[p]);
    const std::size_t n = std::min(row, data.size() - p - 1);
    std::fill(cur.begin(), cur.end(), '\0');
    for (std::size_t i = 0; i < n; ++i) {
      const auto x = static_cast<unsigned char>(data[p + 1 + i]);
      const unsigned a = i >= bpp ? static_cast<unsigned char>(cur[i - bpp]) : 0;
      const unsigned b = static_cast<unsigned char>(prev[i]);
      const unsigned c = i >= bpp ? static_cast<unsigned char>(prev[i - bpp]) : 0;
      unsigned v = x;
      switch (type) {
        case 0: break;
        case 1: v = x + a; break;
        case 2: v = x + b; break;
        case 3: v = x + (a + b) / 2; break;
        case 4: {
          const int pa = std::abs(static_cast<int>(b) - static_cast<int>(c));
          const int pb = std::abs(static_cast<int>(a) - static_cast<int>(c));
          const int pc = std::abs(static_cast<int>(a) + static_cast<int>(b) - 2 * static_cast<int>(c));
          v = x + ((pa <= pb && pa <= pc) ? a : pb <= pc ? b : c);
          break;
        }
        default: return false;
      }
      cur[i] = static_cast<char>(v & 0xFF);
    }
    out.append(cur, 0, n);
    std::swap(prev, cur);
  }
  data = std::move(out);
  return true;
}

// ============================================================ [SECTION] document
class Document {
 public:
  explicit Document(std::string_view b) : b_(b) {}

  Status open() {
    if (b_.substr(0, 1024).find("%PDF-") == std::string_view::npos)
      return Error{"", "ce n'est pas un PDF (pas d'en-tête « %PDF- »)"};
    // A complete PDF ends with startxref and %%EOF (trailing blanks or a few
    // bytes of junk are common, a missing end is a file cut short).
    const std::size_t tail = b_.size() > 2048 ? b_.size() - 2048 : 0;
    const std::size_t eof = b_.rfind("%%EOF");
    const std::size_t sx = b_.rfind("startxref");
    if (eof == std::string_view::npos || eof < tail || sx == std::string_view::npos || sx < tail)
      return Error{"", "PDF tronqué : la fin du fichier manque (ni « startxref » ni « %%EOF » à la fin), "
                       "il n'a pas été reçu ou copié en entier"};
    Lexer lx(b_, sx + 9);
    const auto off = lx.integer();
    bool ok = off && load_xref_chain(static_cast<std::size_t>(*off));
    if (!ok || !trailer_.get("Root")) {
      // A damaged or wrongly offset cross-reference table: find the objects.
      xref_.clear();
      trailer_ = Obj{};
      scan();
      if (!trailer_.get("Root")) return Error{"", "PDF illisible : catalogue (/Root) introuvable"};
    }
    return Ok{};
  }

  const Obj& trailer() const { return trailer_; }

  // The object a reference names (a non-reference is itself); null when
  // missing, unreadable, or when reference chains run too deep.
  const Obj& resolve(const Obj& o, int hops = 0) {
    if (!o.is(Obj::T::ref)) return o;
    if (hops > 16) return kNull;
    const Obj& target = load(o.i);
    return resolve(target, hops + 1);
  }

  // The decoded bytes of a stream object.
  Result<std::string> decode(const Obj& stream, std::size_t cap) {
    if (!stream.is(Obj::T::stream)) return Error{"", "flux attendu"};
    std::vector<std::string> filters;
    std::vector<const Obj*> params;
    const Obj& f = resolve(stream.get("Filter") ? *stream.get("Filter") : kNull);
    const Obj& dp = resolve(stream.get("DecodeParms") ? *stream.get("DecodeParms") : kNull);
    if (f.is(Obj::T::name)) {
      filters.push_back(f.s);
      params.push_back(&dp);
    } else if (f.is(Obj::T::array)) {
      for (std::size_t i = 0; i < f.a.size() && i < 8; ++i) {
        const Obj& fi = resolve(f.a[i]);
        if (!fi.is(Obj::T::name)) return Error{"", "filtre de flux invalide"};
        filters.push_back(fi.s);
        params.push_back(dp.is(Obj::T::array) && i < dp.a.size() ? &resolve(dp.a[i]) : &kNull);
      }
    }
    std::string data(stream.data);
    for (std::size_t i = 0; i < filters.size(); ++i) {
      const std::string& name = filters[i];
      if (name == "FlateDecode" || name == "Fl") {
        std::string out;
        bool too_big = false;
        if (!inflate_bytes(data, std::min(cap, kMaxTotalDecoded - std::min(decoded_, kMaxTotalDecoded)), out, too_big))
          return Error{"", too_big ? "flux compressé trop grand" : "flux compressé (FlateDecode) invalide ou tronqué"};
        decoded_ += out.size();
        const Obj& p = *params[i];
        auto param = [&](const char* k, int def) {
          const Obj& v = resolve(p.get(k) ? *p.get(k) : kNull);
          return v.is(Obj::T::integer) && v.i >= -1000000 && v.i <= 1000000 ? static_cast<int>(v.i) : def;
        };
        if (p.is(Obj::T::dict) &&
            !unpredict(out, param("Predictor", 1), param("Colors", 1), param("BitsPerComponent", 8), param("Columns", 1)))
          return Error{"", "prédicteur de flux non pris en charge"};
        data = std::move(out);
      } else {
        return Error{"", "filtre de flux « " + name + " » non pris en charge"};
      }
    }
    if (data.size() > cap) return Error{"", "flux trop grand"};
    return data;
  }

 private:
  struct Loc {
    int type = 0;             // 1: at an offset; 2: in an object stream
    std::size_t offset = 0;   // type 1
    std::int64_t stm = 0;     // type 2: the object stream's number
    std::size_t index = 0;    // type 2: index inside it
  };

  std::optional<std::int64_t> direct_length(const Obj* o) {
    if (!o) return std::nullopt;
    if (o->is(Obj::T::integer)) return o->i;
    // An indirect length while the xref is being read is looked up only
    // when the table is there; otherwise the "endstream" search decides.
    if (o->is(Obj::T::ref) && !loading_xref_) {
      const Obj& v = resolve(*o);
      if (v.is(Obj::T::integer)) return v.i;
    }
    return std::nullopt;
  }

  // "N G obj <object>" at `offset` of `buf`.
  bool parse_indirect(std::string_view buf, std::size_t offset, std::int64_t expect, Obj& out) {
    if (++parses_ > kMaxParses) return false;
    Lexer lx(buf, offset);
    const auto num = lx.integer();
    const auto gen = lx.integer();
    if (!num || !gen || (expect >= 0 && *num != expect) || !lx.keyword("obj")) return false;
    return lx.object(out, 0, [&](const Obj* o) { return direct_length(o); });
  }

  bool load_xref_chain(std::size_t offset) {
    std::unordered_set<std::size_t> seen;
    std::vector<std::size_t> todo{offset};
    bool first = true;
    loading_xref_ = true;
    while (!todo.empty()) {
      const std::size_t at = todo.back();
      todo.pop_back();
      if (at >= b_.size() || !seen.insert(at).second || seen.size() > kMaxXrefSections) continue;
      Obj trailer;
      if (!load_xref_section(at, trailer)) {
        loading_xref_ = false;
        return false;
      }
      if (first) trailer_ = trailer;
      else if (!trailer_.get("Root") && trailer.get("Root")) trailer_ = trailer;
      first = false;
      // Older sections: /Prev; a hybrid file's /XRefStm comes before it.
      if (const Obj* prev = trailer.get("Prev"); prev && prev->is(Obj::T::integer) && prev->i >= 0)
        todo.push_back(static_cast<std::size_t>(prev->i));
      if (const Obj* xs = trailer.get("XRefStm"); xs && xs->is(Obj::T::integer) && xs->i >= 0)
        todo.push_back(static_cast<std::size_t>(xs->i));
    }
    loading_xref_ = false;
    return true;
  }

  void set(std::int64_t num, Loc loc) {
    if (num <= 0 || xref_.size() >= kMaxObjects) return;
    xref_.emplace(num, loc);  // newer sections are read first and win
  }

  bool load_xref_section(std::size_t at, Obj& trailer) {
    Lexer lx(b_, at);
    if (lx.keyword("xref")) {
      for (;;) {
        const std::size_t save = lx.pos();
        if (lx.keyword("trailer")) break;
        lx.seek(save);
        const auto start = lx.integer();
        const auto count = lx.integer();
        if (!start || !count || *count > static_cast<std::int64_t>(kMaxObjects)) return false;
        for (std::int64_t k = 0; k < *count; ++k) {
          const auto off = lx.integer();
          const auto gen = lx.integer();
          lx.skip_ws();
          const std::size_t p = lx.pos();
          if (!off || !gen || p >= b_.size() || (b_[p] != 'n' && b_[p] != 'f')) return false;
          lx.seek(p + 1);
          if (b_[p] == 'n') set(*start + k, Loc{1, static_cast<std::size_t>(*off), 0, 0});
          else if (*start + k > 0) xref_.emplace(*start + k, Loc{});  // free: hides older entries
        }
      }
      return lx.object(trailer, 0, [](const Obj*) { return std::optional<std::int64_t>(); }) &&
             trailer.is(Obj::T::dict);
    }
    // An xref stream (PDF 1.5).
    Obj xs;
    if (!parse_indirect(b_, at, -1, xs) || !xs.is(Obj::T::stream)) return false;
    const Obj* type = xs.get("Type");
    if (!type || !type->is(Obj::T::name) || type->s != "XRef") return false;
    auto data = decode(xs, kMaxDecoded);
    if (!data) return false;
    const Obj* w = xs.get("W");
    if (!w || !w->is(Obj::T::array) || w->a.size() != 3) return false;
    int widths[3];
    for (int k = 0; k < 3; ++k) {
      if (!w->a[static_cast<std::size_t>(k)].is(Obj::T::integer) || w->a[static_cast<std::size_t>(k)].i < 0 ||
          w->a[static_cast<std::size_t>(k)].i > 8)
        return false;
      widths[k] = static_cast<int>(w->a[static_cast<std::size_t>(k)].i);
    }
    const std::size_t entry = static_cast<std::size_t>(widths[0] + widths[1] + widths[2]);
    if (entry == 0) return false;
    std::vector<std::pair<std::int64_t, std::int64_t>> ranges;
    if (const Obj* index = xs.get("Index"); index && index->is(Obj::T::array)) {
      for (std::size_t k = 0; k + 1 < index->a.size(); k += 2) {
        if (!index->a[k].is(Obj::T::integer) || !index->a[k + 1].is(Obj::T::integer)) return false;
        ranges.emplace_back(index->a[k].i, index->a[k + 1].i);
      }
    } else {
      const Obj* size = xs.get("Size");
      if (!size || !size->is(Obj::T::integer)) return false;
      ranges.emplace_back(0, size->i);
    }
    std::size_t p = 0;
    const std::string& d = *data;
    auto field = [&](int width, std::uint64_t def) {
      if (width == 0) return def;
      std::uint64_t v = 0;
      for (int k = 0; k < width; ++k) v = (v << 8) | static_cast<unsigned char>(d[p++]);
      return v;
    };
    for (const auto& [start, count] : ranges) {
      if (start < 0 || count < 0 || count > static_cast<std::int64_t>(kMaxObjects)) return false;
      for (std::int64_t k = 0; k < count; ++k) {
        if (p + entry > d.size()) return true;  // short table: keep what it holds
        const std::uint64_t t = field(widths[0], 1);
        const std::uint64_t f2 = field(widths[1], 0);
        const std::uint64_t f3 = field(widths[2], 0);
        if (t == 1) set(start + k, Loc{1, static_cast<std::size_t>(f2), 0, 0});
        else if (t == 2) set(start + k, Loc{2, 0, static_cast<std::int64_t>(f2), static_cast<std::size_t>(f3)});
        else if (t == 0 && start + k > 0) xref_.emplace(start + k, Loc{});
      }
    }
    xs.data = {};
    trailer = std::move(xs);
    trailer.t = Obj::T::dict;
    return true;
  }

  // Finds every "N G obj" in the file (the last of a number wins) and the
  // trailer: the last "trailer" dictionary, or an xref stream's dictionary.
  void scan() {
    std::size_t p = 0;
    while ((p = b_.find("obj", p)) != std::string_view::npos) {
      const std::size_t kw = p;
      p += 3;
      if (kw == 0 || !is_ws(b_[kw - 1]) || (p < b_.size() && !is_ws(b_[p]) && !is_delim(b_[p]))) continue;
      // Back over "G", whitespace, "N".
      std::size_t q = kw;
      while (q > 0 && is_ws(b_[q - 1])) --q;
      std::size_t g = q;
      while (g > 0 && is_digit(b_[g - 1])) --g;
      if (g == q) continue;
      std::size_t r = g;
      while (r > 0 && is_ws(b_[r - 1])) --r;
      if (r == g) continue;
      std::size_t n = r;
      while (n > 0 && is_digit(b_[n - 1])) --n;
      if (n == r || r - n > 10 || (n > 0 && !is_ws(b_[n - 1]) && !is_delim(b_[n - 1]))) continue;
      std::int64_t num = 0;
      for (std::size_t k = n; k < r; ++k) num = num * 10 + (b_[k] - '0');
      if (num > 0 && xref_.size() < kMaxObjects) xref_[num] = Loc{1, n, 0, 0};
    }
    for (std::size_t t = b_.rfind("trailer"); t != std::string_view::npos; t = t ? b_.rfind("trailer", t - 1) : std::string_view::npos) {
      Lexer lx(b_, t + 7);
      Obj tr;
      if (lx.object(tr, 0, [](const Obj*) { return std::optional<std::int64_t>(); }) && tr.get("Root")) {
        trailer_ = std::move(tr);
        return;
      }
      if (t == 0) break;
    }
    // No trailer keyword: an xref stream's dictionary, or the catalog itself.
    std::vector<std::int64_t> nums;
    for (const auto& [num, loc] : xref_) nums.push_back(num);
    std::sort(nums.begin(), nums.end());
    for (auto it = nums.rbegin(); it != nums.rend(); ++it) {
      const Obj& o = load(*it);
      if ((o.is(Obj::T::dict) || o.is(Obj::T::stream)) && o.get("Root")) {
        trailer_.t = Obj::T::dict;
        trailer_.keys = o.keys;
        trailer_.vals = o.vals;
        return;
      }
    }
    for (std::int64_t num : nums) {
      const Obj& o = load(num);
      const Obj* type = o.get("Type");
      if (type && type->is(Obj::T::name) && type->s == "Catalog") {
        trailer_.t = Obj::T::dict;
        Obj ref;
        ref.t = Obj::T::ref;
        ref.i = num;
        trailer_.keys.emplace_back("Root");
        trailer_.vals.push_back(ref);
        return;
      }
    }
  }

  const Obj& load(std::int64_t num) {
    if (auto it = cache_.find(num); it != cache_.end()) return *it->second;
    // Loading an object can load others (an indirect /Length, its object
    // stream): a chain of them stops at a fixed depth.
    if (depth_ >= 24) return kNull;
    struct Deeper {
      int& d;
      explicit Deeper(int& x) : d(x) { ++d; }
      ~Deeper() { --d; }
    } deeper(depth_);
    // Marked before parsing: a reference back to an object being loaded
    // (a stream whose /Length names itself) reads as null.
    auto& slot = cache_[num];
    slot = std::make_unique<Obj>();
    auto loc = xref_.find(num);
    if (loc == xref_.end() || cache_.size() > kMaxParses) return *slot;
    Obj o;
    if (loc->second.type == 1) {
      if (!parse_indirect(b_, loc->second.offset, num, o)) o = Obj{};
    } else if (loc->second.type == 2) {
      o = from_object_stream(loc->second.stm, loc->second.index, num);
    }
    *cache_[num] = std::move(o);
    return *cache_[num];
  }

  Obj from_object_stream(std::int64_t stm, std::size_t index, std::int64_t num) {
    auto it = objstm_.find(stm);
    if (it == objstm_.end()) {
      ObjStm s;
      const Obj& so = load(stm);
      const Obj* type = so.get("Type");
      if (so.is(Obj::T::stream) && type && type->is(Obj::T::name) && type->s == "ObjStm") {
        if (auto data = decode(so, kMaxDecoded)) {
          s.data = std::move(*data);
          const Obj* n = so.get("N");
          const Obj* first = so.get("First");
          if (n && first && n->is(Obj::T::integer) && first->is(Obj::T::integer) && n->i >= 0 && first->i >= 0 &&
              static_cast<std::uint64_t>(first->i) <= s.data.size() && n->i <= static_cast<std::int64_t>(kMaxObjects)) {
            Lexer lx(s.data, 0);
            for (std::int64_t k = 0; k < n->i; ++k) {
              const auto on = lx.integer();
              const auto off = lx.integer();
              if (!on || !off) break;
              s.entries.emplace_back(*on, static_cast<std::size_t>(first->i) + static_cast<std::size_t>(*off));
            }
          }
        }
      }
      it = objstm_.emplace(stm, std::move(s)).first;
    }
    const ObjStm& s = it->second;
    Obj o;
    if (index >= s.entries.size() || s.entries[index].first != num || s.entries[index].second >= s.data.size()) {
      // A wrong index: look the number up in the stream's table.
      auto e = std::find_if(s.entries.begin(), s.entries.end(), [&](const auto& x) { return x.first == num; });
      if (e == s.entries.end() || e->second >= s.data.size()) return o;
      index = static_cast<std::size_t>(e - s.entries.begin());
    }
    if (++parses_ > kMaxParses) return o;
    Lexer lx(s.data, s.entries[index].second);
    // Streams cannot live in object streams: no length to look up.
    if (!lx.object(o, 0, [](const Obj*) { return std::optional<std::int64_t>(); }) || o.is(Obj::T::stream)) return Obj{};
    return o;
  }

  struct ObjStm {
    std::string data;
    std::vector<std::pair<std::int64_t, std::size_t>> entries;  // number, offset in data
  };

  std::string_view b_;
  std::unordered_map<std::int64_t, Loc> xref_;
  std::unordered_map<std::int64_t, std::unique_ptr<Obj>> cache_;
  std::unordered_map<std::int64_t, ObjStm> objstm_;
  Obj trailer_;
  std::size_t parses_ = 0;
  std::size_t decoded_ = 0;
  bool loading_xref_ = false;
  int depth_ = 0;
};

// ============================================================ [SECTION] attachments
// PDF text strings: UTF-16BE with a BOM, else PDFDocEncoding (read as Latin-1,
// which it is for the characters of file names).
std::string text_string(std::string_view s) {
  std::string out;
  if (s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0xFE && static_cast<unsigned char>(s[1]) == 0xFF) {
    std::u32string u;
    for (std::size_t i = 2; i + 1 < s.size(); i += 2) {
      char32_t c = static_cast<char32_t>((static_cast<unsigned char>(s[i]) << 8) | static_cast<unsigned char>(s[i + 1]));
      if (c >= 0xD800 && c < 0xDC00 && i + 3 < s.size()) {
        const char32_t lo =
            static_cast<char32_t>((static_cast<unsigned char>(s[i + 2]) << 8) | static_cast<unsigned char>(s[i + 3]));
        if (lo >= 0xDC00 && lo < 0xE000) {
          c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
          i += 2;
        }
      }
      if (c >= 0xD800 && c < 0xE000) c = 0xFFFD;
      if (c != 0) u += c;
    }
    return u32_to_utf8(u);
  }
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0) continue;
    if (c < 0x80) {
      out += ch;
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

bool known_einvoice_name(std::string_view name) {
  std::string n;
  for (char c : name) n += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  for (std::string_view k : {"factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "zugferd-invoice.xml",
                             "order-x.xml", "cii.xml", "ubl.xml"})
    if (n == k) return true;
  return false;
}

struct Collector {
  Document& doc;
  std::vector<std::pair<std::string, const Obj*>> found;  // name, stream
  std::unordered_set<const Obj*> seen;  // nodes and file specifications visited
  std::size_t nodes = 0;

  void filespec(const Obj& ref) {
    const Obj& fs = doc.resolve(ref);
    if (!fs.is(Obj::T::dict) || !seen.insert(&fs).second) return;
    const Obj* ef = fs.get("EF");
    if (!ef) return;
    const Obj& efd = doc.resolve(*ef);
    const Obj* f = efd.get("UF");
    if (!f || !doc.resolve(*f).is(Obj::T::stream)) f = efd.get("F");
    if (!f) return;
    const Obj& stream = doc.resolve(*f);
    if (!stream.is(Obj::T::stream)) return;
    for (const auto& [n, s] : found)
      if (s == &stream) return;
    // /UF (Unicode) first, unless only /F has a name we know.
    std::string name;
    for (const char* key : {"UF", "F"}) {
      if (const Obj* v = fs.get(key)) {
        const Obj& nv = doc.resolve(*v);
        if (!nv.is(Obj::T::string) || nv.s.empty()) continue;
        std::string n = text_string(nv.s);
        if (name.empty() || known_einvoice_name(n)) name = std::move(n);
        if (known_einvoice_name(name)) break;
      }
    }
    found.emplace_back(name, &stream);
  }

  void name_tree(const Obj& ref, int depth) {
    const Obj& node = doc.resolve(ref);
    if (!node.is(Obj::T::dict) || depth > 32 || ++nodes > kMaxTreeNodes || !seen.insert(&node).second) return;
    if (const Obj* names = node.get("Names")) {
      const Obj& arr = doc.resolve(*names);
      if (arr.is(Obj::T::array))
        for (std::size_t i = 1; i < arr.a.size(); i += 2) filespec(arr.a[i]);
    }
    if (const Obj* kids = node.get("Kids")) {
      const Obj& arr = doc.resolve(*kids);
      if (arr.is(Obj::T::array))
        for (const Obj& k : arr.a) name_tree(k, depth + 1);
    }
  }

  void af(const Obj& ref) {
    const Obj& arr = doc.resolve(ref);
    if (arr.is(Obj::T::array))
      for (const Obj& f : arr.a) filespec(f);
    else if (arr.is(Obj::T::dict))
      filespec(ref);
  }
};

bool xml_name(std::string_view name) {
  return name.size() >= 4 && (ends_with(name, ".xml") || ends_with(name, ".XML") || ends_with(name, ".Xml"));
}

}  // namespace

Result<std::vector<PdfAttachment>> pdf_attachments(std::string_view pdf) {
  Document doc(pdf);
  if (auto s = doc.open(); !s) return s.error();
  const Obj* root_ref = doc.trailer().get("Root");
  const Obj& root = doc.resolve(root_ref ? *root_ref : kNull);
  if (!root.is(Obj::T::dict)) return Error{"", "PDF illisible : catalogue (/Root) introuvable"};
  Collector c{doc, {}, {}, 0};
  if (const Obj* names = root.get("Names")) {
    const Obj& nd = doc.resolve(*names);
    if (const Obj* ef = nd.get("EmbeddedFiles")) c.name_tree(*ef, 0);
  }
  if (const Obj* af = root.get("AF")) c.af(*af);
  std::vector<PdfAttachment> out;
  for (const auto& [name, stream] : c.found) {
    auto data = doc.decode(*stream, kMaxAttachmentBytes);
    const std::string shown = name.empty() ? std::string("sans nom") : "« " + name + " »";
    if (!data) return Error{"pièce jointe " + shown, data.error().what};
    out.push_back({name, std::move(*data)});
  }
  return out;
}

Result<PdfAttachment> einvoice_attachment(std::string_view pdf) {
  auto all = pdf_attachments(pdf);
  if (!all) return all.error();
  const PdfAttachment* pick = nullptr;
  for (const PdfAttachment& a : *all)
    if (known_einvoice_name(a.name)) {
      pick = &a;
      break;
    }
  if (!pick) {
    const PdfAttachment* only = nullptr;
    int xml = 0;
    for (const PdfAttachment& a : *all)
      if (xml_name(a.name)) {
        only = &a;
        ++xml;
      }
    if (xml == 1) pick = only;
  }
  if (!pick) {
    if (all->empty())
      return Error{"", "PDF sans fichier XML joint : ce n'est pas une facture Factur-X ni ZUGFeRD "
                       "(demandez la facture électronique, ou saisissez la facture)"};
    std::string names;
    for (const PdfAttachment& a : *all) names += (names.empty() ? "« " : ", « ") + a.name + " »";
    return Error{"", "PDF sans facture électronique jointe : pièces jointes " + names +
                         " (attendu factur-x.xml, zugferd-invoice.xml ou xrechnung.xml)"};
  }
  return std::move(*const_cast<PdfAttachment*>(pick));
}

}  // namespace relance::einvoice
