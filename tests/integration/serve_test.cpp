// `scribe run` as an SRE team runs it: Slack and Matrix at once, /healthz and
// /metrics on the status port, and SIGTERM in the middle of a burst.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "tests/support/background_process.hpp"
#include "tests/support/fake_homeserver.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/process.hpp"
#include "tests/support/scribe_run.hpp"
#include "tests/support/slack_payloads.hpp"
#include "tests/support/slack_seed.hpp"
#include "tests/support/temp_dir.hpp"

using namespace scribe::test;
using namespace std::chrono_literals;

namespace {

struct HttpAnswer {
  int status = 0;
  std::string body;
};

// One GET over a fresh loopback connection (Connection: close).
HttpAnswer http_get(unsigned short port, const std::string& target) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  HttpAnswer answer;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const std::string request =
        "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    (void)::write(fd, request.data(), request.size());
    std::string raw;
    char buffer[4096];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) raw.append(buffer, n);
    if (raw.size() > 12) answer.status = std::stoi(raw.substr(9, 3));
    if (const auto end = raw.find("\r\n\r\n"); end != std::string::npos)
      answer.body = raw.substr(end + 4);
  }
  ::close(fd);
  return answer;
}

// The value of one sample line of /metrics ("name{labels} value"), or -1.
double sample(const std::string& metrics, const std::string& series) {
  const auto at = metrics.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(metrics.substr(at + series.size() + 2));
}

// `scribe run` on Slack and Matrix at once, its status endpoint on a free port.
struct ServedScribe : ScribeRun {
  ServedScribe(const FakeSlack& slack, const FakeHomeserver& hs)
      : ScribeRun("[http]\nlisten = \"127.0.0.1:0\"\n" + slack_config(slack) + matrix_config(hs)) {}

  // The status port, from the log line that names it (the config asked for port 0).
  unsigned short status_port() {
    static const std::regex line(R"(status on http://127\.0\.0\.1:(\d+)/healthz)");
    unsigned short port = 0;
    FakeSlack::eventually(
        [&] {
          const std::string text = logs();
          std::smatch m;
          if (!std::regex_search(text, m, line)) return false;
          port = static_cast<unsigned short>(std::stoi(m[1]));
          return true;
        },
        10s);
    return port;
  }
};

}  // namespace

TEST_CASE(
    "scribe run: /healthz and /metrics tell the truth, SIGTERM exits 0 within 5 s, nothing lost",
    "[integration][slack][matrix][ops]") {
  FakeSlack slack;
  FakeHomeserver hs;
  ServedScribe scribe(slack, hs);
  scribe.start();
  const unsigned short port = scribe.status_port();
  INFO(scribe.logs());
  REQUIRE(port != 0);

  // Healthy once storage is writable and both platforms are connected.
  HttpAnswer health;
  REQUIRE(FakeSlack::eventually(
      [&] {
        health = http_get(port, "/healthz");
        return health.status == 200;
      },
      10s));
  CHECK_THAT(health.body, Catch::Contains("\"slack\"") && Catch::Contains("\"matrix\"") &&
                              Catch::Contains("\"storage\""));

  // Traffic on Slack shows in the counters.
  const std::string channel = declare_incident(slack, "Checkout 500s");
  for (int i = 0; i < 20; ++i)
    slack.send_message(channel, "U2", "warm-up " + std::to_string(i), now_ts(i));
  REQUIRE(FakeSlack::eventually([&] { return slack.pending() == 0; }, 10s));
  const std::string metrics = http_get(port, "/metrics").body;
  INFO(metrics);
  CHECK(sample(metrics, "scribe_events_applied_total{platform=\"slack\"}") >= 21);
  CHECK(sample(metrics, "scribe_acks_total{platform=\"slack\"}") >= 21);
  CHECK(sample(metrics, "scribe_ack_latency_seconds_count{platform=\"slack\"}") >= 21);
  CHECK(sample(metrics, "scribe_open_incidents") == 1);
  CHECK(sample(metrics, "scribe_events_deduplicated_total{platform=\"slack\"}") == 0);
  CHECK(sample(metrics, "scribe_outbound_queue_depth{platform=\"matrix\"}") == 0);
  // Both platforms' outbound queues export the same series: the channel's
  // announcement went out on Slack; nothing was refused or given up.
  CHECK(sample(metrics, "scribe_outbound_sent_total{platform=\"slack\"}") >= 1);
  CHECK(sample(metrics, "scribe_outbound_failed_total{platform=\"slack\"}") == 0);
  CHECK(sample(metrics, "scribe_outbound_refused_total{platform=\"slack\"}") == 0);
  CHECK(sample(metrics, "scribe_outbound_sent_total{platform=\"matrix\"}") == 0);

  // A redelivery is counted as deduplicated, not applied.
  const std::string again = slack.resend_event(slack.acks().back().envelope_id);
  REQUIRE(FakeSlack::eventually([&] { return slack.ack_count(again) >= 1; }, 10s));
  CHECK(sample(http_get(port, "/metrics").body,
               "scribe_events_deduplicated_total{platform=\"slack\"}") == 1);

  // Slack gone and refusing new sockets: unhealthy, and the JSON says why.
  slack.fail_method("apps.connections.open", "internal_error");
  slack.drop_connections();
  REQUIRE(FakeSlack::eventually(
      [&] {
        health = http_get(port, "/healthz");
        return health.status == 503;
      },
      10s));
  CHECK_THAT(health.body, Catch::Contains("slack") && Catch::Contains("not connected"));
  slack.fail_method("apps.connections.open", "internal_error", 0);
  REQUIRE(FakeSlack::eventually([&] { return http_get(port, "/healthz").status == 200; }, 30s));

  // SIGTERM in the middle of a burst: the work in hand is finished, exit 0 in 5 s.
  for (int i = 0; i < 100; ++i) {
    char text[32];
    std::snprintf(text, sizeof text, "burst <%03d> end", i);
    slack.send_message(channel, "U2", text, now_ts(100 + i));
  }
  const auto ending = scribe.terminate(5s);
  INFO(scribe.logs());
  CHECK(ending.code == 0);
  CHECK(ending.took < 5s);
  CHECK_THAT(scribe.logs(), Catch::Contains("stopped"));
  CHECK_THAT(scribe.logs(), !Catch::Contains(slack.options().bot_token) &&
                                !Catch::Contains(hs.options().access_token));

  // Nothing lost: whatever was acked is stored; what was not is redelivered to
  // the next process and applied then, each message exactly once.
  const int connections = slack.connections();
  scribe.start();
  REQUIRE(FakeSlack::eventually([&] { return slack.connections() > connections; }, 10s));
  REQUIRE(FakeSlack::eventually([&] { return slack.pending() == 0; }, 20s));
  REQUIRE(scribe.stop(5s) == 0);
  const std::string draft = scribe.draft(1);
  for (int i = 0; i < 100; ++i) {
    char text[32];
    std::snprintf(text, sizeof text, "burst <%03d> end", i);
    INFO(text);
    CHECK(count_of(draft, text) == 1);
  }
}

