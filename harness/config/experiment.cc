#include "harness/config/experiment.h"

#include <fmt/format.h>

#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "harness/config/custom_dataset.h"
#include "harness/config/grid_keys.h"
#include "harness/config/race_config.h"
#include "harness/config/search_config.h"
#include "harness/config/toml_guard.h"
#include "harness/data/registry.h"
#include "harness/plan/recipe.h"
#include "models/layer_spec.h"
#include "models/zoo.h"

namespace mnb {

namespace {

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
}

class Parser {
 public:
  Parser(std::string_view text, std::string path) : text_(text), path_(std::move(path)) {}

  Experiment Parse() {
    CheckTomlBytes(text_, path_);  // before toml++ 3.3.0 sees bytes it mishandles
    toml::table root;
    try {
      root = toml::parse(text_, path_);
    } catch (const toml::parse_error& e) {
      throw ConfigError(fmt::format("{}:{}: {} (expected valid TOML)", path_,
                                    e.source().begin.line, std::string(e.description())));
    }
    Experiment ex;
    ex.path = path_;
    ex.text = std::string(text_);
    ex.name = std::filesystem::path(path_).stem().string();
    CheckKeys(root, {"name", "description", "dataset", "grid", "search", "race", "model"},
              "top level");
    if (auto* n = root.get("name")) ex.name = String(*n, "name", "a non-empty string");
    if (ex.name.empty()) Fail(root.get("name"), "name is empty (expected a non-empty string)");
    if (auto* n = root.get("description")) ex.description = String(*n, "description", "a string");

    const toml::node* dataset = root.get("dataset");
    if (dataset == nullptr) Fail(&root, "missing [dataset] table (expected at least name = \"mnist\")");
    ParseDataset(Table(*dataset, "dataset"), ex.base);

    if (auto* s = root.get("search")) search_ = ParseSearchTable(Table(*s, "search"), path_);
    ex.search = search_;
    if (auto* r = root.get("race")) {
      const RaceConfig race = ParseRaceTable(Table(*r, "race"), path_);
      ex.race = race.settings;
      ex.race_line = race.line;
    }
    if (auto* g = root.get("grid")) ex.grid = ParseGrid(Table(*g, "grid"), "grid", &ex.distributions);

    const toml::node* models = root.get("model");
    if (models == nullptr) Fail(&root, "no [[model]] blocks (expected at least one model)");
    const toml::array* list = models->as_array();
    if (list == nullptr || list->empty()) {
      Fail(models, "model must be an array of tables [[model]] (expected at least one)");
    }
    for (const toml::node& m : *list) ex.models.push_back(ParseModel(Table(m, "model"), ex.base));
    return ex;
  }

 private:
  int Line(const toml::node* node) const {
    return node != nullptr ? static_cast<int>(node->source().begin.line) : 1;
  }

  [[noreturn]] void Fail(const toml::node* node, const std::string& message) const {
    throw ConfigError(fmt::format("{}:{}: {}", path_, Line(node), message));
  }
  [[noreturn]] void FailAt(int line, const std::string& message) const {
    throw ConfigError(fmt::format("{}:{}: {}", path_, line, message));
  }

  const toml::table& Table(const toml::node& node, const std::string& what) const {
    if (const toml::table* t = node.as_table()) return *t;
    Fail(&node, fmt::format("{} is a {} (expected a table)", what, TypeName(node)));
  }

  static std::string TypeName(const toml::node& node) {
    switch (node.type()) {
      case toml::node_type::string: return "string";
      case toml::node_type::integer: return "integer";
      case toml::node_type::floating_point: return "float";
      case toml::node_type::boolean: return "boolean";
      case toml::node_type::array: return "array";
      case toml::node_type::table: return "table";
      default: return "date/time";
    }
  }

  std::string String(const toml::node& node, const std::string& key,
                     const std::string& expected) const {
    if (auto s = node.value<std::string>(); s && node.is_string()) return *s;
    Fail(&node, fmt::format("{} is a {} (expected {})", key, TypeName(node), expected));
  }

  int64_t Integer(const toml::node& node, const std::string& key, int64_t min) const {
    if (!node.is_integer()) {
      Fail(&node, fmt::format("{} is a {} (expected an integer >= {})", key, TypeName(node), min));
    }
    const int64_t v = *node.value<int64_t>();
    if (v < min) Fail(&node, fmt::format("{} = {} (expected an integer >= {})", key, v, min));
    return v;
  }

