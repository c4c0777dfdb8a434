// Usage lines and `/incident help`.
#include "bot/core/command.hpp"
#include "bot/core/command_verbs.hpp"
#include "bot/core/text.hpp"
#include "bot/core/types.hpp"

namespace scribe::core {

using namespace command_verbs;

namespace {

const Verb& verb_of(CommandKind kind) {
  for (const auto& v : kVerbs)
    if (v.kind == kind) return v;
  return kVerbs.back();
}

}  // namespace

std::string usage(CommandKind kind) {
  return std::string(verb_of(kind).usage);
}

std::string help_text(std::string_view topic) {
  std::string t = ascii_lower(topic);
  if (!t.empty()) {
    if (parse_milestone(t)) return "Usage: " + usage(CommandKind::milestone);
    for (const auto& v : kVerbs)
      if (v.name == t) return "Usage: " + std::string(v.usage);
  }
  std::string out = t.empty() ? "" : "No command `" + std::string(topic) + "`. ";
  out += "Scribe commands:\n";
  for (const auto& v : kVerbs) out += "  " + std::string(v.usage) + "\n";
  out += "  <time> is " + std::string(kTimeForms) +
         "; without a zone it is read in your time zone. HH:MM is its most recent occurrence.\n";
  out += "  INC-<n> after the command word reaches that incident from any channel, closed ones "
         "too (`/incident sev INC-2 P1`); T-<n> are the entry ids `/incident timeline` shows.";
  return out;
}

}  // namespace scribe::core
