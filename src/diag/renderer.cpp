// Human-readable rendering of diagnostics with source snippets.
#include "diag/renderer.h"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>

namespace s2r::diag {
namespace {

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kRed = "\x1b[1;31m";
constexpr std::string_view kYellow = "\x1b[1;33m";
constexpr std::string_view kBlue = "\x1b[1;34m";
constexpr std::string_view kGreen = "\x1b[1;32m";
constexpr int kTabWidth = 4;

class Painter {
 public:
  explicit Painter(bool color) : color_(color) {}
  [[nodiscard]] std::string Paint(std::string_view style, std::string_view text) const {
    if (!color_ || text.empty()) {
      return std::string(text);
    }
    return fmt::format("{}{}{}", style, text, kReset);
  }

 private:
  bool color_;
};

std::string_view SeverityStyle(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return kRed;
    case Severity::kWarning:
      return kYellow;
    case Severity::kNote:
      return kGreen;
  }
  return kRed;
}

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Display width of a line prefix: tabs expand to the next stop, UTF-8 sequences count once.
std::size_t DisplayWidth(std::string_view text) {
  std::size_t width = 0;
  for (char c : text) {
    if (c == '\t') {
      width += kTabWidth - (width % kTabWidth);
    } else if (!IsContinuationByte(c)) {
      ++width;
    }
  }
  return width;
}

std::string ExpandTabs(std::string_view text) {
  std::string out;
  std::size_t width = 0;
  for (char c : text) {
    if (c == '\t') {
      std::size_t pad = kTabWidth - (width % kTabWidth);
      out.append(pad, ' ');
      width += pad;
    } else {
      out.push_back(c);
      if (!IsContinuationByte(c)) {
        ++width;
      }
    }
  }
  return out;
}

// 1-based character column of a byte offset within its line.
std::uint32_t CharacterColumn(std::string_view line, std::uint32_t byte_column) {
  std::uint32_t column = 1;
  for (std::uint32_t i = 0; i + 1 < byte_column && i < line.size(); ++i) {
    if (!IsContinuationByte(line[i])) {
      ++column;
    }
  }
  return column;
}

struct LabelPlacement {
  std::uint32_t line = 0;
  std::size_t start = 0;  // display columns, 0-based
  std::size_t width = 1;
};

LabelPlacement Place(const Label& label, const SourceManager& sources) {
  LineColumn begin = sources.Locate(label.span.source, label.span.begin);
  LineColumn end = sources.Locate(label.span.source, label.span.end);
  std::string_view line = sources.LineText(label.span.source, begin.line);
  std::size_t begin_byte = std::min<std::size_t>(begin.column - 1, line.size());
  std::size_t end_byte = end.line == begin.line ? std::min<std::size_t>(end.column - 1, line.size())
                                                 : line.size();
  end_byte = std::max(end_byte, begin_byte);
  std::size_t start = DisplayWidth(line.substr(0, begin_byte));
  std::size_t stop = DisplayWidth(line.substr(0, end_byte));
  return {begin.line, start, std::max<std::size_t>(stop - start, 1)};
}

}  // namespace

std::string Render(const Diagnostic& diagnostic, const SourceManager& sources,
                   const RenderOptions& options) {
  Painter paint(options.color);
  const CodeInfo& info = Info(diagnostic.code);
  std::string out = fmt::format(
      "{}{}\n", paint.Paint(SeverityStyle(diagnostic.severity),
                            fmt::format("{}[{}]", SeverityName(diagnostic.severity), info.spelling)),
      paint.Paint(kBold, fmt::format(": {}", diagnostic.message)));

  std::vector<const Label*> shown;
  for (const Label& label : diagnostic.labels) {
    if (label.span.IsValid() && sources.Contains(label.span.source)) {
      shown.push_back(&label);
    }
  }
  std::stable_partition(shown.begin(), shown.end(), [](const Label* l) { return l->primary; });

  std::uint32_t widest_line = 1;
  for (const Label* label : shown) {
    widest_line = std::max(widest_line, sources.Locate(label->span.source, label->span.begin).line);
  }
  std::string gutter(fmt::format("{}", widest_line).size(), ' ');
  std::string bar = paint.Paint(kBlue, "|");

  SourceId current_source = kNoSource;
  for (const Label* label : shown) {
    LineColumn where = sources.Locate(label->span.source, label->span.begin);
    std::string_view line_text = sources.LineText(label->span.source, where.line);
    if (label->span.source != current_source) {
      out += fmt::format("{}{} {}:{}:{}\n", gutter, paint.Paint(kBlue, "-->"),
                         sources.Name(label->span.source), where.line,
                         CharacterColumn(line_text, where.column));
      current_source = label->span.source;
    } else {
      out += fmt::format("{}{}\n", gutter, paint.Paint(kBlue, "..."));
    }
    LabelPlacement place = Place(*label, sources);
    std::string number = fmt::format("{:>{}}", place.line, gutter.size());
    out += fmt::format("{} {}\n", gutter, bar);
    out += fmt::format("{} {} {}\n", paint.Paint(kBlue, number), bar, ExpandTabs(line_text));
    std::string marks(place.width, label->primary ? '^' : '-');
    std::string_view style = label->primary ? SeverityStyle(diagnostic.severity) : kBlue;
    std::string marker_line = std::string(place.start, ' ') + paint.Paint(style, marks);
    if (!label->text.empty()) {
      marker_line += " " + paint.Paint(style, label->text);
    }
    out += fmt::format("{} {} {}\n", gutter, bar, marker_line);
  }
  if (!shown.empty() && (!diagnostic.notes.empty() || !diagnostic.helps.empty())) {
    out += fmt::format("{} {}\n", gutter, bar);
  }
  for (const std::string& note : diagnostic.notes) {
    out += fmt::format("{} {} {}\n", gutter, paint.Paint(kBlue, "="),
                       paint.Paint(kBold, "note:") + " " + note);
  }
  for (const std::string& help : diagnostic.helps) {
    out += fmt::format("{} {} {}\n", gutter, paint.Paint(kBlue, "="),
                       paint.Paint(kBold, "help:") + " " + help);
  }
  return out;
}

std::string CountSummary(const std::vector<Diagnostic>& diagnostics) {
  std::size_t errors = 0;
  std::size_t warnings = 0;
  for (const Diagnostic& d : diagnostics) {
    errors += d.severity == Severity::kError ? 1 : 0;
    warnings += d.severity == Severity::kWarning ? 1 : 0;
  }
  auto plural = [](std::size_t n, std::string_view word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
  };
  if (errors > 0 && warnings > 0) {
    return plural(errors, "error") + ", " + plural(warnings, "warning");
  }
  if (errors > 0) {
    return plural(errors, "error");
  }
  return plural(warnings, "warning");
}

}  // namespace s2r::diag
