// Lenient field access on Boost.JSON values, for every adapter's decoder:
// platforms add fields freely and omit ones they do not need, so a missing or
// mistyped field reads as empty instead of throwing. Header-only; a decoder
// that includes it links Boost::json itself (scribe_net does not).
//
// Plain structs of strings, booleans and integers are read field by field
// from their Boost.Describe description:
//
//   struct ReactionItem { std::string type, channel, ts; };
//   BOOST_DESCRIBE_STRUCT(ReactionItem, (), (type, channel, ts))
//   ReactionItem item = json::described<ReactionItem>(value);
#pragma once

#include <boost/describe.hpp>
#include <boost/json.hpp>
#include <boost/mp11/algorithm.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace scribe::net::json {

inline const boost::json::value* field(const boost::json::value& v, std::string_view key) {
  const auto* obj = v.if_object();
  if (!obj) return nullptr;
  return obj->if_contains(key);
}

// A string field; anything else (missing, a number, not an object) reads "".
inline std::string str(const boost::json::object& o, std::string_view key) {
  const auto* f = o.if_contains(key);
  if (!f) return {};
  if (const auto* s = f->if_string()) return std::string(*s);
  return {};
}

inline std::string str(const boost::json::value& v, std::string_view key) {
  const auto* o = v.if_object();
  return o ? str(*o, key) : std::string();
}

inline std::int64_t integer(const boost::json::value& v, std::string_view key,
                            std::int64_t fallback = 0) {
  const auto* f = field(v, key);
  if (!f) return fallback;
  if (const auto* i = f->if_int64()) return *i;
  // Out of range (found by fuzz_slack_frame: 1.6e49) is garbage, not a number to convert.
  if (const auto* u = f->if_uint64())
    return *u <= static_cast<std::uint64_t>(INT64_MAX) ? static_cast<std::int64_t>(*u) : fallback;
  if (const auto* d = f->if_double())
    return *d >= -9.2e18 && *d <= 9.2e18 ? static_cast<std::int64_t>(*d) : fallback;
  if (const auto* s = f->if_string()) {
    try {
      return std::stoll(std::string(*s));
    } catch (...) {
      return fallback;
    }
  }
  return fallback;
}

inline bool boolean(const boost::json::value& v, std::string_view key) {
  const auto* f = field(v, key);
  return f && f->is_bool() && f->get_bool();
}

inline const boost::json::value* object(const boost::json::value& v, std::string_view key) {
  const auto* f = field(v, key);
  return f && f->is_object() ? f : nullptr;
}

// Parses without throwing; nullopt for anything that is not a JSON object.
// `storage`: where the value's memory comes from (e.g. a monotonic arena that
// lives as long as the value is read); the default heap otherwise.
inline std::optional<boost::json::value> parse_object(std::string_view text,
                                                      boost::json::storage_ptr storage = {}) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec, std::move(storage));
  if (ec || !v.is_object()) return std::nullopt;
  return v;
}


inline const boost::json::object* object_at(const boost::json::object& o, std::string_view key) {
  const auto* f = o.if_contains(key);
  return f ? f->if_object() : nullptr;
}

inline const boost::json::array* array_at(const boost::json::object& o, std::string_view key) {
  const auto* f = o.if_contains(key);
  return f ? f->if_array() : nullptr;
}

// A described struct read from `v`, each member (its described bases' too) by
// its own name: strings with
// str(), bools with boolean(), 64-bit integers with integer(). Other members
// are left to the caller.
template <class T>
T described(const boost::json::value& v) {
  T out{};
  boost::mp11::mp_for_each<boost::describe::describe_members<
      T, boost::describe::mod_public | boost::describe::mod_inherited>>(
      [&](auto member) {
        auto& field = out.*member.pointer;
        using Field = std::remove_cvref_t<decltype(field)>;
        if constexpr (std::is_same_v<Field, std::string>)
          field = str(v, member.name);
        else if constexpr (std::is_same_v<Field, bool>)
          field = boolean(v, member.name);
        else if constexpr (std::is_same_v<Field, std::int64_t>)
          field = integer(v, member.name);
      });
  return out;
}

}  // namespace scribe::net::json
