// The bodies Scribe sends: notices, files, rooms and the sync filter.
#include "adapters/matrix/content.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

using namespace scribe::matrix;
namespace json = boost::json;

TEST_CASE("user text is escaped in formatted_body and plain in body", "[matrix]") {
  CHECK(html_escape("a <b>&\"c\"</b> 'd'\nnext") ==
        "a &lt;b&gt;&amp;&quot;c&quot;&lt;/b&gt; &#39;d&#39;<br>next");
  const json::value v = json::parse(notice_content("<script>x</script> *bold*", {}));
  CHECK(v.at("msgtype") == "m.notice");
  CHECK(v.at("body") == "<script>x</script> *bold*");
  CHECK(v.at("format") == "org.matrix.custom.html");
  CHECK(v.at("formatted_body") == "&lt;script&gt;x&lt;/script&gt; *bold*");
  CHECK(v.at("m.mentions").at("user_ids").as_array().empty());
}

TEST_CASE("mentions fill m.mentions and become pills in the HTML", "[matrix]") {
  const json::value v = json::parse(notice_content(
      "A-1 [ ] @sam:x.org — fix it; cc @sam:x.org.uk @sam:x.org:8448 @sam:x.org.", {"@sam:x.org"}));
  const auto& ids = v.at("m.mentions").at("user_ids").as_array();
  REQUIRE(ids.size() == 1);
  CHECK(ids[0] == "@sam:x.org");
  const std::string html(v.at("formatted_body").as_string());
  CHECK(html ==
        "A-1 [ ] <a href=\"https://matrix.to/#/@sam:x.org\">@sam:x.org</a> — fix it; cc "
        "@sam:x.org.uk @sam:x.org:8448 <a href=\"https://matrix.to/#/@sam:x.org\">@sam:x.org</a>.");
}

TEST_CASE("an m.file event names the upload and its size", "[matrix]") {
  const json::value v =
      json::parse(file_content("INC-1-postmortem-v1.md", "mxc://x/abc", "text/markdown", 1234));
  CHECK(v.at("msgtype") == "m.file");
  CHECK(v.at("body") == "INC-1-postmortem-v1.md");
  CHECK(v.at("url") == "mxc://x/abc");
  CHECK(v.at("info").at("mimetype") == "text/markdown");
  CHECK(v.at("info").at("size") == 1234);
}

TEST_CASE("room creation requests", "[matrix]") {
  const json::value room = json::parse(
      incident_room_request("inc-20260312-api-returning-503s", "INC-1", {"@dana:x.org"}));
  CHECK(room.at("name") == "inc-20260312-api-returning-503s");
  CHECK(room.at("preset") == "private_chat");
  CHECK(room.at("invite").as_array() == json::array{"@dana:x.org"});
  const json::value dm = json::parse(direct_room_request("@sam:x.org"));
  CHECK(dm.at("is_direct") == true);
  CHECK(dm.at("preset") == "trusted_private_chat");
  CHECK(dm.at("invite").as_array() == json::array{"@sam:x.org"});
}

TEST_CASE("the sync filter asks only for what the decoder reads", "[matrix]") {
  const json::value f = json::parse(sync_filter(50));
  const auto& timeline = f.at("room").at("timeline");
  CHECK(timeline.at("limit") == 50);
  CHECK(timeline.at("types").as_array() ==
        json::array{"m.room.message", "m.reaction", "m.room.redaction", "m.room.member"});
  CHECK(json::parse(gap_filter()).at("types") == timeline.at("types"));
  CHECK(f.at("room").at("state").at("lazy_load_members") == true);
  CHECK(f.at("room").at("state").at("types").as_array() ==
        json::array{"m.room.member", "m.room.name"});
  CHECK(f.at("presence").at("types").as_array().empty());
}
