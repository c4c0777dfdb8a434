#include "bot/app/cli.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <fstream>
#include <iostream>
#include <optional>

#include "adapters/console/console_chat.hpp"
#include "bot/app/config.hpp"
#include "bot/app/logging.hpp"
#include "bot/app/runtime.hpp"
#ifdef SCRIBE_WITH_CHAT_ADAPTERS
#include "bot/app/serve.hpp"
#include "bot/app/tracker_service.hpp"
#endif
#include "bot/app/templates.hpp"
#include "bot/core/action_items.hpp"
#include "bot/core/command.hpp"
#include "bot/core/postmortem.hpp"
#include "bot/core/time.hpp"

namespace scribe::app {
namespace {

constexpr const char* kUsage =
    "Usage:\n"
    "  scribe console [--config F] [--as NAME]    chat in the terminal, stored in SQLite\n"
    "  scribe replay FILE [--export] [--config F] feed a timestamped transcript (--export: its\n"
    "                                             action items to the tracker, once)\n"
    "  scribe run [--config F]                    connect to Slack and/or Matrix and serve\n"
    "  scribe draft ID [--out PATH] [--config F]  (re)write one incident's draft\n"
    "  scribe actions [--overdue | --digest | --export | --sync] [--at TIME] [--config F]\n"
    "                                             list action items, the weekly review, or one\n"
    "                                             round with the tracker (--sync reads it back)\n"
    "  scribe web [--config F]                    serve the web view of data_dir read-only\n"
    "  scribe check-config [--config F]           validate config and templates\n"
    "  scribe --help | --version\n";

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The parsed command line: a subcommand, its positional words and its options.
struct Invocation {
  std::string command;
  std::vector<std::string> positional;
  std::optional<std::string> config;
  std::optional<std::string> as;
  std::optional<std::string> out;
  bool overdue = false;
  bool digest = false;            // actions --digest: the weekly review
  bool export_items = false;      // actions/replay --export: to the tracker, one round
  bool sync = false;              // actions --sync: that round, and the tracker read back
  std::optional<std::string> at;  // actions --at: as of this ISO-8601 time instead of now
};

Invocation parse_args(const std::vector<std::string>& args) {
  Invocation inv;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const std::string& name) {
      if (i + 1 >= args.size()) throw UsageError(name + " needs a value");
      return args[++i];
    };
    if (a == "--config")
      inv.config = value(a);
    else if (a.starts_with("--config="))
      inv.config = a.substr(9);
    else if (a == "--as")
      inv.as = value(a);
    else if (a == "--out")
      inv.out = value(a);
    else if (a == "--overdue")
      inv.overdue = true;
    else if (a == "--digest")
      inv.digest = true;
    else if (a == "--export")
      inv.export_items = true;
    else if (a == "--sync")
      inv.sync = true;
    else if (a == "--at")
      inv.at = value(a);
    else if (a.starts_with("--"))
      throw UsageError("unknown option " + a);
    else if (inv.command.empty())
      inv.command = a;
    else
      inv.positional.push_back(a);
  }
  return inv;
}

// The config, and the logs set up as it says: level, format, its secrets
// redacted from every line.
Config configured(const std::optional<std::string>& path) {
  Config config = load_config(path);
  setup_logging(config);
  return config;
}

void expect_positional(const Invocation& inv, std::size_t n, const char* what) {
  if (inv.positional.size() != n)
    throw UsageError("scribe " + inv.command +
                     (n ? " takes " + std::string(what) : " takes no arguments"));
}

int cmd_console(const Invocation& inv, std::istream& in, std::ostream& out) {
  expect_positional(inv, 0, "");
  Runtime runtime(configured(inv.config));
  console::ConsoleOptions options;
  options.author = inv.as.value_or(std::getenv("USER") != nullptr ? std::getenv("USER") : "me");
  // On a terminal, libedit edits lines and keeps their history beside the
  // data; from a pipe or a file the lines are read as they come.
  std::unique_ptr<console::LineReader> lines;
  if (&in == &std::cin && ::isatty(STDIN_FILENO))
    lines = std::make_unique<console::EditLineReader>(
        (std::filesystem::path(runtime.config().data_dir) / "console-history").string());
  else
    lines = std::make_unique<console::StreamLineReader>(in, out, false);
  // The console reads stdin in a blocking loop, so follow-up work (reminders,
  // nudges) is checked at start and before each line rather than on a timer.
  runtime.run_follow_up(core::wall_clock_now(), out);
  console::run_console(*lines, out, options, core::wall_clock_now, [&](const core::Inbound& event) {
    try {
      runtime.run_follow_up(event.at, out);
      runtime.handle_console(event, out);
    } catch (const std::exception& e) {
      // The event was rolled back whole; say so and keep the console alive.
      out << "error: " << e.what() << " (nothing was recorded)\n";
    }
  });
  return kExitOk;
}

