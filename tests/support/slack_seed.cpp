#include "tests/support/slack_seed.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <stdexcept>
#include <vector>

#include "bot/core/time.hpp"
#include "tests/support/slack_payloads.hpp"

namespace scribe::test {

namespace {

struct Person {
  std::string id;
  std::string tz;
};

const std::map<std::string, Person> kPeople = {{"dana", {"UDANA01", "America/New_York"}},
                                               {"sam", {"USAM001", "Asia/Kolkata"}},
                                               {"lee", {"ULEE001", "Europe/Berlin"}}};

const std::regex kMilestone(
    "^(started|impact|detected|acknowledged|identified|mitigated|resolved)( (.*))?$");
const std::regex kTypedClock(R"(^(\w+) (\d\d):(\d\d) (.*)$)");
const std::regex kDueDate(R"(^(action .* )due (\d{4}-\d\d-\d\d)$)");

struct Line {
  core::Instant at;
  std::string who;
  std::string text;
};

std::string two(long v) {
  return (v < 10 ? "0" : "") + std::to_string(v);
}

// "YYYY-MM-DD HH:MM[:SS]" of `t` in `zone`.
std::string local(core::Instant t, const std::string& zone, bool seconds) {
  std::string s = core::format_date(core::local_date(t, zone)) + " " + core::format_clock(t, zone);
  if (seconds) {
    const auto secs = std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
    s += ":" + two(((secs % 60) + 60) % 60);
  }
  return s;
}

std::string with_mentions(std::string text) {
  for (const auto& [name, p] : kPeople) {
    const std::string plain = "@" + name;
    for (auto pos = text.find(plain); pos != std::string::npos; pos = text.find(plain, pos)) {
      const std::string slack = "<@" + p.id + "|" + name + ">";
      text.replace(pos, plain.size(), slack);
      pos += slack.size();
    }
  }
  return text;
}

}  // namespace

SeedResult type_seed_incident(FakeSlack& fake, const std::string& example_path,
                              std::chrono::milliseconds timeout) {
  std::ifstream in(example_path);
  if (!in) throw std::runtime_error("cannot read " + example_path);
  std::vector<Line> lines;
  static const std::regex line_re(R"(^(\S+) (\w+): (.*)$)");
  for (std::string raw; std::getline(in, raw);) {
    std::smatch m;
    if (raw.empty() || raw.starts_with("#") || !std::regex_match(raw, m, line_re)) continue;
    lines.push_back(Line{*core::parse_iso8601(m[1].str()), m[2], m[3]});
  }
  if (lines.empty()) throw std::runtime_error("no lines in " + example_path);

  for (const auto& [name, p] : kPeople) fake.add_user(p.id, name, p.tz);
  // The close happens a minute ago; every other time keeps its distance to it.
  const auto base = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now()) -
                    std::chrono::minutes(1);
  const auto offset = base - lines.back().at;
  const core::Instant day_start = std::chrono::floor<std::chrono::days>(lines.front().at);

  SeedResult result;
  int sequence = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Line& line = lines[i];
    const Person& who = kPeople.at(line.who);
    const core::Instant at = line.at + offset;
    const std::string channel = result.channel.empty() ? "CGEN" : result.channel;
    ++result.envelopes;
    if (!line.text.starts_with("/incident ")) {
      fake.send_message(channel, who.id, with_mentions(line.text),
                        slack_payloads::make_ts(core::to_epoch_ms(at), ++sequence));
      continue;
    }
    std::string args = line.text.substr(10);
    std::smatch m;
    if (std::regex_match(args, m, kTypedClock) &&
        (m[1] == "note" || std::regex_match(m[1].str(), kMilestone))) {
      // A typed clock time: the same instant, as the speaker's wall clock shows it.
      const core::Instant typed = day_start + std::chrono::hours(std::stoi(m[2])) +
                                  std::chrono::minutes(std::stoi(m[3])) + offset;
      args = m[1].str() + " " + local(typed, who.tz, false) + " " + m[4].str();
    } else if (std::regex_match(args, m, kDueDate)) {
      // A due date keeps its distance in days to the incident, as the times do.
      const auto due = core::parse_iso8601(m[2].str() + "T12:00:00Z");
      if (due) args = m[1].str() + "due " + core::format_date(core::local_date(*due + offset, "UTC"));
    } else if (std::regex_match(args, m, kMilestone)) {
      // A milestone typed without a time means "now": the line's own time.
      args = m[1].str() + " " + local(at, who.tz, true) + (m[3].matched ? " " + m[3].str() : "");
    }
    const std::string env = fake.send_slash(channel, who.id, line.who, with_mentions(args));
    if (args.starts_with("close")) result.close_envelope = env;
    if (result.channel.empty()) {
      // The declaration: wait for the channel Scribe creates for it.
      if (!FakeSlack::eventually([&] { return !fake.created_channels().empty(); }, timeout))
        throw std::runtime_error("Scribe created no incident channel after /incident start");
      result.channel = fake.created_channels().begin()->second;
      if (!FakeSlack::eventually([&] { return fake.invited_to(result.channel); }, timeout))
        throw std::runtime_error("Scribe never invited the declarer to " + result.channel);
    }
  }
  return result;
}

std::string declare_incident(FakeSlack& fake, const std::string& title) {
  const auto before = fake.created_channels();
  fake.send_slash("CGEN", "U1", "dana", "start " + title + " sev:P2");
  std::string id;
  REQUIRE(FakeSlack::eventually(
      [&] {
        for (const auto& [name, channel] : fake.created_channels())
          if (!before.contains(name)) id = channel;
        return !id.empty();
      },
      std::chrono::seconds(10)));
  REQUIRE(FakeSlack::eventually([&] { return fake.invited_to(id); }, std::chrono::seconds(10)));
  return id;
}

}  // namespace scribe::test
