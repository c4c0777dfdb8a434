// Slack wire messages for tests, built from the real samples in
// tests/fixtures/protocol/slack/ with the fields a test cares about filled in, so the
// fake speaks exactly the shapes Slack sends.
#pragma once

#include <boost/json.hpp>
#include <string>

namespace scribe::test::slack_payloads {

// A sample file parsed (cached; throws when missing or not JSON).
const boost::json::value& sample(const std::string& file_name);

// Events API payloads (the envelope's `payload`).
boost::json::object message_event(const std::string& event_id, const std::string& channel,
                                  const std::string& user, const std::string& text,
                                  const std::string& ts, const std::string& thread_ts = "");
boost::json::object bot_message_event(const std::string& event_id, const std::string& channel,
                                      const std::string& bot_id, const std::string& text,
                                      const std::string& ts);
boost::json::object edit_event(const std::string& event_id, const std::string& channel,
                               const std::string& user, const std::string& ts,
                               const std::string& old_text, const std::string& new_text,
                               const std::string& event_ts);
boost::json::object delete_event(const std::string& event_id, const std::string& channel,
                                 const std::string& user, const std::string& ts,
                                 const std::string& event_ts);
boost::json::object reaction_event(bool added, const std::string& event_id,
                                   const std::string& channel, const std::string& user,
                                   const std::string& reaction, const std::string& item_ts,
                                   const std::string& event_ts);

// Socket Mode envelopes.
boost::json::object events_api_envelope(const std::string& envelope_id,
                                        boost::json::object payload);
boost::json::object slash_command_envelope(const std::string& envelope_id,
                                           const std::string& channel, const std::string& user,
                                           const std::string& user_name, const std::string& text);
std::string hello_frame(int num_connections);
std::string disconnect_frame(const std::string& reason);

// Web API answers.
std::string connections_open_response(const std::string& ws_url);
std::string post_message_response(const std::string& channel, const std::string& ts,
                                  const std::string& text);
std::string conversations_create_response(const std::string& id, const std::string& name);
std::string conversations_invite_response(const std::string& channel);
std::string conversations_open_response(const std::string& channel);
std::string users_info_response(const std::string& id, const std::string& name,
                                const std::string& tz);
// {"ok":false,"error":…} in the samples' shape.
std::string error_response(const std::string& error);

// A Slack ts ("1700000000.000100") for epoch milliseconds plus a sequence
// number in the micro digits, so two messages in the same millisecond differ.
std::string make_ts(long long epoch_ms, int sequence = 0);

}  // namespace scribe::test::slack_payloads
