#include "core/zip.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <unordered_set>

#include "core/text.h"

namespace relance {
namespace {

constexpr std::size_t kEndSize = 22;         // end of central directory record, without its comment
constexpr std::size_t kCentralSize = 46;     // central directory header, without name, extra, comment
constexpr std::size_t kLocalSize = 30;       // local file header, without name and extra
constexpr std::size_t kMaxNameBytes = 1024;

std::uint32_t u16(std::string_view b, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8;
}
std::uint32_t u32(std::string_view b, std::size_t at) { return u16(b, at) | u16(b, at + 2) << 16; }

bool sig(std::string_view b, std::size_t at, char c3, char c4) {
  return at + 4 <= b.size() && b[at] == 'P' && b[at + 1] == 'K' && b[at + 2] == c3 && b[at + 3] == c4;
}

std::string size_words(std::size_t n) {
  if (n >= (std::size_t{1} << 20) && n % (std::size_t{1} << 20) == 0) return std::to_string(n >> 20) + " Mio";
  return std::to_string(n) + " octets";
}

// The name as shown in errors before it is known to be sane.
std::string shown_name(std::string_view raw) {
  std::string s;
  for (char c : raw.substr(0, 200)) s += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  if (!is_valid_utf8(s)) {
    for (char& c : s)
      if (static_cast<unsigned char>(c) >= 0x80) c = '_';
  }
  return s;
}

// A name without the UTF-8 flag is in code page 437 (APPNOTE 4.4.4), or
// the OEM code page of the Windows that wrote it: 850 in France, whose
// accented letters 0x80-0xA5 are those of 437. Those become UTF-8, any other
// byte above 0x7F '_'.
std::string from_cp437(std::string_view raw) {
  static constexpr const char* kLetters[] = {
      "Ç", "ü", "é", "â", "ä", "à", "å", "ç", "ê", "ë", "è", "ï", "î", "ì", "Ä", "Å",  // 0x80
      "É", "æ", "Æ", "ô", "ö", "ò", "û", "ù", "ÿ", "Ö", "Ü", "_", "_", "_", "_", "_",  // 0x90
      "á", "í", "ó", "ú", "ñ", "Ñ"};                                                    // 0xA0
  std::string out;
  for (char c : raw) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80) out += c;
    else if (b - 0x80u < std::size(kLetters)) out += kLetters[b - 0x80];
    else out += '_';
  }
  return out;
}

// A member's name made safe, or an error message.
Result<std::string> sanitise(std::string_view raw, bool utf8_flag) {
  if (raw.empty()) return Error{"", "membre sans nom"};
  if (raw.size() > kMaxNameBytes) return Error{"", "nom de membre trop long (plus de " + std::to_string(kMaxNameBytes) + " octets)"};
  std::string name(raw);
  for (char c : name)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return Error{"", "nom de membre avec un caractère de contrôle"};
  if (!is_valid_utf8(name)) {
    if (utf8_flag) return Error{"", "nom de membre annoncé en UTF-8 mais qui n'en est pas"};
    name = from_cp437(name);
  }
  std::replace(name.begin(), name.end(), '\\', '/');
  if (name.front() == '/') return Error{"", "chemin absolu dans l'archive"};
  if (name.size() >= 2 && name[1] == ':' && std::isalpha(static_cast<unsigned char>(name[0])))
    return Error{"", "chemin avec une lettre de lecteur dans l'archive"};
  const bool dir = name.back() == '/';
  std::string out;
  std::size_t i = 0;
  while (i <= name.size()) {
    std::size_t e = name.find('/', i);
    if (e == std::string::npos) e = name.size();
    const std::string_view part = std::string_view(name).substr(i, e - i);
    i = e + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") return Error{"", "chemin qui sort de l'archive (« .. »)"};
    if (!out.empty()) out += '/';
    out += part;
  }
  if (out.empty()) return Error{"", "membre sans nom"};
  if (dir) out += '/';
  return out;
}

