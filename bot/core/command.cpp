#include "bot/core/command.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <vector>

#include "bot/core/command_verbs.hpp"
#include "bot/core/text.hpp"
#include "bot/core/time.hpp"

namespace scribe::core {
namespace {

using namespace command_verbs;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    std::size_t start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

// Rejoins words with single spaces: people type double spaces during outages.
std::string join(const std::vector<std::string_view>& words, std::size_t from,
                 std::size_t to = std::string_view::npos) {
  std::string out;
  to = std::min(to, words.size());
  for (std::size_t i = from; i < to; ++i) {
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}



CommandParse fail(CommandKind kind, std::string_view reason) {
  CommandParse p;
  p.error = std::string(reason);
  if (!p.error.empty()) p.error += " ";
  p.error += "Usage: " + usage(kind);
  return p;
}

CommandParse ok(Command c) {
  CommandParse p;
  p.command = std::move(c);
  return p;
}

std::optional<std::int64_t> parse_positive(std::string_view s) {
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc{} || ptr != s.data() + s.size() || n <= 0) return std::nullopt;
  return n;
}

std::optional<std::int64_t> parse_prefixed(std::string_view token, std::string_view prefix) {
  std::string t = ascii_lower(token);
  if (t.starts_with('#')) t.erase(0, 1);
  if (t.starts_with(prefix)) t.erase(0, prefix.size());
  return parse_positive(t);
}

// `start` title with an optional severity anywhere: "sev:P1", "sev=P1" or "sev P1".
CommandParse parse_start(const std::vector<std::string_view>& w, Command c) {
  std::vector<std::string_view> title;
  for (std::size_t i = 1; i < w.size(); ++i) {
    std::string word = ascii_lower(w[i]);
    if (word.starts_with("sev:") || word.starts_with("sev=")) {
      auto sev = parse_severity(word.substr(4));
      if (!sev) return fail(CommandKind::start, "Severity must be P1, P2, P3 or P4.");
      c.severity = sev;
    } else if (word == "sev" && i + 1 < w.size() && parse_severity(w[i + 1])) {
      c.severity = parse_severity(w[++i]);
    } else {
      title.push_back(w[i]);
    }
  }
  c.text = join(title, 0);
  if (c.text.empty()) return fail(CommandKind::start, "Give the incident a title.");
  return ok(std::move(c));
}

// Reads an optional leading time; the rest is the text.
CommandParse parse_timed(const std::vector<std::string_view>& w, Command c, const ParseContext& ctx,
                         bool text_required) {
  std::vector<std::string_view> rest(w.begin() + 1, w.end());
  TimeLookup time = find_leading_time(rest, ctx.now, ctx.zone);
  if (!time.error.empty())
    return fail(c.kind, time.error + " Times: " + std::string(kTimeForms) + ".");
  std::size_t used = 0;
  if (time.value) {
    c.at = time.value->at;
    used = time.value->tokens_used;
    c.typed_time = time.value;
  }
  c.text = join(rest, used);
  if (text_required && c.text.empty()) return fail(c.kind, "Say what happened.");
  return ok(std::move(c));
}

CommandParse parse_action(const std::vector<std::string_view>& w, Command c,
                          const ParseContext& ctx) {
  if (w.size() < 3) return fail(CommandKind::action, "Name an owner and what is to be done.");
  auto owner = parse_user(w[1], ctx.bare_names);
  if (!owner) return fail(CommandKind::action, "The first word must be the owner, like @sam.");
  c.user = *owner;
  std::size_t end = w.size();
  // `due` is the keyword only when a date follows it: "make sure it is done
  // by the due date" is all description.
  if (w.size() >= 4 && ascii_lower(w[w.size() - 2]) == "due") {
    const std::string zone = ctx.owner_zone ? ctx.owner_zone(c.user) : ctx.zone;
    DueDateLookup due = parse_due_date(w.back(), ctx.now, zone.empty() ? ctx.zone : zone);
    if (due.is_date()) {
      if (!due.value) return fail(CommandKind::action, due.error);
      c.due = due.value;
      end = w.size() - 2;
    }
  }
  c.text = join(w, 2, end);
  if (c.text.empty()) return fail(CommandKind::action, "Say what is to be done.");
  return ok(std::move(c));
}

CommandParse parse_with_user(const std::vector<std::string_view>& w, Command c,
                             const ParseContext& ctx) {
  if (w.size() != 2) return fail(c.kind, "Name one person.");
  auto user = parse_user(w[1], ctx.bare_names);
  if (!user) return fail(c.kind, "Name the person like @sam.");
  c.user = *user;
  return ok(std::move(c));
}

// `lead none` (or `nobody`) steps down: the incident is left without a lead,
// which the follow-up nudges about until someone takes it.
CommandParse parse_lead(const std::vector<std::string_view>& w, Command c,
                        const ParseContext& ctx) {
  if (w.size() == 2 && (ascii_lower(w[1]) == "none" || ascii_lower(w[1]) == "nobody"))
    return ok(std::move(c));
  return parse_with_user(w, std::move(c), ctx);
}

// `reviewer @user INC-7` reaches a closed incident, whose channel no longer
// takes commands: a required postmortem is reviewed after the close.
CommandParse parse_reviewer(const std::vector<std::string_view>& w, Command c,
                            const ParseContext& ctx) {
  if (w.size() == 3) {
    const auto trailing = parse_incident_ref(w[2]);
    if (!trailing) return fail(c.kind, "Name the incident like INC-7.");
    if (c.incident && *c.incident != *trailing)
      return fail(c.kind, "Name the incident once.");
    c.incident = trailing;
    return parse_with_user({w[0], w[1]}, std::move(c), ctx);
  }
  return parse_with_user(w, std::move(c), ctx);
}

CommandParse parse_text(const std::vector<std::string_view>& w, Command c) {
  c.text = join(w, 1);
  if (c.text.empty()) return fail(c.kind, "Add the text.");
  return ok(std::move(c));
}

CommandParse parse_no_args(const std::vector<std::string_view>& w, Command c) {
  if (w.size() > 1) return fail(c.kind, "This command takes no arguments.");
  return ok(std::move(c));
}

// `edit T-4 <text>`, `retime T-4 <time>`, `strike T-4`: a timeline entry by its id.
CommandParse parse_entry_change(const std::vector<std::string_view>& w, Command c,
                                const ParseContext& ctx) {
  if (w.size() < 2 || !parse_entry_ref(w[1]))
    return fail(c.kind, "Name the entry as `/incident timeline` shows it, like T-4.");
  c.entry = parse_entry_ref(w[1]);
  if (c.kind == CommandKind::strike) {
    if (w.size() > 2) return fail(c.kind, "Strike takes only the entry.");
    return ok(std::move(c));
  }
  if (c.kind == CommandKind::edit) {
    c.text = join(w, 2);
    if (c.text.empty()) return fail(c.kind, "Give the entry's new text.");
    return ok(std::move(c));
  }
  const std::vector<std::string_view> rest(w.begin() + 2, w.end());
  TimeLookup time = find_leading_time(rest, ctx.now, ctx.zone);
  if (!time.error.empty())
    return fail(c.kind, time.error + " Times: " + std::string(kTimeForms) + ".");
  if (!time.value || time.value->tokens_used != rest.size())
    return fail(c.kind, "Give the new time and nothing else.");
  c.at = time.value->at;
  c.typed_time = time.value;
  return ok(std::move(c));
}

bool is_incident_scoped_verb(std::string_view verb) {
  for (const auto& v : kVerbs)
    if (v.name == verb) return is_incident_scoped(v.kind);
  return false;
}

// `INC-n` right after the command word: the incident the command is about,
// from any channel. Only the prefixed form: `note 5 servers down` stays a note.
std::optional<std::int64_t> leading_incident(const std::vector<std::string_view>& w) {
  if (w.size() < 2) return std::nullopt;
  std::string word = ascii_lower(w[1]);
  if (word.starts_with('#')) word.erase(0, 1);
  if (!word.starts_with("inc-")) return std::nullopt;
  return parse_incident_ref(word);
}

}  // namespace

std::optional<std::string> command_arguments(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && is_space(text[i])) ++i;
  text.remove_prefix(i);
  if (text.size() < 9) return std::nullopt;
  if (text[0] != '/' && text[0] != '!') return std::nullopt;
  if (ascii_lower(text.substr(1, 8)) != "incident") return std::nullopt;
  std::string_view rest = text.substr(9);
  if (!rest.empty() && !is_space(rest.front())) return std::nullopt;  // "/incidents"
  return std::string(rest);
}

