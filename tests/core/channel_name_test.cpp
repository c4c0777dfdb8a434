#include "bot/core/channel_name.hpp"

#include <catch2/catch.hpp>
#include <set>

using namespace scribe::core;

TEST_CASE("slugs keep lowercase ASCII letters, digits and single hyphens", "[channel]") {
  CHECK(slugify("API returning 503s") == "api-returning-503s");
  CHECK(slugify("  Checkout -- DOWN!! ") == "checkout-down");
  CHECK(slugify("Don't panic") == "dont-panic");
  CHECK(slugify("Zürich DC on fire") == "z-rich-dc-on-fire");
  CHECK(slugify("\xF0\x9F\x94\xA5\xF0\x9F\x94\xA5") == "incident");
}

TEST_CASE("channel names are inc-date-slug, at most 80 characters, numbered when taken",
          "[channel]") {
  std::set<std::string> taken;
  auto is_taken = [&](const std::string& n) { return taken.contains(n); };
  const std::string first = incident_channel_name("20260312", "API returning 503s", is_taken);
  CHECK(first == "inc-20260312-api-returning-503s");
  taken.insert(first);
  CHECK(incident_channel_name("20260312", "API returning 503s", is_taken) ==
        "inc-20260312-api-returning-503s-2");
  taken.insert("inc-20260312-api-returning-503s-2");
  CHECK(incident_channel_name("20260312", "API returning 503s", is_taken) ==
        "inc-20260312-api-returning-503s-3");

  const std::string long_title(200, 'x');
  const std::string name = incident_channel_name("20260312", long_title, is_taken);
  CHECK(name.size() == 80);
  taken.insert(name);
  const std::string second = incident_channel_name("20260312", long_title, is_taken);
  CHECK(second.size() == 80);
  CHECK(second.ends_with("-2"));
}
