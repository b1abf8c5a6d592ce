// Conventions blocks: block count, qualifier shape and the ASCII rule. Values stay expressions;
// their meaning per property is the convention engine's business.
#include <fmt/format.h>

#include "ir/builder_internal.h"

namespace s2r::ir {

void BuildConventions(const std::vector<syntax::Conventions>& blocks, Module& module,
                      diag::DiagnosticSink& sink) {
  module.has_conventions_block = !blocks.empty();
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    const syntax::Conventions& block = blocks[b];
    if (b > 0) {
      sink.Report(diag::DuplicateConventionsBlock(block.span)
                      .WithLabel(blocks[0].span, "first `conventions` block")
                      .WithHelp("merge the rules into one `conventions` block"));
    }
    for (const syntax::ConventionRule& rule : block.rules) {
      if (rule.dotted_qualifier && rule.string_qualifier) {
        std::string written = fmt::format("{}.{}.{}", rule.target.text,
                                          rule.dotted_qualifier->text, rule.property.text);
        sink.Report(diag::MixedQualifier(rule.span, written)
                        .WithHelp("use either `Target.qualifier.property` or "
                                  "`Target.property \"qualifier\"`"));
      }
      if (rule.string_qualifier) {
        CheckAsciiString(rule.string_qualifier->value, rule.string_qualifier->span, sink);
      }
      ConventionRule out;
      out.target = rule.target.text;
      out.property = rule.property.text;
      if (rule.dotted_qualifier) {
        out.qualifier = rule.dotted_qualifier->text;
      } else if (rule.string_qualifier) {
        out.qualifier = rule.string_qualifier->value;
      }
      out.value = ConvertExpr(rule.value, sink);
      out.span = rule.span;
      module.conventions.push_back(std::move(out));
    }
  }
}

}  // namespace s2r::ir