// Raw deflate into exactly `size` bytes.
bool inflate_exact(std::string_view in, std::size_t size, std::string& out, std::string& why) {
  out.assign(size, '\0');
  z_stream z{};
  if (inflateInit2(&z, -15) != Z_OK) {
    why = "décompression impossible (mémoire)";
    return false;
  }
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  // One byte more than declared, to see a member that would grow past it.
  char extra = 0;
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(size);
  int rc = inflate(&z, Z_FINISH);
  std::size_t got = size - z.avail_out;
  if (rc != Z_STREAM_END && got == size && z.avail_in > 0) {
    z.next_out = reinterpret_cast<Bytef*>(&extra);
    z.avail_out = 1;
    rc = inflate(&z, Z_FINISH);
    if (z.avail_out == 0) got = size + 1;
  }
  inflateEnd(&z);
  if (got > size) {
    why = "données décompressées plus longues que la taille annoncée (" + std::to_string(size) + " octets)";
    return false;
  }
  if (rc == Z_STREAM_END) {
    if (got != size) {
      why = "données décompressées plus courtes que la taille annoncée (" + std::to_string(got) + " octets sur " +
            std::to_string(size) + ")";
      return false;
    }
    return true;
  }
  why = rc == Z_DATA_ERROR ? "données compressées corrompues" : "données compressées tronquées";
  return false;
}

}  // namespace

bool looks_like_zip(std::string_view bytes) { return sig(bytes, 0, '\3', '\4') || sig(bytes, 0, '\5', '\6'); }