  void CheckKeys(const toml::table& table, const std::vector<std::string>& allowed,
                 const std::string& where) const {
    for (auto&& [key, node] : table) {
      const std::string k(key.str());
      if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
      std::string hint;
      for (const std::string& a : allowed) {
        if (EditDistance(k, a) <= 2) hint = fmt::format("; did you mean '{}'?", a);
      }
      FailAt(static_cast<int>(key.source().begin.line ? key.source().begin.line
                                                       : node.source().begin.line),
             fmt::format("unknown key '{}' in {} (expected one of {}){}", k, where,
                         fmt::join(allowed, ", "), hint));
    }
  }

  void ParseDataset(const toml::table& t, RunSpec& base) const {
    std::vector<std::string> keys = {"name", "val_size", "split_seed", "eval_sets",
                                     "limit_train", "limit_test"};
    keys.insert(keys.end(), std::begin(kCustomDatasetKeys), std::end(kCustomDatasetKeys));
    CheckKeys(t, keys, "[dataset]");
    const toml::node* name = t.get("name");
    if (name == nullptr) Fail(&t, "[dataset] has no name (expected e.g. name = \"mnist\")");
    if (t.get("path") != nullptr) {
      ParseCustomDataset(t, path_, &base);  // the user's own files
    } else {
      for (const char* key : kCustomDatasetKeys) {
        if (const toml::node* n = t.get(key)) {
          Fail(n, fmt::format("{} is for your own files (expected path = \"DIR\" beside it)", key));
        }
      }
      ParseDatasetName(*name, base);
    }
    if (auto* n = t.get("val_size")) base.val_size = Integer(*n, "val_size", 0);
    if (auto* n = t.get("split_seed")) base.split_seed = static_cast<uint64_t>(Integer(*n, "split_seed", 0));
    if (auto* n = t.get("limit_train")) base.limit_train = Integer(*n, "limit_train", 0);
    if (auto* n = t.get("limit_test")) base.limit_test = Integer(*n, "limit_test", 0);
    if (auto* n = t.get("eval_sets")) {
      const toml::array* sets = n->as_array();
      if (sets == nullptr) Fail(n, "eval_sets must be an array (expected e.g. [\"dig-mnist\"])");
      for (const toml::node& s : *sets) {
        const std::string set = String(s, "eval_sets entry", "a dataset name");
        if (FindDataset(set) == nullptr) {
          Fail(&s, fmt::format("unknown eval set '{}' (expected a dataset such as dig-mnist)", set));
        }
        base.eval_sets.push_back(set);
      }
    }
  }

  void ParseDatasetName(const toml::node& name, RunSpec& spec) const {
    spec.dataset = String(name, "dataset name", "a dataset name");
    spec.custom_data = CustomData();
    const DatasetInfo* info = FindDataset(spec.dataset);
    if (info == nullptr || info->eval_only) {
      Fail(&name, fmt::format("dataset '{}' {} (expected mnist, fashion-mnist or kannada-mnist)",
                              spec.dataset, info ? "is for evaluation only" : "is unknown"));
    }
  }

  ConfigValue Scalar(const toml::node& node, const std::string& key) const {
    ConfigValue v;
    if (node.is_integer()) {
      v.kind = ConfigValue::Kind::kInteger;
      v.integer = *node.value<int64_t>();
      v.number = static_cast<double>(v.integer);
      v.text = std::to_string(v.integer);
    } else if (node.is_floating_point()) {
      v.kind = ConfigValue::Kind::kFloat;
      v.number = *node.value<double>();
      v.text = fmt::format("{}", v.number);
    } else if (node.is_string()) {
      v.kind = ConfigValue::Kind::kString;
      v.text = *node.value<std::string>();
    } else {
      Fail(&node, fmt::format("{} is a {} (expected a number or string, or a list of them)", key,
                              TypeName(node)));
    }
    return v;
  }

