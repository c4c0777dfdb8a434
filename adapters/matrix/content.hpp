// Request bodies Scribe sends to a homeserver, as JSON text. Pure: no I/O.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace scribe::matrix {

// Text made safe for org.matrix.custom.html: & < > " ' escaped, newlines as <br>.
std::string html_escape(std::string_view text);

// The HTML of a notice: the escaped text, with each mentioned user id turned
// into a matrix.to pill.
std::string notice_html(std::string_view text, const std::vector<std::string>& mentions);

// An m.notice with plain body, formatted_body and m.mentions (always present,
// as the spec recommends, so clients do not guess mentions from the body).
std::string notice_content(std::string_view text, const std::vector<std::string>& mentions);

// An m.file event pointing at uploaded media.
std::string file_content(std::string_view filename, std::string_view mxc_uri,
                         std::string_view mimetype, std::size_t size);

// POST /createRoom for an incident room: private, named, the declarer invited.
std::string incident_room_request(std::string_view name, std::string_view topic,
                                  const std::vector<std::string>& invite);
// POST /createRoom for a direct chat with one user.
std::string direct_room_request(std::string_view user_id);

// The stored sync filter: only the timeline events Scribe reads, member state
// lazily for display names, no presence, receipts or typing.
std::string sync_filter(int timeline_limit);

// The RoomEventFilter for /messages when filling a gap: the same event types.
std::string gap_filter();

// {"reason": ...} style bodies and the empty object.
std::string empty_object();

}  // namespace scribe::matrix