std::optional<std::string> parse_user(std::string_view token, bool bare_names) {
  if (token.size() > 3 && token.starts_with("<@") && token.ends_with(">")) {
    std::string_view inner = token.substr(2, token.size() - 3);
    inner = inner.substr(0, inner.find('|'));
    if (!inner.empty()) return std::string(inner);
    return std::nullopt;
  }
  auto valid = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
      return std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == ':' || c == '=' ||
             c == '/' || c >= 0x80;
    });
  };
  if (token.starts_with('@')) {
    // A Matrix id keeps its sigil: @alice:example.org is the id itself.
    if (token.find(':') != std::string_view::npos) {
      return valid(token.substr(1)) ? std::optional<std::string>(token) : std::nullopt;
    }
    token.remove_prefix(1);
    while (!token.empty() && (token.back() == ',' || token.back() == ':')) token.remove_suffix(1);
    return valid(token) ? std::optional<std::string>(token) : std::nullopt;
  }
  if (bare_names && valid(token) && token.find(':') == std::string_view::npos)
    return std::string(token);
  return std::nullopt;
}

std::optional<std::int64_t> parse_action_ref(std::string_view token) {
  return parse_prefixed(token, "a-");
}

std::optional<std::int64_t> parse_incident_ref(std::string_view token) {
  return parse_prefixed(token, "inc-");
}