int cmd_replay(const Invocation& inv, std::ostream& out, std::ostream& err) {
  expect_positional(inv, 1, "one transcript FILE");
  const std::string& path = inv.positional[0];
  const Config config = configured(inv.config);  // a bad config is exit 2 before anything else
  // A directory opens as a stream on Linux and then reads as nothing: say
  // so instead of "Replayed 0 messages".
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw std::runtime_error("cannot replay " + path + ": it is a directory, not a transcript file");
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
  Runtime runtime(config);
  int failures = 0;
  auto handle = [&](const core::Inbound& event) {
    try {
      runtime.handle_console(event, out);
    } catch (const std::exception& e) {
      ++failures;
      err << "error at " << event.event_id << ": " << e.what() << "\n";
    }
  };
  // The transcript's time is the bot's clock: scheduled work fires between
  // lines exactly when it would have in real time.
  auto advance = [&](core::Instant to, bool jumped) {
    try {
      runtime.advance_clock(to, out, jumped);
    } catch (const std::exception& e) {
      ++failures;
      err << "error in scheduled work before " << core::format_iso8601(to) << ": " << e.what()
          << "\n";
    }
  };
  const auto items_before = runtime.store().actions().list_all(true).size();
  auto stats = console::replay_transcript(file, err, handle, advance);
  if (file.bad()) throw std::runtime_error("reading " + path + " failed part way: " + std::strerror(errno));
  out << "Replayed " << stats.messages << " messages";
  if (stats.bad_lines > 0) out << "; " << stats.bad_lines << " bad lines skipped";
  out << ".\n";
  if (inv.export_items) {
#ifndef SCRIBE_WITH_CHAT_ADAPTERS
    throw UsageError("--export needs a build with the network adapters");
#else
    // The items this replay added: a second replay of the same file adds none,
    // and items exported before are linked already, so nothing goes twice.
    std::vector<std::int64_t> added;
    const auto items = runtime.store().actions().list_all(true);
    for (std::size_t i = items_before; i < items.size(); ++i) added.push_back(items[i].number);
    runtime.engine().request_exports(added);  // ([trackers] export may have asked already)
    int going = 0;
    for (const auto number : added)
      if (const auto item = runtime.store().actions().find(number);
          item && (item->tracker.state == core::TrackerLink::State::requested ||
                   item->tracker.state == core::TrackerLink::State::creating))
        ++going;
    out << "Exporting " << going << (going == 1 ? " action item" : " action items") << " to "
        << config.trackers.target().label() << ".\n";
    run_tracker_round(runtime, false, out);
#endif
  }
  if (failures > 0) return kExitFailure;
  return stats.bad_lines > 0 ? kExitFailure : kExitOk;
}

// `draft` and `actions` read what was recorded: pointed at a data directory
// that holds no database they say so, rather than making an empty one and
// answering as if nothing had ever happened.
void require_database(const Config& config) {
  std::error_code ec;
  if (!std::filesystem::exists(config.database_path(), ec))
    throw std::runtime_error("no Scribe database at " + config.database_path() +
                             ": nothing has been recorded in data_dir " + config.data_dir +
                             " (check data_dir, or --config)");
}

int cmd_draft(const Invocation& inv, std::ostream& out) {
  expect_positional(inv, 1, "one incident ID (INC-7 or 7)");
  auto number = core::parse_incident_ref(inv.positional[0]);
  if (!number) throw UsageError("`" + inv.positional[0] + "` is not an incident id like INC-7");
  const Config config = configured(inv.config);
  require_database(config);
  Runtime runtime(config);
  if (!runtime.store().incidents().find(*number))
    throw std::runtime_error("there is no incident " + core::incident_ref(*number));
  for (const auto& effect : runtime.engine().write_draft(*number, core::wall_clock_now())) {
    const auto* draft = std::get_if<core::DraftReady>(&effect);
    if (draft == nullptr) continue;
    out << "Draft v" << draft->version << " of " << core::incident_ref(*number) << " written to "
        << runtime.write_draft_file(*draft) << "\n";
    if (inv.out) {
      std::ofstream file(*inv.out, std::ios::binary | std::ios::trunc);
      file << draft->markdown;
      if (!file.flush()) throw std::runtime_error("cannot write " + *inv.out);
      out << "Also written to " << *inv.out << "\n";
    }
  }
  return kExitOk;
}