TEST_CASE("scribe run: SIGHUP reloads the templates, a broken one is refused and the old kept",
          "[integration][slack][ops]") {
  FakeSlack slack;
  FakeHomeserver hs;
  ServedScribe scribe(slack, hs);
  const auto templates = scribe.dir / "templates";
  std::filesystem::create_directories(templates);
  const auto template_file = (templates / "postmortem.md.mustache").string();
  write_file(template_file, "# INC-{{number}} FIRST TEMPLATE\n");
  // Slack only, with the templates directory.
  scribe.configure("[http]\nlisten = \"\"\n" + slack_config(slack) +
                   "[postmortem]\ntemplates_dir = \"" + templates.string() + "\"\n");
  scribe.start();
  REQUIRE(FakeSlack::eventually([&] { return slack.connections() == 1; }, 10s));
  const std::string channel = declare_incident(slack, "Template test");
  auto uploaded = [&](std::size_t n) {
    return FakeSlack::eventually(
        [&] {
          auto u = slack.uploads();
          return u.size() >= n && u[n - 1].completed;
        },
        10s);
  };
  slack.send_slash(channel, "U1", "dana", "draft");
  REQUIRE(uploaded(1));
  CHECK_THAT(slack.uploads()[0].content, Catch::Contains("FIRST TEMPLATE"));

  // Rewrites the template, sends SIGHUP, waits for the log line that answers
  // it, and asks for draft number `n`.
  auto reload_and_draft = [&](const std::string& text, const std::string& answer, std::size_t n) {
    write_file(template_file, text);
    scribe.process->kill(SIGHUP);
    REQUIRE(scribe.logged(answer, 5s));
    slack.send_slash(channel, "U1", "dana", "draft");
    REQUIRE(uploaded(n));
    return slack.uploads()[n - 1].content;
  };
  CHECK_THAT(reload_and_draft("# INC-{{number}} SECOND TEMPLATE\n", "templates reloaded", 2),
             Catch::Contains("SECOND TEMPLATE"));
  CHECK_THAT(reload_and_draft("# {{#broken}} never closed\n", "templates not reloaded", 3),
             Catch::Contains("SECOND TEMPLATE"));
  INFO(scribe.logs());
  CHECK(scribe.stop(5s) == 0);
}

