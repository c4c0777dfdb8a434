#include "bot/core/command.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <type_traits>
#include <utility>
#include <variant>
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

// A parsed command: its body, and the incident named after the verb.
CommandParse ok(std::optional<std::int64_t> incident, CommandBody body) {
  CommandParse p;
  p.command = Command{incident, std::move(body)};
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

using Words = std::vector<std::string_view>;

// What every parser is handed: the words (the verb first, a leading INC-n
// already taken out), the incident it named, the context.
struct Parsing {
  const Words& w;
  std::optional<std::int64_t> incident;
  const ParseContext& ctx;
  CommandKind kind;

  CommandParse done(CommandBody body) const { return ok(incident, std::move(body)); }
  CommandParse refuse(std::string_view reason) const { return fail(kind, reason); }
};

// Picks the parser of one command body: parse_args(p, Is<commands::Note>{}).
template <class Body>
struct Is {};

// `start` title with an optional severity anywhere: "sev:P1", "sev=P1" or "sev P1".
CommandParse parse_args(const Parsing& p, Is<commands::Start>) {
  const Words& w = p.w;
  commands::Start start;
  Words title;
  for (std::size_t i = 1; i < w.size(); ++i) {
    std::string word = ascii_lower(w[i]);
    if (word.starts_with("sev:") || word.starts_with("sev=")) {
      auto sev = parse_severity(word.substr(4));
      if (!sev) return p.refuse("Severity must be P1, P2, P3 or P4.");
      start.severity = sev;
    } else if (word == "sev" && i + 1 < w.size() && parse_severity(w[i + 1])) {
      start.severity = parse_severity(w[++i]);
    } else {
      title.push_back(w[i]);
    }
  }
  start.title = join(title, 0);
  if (start.title.empty()) return p.refuse("Give the incident a title.");
  return p.done(std::move(start));
}

// An optional leading time, then the text: into `timed` and `text`.
std::optional<CommandParse> read_timed(const Parsing& p, commands::Timed& timed,
                                       std::string& text) {
  const Words rest(p.w.begin() + 1, p.w.end());
  TimeLookup time = find_leading_time(rest, p.ctx.now, p.ctx.zone);
  if (!time.error.empty())
    return p.refuse(time.error + " Times: " + std::string(kTimeForms) + ".");
  std::size_t used = 0;
  if (time.value) {
    used = time.value->tokens_used;
    timed.time = time.value;
  }
  text = join(rest, used);
  return std::nullopt;
}

CommandParse parse_args(const Parsing& p, Is<commands::Note>) {
  commands::Note note;
  if (auto refused = read_timed(p, note, note.text)) return *refused;
  if (note.text.empty()) return p.refuse("Say what happened.");
  return p.done(std::move(note));
}

// The verb is the milestone: `mitigated 14:40 rolled back`.
CommandParse parse_args(const Parsing& p, Is<commands::Mark>) {
  commands::Mark mark;
  mark.milestone = parse_milestone(p.w[0]).value_or(Milestone::started);
  if (auto refused = read_timed(p, mark, mark.text)) return *refused;
  return p.done(std::move(mark));
}

CommandParse parse_args(const Parsing& p, Is<commands::Action>) {
  const Words& w = p.w;
  if (w.size() < 3) return p.refuse("Name an owner and what is to be done.");
  auto owner = parse_user(w[1], p.ctx.bare_names);
  if (!owner) return p.refuse("The first word must be the owner, like @sam.");
  commands::Action action;
  action.owner = *owner;
  std::size_t end = w.size();
  // `due` is the keyword only when a date follows it: "make sure it is done
  // by the due date" is all description.
  if (w.size() >= 4 && ascii_lower(w[w.size() - 2]) == "due") {
    const std::string zone = p.ctx.owner_zone ? p.ctx.owner_zone(action.owner) : p.ctx.zone;
    DueDateLookup due = parse_due_date(w.back(), p.ctx.now, zone.empty() ? p.ctx.zone : zone);
    if (due.is_date()) {
      if (!due.value) return p.refuse(due.error);
      action.due = due.value;
      end = w.size() - 2;
    }
  }
  action.text = join(w, 2, end);
  if (action.text.empty()) return p.refuse("Say what is to be done.");
  return p.done(std::move(action));
}

// The one person a command names, or the reason it names none.
std::variant<std::string, CommandParse> one_user(const Parsing& p, const Words& w) {
  if (w.size() != 2) return p.refuse("Name one person.");
  auto user = parse_user(w[1], p.ctx.bare_names);
  if (!user) return p.refuse("Name the person like @sam.");
  return *user;
}

// `lead none` (or `nobody`) steps down: the incident is left without a lead,
// which the follow-up nudges about until someone takes it.
CommandParse parse_args(const Parsing& p, Is<commands::SetLead>) {
  const Words& w = p.w;
  if (w.size() == 2 && (ascii_lower(w[1]) == "none" || ascii_lower(w[1]) == "nobody"))
    return p.done(commands::SetLead{});
  auto user = one_user(p, w);
  if (auto* refused = std::get_if<CommandParse>(&user)) return *refused;
  return p.done(commands::SetLead{std::get<std::string>(user)});
}

// `reviewer @user INC-7` reaches a closed incident, whose channel no longer
// takes commands: a required postmortem is reviewed after the close.
CommandParse parse_args(const Parsing& p, Is<commands::Reviewer>) {
  const Words& w = p.w;
  Parsing named = p;
  if (w.size() == 3) {
    const auto trailing = parse_incident_ref(w[2]);
    if (!trailing) return p.refuse("Name the incident like INC-7.");
    if (p.incident && *p.incident != *trailing) return p.refuse("Name the incident once.");
    named.incident = trailing;
  }
  const Words person = w.size() == 3 ? Words{w[0], w[1]} : w;
  auto user = one_user(p, person);
  if (auto* refused = std::get_if<CommandParse>(&user)) return *refused;
  return named.done(commands::Reviewer{std::get<std::string>(user)});
}

template <CommandKind K>
CommandParse parse_args(const Parsing& p, Is<commands::Text<K>>) {
  commands::Text<K> text{join(p.w, 1)};
  if (text.text.empty()) return p.refuse("Add the text.");
  return p.done(std::move(text));
}

template <CommandKind K>
CommandParse parse_args(const Parsing& p, Is<commands::Bare<K>>) {
  if (p.w.size() > 1) return p.refuse("This command takes no arguments.");
  return p.done(commands::Bare<K>{});
}

// `edit T-4 <text>`, `retime T-4 <time>`, `strike T-4`: a timeline entry by its id.
std::variant<std::int64_t, CommandParse> entry_named(const Parsing& p) {
  const auto entry = p.w.size() >= 2 ? parse_entry_ref(p.w[1]) : std::nullopt;
  if (!entry) return p.refuse("Name the entry as `/incident timeline` shows it, like T-4.");
  return *entry;
}

CommandParse parse_args(const Parsing& p, Is<commands::StrikeEntry>) {
  const auto entry = entry_named(p);
  if (const auto* refused = std::get_if<CommandParse>(&entry)) return *refused;
  if (p.w.size() > 2) return p.refuse("Strike takes only the entry.");
  return p.done(commands::StrikeEntry{std::get<std::int64_t>(entry)});
}

CommandParse parse_args(const Parsing& p, Is<commands::EditEntry>) {
  const auto entry = entry_named(p);
  if (const auto* refused = std::get_if<CommandParse>(&entry)) return *refused;
  commands::EditEntry edit{std::get<std::int64_t>(entry), join(p.w, 2)};
  if (edit.text.empty()) return p.refuse("Give the entry's new text.");
  return p.done(std::move(edit));
}

CommandParse parse_args(const Parsing& p, Is<commands::RetimeEntry>) {
  const auto entry = entry_named(p);
  if (const auto* refused = std::get_if<CommandParse>(&entry)) return *refused;
  const Words rest(p.w.begin() + 2, p.w.end());
  TimeLookup time = find_leading_time(rest, p.ctx.now, p.ctx.zone);
  if (!time.error.empty())
    return p.refuse(time.error + " Times: " + std::string(kTimeForms) + ".");
  if (!time.value || time.value->tokens_used != rest.size())
    return p.refuse("Give the new time and nothing else.");
  commands::RetimeEntry retime;
  retime.entry = std::get<std::int64_t>(entry);
  retime.time = time.value;
  return p.done(std::move(retime));
}

CommandParse parse_args(const Parsing& p, Is<commands::SetSeverity>) {
  if (p.w.size() != 2 || !parse_severity(p.w[1]))
    return p.refuse("Severity must be P1, P2, P3 or P4.");
  return p.done(commands::SetSeverity{*parse_severity(p.w[1])});
}

CommandParse parse_args(const Parsing& p, Is<commands::Done>) {
  if (p.w.size() != 2 || !parse_action_ref(p.w[1])) return p.refuse("Name one action item.");
  return p.done(commands::Done{*parse_action_ref(p.w[1])});
}

CommandParse parse_args(const Parsing& p, Is<commands::Actions>) {
  if (p.w.size() > 2) return p.refuse("");
  commands::Actions actions;
  if (p.w.size() == 2) {
    const std::string f = ascii_lower(p.w[1]);
    if (f == "mine")
      actions.filter = ActionsFilter::mine;
    else if (f == "overdue")
      actions.filter = ActionsFilter::overdue;
    else if (f == "all")
      actions.filter = ActionsFilter::all;
    else
      return p.refuse("Filter must be mine, overdue or all.");
  }
  return p.done(actions);
}

CommandParse parse_args(const Parsing& p, Is<commands::Snooze>) {
  if (p.w.size() != 2 || !parse_duration(p.w[1]))
    return p.refuse("Say for how long, like 30m or 2h.");
  return p.done(commands::Snooze{*parse_duration(p.w[1])});
}

CommandParse parse_args(const Parsing& p, Is<commands::Draft>) {
  if (p.w.size() > 2) return p.refuse("");
  Parsing named = p;
  if (p.w.size() == 2) {
    named.incident = parse_incident_ref(p.w[1]);
    if (!named.incident) return p.refuse("Name the incident like INC-7.");
  }
  return named.done(commands::Draft{});
}

// Service names as monitors write them: one word each, compared without case.
CommandParse parse_args(const Parsing& p, Is<commands::Services>) {
  commands::Services services;
  for (std::size_t i = 1; i < p.w.size(); ++i) {
    std::string name = ascii_lower(p.w[i]);
    while (!name.empty() && name.back() == ',') name.pop_back();
    if (!name.empty() && std::find(services.names.begin(), services.names.end(), name) ==
                             services.names.end())
      services.names.push_back(std::move(name));
  }
  if (services.names.empty()) return p.refuse("Name the services, like `checkout api`.");
  return p.done(std::move(services));
}

CommandParse parse_args(const Parsing& p, Is<commands::Export>) {
  if (p.w.size() > 2) return p.refuse("Name one action item (A-3) or one incident (INC-2).");
  if (p.w.size() == 1) return p.done(commands::Export{});
  if (const auto item = parse_action_ref(p.w[1])) return p.done(commands::Export{*item});
  Parsing named = p;
  named.incident = parse_incident_ref(p.w[1]);
  if (!named.incident) return p.refuse("Name one action item (A-3) or one incident (INC-2).");
  return named.done(commands::Export{});
}

CommandParse parse_args(const Parsing& p, Is<commands::Help>) {
  return p.done(commands::Help{join(p.w, 1)});
}

template <class Body>
CommandParse parse_body(const Parsing& p) {
  return parse_args(p, Is<Body>{});
}

using BodyParser = CommandParse (*)(const Parsing&);

template <std::size_t... Index>
constexpr std::array<BodyParser, sizeof...(Index)> body_parsers(std::index_sequence<Index...>) {
  return {&parse_body<std::variant_alternative_t<Index, CommandBody>>...};
}

// Each command's parser at its CommandKind (the index of its body in
// CommandBody): a command added without a parser does not compile.
constexpr auto kBodyParsers =
    body_parsers(std::make_index_sequence<std::variant_size_v<CommandBody>>{});

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
  const auto milestone = parse_milestone(verb);
  std::optional<std::int64_t> incident;
  if (milestone || is_incident_scoped_verb(verb)) {
    if (auto number = leading_incident(w)) {
      incident = number;
      w.erase(w.begin() + 1);
    }
  }
  if (milestone) return kBodyParsers[static_cast<std::size_t>(CommandKind::milestone)](
      Parsing{w, incident, ctx, CommandKind::milestone});
  const Verb* found = nullptr;
  for (const auto& v : kVerbs)
    if (v.name == verb && v.kind != CommandKind::milestone) found = &v;
  if (found == nullptr) {
    CommandParse p;
    p.error = "Unknown command `" + std::string(w[0]) + "`. " + help_text("");
    return p;
  }
  return kBodyParsers[static_cast<std::size_t>(found->kind)](
      Parsing{w, incident, ctx, found->kind});
}

