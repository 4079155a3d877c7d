// Test helpers for the PDF files the core writes, checked with real readers
// (qpdf, poppler's pdfinfo / pdftotext / pdftoppm): a scratch directory,
// running a command, and one check per reader.
#pragma once
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "core/text.h"

namespace relance::test {

// A fresh directory per test case, removed at the end unless RELANCE_KEEP_PDF
// is set (then its path is printed, to look at the files).
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "relance-pdf-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    if (std::getenv("RELANCE_KEEP_PDF")) {
      std::printf("kept %s\n", path.c_str());
    } else {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path / name).string(); }
};

inline void write_file(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Writes `bytes` as `name` in `dir`; returns its path.
inline std::string write_pdf(const TempDir& dir, const std::string& name, const std::string& bytes) {
  const std::string path = dir.file(name);
  write_file(path, bytes);
  return path;
}

struct Run {
  int status = -1;
  std::string out;  // stdout (and stderr unless split)
  std::string err;
};

// Runs a shell command; stderr joins stdout unless `split`.
inline Run run(const std::string& command, bool split = false) {
  static int n = 0;
  const std::string err_path = (std::filesystem::temp_directory_path() /
                                ("relance-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++) + ".err"))
                                   .string();
  Run r;
  FILE* p = popen((command + (split ? " 2>" + err_path : std::string(" 2>&1"))).c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  for (std::size_t got; (got = fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, got);
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  if (split) {
    r.err = read_file(err_path);
    std::filesystem::remove(err_path);
  }
  return r;
}

// `s` as one shell word.
inline std::string quote(const std::string& s) { return "'" + replace_all(s, "'", "'\\''") + "'"; }

// qpdf must find nothing at all to complain about.
inline void check_qpdf(const std::string& pdf) {
  const Run r = run("qpdf --check " + quote(pdf));
  INFO(pdf << "\n" << r.out);
  CHECK(r.status == 0);
  CHECK(r.out.find("No syntax or stream encoding errors found") != std::string::npos);
  CHECK(r.out.find("WARNING") == std::string::npos);
}

struct PdfInfo {
  int pages = -1;
  bool a4 = false;
};
inline PdfInfo pdf_info(const std::string& pdf) {
  const Run r = run("pdfinfo " + quote(pdf));
  PdfInfo i;
  if (const std::size_t at = r.out.find("Pages:"); at != std::string::npos) i.pages = std::atoi(r.out.c_str() + at + 6);
  i.a4 = r.out.find("595.276 x 841.89 pts (A4)") != std::string::npos;
  return i;
}

// Every page renders (as `prefix`-N.png, by default beside the file), and
// poppler prints nothing (no warnings either).
inline void check_renders(const std::string& pdf, std::string prefix = {}, int dpi = 30) {
  if (prefix.empty()) prefix = pdf + "-page";
  const Run r = run("pdftoppm -r " + std::to_string(dpi) + " -png " + quote(pdf) + " " + quote(prefix));
  INFO(r.out);
  CHECK(r.status == 0);
  CHECK(r.out.empty());
}

// pdftotext's output (`options` such as "-layout", where a table row comes
// out as one line, in reading order); poppler must not complain (a bad
// ToUnicode CMap shows up here as a syntax warning).
inline std::string text_of(const std::string& pdf, const std::string& options = "") {
  const Run r = run("pdftotext " + options + " " + quote(pdf) + " -");
  INFO(r.out.substr(0, 2000));
  CHECK(r.status == 0);
  for (const char* complaint : {"Syntax Warning", "Syntax Error", "Internal Error", "Config Error"})
    CHECK(r.out.find(complaint) == std::string::npos);
  return r.out;
}

}  // namespace relance::test