std::optional<std::int64_t> parse_entry_ref(std::string_view token) {
  const std::string t = ascii_lower(token);
  if (!t.starts_with("t-")) return std::nullopt;
  return parse_positive(std::string_view(t).substr(2));
}

bool is_incident_scoped(CommandKind kind) {
  switch (kind) {
    case CommandKind::start:
    case CommandKind::done:
    case CommandKind::list:
    case CommandKind::help:
      return false;
    default:
      return true;
  }
}

CommandParse parse_command(std::string_view arguments, const ParseContext& ctx) {
  auto w = split_words(arguments);
  if (w.empty()) {
    CommandParse p;
    p.error = help_text("");
    return p;
  }
  const std::string verb = ascii_lower(w[0]);
  Command c;
  if (auto m = parse_milestone(verb); m || is_incident_scoped_verb(verb)) {
    if (auto number = leading_incident(w)) {
      c.incident = number;
      w.erase(w.begin() + 1);
    }
  }
  if (auto m = parse_milestone(verb)) {
    c.kind = CommandKind::milestone;
    c.milestone = m;
    return parse_timed(w, std::move(c), ctx, false);
  }
  const Verb* found = nullptr;
  for (const auto& v : kVerbs)
    if (v.name == verb && v.kind != CommandKind::milestone) found = &v;
  if (found == nullptr) {
    CommandParse p;
    p.error = "Unknown command `" + std::string(w[0]) + "`. " + help_text("");
    return p;
  }
  c.kind = found->kind;
  switch (c.kind) {
    case CommandKind::start:
      return parse_start(w, std::move(c));
    case CommandKind::note:
      return parse_timed(w, std::move(c), ctx, true);
    case CommandKind::severity:
      if (w.size() != 2 || !parse_severity(w[1]))
        return fail(c.kind, "Severity must be P1, P2, P3 or P4.");
      c.severity = parse_severity(w[1]);
      return ok(std::move(c));
    case CommandKind::lead:
      return parse_lead(w, std::move(c), ctx);
    case CommandKind::reviewer:
      return parse_reviewer(w, std::move(c), ctx);
    case CommandKind::title:
    case CommandKind::summary:
    case CommandKind::affected:
    case CommandKind::cause:
    case CommandKind::why:
      return parse_text(w, std::move(c));
    case CommandKind::action:
      return parse_action(w, std::move(c), ctx);
    case CommandKind::done:
      if (w.size() != 2 || !parse_action_ref(w[1])) return fail(c.kind, "Name one action item.");
      c.number = parse_action_ref(w[1]);
      return ok(std::move(c));
    case CommandKind::actions: {
      if (w.size() > 2) return fail(c.kind, "");
      if (w.size() == 2) {
        const std::string f = ascii_lower(w[1]);
        if (f == "mine")
          c.filter = ActionsFilter::mine;
        else if (f == "overdue")
          c.filter = ActionsFilter::overdue;
        else if (f == "all")
          c.filter = ActionsFilter::all;
        else
          return fail(c.kind, "Filter must be mine, overdue or all.");
      }
      return ok(std::move(c));
    }
    case CommandKind::snooze:
      if (w.size() != 2 || !parse_duration(w[1]))
        return fail(c.kind, "Say for how long, like 30m or 2h.");
      c.duration = parse_duration(w[1]);
      return ok(std::move(c));
    case CommandKind::draft:
      if (w.size() > 2) return fail(c.kind, "");
      if (w.size() == 2) {
        c.incident = parse_incident_ref(w[1]);
        if (!c.incident) return fail(c.kind, "Name the incident like INC-7.");
      }
      return ok(std::move(c));
    case CommandKind::edit:
    case CommandKind::retime:
    case CommandKind::strike:
      return parse_entry_change(w, std::move(c), ctx);
    case CommandKind::help:
      c.text = join(w, 1);
      return ok(std::move(c));
    case CommandKind::reopen:
    case CommandKind::timeline:
    case CommandKind::close:
    case CommandKind::list:
      return parse_no_args(w, std::move(c));
    case CommandKind::milestone:
      break;
  }
  return fail(c.kind, "");
}

}  // namespace scribe::core