const std::optional<TypedTime>& Command::typed_time() const {
  static const std::optional<TypedTime> none;
  if (const auto* timed = std::visit(
          [](const auto& b) -> const commands::Timed* {
            if constexpr (std::is_base_of_v<commands::Timed, std::decay_t<decltype(b)>>)
              return &b;
            else
              return nullptr;
          },
          body))
    return timed->time;
  return none;
}

std::optional<std::int64_t> Command::entry() const {
  return std::visit(
      [](const auto& b) -> std::optional<std::int64_t> {
        if constexpr (requires { b.entry; })
          return b.entry;
        else
          return std::nullopt;
      },
      body);
}

// Command::kind() is the alternative's index: one struct per CommandKind, in its order.
template <CommandKind K, class Body>
constexpr bool holds_at =
    std::is_same_v<std::variant_alternative_t<static_cast<std::size_t>(K), CommandBody>, Body>;
static_assert(std::variant_size_v<CommandBody> ==
              static_cast<std::size_t>(CommandKind::export_items) + 1);
static_assert(holds_at<CommandKind::start, commands::Start> &&
              holds_at<CommandKind::milestone, commands::Mark> &&
              holds_at<CommandKind::title, commands::SetTitle> &&
              holds_at<CommandKind::action, commands::Action> &&
              holds_at<CommandKind::snooze, commands::Snooze> &&
              holds_at<CommandKind::help, commands::Help> &&
              holds_at<CommandKind::reviewer, commands::Reviewer> &&
              holds_at<CommandKind::strike, commands::StrikeEntry> &&
              holds_at<CommandKind::service, commands::Services> &&
              holds_at<CommandKind::export_items, commands::Export>);

}  // namespace scribe::core
