// Configuration as schemas. Each section of the config file is declared once,
// next to the settings struct it fills (the core's policies are that struct,
// not a copy of it): its keys, what each must hold, how it is read, and the
// checks across keys. The struct's member initialisers are the defaults. The
// application reads a file through these declarations, `check-config` and
// `run` run the same ones, and the list of known keys and of secrets comes
// from them. Protocol-free: a value arrives as a settings::Value, never TOML.
//
//   const Section<ReminderPolicy>& reminder_settings() {
//     static const auto s = Section<ReminderPolicy>("reminders")
//         .duration("remind_every", [](auto& p) -> auto& { return p.remind_every; }, Off::refused)
//         .integer("escalate_after", [](auto& p) -> auto& { return p.escalate_after; }, 0);
//     return s;
//   }
#pragma once

#include <climits>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "bot/core/types.hpp"

namespace scribe::core::settings {

// A table of strings, like `{ critical = "P1", warning = "P3" }`.
using Table = std::map<std::string, std::string>;

// A value as the file gave it.
using Value = std::variant<bool, std::int64_t, std::string, std::vector<std::string>, Table>;

// What a key must hold in the file: a boolean, a whole number, a string, a
// list of strings, or a table of strings. (Durations, zones, weekdays are
// strings read further.)
enum class Kind { flag, integer, text, list, table };

// Whether a duration may be "off" (or "0"), which reads as 0.
enum class Off { allowed, refused };

// "30m", "24h", "3d"; "off" or "0" as 0 where allowed. nullopt: not a duration.
std::optional<Millis> read_duration(const std::string& text, Off off);
// The problem text for a key that is not a duration.
std::string duration_problem(Off off);

template <class Settings>
struct Key {
  std::string name;
  Kind kind = Kind::text;
  // Takes a value of `kind`; returns why it is refused, or "" when it was taken.
  std::function<std::string(Settings&, const Value&)> read;
  bool secret = false;      // never logged; listed by Config::secrets()
  std::string environment;  // a variable that overrides the file, e.g. SCRIBE_SLACK_BOT_TOKEN
  std::function<std::string(const Settings&)> text_of;  // text keys: the value, for secrets
};

template <class Settings>
Key<Settings> make_key(std::string name, Kind kind,
                       std::function<std::string(Settings&, const Value&)> read) {
  Key<Settings> k;
  k.name = std::move(name);
  k.kind = kind;
  k.read = std::move(read);
  return k;
}

template <class Settings>
class Section {
 public:
  // A check across keys, run after every key was read: adds "why" lines.
  using Rule = std::function<void(const Settings&, std::vector<std::string>& problems)>;

  explicit Section(std::string name) : name_(std::move(name)) {}

  const std::string& name() const { return name_; }
  const std::vector<Key<Settings>>& keys() const { return keys_; }
  const std::vector<Rule>& rules() const { return rules_; }
  const Key<Settings>* find(std::string_view key) const {
    for (const auto& k : keys_)
      if (k.name == key) return &k;
    return nullptr;
  }
  // "reminders.remind_every", or "timezone" at the top level.
  std::string dotted(std::string_view key) const {
    return name_.empty() ? std::string(key) : name_ + "." + std::string(key);
  }

