// Result-or-error values: nothing that reads outside input throws across the
// core API (the wasm build runs without exception support).
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace relance {

// What went wrong and where: `where` names the place in the input (a flag,
// "line 12, column TTC", a JSON path such as "$.invoices[3].due"), `what` says
// the problem in plain words.
struct Error {
  std::string where;
  std::string what;

  std::string message() const { return where.empty() ? what : where + ": " + what; }
  bool operator==(const Error&) const = default;
};

template <class T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}
  Result(Error error) : error_(std::move(error)) {}

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const T& operator*() const& { return *value_; }
  T& operator*() & { return *value_; }
  const T* operator->() const { return &*value_; }
  T* operator->() { return &*value_; }
  const Error& error() const { return error_; }

 private:
  std::optional<T> value_;
  Error error_;
};

// For operations that produce nothing but may fail.
struct Ok {};
using Status = Result<Ok>;

// Several errors at once (imports and loaders report every problem they find,
// up to a limit, rather than only the first).
using Errors = std::vector<Error>;

}  // namespace relance
