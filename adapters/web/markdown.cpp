#include "adapters/web/markdown.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <memory>

namespace scribe::web {
namespace {

// The extensions GitHub renders drafts with; "tagfilter" also neuters
// <script>, <iframe>, <style>… should raw HTML ever be let through.
constexpr const char* kExtensions[] = {"table", "strikethrough", "autolink", "tasklist",
                                       "tagfilter"};

struct ParserFree {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeFree {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};

}  // namespace

std::string render_markdown(std::string_view markdown) {
  // CMARK_OPT_DEFAULT is the safe mode; CMARK_OPT_UNSAFE must never be added.
  constexpr int kOptions = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;
  cmark_gfm_core_extensions_ensure_registered();
  const std::unique_ptr<cmark_parser, ParserFree> parser(cmark_parser_new(kOptions));
  for (const char* name : kExtensions)
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(parser.get(), ext);
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  const std::unique_ptr<cmark_node, NodeFree> document(cmark_parser_finish(parser.get()));
  char* html =
      cmark_render_html(document.get(), kOptions, cmark_parser_get_syntax_extensions(parser.get()));
  std::string out = html ? html : "";
  cmark_get_default_mem_allocator()->free(html);
  return out;
}

}  // namespace scribe::web
