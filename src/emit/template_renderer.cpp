// Template parsing (once per run of files of one template, and only of its parts that hold tags),
// JSON -> kainjow data conversion and rendering over a file context layered on the global one.
#include "emit/template_renderer.h"

#include "emit/template_segments.h"

#include <charconv>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

namespace s2r::emit {
namespace {

namespace mstch = kainjow::mustache;

mstch::data ToData(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      mstch::data object{mstch::data::type::object};
      for (const auto& [key, item] : value.items()) {
        object[key] = ToData(item);
      }
      return object;
    }
    case nlohmann::json::value_t::array: {
      mstch::data list{mstch::data::type::list};
      // kainjow only offers push_back(const data&), a deep copy of each item; the list it
      // allocated is not const, so the items are moved into it in place instead.
      auto& items = const_cast<mstch::basic_list<std::string>&>(list.list_value());
      items.reserve(value.size());
      for (const auto& item : value) {
        items.push_back(ToData(item));
      }
      return list;
    }
    case nlohmann::json::value_t::string:
      return mstch::data(value.get_ref<const std::string&>());
    case nlohmann::json::value_t::boolean:
      return mstch::data(value.get<bool>() ? mstch::data::type::bool_true
                                           : mstch::data::type::bool_false);
    case nlohmann::json::value_t::number_integer:
      return mstch::data(std::to_string(value.get<std::int64_t>()));
    case nlohmann::json::value_t::number_unsigned:
      return mstch::data(std::to_string(value.get<std::uint64_t>()));
    case nlohmann::json::value_t::number_float:
      return mstch::data(value.dump());
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::binary:
    case nlohmann::json::value_t::discarded:
      return mstch::data(mstch::data::type::bool_false);
  }
  return mstch::data(mstch::data::type::bool_false);
}

// The name lookup of one render: section values pushed while rendering, searched innermost
// first, over a base that is the file context layered on the global one. A name's first
// component found in the file context hides the global one, as a merged object would; the
// rest of a dotted name (`db.engine_kwargs`) is looked up inside that value only.
// `~N` names the Mustache part's literal text N (CompactMustache).
class LayeredContext final : public mstch::basic_context<std::string> {
 public:
  LayeredContext(const mstch::data& file, const mstch::data& global,
                 const std::vector<mstch::data>& literals)
      : file_(file), global_(global), literals_(literals) {}

  void push(const mstch::data* data) override { sections_.push_back(data); }
  void pop() override { sections_.pop_back(); }

  // `{{.}}` is the innermost section value (the file context outside every section).
  const mstch::data* get(const std::string& name) const override {
    if (name == ".") {
      return sections_.empty() ? &file_ : sections_.back();
    }
    if (const mstch::data* literal = Literal(name)) {
      return literal;
    }
    if (name.find('.') == std::string::npos) {
      return get_partial(name);
    }
    std::vector<std::string> parts = Split(name);
    for (auto section = sections_.rbegin(); section != sections_.rend(); ++section) {
      if (const mstch::data* found = Walk(*section, parts)) {
        return found;
      }
    }
    const mstch::data* base = file_.get(parts.front()) != nullptr ? &file_ : &global_;
    return Walk(base, parts);
  }

  // A name without dots.
  const mstch::data* get_partial(const std::string& name) const override {
    for (auto section = sections_.rbegin(); section != sections_.rend(); ++section) {
      if (const mstch::data* found = (*section)->get(name)) {
        return found;
      }
    }
    const mstch::data* found = file_.get(name);
    return found != nullptr ? found : global_.get(name);
  }

 private:
  const mstch::data* Literal(const std::string& name) const {
    if (name.size() < 2 || name.front() != kLiteralTag) {
      return nullptr;
    }
    std::size_t index = 0;
    const char* end = name.data() + name.size();
    auto [stop, error] = std::from_chars(name.data() + 1, end, index);
    if (error != std::errc() || stop != end || index >= literals_.size()) {
      return nullptr;
    }
    return &literals_[index];
  }

  static std::vector<std::string> Split(const std::string& name) {
    std::vector<std::string> parts;
    std::size_t begin = 0;
    for (std::size_t dot = name.find('.'); dot != std::string::npos;
         dot = name.find('.', begin)) {
      parts.push_back(name.substr(begin, dot - begin));
      begin = dot + 1;
    }
    parts.push_back(name.substr(begin));
    return parts;
  }

  static const mstch::data* Walk(const mstch::data* data, const std::vector<std::string>& parts) {
    for (const std::string& part : parts) {
      data = data->get(part);
      if (data == nullptr) {
        return nullptr;
      }
    }
    return data;
  }

  const mstch::data& file_;
  const mstch::data& global_;
  const std::vector<mstch::data>& literals_;
  std::vector<const mstch::data*> sections_;
};

// The stream kainjow renders into: appends to a string (an ostringstream per render cost more
// than the rendering of a short segment).
struct AppendTo {
  std::string& out;
  AppendTo& operator<<(const std::string& text) {
    out += text;
    return *this;
  }
};

}  // namespace

// A template as rendered: its literal lines, and its Mustache parts parsed (each may be invalid)
// with the texts their literal tags stand for.
struct Piece {
  std::string_view literal;
  std::unique_ptr<mstch::mustache> parsed;
  std::vector<mstch::data> literals;
};

struct TemplateRenderer::Impl {
  const TemplateSet& templates;
  mstch::data global;
  // The template rendered last, in pieces.
  std::string path;
  std::vector<Piece> pieces;
};

TemplateRenderer::TemplateRenderer(const TemplateSet& templates, const nlohmann::json& global)
    : impl_(std::make_unique<Impl>(Impl{templates, ToData(global), {}, {}})) {}

TemplateRenderer::~TemplateRenderer() = default;

Result<std::string> TemplateRenderer::Render(std::string_view path, const nlohmann::json& file) {
  if (impl_->pieces.empty() || impl_->path != path) {
    const std::string* text = impl_->templates.Find(path);
    if (text == nullptr) {
      return Fail("missing template `" + std::string(path) + "`");
    }
    impl_->pieces.clear();
    for (const TemplateSegment& segment : SplitTemplate(*text)) {
      Piece piece;
      if (segment.literal) {
        piece.literal = segment.text;
      } else {
        CompactedMustache compacted = CompactMustache(segment.text);
        piece.parsed = std::make_unique<mstch::mustache>(compacted.text);
        piece.parsed->set_custom_escape([](const std::string& text) { return text; });
        for (std::string_view text : compacted.literals) {
          piece.literals.emplace_back(std::string(text));
        }
      }
      impl_->pieces.push_back(std::move(piece));
    }
    impl_->path = path;
  }
  mstch::data file_data = ToData(file);
  std::string output;
  for (const Piece& piece : impl_->pieces) {
    if (!piece.parsed) {
      output += piece.literal;
      continue;
    }
    mstch::mustache& renderer = *piece.parsed;
    if (renderer.is_valid()) {
      LayeredContext context(file_data, impl_->global, piece.literals);
      AppendTo sink{output};
      renderer.render(context, sink);
    }
    if (!renderer.is_valid()) {
      return Fail("template `" + std::string(path) + "`: " + renderer.error_message());
    }
  }
  return output;
}

}  // namespace s2r::emit
