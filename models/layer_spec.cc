#include "models/layer_spec.h"

#include <fmt/format.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>

namespace mnb {

namespace {

const std::set<std::string>& KnownKinds() {
  static const std::set<std::string> kinds = {"conv",    "dense",   "maxpool", "avgpool",
                                              "relu",    "tanh",    "sigmoid", "softmax",
                                              "dropout", "flatten", "pad",     "batchnorm"};
  return kinds;
}

std::string Trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

// Splits at separators that are not inside parentheses.
std::vector<std::string> SplitTopLevel(const std::string& text, const std::string& separators) {
  std::vector<std::string> parts;
  std::string current;
  int depth = 0;
  for (char c : text) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (depth == 0 && separators.find(c) != std::string::npos) {
      parts.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  parts.push_back(current);
  return parts;
}

int64_t ParseInt(const std::string& layer, const std::string& what, const std::string& value,
                 int64_t min) {
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0' || errno != 0 || v < min || v > kMaxLayerArgument) {
    throw LayerListError(fmt::format("layer '{}': {} must be an integer in {}..{} (got '{}')",
                                     layer, what, min, kMaxLayerArgument, value));
  }
  return v;
}

// a x b, or one clear error where it would pass kMaxModelCount: shapes, parameter and MAC counts
// stay far inside int64, so no layer list can wrap around to a plausible model.
int64_t BoundedProduct(int64_t a, int64_t b, const std::string& where, const char* what) {
  int64_t product = 0;
  if (__builtin_mul_overflow(a, b, &product) || product > kMaxModelCount) {
    throw LayerListError(fmt::format("{}: {} exceed the limit of {} (a layer list this large is "
                                     "not a model mnistbench can train)",
                                     where, what, kMaxModelCount));
  }
  return product;
}

double ParseProbability(const std::string& layer, const std::string& value) {
  char* end = nullptr;
  const double v = std::strtod(value.c_str(), &end);
  if (value.empty() || *end != '\0' || !(v >= 0.0 && v < 1.0)) {
    throw LayerListError(
        fmt::format("layer '{}': dropout probability must be in [0, 1) (got '{}')", layer, value));
  }
  return v;
}

LayerSpec ParseLayer(const std::string& item) {
  const std::string text = Trim(item);
  const size_t open = text.find('(');
  const std::string kind = Trim(text.substr(0, open));
  if (KnownKinds().count(kind) == 0) {
    throw LayerListError(fmt::format(
        "unknown layer '{}' (expected one of conv, dense, maxpool, avgpool, relu, tanh, sigmoid, "
        "softmax, dropout, flatten, pad, batchnorm)",
        text));
  }
  std::vector<std::string> positional;
  std::map<std::string, std::string> named;
  if (open != std::string::npos) {
    if (text.back() != ')') {
      throw LayerListError(fmt::format("layer '{}': missing ')'", text));
    }
    const std::string inside = text.substr(open + 1, text.size() - open - 2);
    if (!Trim(inside).empty()) {
      for (const std::string& raw : SplitTopLevel(inside, ",")) {
        const std::string arg = Trim(raw);
        const size_t eq = arg.find('=');
        if (eq == std::string::npos) {
          if (!named.empty()) {
            throw LayerListError(
                fmt::format("layer '{}': positional argument after key=value", text));
          }
          positional.push_back(arg);
        } else {
          named[Trim(arg.substr(0, eq))] = Trim(arg.substr(eq + 1));
        }
      }
    }
  }
  auto take = [&](const std::string& key, size_t position) -> std::optional<std::string> {
    auto it = named.find(key);
    if (it != named.end()) {
      std::string v = it->second;
      named.erase(it);
      return v;
    }
    if (position < positional.size()) return positional[position];
    return std::nullopt;
  };
  auto require = [&](const std::string& key, size_t position, const std::string& expected) {
    auto v = take(key, position);
    if (!v) throw LayerListError(fmt::format("layer '{}': missing {}", text, expected));
    return *v;
  };

  LayerSpec spec;
  spec.kind = kind;
  size_t max_positional = 0;
  if (kind == "conv") {
    spec.size = ParseInt(text, "channels", require("channels", 0, "channel count, e.g. conv(32, k=3)"), 1);
    spec.kernel = ParseInt(text, "k", require("k", 1, "kernel size k=, e.g. conv(32, k=3)"), 1);
    if (auto s = take("stride", 2)) spec.stride = ParseInt(text, "stride", *s, 1);
    if (auto p = take("pad", 3)) {
      if (*p == "same") {
        spec.same = true;
      } else {
        spec.padding = ParseInt(text, "pad", *p, 0);
      }
    }
    max_positional = 4;
  } else if (kind == "dense") {
    spec.size = ParseInt(text, "units", require("units", 0, "unit count, e.g. dense(128)"), 1);
    max_positional = 1;
  } else if (kind == "maxpool" || kind == "avgpool") {
    spec.size = ParseInt(text, "k", require("k", 0, "kernel size, e.g. maxpool(2)"), 1);
    if (auto s = take("stride", 1)) spec.stride = ParseInt(text, "stride", *s, 1);
    max_positional = 2;
  } else if (kind == "dropout") {
    spec.p = ParseProbability(text, require("p", 0, "probability, e.g. dropout(0.5)"));
    max_positional = 1;
  } else if (kind == "pad") {
    spec.size = ParseInt(text, "pixels", require("pixels", 0, "pixel count, e.g. pad(2)"), 0);
    max_positional = 1;
  }
  if (positional.size() > max_positional) {
    throw LayerListError(fmt::format("layer '{}': takes at most {} positional argument{}", text,
                                     max_positional, max_positional == 1 ? "" : "s"));
  }
  if (!named.empty()) {
    throw LayerListError(
        fmt::format("layer '{}': unknown argument '{}'", text, named.begin()->first));
  }
  if (spec.same && spec.stride > 1) {
    throw LayerListError(fmt::format("layer '{}': pad=same needs stride 1", text));
  }
  return spec;
}

int64_t PooledSize(int64_t in, int64_t kernel, int64_t stride) {
  return (in - kernel) / stride + 1;
}

}  // namespace

std::string LayerSpec::ToString() const {
  if (kind == "conv") {
    std::string s = fmt::format("conv({}, k={}", size, kernel);
    if (stride > 1) s += fmt::format(", stride={}", stride);
    if (same) s += ", pad=same";
    if (padding > 0) s += fmt::format(", pad={}", padding);
    return s + ")";
  }
  if (kind == "dense" || kind == "pad") return fmt::format("{}({})", kind, size);
  if (kind == "maxpool" || kind == "avgpool") {
    if (stride > 0 && stride != size) return fmt::format("{}({}, stride={})", kind, size, stride);
    return fmt::format("{}({})", kind, size);
  }
  if (kind == "dropout") return fmt::format("dropout({})", p);
  return kind;
}

std::vector<LayerSpec> ParseLayerList(const std::string& text) {
  std::vector<LayerSpec> layers;
  for (const std::string& item : SplitTopLevel(text, ",\n;")) {
    if (Trim(item).empty()) continue;
    if (layers.size() == static_cast<size_t>(kMaxLayers)) {
      throw LayerListError(fmt::format("more than {} layers (expected at most {})", kMaxLayers,
                                       kMaxLayers));
    }
    layers.push_back(ParseLayer(item));
  }
  if (layers.empty()) throw LayerListError("empty layer list (expected e.g. \"flatten, dense(10)\")");
  return layers;
}

std::string LayerListToString(const std::vector<LayerSpec>& layers) {
  std::string out;
  for (const LayerSpec& layer : layers) {
    if (!out.empty()) out += ", ";
    out += layer.ToString();
  }
  return out;
}

std::vector<LayerShape> InferShapes(const std::vector<LayerSpec>& layers, const Shape& input,
                                    int64_t num_classes) {
  std::vector<LayerShape> shapes;
  Shape shape = input;
  auto shape_text = [](const Shape& s) { return fmt::format("{}", fmt::join(s, "x")); };
  for (size_t i = 0; i < layers.size(); ++i) {
    const LayerSpec& layer = layers[i];
    const std::string where = fmt::format("layer {} '{}'", i + 1, layer.ToString());
    LayerShape out;
    const bool image = shape.size() == 3;
    if (layer.kind == "conv" || layer.kind == "maxpool" || layer.kind == "avgpool" ||
        layer.kind == "pad") {
      if (!image) {
        throw LayerListError(fmt::format("{}: needs an image input (CxHxW), got {} features "
                                         "(put it before flatten)", where, shape_text(shape)));
      }
    }
    if (layer.kind == "dense" && image) {
      throw LayerListError(fmt::format("{}: needs a flat input, got {} (add flatten before it)",
                                       where, shape_text(shape)));
    }
    if (layer.kind == "conv") {
      const int64_t stride = layer.stride > 0 ? layer.stride : 1;
      int64_t h = shape[1], w = shape[2];
      if (layer.same) {
        // h, w unchanged at stride 1
      } else {
        h = (h + 2 * layer.padding - layer.kernel) / stride + 1;
        w = (w + 2 * layer.padding - layer.kernel) / stride + 1;
        if (shape[1] + 2 * layer.padding < layer.kernel) h = 0;
        if (shape[2] + 2 * layer.padding < layer.kernel) w = 0;
      }
      if (h < 1 || w < 1) {
        throw LayerListError(fmt::format("{}: kernel {} does not fit input {}", where,
                                         layer.kernel, shape_text(shape)));
      }
      const int64_t fan_in =
          BoundedProduct(shape[0], BoundedProduct(layer.kernel, layer.kernel, where, "kernel"),
                         where, "its weights");
      const int64_t weights = BoundedProduct(fan_in, layer.size, where, "its weights");
      out.params = weights + layer.size;
      out.macs = BoundedProduct(weights, BoundedProduct(h, w, where, "its output"), where,
                                "its multiply-adds");
      shape = {layer.size, h, w};
    } else if (layer.kind == "maxpool" || layer.kind == "avgpool") {
      const int64_t stride = layer.stride > 0 ? layer.stride : layer.size;
      if (shape[1] < layer.size || shape[2] < layer.size) {
        throw LayerListError(fmt::format("{}: pool {} larger than input {}", where, layer.size,
                                         shape_text(shape)));
      }
      shape = {shape[0], PooledSize(shape[1], layer.size, stride),
               PooledSize(shape[2], layer.size, stride)};
    } else if (layer.kind == "pad") {
      shape = {shape[0], shape[1] + 2 * layer.size, shape[2] + 2 * layer.size};
    } else if (layer.kind == "flatten") {
      int64_t features = 1;
      for (int64_t d : shape) features = BoundedProduct(features, d, where, "its features");
      shape = {features};
    } else if (layer.kind == "dense") {
      out.macs = BoundedProduct(shape[0], layer.size, where, "its weights");
      out.params = out.macs + layer.size;
      shape = {layer.size};
    } else if (layer.kind == "batchnorm") {
      out.params = 2 * shape[0];
    }
    if (shape.size() == 3 && (shape[1] > kMaxImageSide || shape[2] > kMaxImageSide)) {
      throw LayerListError(fmt::format("{}: output {} passes the largest image side, {}", where,
                                       shape_text(shape), kMaxImageSide));
    }
    out.output = shape;
    shapes.push_back(out);
  }
  if (shape.size() != 1 || shape[0] != num_classes) {
    throw LayerListError(fmt::format("the last layer gives {}, expected {} class scores (end with "
                                     "dense({}))", shape_text(shape), num_classes, num_classes));
  }
  return shapes;
}

ModelCost CostOf(const std::vector<LayerSpec>& layers) {
  ModelCost cost;
  for (const LayerShape& shape : InferShapes(layers)) {
    cost.params += shape.params;
    cost.macs += shape.macs;
  }
  return cost;
}

}  // namespace mnb
