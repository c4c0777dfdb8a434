// Scribe's logs: spdlog's default logger writing one line per event to stderr,
// as text or as JSON lines, with every registered secret redacted.
//
//   text: 2026-03-12T14:46:10.123Z info [slack] connected to Socket Mode
//   json: {"ts":"2026-03-12T14:46:10.123Z","level":"info","msg":"connected…","logger":"slack"}
//
// Code that logs uses spdlog's free functions (spdlog::info(...)) or a named
// clone of the default logger (spdlog::default_logger()->clone("slack")); both
// go through the formatter set here.
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <spdlog/formatter.h>

namespace scribe::app {

struct Config;

enum class LogFormat { text, json };

// "trace" "debug" "info" "warn" "error" "critical" "off" (also "warning").
std::optional<spdlog::level::level_enum> parse_log_level(std::string_view name);
std::optional<LogFormat> parse_log_format(std::string_view name);  // "text" | "json"

// What a secret becomes in a log line.
inline constexpr std::string_view kRedacted = "[redacted]";

// Secrets are process-wide: once registered, a value never appears in a log
// line again, whatever logger or format prints it. Empty values are ignored.
void register_secret(std::string_view value);
// Registers every secret the config holds (Config::secrets()).
void register_secrets(const Config& config);
void clear_secrets();  // for tests
std::string redact_secrets(std::string_view text);

// The formatter Scribe's loggers use: redaction, then one text or JSON line.
std::unique_ptr<spdlog::formatter> make_log_formatter(LogFormat format);

// Makes a new default logger (stderr, or `out` when given) with this level and
// format, applies both to every logger already registered, and registers the
// config's secrets. Throws std::invalid_argument for an unknown level/format.
void setup_logging(std::string_view level, std::string_view format, std::ostream* out = nullptr);
void setup_logging(const Config& config, std::ostream* out = nullptr);

}  // namespace scribe::app
