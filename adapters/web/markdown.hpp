// A draft's Markdown as HTML for its page, by cmark-gfm (GitHub's own parser,
// so the page shows the draft as GitHub would: tables, task lists, ~~strike~~).
#pragma once

#include <string>
#include <string_view>

namespace scribe::web {

// HTML for `markdown`. Safe mode: raw HTML becomes a comment and links or
// pictures with javascript:/vbscript:/file:/data: URLs lose them, so a
// custom template or a pasted line cannot put markup or script on the page.
std::string render_markdown(std::string_view markdown);

}  // namespace scribe::web