Result<std::vector<ZipMember>> read_zip(std::string_view b, std::string_view archive, const ZipLimits& limits) {
  const std::string arc(archive);
  auto fail = [&](std::string what) { return Error{arc, std::move(what)}; };
  if (b.size() < kEndSize) return fail(b.empty() ? "fichier vide" : "fichier trop court pour une archive zip");
  if (b.size() > UINT32_MAX) return fail("archive de plus de 4 Gio (ZIP64) : non prise en charge");

  // The end record: the last "PK\5\6" whose comment runs exactly to the end.
  std::size_t end = std::string_view::npos;
  const std::size_t lowest = b.size() > kEndSize + 0xFFFF ? b.size() - kEndSize - 0xFFFF : 0;
  for (std::size_t at = b.size() - kEndSize + 1; at-- > lowest;) {
    if (sig(b, at, '\5', '\6') && at + kEndSize + u16(b, at + 20) == b.size()) {
      end = at;
      break;
    }
  }
  if (end == std::string_view::npos) {
    if (!looks_like_zip(b)) return fail("pas une archive zip");
    return fail("archive zip tronquée ou corrompue : fin du répertoire central introuvable");
  }
  if (end >= 20 && sig(b, end - 20, '\6', '\7')) return fail("archive ZIP64 : non prise en charge");
  const std::uint32_t disk = u16(b, end + 4), cd_disk = u16(b, end + 6);
  const std::uint32_t here = u16(b, end + 8), total = u16(b, end + 10);
  const std::uint32_t cd_size = u32(b, end + 12), cd_offset = u32(b, end + 16);
  if (total == 0xFFFF || cd_size == 0xFFFFFFFFu || cd_offset == 0xFFFFFFFFu) return fail("archive ZIP64 : non prise en charge");
  if (disk != 0 || cd_disk != 0 || here != total) return fail("archive en plusieurs morceaux (multi-volumes) : non prise en charge");
  if (total > limits.max_members)
    return fail("trop de membres (" + std::to_string(total) + ", au plus " + std::to_string(limits.max_members) + ")");
  if (static_cast<std::size_t>(cd_offset) + cd_size > end)
    return fail("répertoire central hors de l'archive (archive tronquée ou corrompue)");

  std::vector<ZipMember> out;
  std::unordered_set<std::string> names;
  std::size_t total_bytes = 0;
  std::size_t at = cd_offset;
  const std::size_t cd_end = static_cast<std::size_t>(cd_offset) + cd_size;
  for (std::uint32_t k = 0; k < total; ++k) {
    const std::string entry = "entrée " + std::to_string(k + 1) + " du répertoire central";
    if (at + kCentralSize > cd_end || !sig(b, at, '\1', '\2'))
      return fail(entry + " illisible (répertoire central tronqué ou corrompu)");
    const std::uint32_t flags = u16(b, at + 8), method = u16(b, at + 10);
    const std::uint32_t crc = u32(b, at + 16), csize = u32(b, at + 20), usize = u32(b, at + 24);
    const std::uint32_t name_len = u16(b, at + 28), extra_len = u16(b, at + 30), comment_len = u16(b, at + 32);
    const std::uint32_t start_disk = u16(b, at + 34), local = u32(b, at + 42);
    const std::size_t next = at + kCentralSize + name_len + extra_len + comment_len;
    if (next > cd_end) return fail(entry + " : dépasse le répertoire central (archive corrompue)");
    const std::string_view raw_name = b.substr(at + kCentralSize, name_len);
    auto name = sanitise(raw_name, (flags & 0x800) != 0);
    if (!name) return Error{arc + "/" + shown_name(raw_name), name.error().what};
    const std::string where = arc + "/" + *name;
    auto bad = [&](std::string what) { return Error{where, std::move(what)}; };
    if (flags & 0x41) return bad("membre chiffré (protégé par un mot de passe) : non pris en charge");
    if (csize == 0xFFFFFFFFu || usize == 0xFFFFFFFFu || local == 0xFFFFFFFFu || start_disk == 0xFFFF)
      return bad("membre ZIP64 : non pris en charge");
    if (start_disk != 0) return bad("membre sur un autre volume : non pris en charge");
    if (!names.insert(*name).second) return bad("membre présent deux fois dans l'archive");
    at = next;
    if (name->back() == '/') {
      if (usize != 0) return bad("dossier avec un contenu");
      continue;
    }
    if (method != 0 && method != 8)
      return bad("méthode de compression " + std::to_string(method) + " non prise en charge (seulement stockée ou deflate)");
    if (usize > limits.max_member_bytes)
      return bad("membre trop gros une fois décompressé (" + std::to_string(usize) + " octets, au plus " +
                 size_words(limits.max_member_bytes) + ")");
    if (total_bytes + usize > limits.max_total_bytes)
      return bad("archive trop grosse une fois décompressée (au plus " + size_words(limits.max_total_bytes) + " en tout)");
    total_bytes += usize;

    // The local header, and the data after it.
    if (static_cast<std::size_t>(local) + kLocalSize > cd_offset || !sig(b, local, '\3', '\4'))
      return bad("en-tête local introuvable (archive tronquée ou corrompue)");
    const std::uint32_t l_flags = u16(b, local + 6), l_method = u16(b, local + 8);
    const std::uint32_t l_crc = u32(b, local + 14), l_csize = u32(b, local + 18), l_usize = u32(b, local + 22);
    const std::uint32_t l_name = u16(b, local + 26), l_extra = u16(b, local + 28);
    const std::size_t data = static_cast<std::size_t>(local) + kLocalSize + l_name + l_extra;
    if (data > cd_offset || l_name != name_len || b.substr(local + kLocalSize, l_name) != raw_name)
      return bad("en-tête local qui ne correspond pas au répertoire central (archive corrompue)");
    if (l_method != method || (l_flags & 0x41) != (flags & 0x41))
      return bad("en-tête local qui ne correspond pas au répertoire central (archive corrompue)");
    const bool descriptor = (flags & 0x8) != 0;
    if (!descriptor && (l_crc != crc || l_csize != csize || l_usize != usize))
      return bad("tailles ou CRC de l'en-tête local différents du répertoire central (archive corrompue)");
    if (data + csize > cd_offset) return bad("données tronquées (l'archive s'arrête avant la fin du membre)");
    if (descriptor) {
      // Optional signature, then CRC-32 and the two sizes.
      std::size_t d = data + csize;
      if (sig(b, d, '\7', '\10')) d += 4;
      if (d + 12 > cd_offset) return bad("descripteur de données tronqué");
      if (u32(b, d) != crc || u32(b, d + 4) != csize || u32(b, d + 8) != usize)
        return bad("descripteur de données différent du répertoire central (archive corrompue)");
    }
    const std::string_view packed = b.substr(data, csize);
    ZipMember m;
    m.name = *name;
    if (method == 0) {
      if (csize != usize) return bad("membre stocké dont les deux tailles diffèrent (archive corrompue)");
      m.data.assign(packed);
    } else {
      std::string why;
      if (!inflate_exact(packed, usize, m.data, why)) return bad(why);
    }
    const uLong actual = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(m.data.data()),
                               static_cast<uInt>(m.data.size()));
    if (actual != crc) return bad("CRC-32 incorrect : le membre est corrompu");
    out.push_back(std::move(m));
  }
  if (at != cd_end) return fail("répertoire central plus long que ses entrées (archive corrompue)");
  return out;
}

}  // namespace relance