TEST_CASE("scribe run: an overdue action item's owner is reminded by Slack DM while it runs",
          "[integration][slack][ops]") {
  FakeSlack slack;
  FakeHomeserver hs;
  ServedScribe scribe(slack, hs);
  // Seconds instead of days, so the reminder schedule plays out in the test.
  scribe.configure("[http]\nlisten = \"\"\n" + slack_config(slack) +
                   "[reminders]\ncheck_every = \"1s\"\nremind_every = \"2s\"\n"
                   "escalate_after = 0\n");
  scribe.start();
  REQUIRE(FakeSlack::eventually([&] { return slack.connections() == 1; }, 10s));
  const std::string channel = declare_incident(slack, "Pool exhaustion");
  auto reminders_of = [&](const std::string& dm, const std::string& item) {
    std::size_t n = 0;
    for (const auto& p : slack.posted())
      n += p.channel == dm && p.text.find(item) != std::string::npos &&
           p.text.find("overdue") != std::string::npos;
    return n;
  };
  auto reminders = [&] { return reminders_of("DU2", "A-1"); };
  // Assigned for today (a date already past is refused), then the bot is down
  // while it comes due: weeks later it is overdue, and reminded at the next slot.
  slack.send_slash(channel, "U1", "dana", "action <@U2|sam> Fix the pool due today");
  // A-2 keeps being reminded: the marker that follow-up rounds went on.
  slack.send_slash(channel, "U1", "dana", "action <@U3|lee> Alert on pool usage due today");
  // The slash command's answer rides on its ack.
  const bool assigned = FakeSlack::eventually(
      [&] {
        for (const auto& a : slack.acks())
          if (a.payload_text.find("A-2 for") != std::string::npos) return true;
        return false;
      },
      10s);
  REQUIRE(assigned);
  REQUIRE(scribe.stop() == 0);
  {
    SQLite::Database d((scribe.dir / "data" / "scribe.db").string(), SQLite::OPEN_READWRITE);
    d.exec("UPDATE action_items SET due = '2026-01-05'");
  }
  scribe.start();
  REQUIRE(FakeSlack::eventually([&] { return slack.connections() == 2; }, 10s));
  const bool reminded = FakeSlack::eventually([&] { return reminders() >= 1; }, 10s);
  INFO(scribe.logs());
  REQUIRE(reminded);
  CHECK(slack.calls("conversations.open").size() >= 1);
  // Done: no more reminders. "Nothing more" is checked once A-2's reminders
  // show that two later rounds ran, not after a sleep: a reminder already on
  // its way when `done` landed is counted before the first of them.
  slack.send_slash(channel, "U2", "sam", "done A-1");
  REQUIRE(FakeSlack::eventually(
      [&] {
        for (const auto& a : slack.acks())
          if (a.payload_text.find("A-1 done") != std::string::npos) return true;
        return false;
      },
      10s));
  const std::size_t a2_at_done = reminders_of("DU3", "A-2");
  REQUIRE(FakeSlack::eventually([&] { return reminders_of("DU3", "A-2") > a2_at_done; }, 10s));
  const std::size_t after_done = reminders();
  const std::size_t a2_then = reminders_of("DU3", "A-2");
  REQUIRE(FakeSlack::eventually([&] { return reminders_of("DU3", "A-2") >= a2_then + 2; }, 15s));
  CHECK(reminders() == after_done);
  REQUIRE(scribe.stop() == 0);
}

// The dedup ledger must not grow forever, yet forgetting must never cost a
// double apply: only ids of enabled chat platforms older than 30 days go;
// replayed transcripts (which may be replayed again, years later) keep theirs.
TEST_CASE("scribe run: event ids older than 30 days are forgotten, the rest kept",
          "[integration][slack][ops]") {
  FakeSlack slack;
  ScribeRun scribe("[http]\nlisten = \"\"\n" + slack_config(slack));
  scribe.start();  // makes the database
  REQUIRE(FakeSlack::eventually([&] { return slack.connections() == 1; }, 10s));
  REQUIRE(scribe.stop() == 0);

  const auto db = scribe.dir / "data" / "scribe.db";
  const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
  const std::int64_t day = 24 * 3600 * 1000;
  {
    SQLite::Database d(db.string(), SQLite::OPEN_READWRITE);
    SQLite::Statement add(d, "INSERT INTO applied_events VALUES (?, ?, ?)");
    for (const auto& [platform, id, age_days] :
         std::vector<std::tuple<std::string, std::string, std::int64_t>>{
             {"slack", "Ev-40-days", 40},
             {"slack", "Ev-29-days", 29},
             {"matrix", "$40-days-not-enabled", 40},
             {"console", "replay:400-days", 400}}) {
      add.bind(1, platform);
      add.bind(2, id);
      add.bind(3, now_ms - age_days * day);
      add.exec();
      add.reset();
    }
  }
  scribe.start();
  const bool forgot = scribe.logged("forgot 1 slack event ids");
  INFO(scribe.logs());
  CHECK(forgot);
  REQUIRE(scribe.stop() == 0);

  SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
  std::vector<std::string> kept;
  SQLite::Statement q(d, "SELECT event_id FROM applied_events ORDER BY event_id");
  while (q.executeStep()) kept.push_back(q.getColumn(0).getString());
  CHECK(kept == std::vector<std::string>{"$40-days-not-enabled", "Ev-29-days", "replay:400-days"});
}
