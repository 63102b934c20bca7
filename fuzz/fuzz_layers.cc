// The layer-list parser and shape inference (models/layer_spec.h): any text either fails with
// LayerListError or gives layers whose canonical text parses back to the same layers, and whose
// shapes and costs are computed without overflow (UBSan catches a signed overflow).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.h"
#include "models/layer_spec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  mnb::fuzz::CleanlyRefused([&] {
    const std::vector<mnb::LayerSpec> layers = mnb::ParseLayerList(text);
    const std::string canonical = mnb::LayerListToString(layers);
    mnb::fuzz::Expect(mnb::LayerListToString(mnb::ParseLayerList(canonical)) == canonical,
                      "the canonical text parses back to the same layers");
    mnb::fuzz::CleanlyRefused([&] {
      const auto shapes = mnb::InferShapes(layers);
      for (const mnb::LayerShape& s : shapes) {
        mnb::fuzz::Expect(s.params >= 0 && s.macs >= 0, "counts are not negative");
        for (int64_t d : s.output) mnb::fuzz::Expect(d > 0, "every dimension is positive");
      }
    });
    mnb::fuzz::CleanlyRefused([&] { (void)mnb::CostOf(layers); });
    mnb::fuzz::CleanlyRefused([&] { (void)mnb::InferShapes(layers, {3, 32, 32}, 100); });
  });
  return 0;
}
