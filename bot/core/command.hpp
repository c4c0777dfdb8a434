// The `/incident` command grammar (README "Commands"; docs/architecture.md says where each rule lives).
// Parsing is pure: times are resolved against the `now` and zone passed in.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "bot/core/time.hpp"
#include "bot/core/types.hpp"

namespace scribe::core {

enum class CommandKind {
  start, note, milestone, severity, lead, title, summary, affected, cause, why,
  action, done, actions, snooze, timeline, draft, close, list, help, reviewer,
  reopen, edit, retime, strike
};

enum class ActionsFilter { incident, mine, overdue, all };

struct Command {
  CommandKind kind = CommandKind::help;
  std::string text;                   // title, note text, summary, help topic, ...
  std::optional<Instant> at;          // a time typed by the speaker
  std::optional<TypedTime> typed_time;  // how it was typed and read, for the reply
  std::optional<Severity> severity;   // start sev:P1, sev P2
  std::optional<Milestone> milestone; // kind == milestone
  std::string user;                   // lead, action owner, reviewer: a platform user id
                                      // (empty for `lead none`: nobody leads)
  std::optional<std::chrono::year_month_day> due;
  std::optional<std::int64_t> number;    // done A-<n>
  std::optional<std::int64_t> incident;  // `sev INC-2 P1`, `draft INC-2`, `reviewer @user INC-2`
  std::optional<std::int64_t> entry;     // edit/retime/strike T-<n>
  ActionsFilter filter = ActionsFilter::incident;
  std::optional<Millis> duration;  // snooze
};

struct CommandParse {
  std::optional<Command> command;
  std::string error;  // a reason plus that command's usage line
};

struct ParseContext {
  Instant now{};
  std::string zone = "UTC";   // the speaker's zone, for typed times and due dates
  bool bare_names = false;    // console: `action sam ...` names sam without the @
  // The zone an action owner's due dates are read in; empty: `zone`.
  std::function<std::string(const std::string& user)> owner_zone;
};

// The arguments after a leading `/incident` or `!incident` (any case), or
// nothing when the message is not a command.
std::optional<std::string> command_arguments(std::string_view message_text);

// Parses the arguments of one `/incident` command.
CommandParse parse_command(std::string_view arguments, const ParseContext& context);

// A user named in a command: Slack `<@U123|name>` / `<@U123>`, `@name`,
// a Matrix id `@user:server`, or (with bare_names) a plain name.
std::optional<std::string> parse_user(std::string_view token, bool bare_names);

// "A-12", "a-12", "12" -> 12; "INC-7", "7" -> 7.
std::optional<std::int64_t> parse_action_ref(std::string_view token);
std::optional<std::int64_t> parse_incident_ref(std::string_view token);
// "T-12", "t-12" -> 12: a timeline entry as `/incident timeline` shows it.
std::optional<std::int64_t> parse_entry_ref(std::string_view token);
// Whether the command is about one incident, and so takes `INC-n` after its word.
bool is_incident_scoped(CommandKind kind);

std::string usage(CommandKind kind);
// The whole command list, or the usage of one command when `topic` names one.
std::string help_text(std::string_view topic);

}  // namespace scribe::core
