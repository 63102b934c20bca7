#include "harness/config/custom_dataset.h"

#include <fmt/format.h>

#include <filesystem>

#include "harness/config/experiment.h"
#include "harness/data/custom_data.h"
#include "harness/data/registry.h"

namespace mnb {

const char* const kCustomDatasetKeys[5] = {"path", "format", "train", "test", "eval"};

namespace {

class CustomDatasetParser {
 public:
  CustomDatasetParser(const toml::table& t, std::string experiment_path)
      : t_(t), path_(std::move(experiment_path)) {}

  void Parse(RunSpec* spec) {
    const toml::node* name = t_.get("name");
    spec->dataset = Text(name, "name", "a name for your dataset, e.g. \"kannada-full\"");
    if (FindDataset(spec->dataset) != nullptr) {
      Fail(name, fmt::format("name '{}' is a built-in dataset's (expected another name for "
                             "your own files)", spec->dataset));
    }
    const toml::node* dir = t_.get("path");
    std::filesystem::path where = Text(dir, "path", "a directory, e.g. \"data/mine\"");
    if (where.is_relative()) where = std::filesystem::path(path_).parent_path() / where;
    where = where.lexically_normal();
    std::error_code error;
    if (!std::filesystem::is_directory(where, error)) {
      Fail(dir, fmt::format("path '{}' is not a directory (expected the folder of your data "
                            "files, relative to the experiment file)", where.string()));
    }
    const toml::node* format_node = t_.get("format");
    format_ = format_node ? Text(format_node, "format", "\"csv\" or \"idx\"") : "idx";
    if (format_ != "csv" && format_ != "idx") {
      Fail(format_node, fmt::format("format '{}' (expected \"csv\" or \"idx\")", format_));
    }
    CustomData data;
    data.dir = std::filesystem::absolute(where).lexically_normal().string();
    data.files.push_back(Entry(t_.get("train"), "train"));
    data.files.push_back(Entry(t_.get("test"), "test"));
    if (const toml::node* eval = t_.get("eval")) {
      const toml::table* sets = eval->as_table();
      if (sets == nullptr) Fail(eval, "eval must be a table (expected e.g. { dig = \"Dig-MNIST.csv\" })");
      for (auto&& [key, node] : *sets) {
        const std::string set(key.str());
        if (set == "train" || set == "test" || FindDataset(set) != nullptr) {
          Fail(&node, fmt::format("eval set name '{}' is taken (expected a name of your own)", set));
        }
        data.files.push_back(Entry(&node, set));
      }
    }
    for (size_t i = 0; i < data.files.size(); ++i) {
      try {
        data.files[i].sha256 = MeasureCustomFile(data, data.files[i]);
      } catch (const Error& e) {
        Fail(nodes_[i], fmt::format("{} (expected a readable file)", e.what()));
      }
    }
    spec->custom_data = data;
  }

 private:
  int Line(const toml::node* node) const {
    return node != nullptr ? static_cast<int>(node->source().begin.line)
                           : static_cast<int>(t_.source().begin.line);
  }
  [[noreturn]] void Fail(const toml::node* node, const std::string& message) const {
    throw ConfigError(fmt::format("{}:{}: [dataset] {}", path_, Line(node), message));
  }
  // `owner`: the table the key belongs in, whose line a missing key names (else [dataset]'s).
  std::string Text(const toml::node* node, const std::string& key, const std::string& expected,
                   const toml::node* owner = nullptr) const {
    if (node == nullptr) Fail(owner, fmt::format("has no {} (expected {})", key, expected));
    if (!node->is_string() || node->value<std::string>()->empty()) {
      Fail(node, fmt::format("{} is not a non-empty string (expected {})", key, expected));
    }
    return *node->value<std::string>();
  }

  CustomDataFile Entry(const toml::node* node, const std::string& role) {
    CustomDataFile file;
    file.role = role;
    const std::string expected =
        format_ == "csv" ? "a CSV file name, or { images = \"...\", labels = \"...\" }"
                         : "{ images = \"...\", labels = \"...\" } (IDX files)";
    if (node == nullptr) Fail(nullptr, fmt::format("has no {} (expected {})", role, expected));
    if (const toml::table* pair = node->as_table()) {
      file.format = "idx";
      file.file = Text(pair->get("images"), role + ".images", "an IDX images file", node);
      file.labels = Text(pair->get("labels"), role + ".labels", "an IDX labels file", node);
    } else if (node->is_string() && format_ == "csv") {
      file.format = "csv";
      file.file = Text(node, role, expected);
    } else {
      Fail(node, fmt::format("{} (expected {})", role, expected));
    }
    nodes_.push_back(node);
    return file;
  }

  const toml::table& t_;
  std::string path_, format_;
  std::vector<const toml::node*> nodes_;  // parallel to the entries, for their lines
};

}  // namespace

void ParseCustomDataset(const toml::table& t, const std::string& experiment_path, RunSpec* spec) {
  CustomDatasetParser(t, experiment_path).Parse(spec);
}

}  // namespace mnb