int cmd_actions(const Invocation& inv, std::ostream& out) {
  expect_positional(inv, 0, "");
  if (int(inv.digest) + int(inv.overdue) + int(inv.export_items) + int(inv.sync) > 1)
    throw UsageError("--overdue, --digest, --export and --sync do not go together");
  std::optional<core::Instant> as_of;
  if (inv.at && !(as_of = core::parse_iso8601(*inv.at)))
    throw UsageError("--at takes an ISO-8601 time with a zone, like 2026-03-23T09:00:00Z");
  const Config config = configured(inv.config);
  require_database(config);
  Runtime runtime(config);
  const auto t = as_of.value_or(core::wall_clock_now());
  if (inv.digest) {
    out << runtime.follow_up().digest(t) << "\n";
    return kExitOk;
  }
  if (inv.export_items || inv.sync) {
#ifndef SCRIBE_WITH_CHAT_ADAPTERS
    throw UsageError("--export and --sync need a build with the network adapters");
#else
    if (!run_tracker_round(runtime, inv.sync, out))
      throw ConfigError(config.source +
                        ": no tracker is set up ([trackers.github] repo or [trackers.jira] base_url)");
    return kExitOk;
#endif
  }
  int shown = 0;
  for (const auto& item : runtime.store().actions().list_all(false)) {
    const std::string zone = runtime.engine().zone_of(item.owner, "");
    if (inv.overdue && !core::is_overdue(item, t, zone)) continue;
    out << core::describe_action(item, t, zone) << "\n";
    ++shown;
  }
  if (shown == 0) out << (inv.overdue ? "No overdue action items.\n" : "No open action items.\n");
  return kExitOk;
}

int cmd_check_config(const Invocation& inv, std::ostream& out, std::ostream& err) {
  expect_positional(inv, 0, "");
  Config config;
  try {
    config = load_config(inv.config);
  } catch (const ConfigError& e) {
    // Every problem at once: fixing a config one error per run is slow.
    for (const auto& problem : e.problems) err << "scribe: " << problem << "\n";
    return kExitUsage;
  }
  const auto templates = load_templates(config);
  out << "config OK (" << config.source << "): timezone " << config.timezone << ", data in "
      << config.data_dir << ", " << templates.size() << " templates";
  for (const auto& [name, t] : templates)
    if (t.origin != "built-in") out << ", " << name << " from " << t.origin;
  out << "; slack " << (config.slack.enabled ? "on" : "off") << ", matrix "
      << (config.matrix.enabled ? "on" : "off") << "\n";
  return kExitOk;
}

int cmd_run(const Invocation& inv) {
  expect_positional(inv, 0, "");
  const Config config = configured(inv.config);
  if (!config.slack.enabled && !config.matrix.enabled)
    throw ConfigError(config.source +
                      ": no chat platform is enabled; set [slack] or [matrix] enabled = true, "
                      "or use `scribe console`");
#ifdef SCRIBE_WITH_CHAT_ADAPTERS
  return serve(config);
#else
  throw ConfigError(
      "this scribe was built without the Slack and Matrix adapters; rebuild with "
      "-DSCRIBE_CHAT_ADAPTERS=ON");
#endif
}

int cmd_web(const Invocation& inv) {
  expect_positional(inv, 0, "");
  const Config config = configured(inv.config);
#ifdef SCRIBE_WITH_CHAT_ADAPTERS
  return serve_web(config);
#else
  throw ConfigError(
      "this scribe was built without the network adapters; rebuild with "
      "-DSCRIBE_CHAT_ADAPTERS=ON");
#endif
}

}  // namespace

int run_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
            std::ostream& err) {
  try {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help")) {
      out << kUsage;
      return kExitOk;
    }
    if (!args.empty() && args[0] == "--version") {
      out << "scribe " << SCRIBE_VERSION << "\n";
      return kExitOk;
    }
    const Invocation inv = parse_args(args);
    if (inv.command.empty()) throw UsageError("name a command");
    if (inv.command == "console") return cmd_console(inv, in, out);
    if (inv.command == "replay") return cmd_replay(inv, out, err);
    if (inv.command == "draft") return cmd_draft(inv, out);
    if (inv.command == "actions") return cmd_actions(inv, out);
    if (inv.command == "check-config") return cmd_check_config(inv, out, err);
    if (inv.command == "run") return cmd_run(inv);
    if (inv.command == "web") return cmd_web(inv);
    throw UsageError("unknown command `" + inv.command + "`");
  } catch (const UsageError& e) {
    err << "scribe: " << e.what() << "\n" << kUsage;
    return kExitUsage;
  } catch (const ConfigError& e) {
    err << "scribe: " << e.what() << "\n";
    return kExitUsage;
  } catch (const core::TemplateError& e) {
    err << "scribe: template error: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    err << "scribe: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace scribe::app