  // A string; `check` returns why a value is refused ("" = fine).
  template <class Field>
  Section text(std::string key, Field field,
               std::function<std::string(const std::string&)> check = {}) const {
    Section s = *this;
    s.keys_.push_back(text_key(std::move(key), field, std::move(check)));
    return s;
  }
  // A string that is a secret, overridable from the environment.
  template <class Field>
  Section secret(std::string key, Field field, std::string environment) const {
    Section s = *this;
    auto k = text_key(std::move(key), field, {});
    k.secret = true;
    k.environment = std::move(environment);
    s.keys_.push_back(std::move(k));
    return s;
  }
  template <class Field>
  Section flag(std::string key, Field field) const {
    Section s = *this;
    s.keys_.push_back(make_key<Settings>(std::move(key), Kind::flag, [field](Settings& into, const Value& v) {
                         field(into) = std::get<bool>(v);
                         return std::string();
                       }));
    return s;
  }
  // A whole number from `min` to `max`.
  template <class Field>
  Section integer(std::string key, Field field, int min, int max = INT_MAX,
                  std::string range = {}) const {
    Section s = *this;
    const std::string dotted_name = dotted(key);
    if (range.empty())
      range = max == INT_MAX ? "0 or more" : "from " + std::to_string(min) + " to " +
                                                 std::to_string(max);
    s.keys_.push_back(make_key<Settings>(std::move(key), Kind::integer,
                       [field, min, max, dotted_name, range](Settings& into, const Value& v) {
                         const auto n = std::get<std::int64_t>(v);
                         if (n < min || n > max) return dotted_name + " must be " + range;
                         field(into) = static_cast<int>(n);
                         return std::string();
                       }));
    return s;
  }
  // A duration string like "15m"; "off" too where `off` allows it.
  template <class Field>
  Section duration(std::string key, Field field, Off off) const {
    Section s = *this;
    const std::string dotted_name = dotted(key);
    s.keys_.push_back(make_key<Settings>(std::move(key), Kind::text,
                       [field, off, dotted_name](Settings& into, const Value& v) {
                         const auto& text = std::get<std::string>(v);
                         const auto d = read_duration(text, Off::allowed);
                         if (!d) return "`" + dotted_name + "` " + duration_problem(off);
                         if (*d <= Millis{0} && off == Off::refused)
                           return dotted_name + " must be a duration, not off";
                         field(into) = *d;
                         return std::string();
                       }));
    return s;
  }
  // A list of strings; `check` refuses an entry ("" = fine).
  template <class Field>
  Section list(std::string key, Field field,
               std::function<std::string(const std::string&)> check = {}) const {
    Section s = *this;
    s.keys_.push_back(make_key<Settings>(std::move(key), Kind::list,
                       [field, check](Settings& into, const Value& v) {
                         std::vector<std::string> taken;
                         std::string problem;
                         for (const auto& entry : std::get<std::vector<std::string>>(v)) {
                           if (const auto why = check ? check(entry) : std::string(); !why.empty())
                             problem = why;
                           else
                             taken.push_back(entry);
                         }
                         field(into) = std::move(taken);
                         return problem;
                       }));
    return s;
  }
  // A table of strings; `check(name, value)` refuses an entry ("" = fine).
  // The file's table replaces the default one whole.
  template <class Field>
  Section table(std::string key, Field field,
                std::function<std::string(const std::string&, const std::string&)> check = {}) const {
    Section s = *this;
    s.keys_.push_back(make_key<Settings>(std::move(key), Kind::table,
                       [field, check](Settings& into, const Value& v) {
                         Table taken;
                         std::string problem;
                         for (const auto& [name, value] : std::get<Table>(v)) {
                           if (const auto why = check ? check(name, value) : std::string(); !why.empty())
                             problem = why;
                           else
                             taken.emplace(name, value);
                         }
                         field(into) = std::move(taken);
                         return problem;
                       }));
    return s;
  }
  // Anything else: the reader is given the raw value of `kind`.
  Section custom(std::string key, Kind kind,
                 std::function<std::string(Settings&, const Value&)> read) const {
    Section s = *this;
    s.keys_.push_back(make_key<Settings>(std::move(key), kind, std::move(read)));
    return s;
  }
  Section rule(Rule check) const {
    Section s = *this;
    s.rules_.push_back(std::move(check));
    return s;
  }

 private:
  template <class Field>
  Key<Settings> text_key(std::string key, Field field,
                         std::function<std::string(const std::string&)> check) const {
    Key<Settings> k = make_key<Settings>(std::move(key), Kind::text,
                    [field, check](Settings& into, const Value& v) {
                      // Kept even when refused: the file is refused anyway, and
                      // rules across keys then see what was written, not a gap.
                      const auto& text = std::get<std::string>(v);
                      field(into) = text;
                      return check ? check(text) : std::string();
                    });
    k.text_of = [field](const Settings& from) {
      return std::string(field(const_cast<Settings&>(from)));
    };
    return k;
  }

  std::string name_;
  std::vector<Key<Settings>> keys_;
  std::vector<Rule> rules_;
};

}  // namespace scribe::core::settings