  // A scalar or a non-empty array of scalars.
  std::vector<ConfigValue> Values(const toml::node& node, const std::string& key) const {
    std::vector<ConfigValue> values;
    if (const toml::array* list = node.as_array()) {
      if (list->empty()) Fail(&node, fmt::format("{} is an empty list (expected at least one value)", key));
      for (const toml::node& item : *list) values.push_back(Scalar(item, key));
    } else {
      values.push_back(Scalar(node, key));
    }
    return values;
  }

  Grid ParseGrid(const toml::table& t, const std::string& where, GridDistributions* dists) const {
    std::vector<std::string> allowed;
    for (const GridKey& k : GridKeys()) allowed.push_back(k.name);
    CheckKeys(t, allowed, where);
    Grid grid;
    for (auto&& [key, node] : t) {
      const GridKey& spec = *FindGridKey(std::string(key.str()));
      if (const toml::table* table = node.as_table()) {
        if (!search_.sampled()) {
          Fail(&node, fmt::format("{} is a distribution, which only a search samples (expected a "
                                  "value or a list, or [search] method = \"random\" or \"sobol\")",
                                  spec.name));
        }
        (*dists)[spec.name] = {ParseGridDistribution(*table, spec, path_), Line(&node)};
        continue;
      }
      std::vector<ConfigValue> values = Values(node, spec.name);
      const toml::array* list = node.as_array();
      for (size_t i = 0; i < values.size(); ++i) {
        const toml::node* at = list ? list->get(i) : &node;
        ConfigValue& v = values[i];
        const bool type_ok = spec.kind == ConfigValue::Kind::kFloat
                                 ? v.kind != ConfigValue::Kind::kString
                                 : v.kind == spec.kind;
        if (!type_ok || !spec.valid(v)) {
          Fail(at, fmt::format("{} = {} (expected {})", spec.name,
                               v.kind == ConfigValue::Kind::kString ? "\"" + v.text + "\"" : v.text,
                               spec.expected));
        }
      }
      grid[spec.name] = values;
    }
    return grid;
  }

  // [[model]] expect = { ... }: the thresholds `mnistbench check` gates on. min_test_accuracy
  // may be "published": the figure the model's seed project reports, for the dataset it was
  // measured on.
  Expectation ParseExpect(const toml::node& e, const ModelBlock& m,
                          const std::string& dataset) const {
    const toml::table& et = Table(e, "expect");
    CheckKeys(et, {"min_test_accuracy", "max_test_loss", "max_seconds_per_epoch"}, "expect");
    Expectation expect;
    expect.line = Line(&e);
    auto number = [&](const char* key, double lo, double hi,
                      const char* expected) -> std::optional<double> {
      const toml::node* n = et.get(key);
      if (n == nullptr) return std::nullopt;
      if (!n->is_number()) Fail(n, fmt::format("{} is a {} (expected {})", key, TypeName(*n), expected));
      const double v = *n->value<double>();
      if (!(v > lo && v <= hi)) Fail(n, fmt::format("{} = {} (expected {})", key, v, expected));
      return v;
    };
    const toml::node* min_accuracy = et.get("min_test_accuracy");
    if (min_accuracy != nullptr && min_accuracy->is_string()) {
      const std::string text = String(*min_accuracy, "min_test_accuracy", "\"published\"");
      const ZooRecipe* recipe = m.layers.empty() ? PublishedRecipe(m.name) : nullptr;
      if (text != "published") {
        Fail(min_accuracy, fmt::format("min_test_accuracy = \"{}\" (expected a percentage in "
                                       "(0, 100] or \"published\")", text));
      }
      if (recipe == nullptr) {
        Fail(min_accuracy, fmt::format("min_test_accuracy = \"published\", but model '{}' has "
                                       "no published figure (expected a seed model, or a "
                                       "percentage)", m.name));
      }
      if (recipe->dataset != dataset) {
        Fail(min_accuracy, fmt::format("min_test_accuracy = \"published\": {}'s figure is for "
                                       "{}, this model trains on {} (expected a percentage)",
                                       m.name, recipe->dataset, dataset));
      }
      expect.min_test_accuracy = recipe->published_accuracy;
      expect.min_test_accuracy_is_published = true;
    } else {
      expect.min_test_accuracy =
          number("min_test_accuracy", 0, 100, "a percentage in (0, 100] or \"published\"");
    }
    expect.max_test_loss = number("max_test_loss", 0, 1e300, "a number > 0");
    expect.max_seconds_per_epoch = number("max_seconds_per_epoch", 0, 1e300, "a number > 0");
    return expect;
  }

