#pragma once

#include <string>
#include <utility>
#include <variant>

namespace flowlab::core {

/// An error a user can cause (bad file, bad option, diverged training): a message a person can
/// act on. Errors travel as values, never as exceptions across a module or GUI boundary.
struct Error {
    std::string message;
};

/// Either a value or an Error (a small stand-in for C++23 std::expected).
template <class T>
class Result {
public:
    Result(T value) : m_state(std::move(value)) {}          // NOLINT(google-explicit-constructor)
    Result(Error error) : m_state(std::move(error)) {}      // NOLINT(google-explicit-constructor)

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<T>(m_state); }
    const T& value() const& { return std::get<T>(m_state); }
    T&& value() && { return std::get<T>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<Error>(m_state); }
    const std::string& message() const { return error().message; }

private:
    std::variant<T, Error> m_state;
};

/// Success or an Error, for operations that return nothing.
class Status {
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error.message)), m_failed(true) {}  // NOLINT

    static Status success() { return {}; }
    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const std::string& message() const { return m_error; }

private:
    std::string m_error;
    bool m_failed = false;
};

}  // namespace flowlab::core
