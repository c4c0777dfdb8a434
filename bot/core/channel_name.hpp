// Names of dedicated incident channels: inc-YYYYMMDD-<slug>.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace scribe::core {

// The slug of a title: lowercase ASCII letters and digits, every other run of
// characters one hyphen, no hyphen at either end; "incident" when nothing is left.
std::string slugify(std::string_view title);

// "inc-<yyyymmdd>-<slug>", at most 80 characters, with "-2", "-3", ... appended
// (the slug shortened to make room) while `taken` says the name is in use.
std::string incident_channel_name(std::string_view yyyymmdd, std::string_view title,
                                  const std::function<bool(const std::string&)>& taken);

}  // namespace scribe::core