  ModelBlock ParseModel(const toml::table& t, const RunSpec& base) const {
    CheckKeys(t, {"name", "layers", "options", "grid", "expect", "dataset", "recipe"},
              "[[model]]");
    ModelBlock m;
    m.line = Line(&t);
    if (const toml::node* d = t.get("dataset")) {
      // This model's own data: a dataset name, or a whole [dataset]-style table.
      RunSpec own = base;
      if (d->is_string()) {
        ParseDatasetName(*d, own);
      } else {
        // A table replaces the experiment's [dataset] as a whole: what it leaves out takes the
        // defaults, not the other dataset's sizes.
        const RunSpec defaults;
        own.val_size = defaults.val_size;
        own.split_seed = defaults.split_seed;
        own.eval_sets = defaults.eval_sets;
        own.limit_train = defaults.limit_train;
        own.limit_test = defaults.limit_test;
        ParseDataset(Table(*d, "dataset"), own);
        m.dataset_sets_val_size = Table(*d, "dataset").get("val_size") != nullptr;
      }
      m.dataset = own;
    }
    const toml::node* name = t.get("name");
    const toml::node* layers = t.get("layers");
    if (name == nullptr) {
      FailAt(m.line, "[[model]] without a name (expected name = a zoo model, or a name with layers)");
    }
    m.name = String(*name, "model name", "a string");
    if (layers != nullptr) {
      if (const toml::array* list = layers->as_array()) {
        for (const toml::node& l : *list) {
          m.layers += (m.layers.empty() ? "" : ", ") + String(l, "layers entry", "a layer string");
        }
      } else {
        m.layers = String(*layers, "layers", "a layer list string or an array of layers");
      }
      try {
        CostOf(ParseLayerList(m.layers));
      } catch (const LayerListError& e) {
        Fail(layers, fmt::format("layers: {}", e.what()));
      }
      if (t.get("options") != nullptr) {
        Fail(t.get("options"), "options apply to zoo models only (expected no options with layers)");
      }
    } else if (FindZooEntry(m.name) == nullptr) {
      try {
        LayersFor(m.name);
      } catch (const ZooError& e) {
        Fail(name, fmt::format("{} (or give layers = \"...\" for a model of your own)", e.what()));
      }
    }
    if (auto* o = t.get("options")) {
      for (auto&& [key, node] : Table(*o, "options")) {
        const std::string k(key.str());
        std::vector<ConfigValue> values = Values(node, "option " + k);
        for (const ConfigValue& v : values) {
          try {
            LayersFor(m.name, {{k, v.text}});
          } catch (const ZooError& e) {
            Fail(&node, e.what());
          }
        }
        m.options[k] = values;
      }
    }
    if (auto* r = t.get("recipe")) {
      m.recipe = String(*r, "recipe", "\"published\"");
      try {
        FindRecipe(m.recipe, m.name, m.layers);
      } catch (const RecipeError& e) {
        Fail(r, e.what());
      }
    }
    if (auto* g = t.get("grid")) {
      m.grid = ParseGrid(Table(*g, "grid"), "[[model]] grid", &m.distributions);
    }
    if (auto* e = t.get("expect")) {
      m.expect = ParseExpect(*e, m, m.dataset ? m.dataset->dataset : base.dataset);
    }
    (void)base;
    return m;
  }

  std::string_view text_;
  std::string path_;
  SearchSettings search_;  // read before the grids: whether they may hold distributions
};

}  // namespace

Experiment ParseExperiment(std::string_view toml_text, const std::string& path_for_messages) {
  return Parser(toml_text, path_for_messages).Parse();
}

Experiment LoadExperiment(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(fmt::format("{}:1: cannot read the experiment file", path));
  std::string text(kMaxExperimentBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxExperimentBytes) {
    throw ConfigError(fmt::format("{}:1: the experiment file is larger than {} bytes (expected "
                                  "at most {}: a sweep's settings, not its data)",
                                  path, kMaxExperimentBytes, kMaxExperimentBytes));
  }
  return ParseExperiment(text, path);
}

}  // namespace mnb
