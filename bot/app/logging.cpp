#include "bot/app/logging.hpp"

#include <algorithm>
#include <array>
#include <ctime>
#include <mutex>
#include <stdexcept>
#include <vector>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "bot/app/config.hpp"
#include "bot/app/json_text.hpp"

namespace scribe::app {
namespace {

struct SecretList {
  std::mutex mutex;
  // Longest first, so a secret that contains another is replaced whole.
  std::shared_ptr<const std::vector<std::string>> values =
      std::make_shared<const std::vector<std::string>>();
};

SecretList& secrets() {
  static SecretList list;
  return list;
}

std::shared_ptr<const std::vector<std::string>> secret_snapshot() {
  auto& s = secrets();
  std::lock_guard lock(s.mutex);
  return s.values;
}

// At spdlog's level values, trace (0) to off; "warn" and "error" are the
// names --log-level takes.
std::string_view level_name(spdlog::level::level_enum level) {
  static constexpr std::array<std::string_view, spdlog::level::n_levels> kNames{
      "trace", "debug", "info", "warn", "error", "critical", "off"};
  const auto i = static_cast<std::size_t>(level);
  return i < kNames.size() ? kNames[i] : "off";
}

// 2026-03-12T14:46:10.123Z
void append_timestamp(std::string& out, spdlog::log_clock::time_point t) {
  using namespace std::chrono;
  const auto ms = time_point_cast<milliseconds>(t).time_since_epoch().count();
  const std::time_t secs = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  const int millis = static_cast<int>(ms - static_cast<long long>(secs) * 1000);
  std::tm tm{};
  ::gmtime_r(&secs, &tm);
  char buf[40];
  const int n =
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  out.append(buf, static_cast<std::size_t>(n));
}

// Text lines stay one line: control characters are shown escaped.
void append_text_escaped(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else if (c == '\t')
      out += '\t';
    else if (c < 0x20 || c == 0x7F) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += ch;
    }
  }
}

class ScribeFormatter final : public spdlog::formatter {
 public:
  explicit ScribeFormatter(LogFormat format) : format_(format) {}

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const std::string text =
        redact_secrets(std::string_view(msg.payload.data(), msg.payload.size()));
    const std::string_view logger(msg.logger_name.data(), msg.logger_name.size());
    std::string line;
    line.reserve(text.size() + 64);
    if (format_ == LogFormat::json) {
      line += "{\"ts\":\"";
      append_timestamp(line, msg.time);
      line += "\",\"level\":\"";
      line += level_name(msg.level);
      line += "\",\"msg\":";
      append_json_string(line, text);
      if (!logger.empty()) {
        line += ",\"logger\":";
        append_json_string(line, logger);
      }
      line += '}';
    } else {
      append_timestamp(line, msg.time);
      line += ' ';
      line += level_name(msg.level);
      if (!logger.empty()) {
        line += " [";
        append_text_escaped(line, logger);
        line += ']';
      }
      line += ' ';
      append_text_escaped(line, text);
    }
    line += '\n';
    dest.append(line.data(), line.data() + line.size());
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<ScribeFormatter>(format_);
  }

 private:
  LogFormat format_;
};

}  // namespace

std::optional<spdlog::level::level_enum> parse_log_level(std::string_view name) {
  if (name == "trace") return spdlog::level::trace;
  if (name == "debug") return spdlog::level::debug;
  if (name == "info") return spdlog::level::info;
  if (name == "warn" || name == "warning") return spdlog::level::warn;
  if (name == "error") return spdlog::level::err;
  if (name == "critical") return spdlog::level::critical;
  if (name == "off") return spdlog::level::off;
  return std::nullopt;
}

std::optional<LogFormat> parse_log_format(std::string_view name) {
  if (name == "text") return LogFormat::text;
  if (name == "json") return LogFormat::json;
  return std::nullopt;
}

void register_secret(std::string_view value) {
  if (value.empty()) return;
  auto& s = secrets();
  std::lock_guard lock(s.mutex);
  if (std::find(s.values->begin(), s.values->end(), value) != s.values->end()) return;
  auto next = std::make_shared<std::vector<std::string>>(*s.values);
  next->emplace_back(value);
  std::stable_sort(next->begin(), next->end(),
                   [](const auto& a, const auto& b) { return a.size() > b.size(); });
  s.values = std::move(next);
}

void register_secrets(const Config& config) {
  for (const auto& [key, value] : config.secrets()) register_secret(value);
}

void clear_secrets() {
  auto& s = secrets();
  std::lock_guard lock(s.mutex);
  s.values = std::make_shared<const std::vector<std::string>>();
}

std::string redact_secrets(std::string_view text) {
  const auto values = secret_snapshot();
  std::string out(text);
  for (const auto& secret : *values) {
    for (std::size_t at = out.find(secret); at != std::string::npos;
         at = out.find(secret, at + kRedacted.size()))
      out.replace(at, secret.size(), kRedacted);
  }
  return out;
}

std::unique_ptr<spdlog::formatter> make_log_formatter(LogFormat format) {
  return std::make_unique<ScribeFormatter>(format);
}

void setup_logging(std::string_view level_name, std::string_view format_name, std::ostream* out) {
  const auto level = parse_log_level(level_name);
  if (!level) throw std::invalid_argument("unknown log level `" + std::string(level_name) + "`");
  const auto format = parse_log_format(format_name);
  if (!format) throw std::invalid_argument("unknown log format `" + std::string(format_name) + "`");

  spdlog::sink_ptr sink;
  if (out != nullptr)
    sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(*out, /*force_flush=*/true);
  else
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>("", std::move(sink));
  logger->set_level(*level);
  // stderr is unbuffered; flushing on every line also keeps test streams current.
  logger->flush_on(spdlog::level::trace);
  spdlog::set_default_logger(logger);
  // Also every logger someone registered before now (and those cloned later).
  spdlog::set_formatter(make_log_formatter(*format));
  spdlog::set_level(*level);
}

void setup_logging(const Config& config, std::ostream* out) {
  register_secrets(config);
  setup_logging(config.log_level, config.log_format, out);
}

}  // namespace scribe::app
