// Private to the command files: the verbs of the grammar with their usage
// lines, shared by the parser (command.cpp) and the help (command_help.cpp).
#pragma once

#include <array>
#include <string_view>

#include "bot/core/command.hpp"

namespace scribe::core::command_verbs {

struct Verb {
  std::string_view name;
  CommandKind kind;
  std::string_view usage;
};

inline constexpr std::array<Verb, 26> kVerbs{{
    {"start", CommandKind::start, "/incident start <title> [sev:P1..P4]"},
    {"note", CommandKind::note, "/incident note [<time>] <text>"},
    {"milestone", CommandKind::milestone,
     "/incident <started|impact|detected|acknowledged|identified|mitigated|resolved> "
     "[<time>] [<text>]"},
    {"sev", CommandKind::severity, "/incident sev <P1..P4>"},
    {"lead", CommandKind::lead, "/incident lead <@user> | none"},
    {"title", CommandKind::title, "/incident title <text>"},
    {"summary", CommandKind::summary, "/incident summary <text>"},
    {"affected", CommandKind::affected, "/incident affected <text>"},
    {"cause", CommandKind::cause, "/incident cause <text>"},
    {"why", CommandKind::why, "/incident why <text>"},
    {"action", CommandKind::action,
     "/incident action <@owner> <text> [due <YYYY-MM-DD|today|tomorrow|+3d|+2w|monday>]"},
    {"done", CommandKind::done, "/incident done <action id, e.g. A-12>"},
    {"actions", CommandKind::actions, "/incident actions [mine|overdue|all]"},
    {"snooze", CommandKind::snooze, "/incident snooze <duration, e.g. 30m>"},
    {"timeline", CommandKind::timeline, "/incident timeline"},
    {"draft", CommandKind::draft, "/incident draft [INC-<n>]"},
    {"close", CommandKind::close, "/incident close"},
    {"list", CommandKind::list, "/incident list"},
    {"help", CommandKind::help, "/incident help [command]"},
    {"reviewer", CommandKind::reviewer, "/incident reviewer <@user> [INC-<n>]"},
    {"reopen", CommandKind::reopen, "/incident reopen"},
    {"edit", CommandKind::edit, "/incident edit <T-n> <new text>"},
    {"retime", CommandKind::retime, "/incident retime <T-n> <time>"},
    {"strike", CommandKind::strike, "/incident strike <T-n>"},
    {"service", CommandKind::service, "/incident service <name> [<name>...]"},
    {"export", CommandKind::export_items, "/incident export <A-n | INC-n>"},
}};

inline constexpr std::string_view kTimeForms =
    "HH:MM, HH:MM:SS, YYYY-MM-DD HH:MM, an ISO-8601 stamp or -15m, optionally with a zone "
    "(11:50 UTC, 13:52+02:00, 09:30 America/New_York)";

}  // namespace scribe::core::command_verbs
