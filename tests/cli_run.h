// Runs the relance binary (RELANCE_CLI) for the CLI tests: stdout, stderr and
// the exit status of one invocation with a shell-quoted argument string.
#pragma once
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/json_io.h"

namespace cli_test {

struct Run {
  int status = -1;
  std::string out;
  std::string err;
};

// `env`: "NAME=value" assignments put before the command, or empty.
inline Run run(const std::string& args, const std::string& env = "") {
  static int n = 0;
  const std::string err_path = (std::filesystem::temp_directory_path() /
                                ("relance-cli-" + std::to_string(::getpid()) + "-" + std::to_string(n++) + ".err"))
                                   .string();
  const std::string cmd = (env.empty() ? "" : env + " ") + std::string(RELANCE_CLI) + " " + args + " 2>" + err_path;
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 4096> buf{};
  std::size_t got;
  while ((got = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), got);
  const int raw = pclose(p);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream e(err_path);
  std::ostringstream ss;
  ss << e.rdbuf();
  r.err = ss.str();
  std::filesystem::remove(err_path);
  return r;
}

inline relance::Json json_of(const Run& r) {
  auto j = relance::parse_json(r.out, "stdout");
  REQUIRE_MESSAGE(j.ok(), std::string(r.out + r.err));
  return *j;
}

}  // namespace cli_test
