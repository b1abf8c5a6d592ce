// L06: a cycle in the call graph over predicates and functions (self-calls included).
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "check/lints.h"
#include "ir/scope.h"

namespace s2r::check {
namespace {

struct Node {
  Span span;
  std::vector<std::string> callees;  // distinct, in call order, predicates and functions only
};

class CycleFinder {
 public:
  explicit CycleFinder(const std::map<std::string, Node>& graph) : graph_(graph) {}

  // Each distinct cycle (as a node set) once, starting at the node where the DFS met it.
  std::vector<std::vector<std::string>> Find() {
    for (const auto& [name, node] : graph_) {
      Visit(name);
    }
    return cycles_;
  }

 private:
  void Visit(const std::string& name) {
    auto on_path = std::find(path_.begin(), path_.end(), name);
    if (on_path != path_.end()) {
      std::vector<std::string> cycle(on_path, path_.end());
      std::set<std::string> members(cycle.begin(), cycle.end());
      if (seen_.insert(members).second) {
        cycles_.push_back(std::move(cycle));
      }
      return;
    }
    if (done_.count(name) != 0) {
      return;
    }
    path_.push_back(name);
    for (const std::string& callee : graph_.at(name).callees) {
      Visit(callee);
    }
    path_.pop_back();
    done_.insert(name);
  }

  const std::map<std::string, Node>& graph_;
  std::vector<std::string> path_;
  std::set<std::string> done_;
  std::set<std::set<std::string>> seen_;
  std::vector<std::vector<std::string>> cycles_;
};

void AddNode(std::map<std::string, Node>& graph, const std::string& name, Span span) {
  graph.emplace(name, Node{span, {}});
}

void AddEdges(std::map<std::string, Node>& graph, const std::string& name, const ir::Expr& body) {
  std::vector<std::string> calls;
  ir::CollectCallNames(body, calls);
  std::vector<std::string>& callees = graph.at(name).callees;
  for (const std::string& call : calls) {
    if (graph.count(call) != 0 && std::find(callees.begin(), callees.end(), call) == callees.end()) {
      callees.push_back(call);
    }
  }
}

}  // namespace

void CheckCircularPredicates(const ir::Module& module, diag::DiagnosticSink& sink) {
  // Ordered by name, so the DFS visits nodes in sorted order.
  std::map<std::string, Node> graph;
  for (const ir::Predicate& predicate : module.predicates) {
    AddNode(graph, predicate.name, predicate.span);
  }
  for (const ir::Function& function : module.functions) {
    AddNode(graph, function.name, function.span);
  }
  for (const ir::Predicate& predicate : module.predicates) {
    AddEdges(graph, predicate.name, predicate.body);
  }
  for (const ir::Function& function : module.functions) {
    AddEdges(graph, function.name, function.body);
  }
  for (const std::vector<std::string>& cycle : CycleFinder(graph).Find()) {
    std::vector<std::string> display = cycle;
    display.push_back(cycle.front());
    diag::Diagnostic d = diag::CircularPredicate(graph.at(cycle.front()).span,
                                                 fmt::format("{}", fmt::join(display, " -> ")));
    for (std::size_t i = 1; i < cycle.size(); ++i) {
      d.WithLabel(graph.at(cycle[i]).span, fmt::format("in cycle: `{}`", cycle[i]));
    }
    d.WithHelp("break the cycle: predicates and functions cannot recurse");
    sink.Report(std::move(d));
  }
}

}  // namespace s2r::check
