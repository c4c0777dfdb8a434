// The blameless review: finds sentences that make a person the cause of a
// failure. A postmortem that names culprits teaches people to hide mistakes, so
// the draft flags them; but a flag on an innocent sentence teaches people to
// ignore the flags, so every rule below leans towards not flagging.
#include <algorithm>
#include <cctype>
#include <iterator>
#include <string_view>

#include "bot/core/blameless_lexicon.hpp"
#include "bot/core/postmortem.hpp"
#include "bot/core/text.hpp"

namespace scribe::core {
namespace {

using namespace blameless_lexicon;

struct Word {
  std::string raw;    // as written, for quoting back
  std::string bare;   // without surrounding punctuation
  std::string lower;  // bare, lowercase, curly apostrophes made straight
};

enum class Blame {
  not_done,      // didn't / did not <verb>
  never,         // never <verb>ed
  forgot,        // forgot / neglected [to]
  failed_to,     // failed to
  broke,         // broke / caused
  missed,        // missed / ignored
  should_have,   // should have / should've
  without,       // pushed / merged / deployed ... without
  accidentally,  // accidentally / mistakenly / carelessly
  caused_by,     // caused by / broken by <person>
};

template <std::size_t N>
bool contains(const std::string_view (&words)[N], std::string_view w) {
  return std::find(std::begin(words), std::end(words), w) != std::end(words);
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string straighten_apostrophes(std::string s) {
  for (std::size_t at; (at = s.find("\xE2\x80\x99")) != std::string::npos;) s.replace(at, 3, "'");
  return s;
}

Word make_word(std::string_view raw) {
  std::string_view bare = raw;
  while (!bare.empty() &&
         std::string_view("([{\"'*_`").find(bare.front()) != std::string_view::npos)
    bare.remove_prefix(1);
  while (!bare.empty() &&
         std::string_view(",.;:!?)]}\"'*_`").find(bare.back()) != std::string_view::npos)
    bare.remove_suffix(1);
  Word word{std::string(raw), straighten_apostrophes(std::string(bare)), {}};
  word.lower = ascii_lower(word.bare);
  return word;
}

std::vector<Word> split_words(std::string_view sentence) {
  std::vector<Word> words;
  std::size_t at = 0;
  while (at < sentence.size()) {
    while (at < sentence.size() && std::isspace(static_cast<unsigned char>(sentence[at]))) ++at;
    std::size_t end = at;
    while (end < sentence.size() && !std::isspace(static_cast<unsigned char>(sentence[end]))) ++end;
    if (end > at) words.push_back(make_word(sentence.substr(at, end - at)));
    at = end;
  }
  return words;
}

// Sentences end at . ! ? before a space (so "v2.4.1" stays whole) and at line ends.
std::vector<std::string> split_sentences(const std::string& text) {
  std::vector<std::string> sentences;
  std::string current;
  const auto flush = [&] {
    const auto first = current.find_first_not_of(" \t\r");
    if (first != std::string::npos) {
      const auto last = current.find_last_not_of(" \t\r");
      sentences.push_back(current.substr(first, last - first + 1));
    }
    current.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      flush();
      continue;
    }
    current += c;
    const bool at_break =
        i + 1 == text.size() || std::isspace(static_cast<unsigned char>(text[i + 1]));
    if ((c == '.' || c == '!' || c == '?') && at_break) flush();
  }
  flush();
  return sentences;
}

bool is_mention(const Word& w) {
  return (w.bare.size() > 1 && w.bare[0] == '@') || w.bare.rfind("<@", 0) == 0;
}

// "<@U123|alice>" -> "@alice"; "@alice's" -> "@alice".
std::string mention_name(const Word& w) {
  std::string name = w.bare;
  if (ends_with(name, "'s")) name.resize(name.size() - 2);
  if (name.rfind("<@", 0) == 0) {
    const auto bar = name.find('|');
    const auto close = name.find('>');
    name = "@" + (bar != std::string::npos ? name.substr(bar + 1, close - bar - 1)
                                           : name.substr(2, close - 2));
  }
  return name;
}

// A capitalised word that could be a first name: "Bob", not "CI", "PingBase",
// "Monitoring", "Redis" or "The". At the start of a sentence plurals ("Alerts",
// "Backups") are things too.
bool looks_like_name(std::string_view word, std::string_view lower, bool sentence_start) {
  if (word.size() < 2 || !std::isupper(static_cast<unsigned char>(word[0]))) return false;
  for (std::size_t i = 1; i < word.size(); ++i) {
    const auto c = static_cast<unsigned char>(word[i]);
    if (!std::islower(c) && c != '-') return false;
  }
  if (contains(kNotPeople, lower) || contains(kSystems, lower)) return false;
  for (std::string_view suffix : {"ing", "tion", "sion", "ment", "ness", "ity", "ance", "ence",
                                  "ure", "ics", "ies", "ers", "ors", "ism", "age"})
    if (ends_with(lower, suffix)) return false;
  if (sentence_start && ends_with(lower, "s")) {
    const char before = lower[lower.size() - 2];
    if (std::string_view("aeiousy").find(before) == std::string_view::npos) return false;
  }
  return true;
}

// Where a sentence's subject may stand: its first word, after a list marker or
// a colon, or after a chat command ("/incident why Alerts didn't fire").
bool is_clause_start(const std::vector<Word>& words, std::size_t i) {
  if (i == 0) return true;
  const std::string_view before = words[i - 1].raw;
  if (before == "-" || before == "*" || before == "\xE2\x80\x94" || before == "\xE2\x80\x93")
    return true;
  if (std::string_view(":;,").find(before.back()) != std::string_view::npos) return true;
  const auto is_command = [&](std::size_t k) {
    return words[k].raw[0] == '/' || words[k].raw[0] == '!';
  };
  return is_command(i - 1) || (i >= 2 && is_command(i - 2));
}

struct Person {
  std::string who;
  std::size_t end = 0;  // index of the first word after the name
  bool possessive = false;
};

std::optional<Person> person_at(const std::vector<Word>& words, std::size_t i) {
  const Word& w = words[i];
  if (is_mention(w)) return Person{mention_name(w), i + 1, ends_with(w.bare, "'s")};
  if (w.lower == "he" || w.lower == "she") return Person{w.bare, i + 1, false};
  if (i > 0 && contains(kNotBeforeSubject, words[i - 1].lower)) return std::nullopt;
  if (i > 0 && w.raw != w.bare && !ends_with(w.bare, "'s")) return std::nullopt;
  std::string name = w.bare;
  const bool possessive = ends_with(name, "'s");
  if (possessive) name.resize(name.size() - 2);
  if (!looks_like_name(name, ascii_lower(name), is_clause_start(words, i))) return std::nullopt;
  Person person{name, i + 1, possessive};
  // A surname: "Bob Smith forgot".
  if (!possessive && person.end < words.size()) {
    const Word& next = words[person.end];
    if (next.raw == next.bare && looks_like_name(next.bare, next.lower, false)) {
      person.who += " " + next.bare;
      ++person.end;
    }
  }
  return person;
}

struct Match {
  Blame blame;
  std::size_t rest = 0;  // first word of what the verb acts on
  std::string verb;      // the verb that names the act, where the suggestion reuses it
  std::size_t without = 0;
};

std::optional<Match> blame_at(const std::vector<Word>& words, std::size_t i) {
  const auto word = [&](std::size_t k) -> std::string_view {
    return k < words.size() ? std::string_view(words[k].lower) : std::string_view();
  };
  if (contains(kFillerAdverbs, word(i))) ++i;
  const auto w = word(i);
  if ((w == "didn't" || w == "didnt") && !contains(kUndergoneVerbs, word(i + 1)))
    return Match{Blame::not_done, i + 2, std::string(word(i + 1))};
  if (w == "did" && word(i + 1) == "not" && !contains(kUndergoneVerbs, word(i + 2)))
    return Match{Blame::not_done, i + 3, std::string(word(i + 2))};
  if (w == "never" && !word(i + 1).empty()) return Match{Blame::never, i + 1, {}};
  if (w == "forgot" || w == "neglected")
    return word(i + 1) == "to" ? Match{Blame::forgot, i + 2, "to"}
                               : Match{Blame::forgot, i + 1, {}};
  if (w == "failed" && word(i + 1) == "to") return Match{Blame::failed_to, i + 2, {}};
  if (w == "broke") return Match{Blame::broke, i + 1, "break"};
  if (w == "caused") return Match{Blame::broke, i + 1, "cause"};
  if (w == "missed" || w == "ignored" || w == "overlooked") return Match{Blame::missed, i + 1, {}};
  if (w == "should've" || w == "shouldn't" || (w == "should" && word(i + 1) == "have"))
    return Match{Blame::should_have, i + 1, {}};
  if (w == "accidentally" || w == "mistakenly" || w == "carelessly")
    return Match{Blame::accidentally, i + 1, {}};
  if (contains(kActionVerbs, w)) {
    for (std::size_t k = i + 1; k < words.size(); ++k)
      if (words[k].lower == "without") return Match{Blame::without, i + 1, std::string(w), k};
  }
  return std::nullopt;
}

std::string join_raw(const std::vector<Word>& words, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t k = from; k < std::min(to, words.size()); ++k) {
    if (!out.empty()) out += ' ';
    out += words[k].raw;
  }
  while (!out.empty() && std::string_view(".!?;:,").find(out.back()) != std::string_view::npos)
    out.pop_back();
  return out;
}

std::string suggest(const Match& match, const std::vector<Word>& words) {
  const std::string rest = join_raw(words, match.rest, words.size());
  const std::string fallback =
      "Describe the condition that allowed it rather than who did it, e.g. 'staging tests were "
      "not required before deploy'";
  const auto condition = [](const std::string& example) {
    return "Describe the condition that allowed it, e.g. '" + example + "'";
  };
  switch (match.blame) {
    case Blame::not_done:
      if (match.verb.empty()) return fallback;
      return condition("nothing required anyone to " +
                       join_raw(words, match.rest - 1, words.size()));
    case Blame::forgot:
      if (rest.empty()) return fallback;
      return condition(match.verb == "to" ? "nothing reminded anyone to " + rest
                                          : "nothing reminded anyone about " + rest);
    case Blame::failed_to:
      if (rest.empty()) return fallback;
      return condition("nothing made sure someone would " + rest);
    case Blame::broke:
      if (rest.empty()) return fallback;
      return condition("a change could " + match.verb + " " + rest +
                       " without a check stopping it");
    case Blame::missed:
      if (rest.empty()) return fallback;
      return condition(rest + " was easy to miss: nothing escalated it");
    case Blame::without: {
      std::string object = join_raw(words, match.rest, match.without);
      if (object.empty()) object = "a change";
      return condition(object + " could be " + match.verb + " " +
                       join_raw(words, match.without, words.size()));
    }
    case Blame::caused_by:
      return condition("the change went out without a check that would have caught it");
    case Blame::never:
    case Blame::should_have:
    case Blame::accidentally:
      return fallback;
  }
  return fallback;
}

// "the on-call engineer", "our new hire", "the DBA": a person by role, as
// the subject at `i`. Needs a determiner: "Engineers missed the alert because
// it went to a muted channel" speaks of a group and why, not of a culprit.
std::optional<Person> role_at(const std::vector<Word>& words, std::size_t i) {
  std::size_t k = i;
  if (!contains(kRoleDeterminers, words[k].lower)) return std::nullopt;
  ++k;
  while (k < words.size() && contains(kRoleAdjectives, words[k].lower) && k + 1 < words.size() &&
         (contains(kRoles, words[k + 1].lower) || contains(kRoleAdjectives, words[k + 1].lower)))
    ++k;
  if (k >= words.size()) return std::nullopt;
  std::string noun = words[k].lower;
  const bool possessive = ends_with(noun, "'s");
  if (possessive) noun.resize(noun.size() - 2);
  if (!contains(kRoles, noun)) return std::nullopt;
  std::string who = join_raw(words, i, k + 1);
  if (possessive) who.resize(who.size() - 2);
  return Person{who, k + 1, possessive};
}

// Whether `words` from `at` say "<procedure>", maybe after "the"/"our".
bool names_procedure(const std::vector<Word>& words, std::size_t at) {
  if (at < words.size() && contains(kRoleDeterminers, words[at].lower)) ++at;
  return at < words.size() && contains(kProcedures, words[at].lower);
}

constexpr std::string_view kConditionForError =
    "Name the condition that made the mistake easy to make, e.g. 'the command ran against "
    "production without a confirmation step'";

// Blame that needs no named person: "human error", "failed to follow the
// runbook", "should have known".
std::optional<BlameFinding> phrase_blame(const std::string& sentence, const std::vector<Word>& words,
                                         std::size_t i) {
  const auto word = [&](std::size_t k) -> std::string_view {
    return k < words.size() ? std::string_view(words[k].lower) : std::string_view();
  };
  if ((word(i) == "human" || word(i) == "operator") && word(i + 1) == "error")
    return BlameFinding{sentence, std::string(word(i)) + " error", std::string(kConditionForError)};
  const bool failed_to = word(i) == "failed" && word(i + 1) == "to" && word(i + 2) == "follow";
  const bool not_followed = (word(i) == "didn't" || word(i) == "didnt") && word(i + 1) == "follow";
  if ((failed_to && names_procedure(words, i + 3)) || (not_followed && names_procedure(words, i + 2)))
    return BlameFinding{sentence, i > 0 ? words[i - 1].bare : std::string("someone"),
                        "Describe why the procedure was hard to follow there, e.g. 'the runbook "
                        "step was not where the alert linked to'"};
  if ((word(i) == "should've" && word(i + 1) == "known") ||
      (word(i) == "should" && word(i + 1) == "have" && word(i + 2) == "known"))
    return BlameFinding{sentence, i > 0 ? words[i - 1].bare : std::string("someone"),
                        "Say what was not visible at the time instead, e.g. 'the dashboard did "
                        "not show the queue depth'"};
  return std::nullopt;
}

std::optional<BlameFinding> review_sentence(const std::string& sentence) {
  const auto words = split_words(sentence);
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (auto phrase = phrase_blame(sentence, words, i)) return phrase;
    // Passive blame: "caused by @alice's change", "broken by Bob".
    if (words[i].lower == "by" && i > 0 && i + 1 < words.size()) {
      const auto& verb = words[i - 1].lower;
      if (verb == "caused" || verb == "broken" || verb == "introduced" || verb == "triggered") {
        const Word& next = words[i + 1];
        std::string name = next.bare;
        if (ends_with(name, "'s")) name.resize(name.size() - 2);
        if (is_mention(next) || looks_like_name(name, ascii_lower(name), false)) {
          const Match match{Blame::caused_by, i + 2, {}, 0};
          return BlameFinding{sentence, is_mention(next) ? mention_name(next) : name,
                              suggest(match, words)};
        }
      }
    }
    auto person = person_at(words, i);
    if (!person) person = role_at(words, i);
    if (!person) continue;
    // "Bob's mistake", "the on-call's fault".
    if (person->possessive && person->end < words.size() &&
        contains(kFaultNouns, words[person->end].lower))
      return BlameFinding{sentence, person->who, std::string(kConditionForError)};
    // "Bob was careless", "the new hire is sloppy".
    {
      std::size_t k = person->end;
      const auto at = [&](std::size_t n) {
        return n < words.size() ? std::string_view(words[n].lower) : std::string_view();
      };
      if (!person->possessive && (at(k) == "was" || at(k) == "is" || at(k) == "were" ||
                                  at(k) == "got" || at(k) == "been")) {
        ++k;
        if (at(k) == "too" || at(k) == "very" || at(k) == "so" || at(k) == "being") ++k;
        if (contains(kJudgements, at(k)))
          return BlameFinding{sentence, person->who,
                              "Describe what made the step easy to get wrong instead, e.g. 'the "
                              "two environments looked the same in the console'"};
      }
    }
    // "@alice's deploy broke checkout": the person owns the subject.
    std::size_t verb_at = person->end;
    if (person->possessive) {
      if (verb_at + 1 >= words.size() || is_mention(words[verb_at])) continue;
      ++verb_at;
    }
    if (const auto match = blame_at(words, verb_at))
      return BlameFinding{sentence, person->who, suggest(*match, words)};
  }
  return std::nullopt;
}

}  // namespace

std::vector<BlameFinding> review_blame(const std::string& text) {
  // Most chat lines hold none of the blame phrases: skip them before the
  // sentence-by-sentence reading, which costs far more.
  const std::string lower = ascii_lower(text);
  if (std::none_of(std::begin(kBlameHints), std::end(kBlameHints),
                   [&](std::string_view hint) { return lower.find(hint) != std::string::npos; }))
    return {};

  std::vector<BlameFinding> findings;
  for (const auto& sentence : split_sentences(text))
    if (auto finding = review_sentence(sentence)) findings.push_back(std::move(*finding));
  return findings;
}

}  // namespace scribe::core
