// The `/incident` command grammar (README "Commands"; docs/architecture.md says where each rule lives).
// Parsing is pure: times are resolved against the `now` and zone passed in.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "bot/core/time.hpp"
#include "bot/core/types.hpp"

namespace scribe::core {

enum class CommandKind {
  start, note, milestone, severity, lead, title, summary, affected, cause, why,
  action, done, actions, snooze, timeline, draft, close, list, help, reviewer,
  reopen, edit, retime, strike, service, export_items
};

enum class ActionsFilter { incident, mine, overdue, all };

// One struct per command, holding only what that command can carry: a
// handler is given the struct its command parsed into, so it cannot read a
// field the command does not have. The alternatives stand in CommandKind's
// order (Command::kind()).
namespace commands {

struct Start {
  std::string title;
  std::optional<Severity> severity;  // sev:P1, sev P2
};
// A time typed by the speaker, how it was typed and read (for the reply).
struct Timed {
  std::optional<TypedTime> time;
  std::optional<Instant> at() const { return time ? std::optional<Instant>(time->at) : std::nullopt; }
};
struct Note : Timed {
  std::string text;
};
struct Mark : Timed {  // started, impact, detected, ... resolved
  Milestone milestone = Milestone::started;
  std::string text;  // may be empty
};
struct SetSeverity {
  Severity severity = Severity::p3;
};
struct SetLead {
  std::string user;  // a platform user id; empty for `lead none`: nobody leads
};
// The commands that carry one text and nothing else.
template <CommandKind K>
struct Text {
  std::string text;
};
using SetTitle = Text<CommandKind::title>;
using Summary = Text<CommandKind::summary>;
using Affected = Text<CommandKind::affected>;
using Cause = Text<CommandKind::cause>;
using Why = Text<CommandKind::why>;
using Help = Text<CommandKind::help>;  // the topic; empty: everything
struct Action {
  std::string owner;  // a platform user id
  std::string text;
  std::optional<std::chrono::year_month_day> due;
};
struct Done {
  std::int64_t item = 0;  // A-<n>
};
struct Actions {
  ActionsFilter filter = ActionsFilter::incident;
};
struct Snooze {
  Millis duration{0};
};
// The commands that carry nothing (but the incident, on Command).
template <CommandKind K>
struct Bare {};
using Timeline = Bare<CommandKind::timeline>;
using Draft = Bare<CommandKind::draft>;
using Close = Bare<CommandKind::close>;
using List = Bare<CommandKind::list>;
using Reopen = Bare<CommandKind::reopen>;
struct Reviewer {
  std::string user;
};
struct EditEntry {
  std::int64_t entry = 0;  // T-<n>
  std::string text;
};
struct RetimeEntry : Timed {  // time is always set
  std::int64_t entry = 0;
};
struct StrikeEntry {
  std::int64_t entry = 0;
};
struct Services {  // `service checkout api`: what the incident is about, as monitors name it
  std::vector<std::string> names;
};
struct Export {  // `export A-3` one item; `export INC-2` (or bare, in its channel) all of them
  std::optional<std::int64_t> item;
};

}  // namespace commands

using CommandBody =
    std::variant<commands::Start, commands::Note, commands::Mark, commands::SetSeverity,
                 commands::SetLead, commands::SetTitle, commands::Summary, commands::Affected,
                 commands::Cause, commands::Why, commands::Action, commands::Done,
                 commands::Actions, commands::Snooze, commands::Timeline, commands::Draft,
                 commands::Close, commands::List, commands::Help, commands::Reviewer,
                 commands::Reopen, commands::EditEntry, commands::RetimeEntry,
                 commands::StrikeEntry, commands::Services, commands::Export>;

struct Command {
  // `sev INC-2 P1`, `draft INC-2`, `reviewer @user INC-2`: the incident named
  // right after the command word (or at the end, for reviewer).
  std::optional<std::int64_t> incident;
  CommandBody body;

  CommandKind kind() const { return static_cast<CommandKind>(body.index()); }
  // The time the speaker typed, for the commands that take one.
  const std::optional<TypedTime>& typed_time() const;
  // The timeline entry the command changes (edit, retime, strike).
  std::optional<std::int64_t> entry() const;
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
