// The known-answer incident (examples/db-pool-exhaustion.txt) typed
// live into a fake Slack, as people would: /incident commands as slash
// commands, the rest as channel messages, every time shifted so the incident
// closes now (due dates by as many days). Typed clock times become full local date-times in each
// speaker's Slack zone (dana in New York, sam in Kolkata), and the milestones
// typed without a time get the line's own (shifted) time, since a slash
// command is stamped when it arrives.
#pragma once

#include <chrono>
#include <string>

#include "tests/support/fake_slack.hpp"

namespace scribe::test {

struct SeedResult {
  std::string channel;         // the incident channel Scribe created
  std::string close_envelope;  // the envelope of `/incident close`
  std::size_t envelopes = 0;   // everything typed
};

// Registers dana, sam and lee as users, declares in channel CGEN, waits for
// the incident channel, then sends the rest. Throws std::runtime_error when
// the bot does not create the channel within `timeout`.
SeedResult type_seed_incident(FakeSlack& fake, const std::string& example_path,
                              std::chrono::milliseconds timeout = std::chrono::seconds(10));

// `/incident start <title> sev:P2` from #CGEN; waits (REQUIRE) for the
// incident channel to be created and the declarer invited; the channel id.
std::string declare_incident(FakeSlack& fake, const std::string& title);

}  // namespace scribe::test
