// ScenarioDocument (scenario/document.hpp) and the parameter table
// (scenario/schema.hpp) for Python: porttwin.Scenario wraps the document.
#include <pybind11/stl.h>

#include <string>
#include <tuple>
#include <vector>

#include "bindings.hpp"
#include "porttwin/kernel/error.hpp"
#include "porttwin/scenario/document.hpp"
#include "porttwin/scenario/schema.hpp"

namespace porttwin::bindings {

namespace {

using scenario::Diagnostic;
using scenario::Param;
using scenario::ScenarioDocument;

std::string_view type_name(scenario::ParamType type) {
  using T = scenario::ParamType;
  switch (type) {
    case T::section: return "section";
    case T::collection: return "collection";
    case T::list: return "list";
    case T::text: return "text";
    case T::identifier: return "identifier";
    case T::boolean: return "boolean";
    case T::integer: return "integer";
    case T::number: return "number";
    case T::quantity: return "quantity";
    case T::distribution: return "distribution";
    case T::choice: return "choice";
    case T::reference: return "reference";
    case T::references: return "references";
    case T::durations: return "durations";
    case T::share: return "share";
    case T::file: return "file";
  }
  return "?";
}

/// The parameter table as columns (a DataFrame in Python), one row per
/// parameter in the reference's order; unit and default as `porttwin schema`
/// prints them.
py::dict parameter_columns() {
  std::vector<std::string> path, type, kind, dimension, unit, base_unit, default_value, allowed, choices, description;
  std::vector<double> min, max;
  std::vector<bool> required, uncertain;
  for (const Param& p : scenario::parameter_table()) {
    path.emplace_back(p.path);
    std::string described = scenario::describe_type(p);
    if (p.uncertain) described += ", uncertain";
    type.push_back(std::move(described));
    kind.emplace_back(type_name(p.type));
    dimension.emplace_back(scenario::to_string(p.dimension));
    unit.emplace_back(!p.unit.empty() ? p.unit : scenario::accepted_units(p.dimension));
    base_unit.emplace_back(scenario::base_unit(p.dimension));
    default_value.emplace_back(p.required ? std::string_view("required") : p.default_value);
    min.push_back(p.min);
    max.push_back(p.max);
    allowed.push_back(scenario::describe_range(p));
    choices.emplace_back(p.choices);
    description.emplace_back(p.description);
    required.push_back(p.required);
    uncertain.push_back(p.uncertain);
  }
  py::dict out;
  out["path"] = path;
  out["type"] = type;
  out["unit"] = unit;
  out["default"] = default_value;
  out["min"] = min;
  out["max"] = max;
  out["choices"] = choices;
  out["description"] = description;
  out["allowed"] = allowed;
  out["kind"] = kind;
  out["dimension"] = dimension;
  out["base_unit"] = base_unit;
  out["required"] = required;
  out["uncertain"] = uncertain;
  return out;
}

std::vector<std::tuple<std::string, int, int, std::string>> problems(const ScenarioDocument& d) {
  std::vector<std::tuple<std::string, int, int, std::string>> out;
  for (const Diagnostic& p : d.problems()) out.emplace_back(p.file, p.line, p.column, p.message);
  return out;
}

/// Throws ScenarioError with every problem, one per line, as the CLI prints them.
void check(const ScenarioDocument& d) {
  if (d.valid()) return;
  std::string message;
  for (const Diagnostic& p : d.problems()) {
    if (!message.empty()) message += '\n';
    message += p.to_string();
  }
  throw ScenarioError(message);
}

}  // namespace

void bind_scenario(py::module_& m) {
  py::class_<ScenarioDocument>(m, "ScenarioDocument",
                               "A scenario file checked against the parameter table (scenario/document.hpp). "
                               "Use porttwin.Scenario.")
      .def_static("from_file", &ScenarioDocument::from_file, py::arg("path"),
                  py::arg("allow_paths") = std::vector<std::string>{},
                  "Reads and checks a file; IoError if it cannot be read, problems() for the rest. Files it names "
                  "(base:, CSV) must lie in its directory tree or below one of allow_paths.")
      .def_static("from_string", &ScenarioDocument::from_string, py::arg("text"), py::arg("name") = "<string>",
                  py::arg("base_dir") = ".", py::arg("allow_paths") = std::vector<std::string>{},
                  "Reads and checks YAML text; `name` is what messages call it, `base_dir` resolves relative paths "
                  "and is the tree the files it names must lie in (or below one of allow_paths).")
      .def("set", &ScenarioDocument::set, py::arg("path"), py::arg("value"),
           "Overrides a parameter by dotted path with YAML text (as --set); ScenarioError for an unknown path.")
      .def("get", &ScenarioDocument::get, py::arg("path"), "The value at a dotted path as YAML text.")
      .def("text", &ScenarioDocument::text, "The text as read.")
      .def("file", &ScenarioDocument::file, "The file name (or the name given to from_string).")
      .def("valid", &ScenarioDocument::valid, "Whether the document has no problems.")
      .def("problems", &problems, "Every problem as (file, line, column, message), in file order.")
      .def(
          "messages",
          [](const ScenarioDocument& d) {
            std::vector<std::string> out;
            for (const Diagnostic& p : d.problems()) out.push_back(p.to_string());
            return out;
          },
          "Every problem as the CLI prints it: file:line:column: message.")
      .def("check", &check, "Raises ScenarioError listing every problem, if there is one.")
      .def(
          "copy", [](const ScenarioDocument& d) { return ScenarioDocument(d); }, "An independent copy.")
      .def("__copy__", [](const ScenarioDocument& d) { return ScenarioDocument(d); })
      .def(
          "__deepcopy__", [](const ScenarioDocument& d, const py::dict&) { return ScenarioDocument(d); },
          py::arg("memo"));

  m.def("parameter_table", &parameter_columns,
        "Every scenario parameter (the table behind `porttwin schema`) as columns: path, type, unit, default, "
        "min, max (base units), choices, description, allowed, kind, dimension, base_unit, required, uncertain.");
  m.def("schema_reference", &scenario::schema_reference, py::arg("markdown") = false,
        "The parameter reference as `porttwin schema` prints it.");
}

}  // namespace porttwin::bindings
