// Reading inputs and writing -o outputs without failing silently: inputs are
// capped in size (a device or a pipe that never ends is not read until the
// machine runs out of memory), a directory is named as one; outputs replace
// a regular file through a temporary file and a rename, keep its mode, go
// through a symbolic link to the file it points to, and refuse a directory,
// a FIFO, a device or a socket.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "cli/commands.h"

namespace relance::cli {
namespace {

// 512 Mio: far above a ledger of a hundred thousand invoices (about 190 Mo).
// RELANCE_MAX_INPUT_BYTES lowers or raises it (README, « Limites »).
std::size_t max_input_bytes() {
  if (const char* env = std::getenv("RELANCE_MAX_INPUT_BYTES")) {
    char* end = nullptr;
    const unsigned long long v = std::strtoull(env, &end, 10);
    if (end && *end == '\0' && v > 0) return static_cast<std::size_t>(v);
  }
  return std::size_t{512} << 20;
}

std::string size_words(std::size_t n) {
  if (n >= (std::size_t{1} << 20) && n % (std::size_t{1} << 20) == 0) return std::to_string(n >> 20) + " Mio";
  return std::to_string(n) + " octets";
}

// What a non-regular file is, in French, for the messages.
std::string kind_of(mode_t m) {
  if (S_ISDIR(m)) return "un dossier";
  if (S_ISFIFO(m)) return "un tube nommé (FIFO)";
  if (S_ISCHR(m) || S_ISBLK(m)) return "un périphérique";
  if (S_ISSOCK(m)) return "une socket";
  return "un fichier spécial";
}

std::string errno_words(int e) { return std::strerror(e); }

std::string too_big_words(std::size_t cap) {
  return "fichier trop gros : Relance lit au plus " + size_words(cap) +
         " (variable RELANCE_MAX_INPUT_BYTES pour changer la limite)";
}

// Opens path for reading with the checks every input goes through: it
// exists, is not a directory, a regular file is within the cap.
Result<int> open_input(const std::string& path, struct stat& st) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Error{path, "fichier introuvable"};
    return Error{path, "fichier illisible : " + errno_words(errno)};
  }
  if (::fstat(fd, &st) != 0) {
    const int e = errno;
    ::close(fd);
    return Error{path, "fichier illisible : " + errno_words(e)};
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Error{path, "c'est un dossier, pas un fichier"};
  }
  if (S_ISREG(st.st_mode) && static_cast<unsigned long long>(st.st_size) > max_input_bytes()) {
    ::close(fd);
    return Error{path, too_big_words(max_input_bytes())};
  }
  return fd;
}

// The rest of an opened input, read to its end (a pipe, a device...).
Result<std::string> read_all(const std::string& path, int fd, const struct stat& st) {
  const std::size_t cap = max_input_bytes();
  const std::string too_big = too_big_words(cap);
  std::string out;
  if (S_ISREG(st.st_mode)) out.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ssize_t got = ::read(fd, buf, sizeof buf);
    if (got < 0) {
      if (errno == EINTR) continue;
      const int e = errno;
      ::close(fd);
      return Error{path, "lecture impossible : " + errno_words(e)};
    }
    if (got == 0) break;
    if (out.size() + static_cast<std::size_t>(got) > cap) {
      ::close(fd);
      return Error{path, too_big};
    }
    out.append(buf, static_cast<std::size_t>(got));
  }
  ::close(fd);
  return out;
}

}  // namespace

Result<std::string> read_file(const std::string& path) {
  struct stat st {};
  auto fd = open_input(path, st);
  if (!fd) return fd.error();
  return read_all(path, *fd, st);
}

FileBytes::~FileBytes() {
  if (map_) ::munmap(const_cast<void*>(map_), size_);
}

Result<FileBytes> map_file(const std::string& path) {
  struct stat st {};
  auto fd = open_input(path, st);
  if (!fd) return fd.error();
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    // MAP_POPULATE: the pages of the page cache are mapped at once, not one
    // fault at a time while the reader goes through them.
    void* map = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, *fd, 0);
    if (map != MAP_FAILED) {
      ::close(*fd);
      return FileBytes(map, static_cast<std::size_t>(st.st_size));
    }
  }
  auto bytes = read_all(path, *fd, st);
  if (!bytes) return bytes.error();
  return FileBytes(std::move(*bytes));
}

Status write_file(const std::string& path, std::string_view bytes) {
  // Where the bytes go: the file itself, or the one a symbolic link points to.
  std::string target = path;
  struct stat st {};
  bool exists = false;
  if (::lstat(path.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode)) {
      std::error_code ec;
      const auto resolved = std::filesystem::canonical(path, ec);
      if (ec) return Error{path, "lien symbolique vers un fichier absent ou inaccessible : rien n'est écrit"};
      target = resolved.string();
      if (::stat(target.c_str(), &st) != 0) return Error{path, "cible du lien illisible : " + errno_words(errno)};
    }
    exists = true;
    if (!S_ISREG(st.st_mode))
      return Error{path, "c'est " + kind_of(st.st_mode) + ", pas un fichier ordinaire : rien n'est écrit (donnez le "
                                                          "nom d'un fichier)"};
  } else if (errno != ENOENT) {
    return Error{path, "écriture impossible : " + errno_words(errno)};
  }
  // Write next to the target, then rename: a crash leaves the old file whole.
  const std::string tmp = target + ".tmp-relance";
  ::unlink(tmp.c_str());
  const mode_t mode = exists ? (st.st_mode & 07777) : 0666;  // new files: 0666 less the umask
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, exists ? 0600 : mode);
  if (fd < 0) return Error{path, "écriture impossible : " + errno_words(errno)};
  const auto fail = [&](const std::string& why) -> Status {
    ::close(fd);
    ::unlink(tmp.c_str());
    return Error{path, why};
  };
  // The old file's mode exactly (a 600 ledger stays 600), whatever the umask.
  if (exists && ::fchmod(fd, mode) != 0) return fail("écriture impossible : " + errno_words(errno));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(errno == ENOSPC ? "écriture impossible (disque plein)" : "écriture impossible : " + errno_words(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 && errno != EINVAL) return fail("écriture impossible : " + errno_words(errno));
  if (::close(fd) != 0) {
    ::unlink(tmp.c_str());
    return Error{path, "écriture impossible : " + errno_words(errno)};
  }
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    const int e = errno;
    ::unlink(tmp.c_str());
    return Error{path, "écriture impossible : " + errno_words(e)};
  }
  return Ok{};
}

}  // namespace relance::cli
