// SHA-256 against the FIPS 180-4 / NIST vectors, the padding boundaries and split updates.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "harness/base/sha256.h"

using mnb::Sha256;
using mnb::Sha256Hex;

TEST_CASE("Sha256Hex gives the NIST example digests", "[base][sha256]") {
  CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(Sha256Hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
                  "klmnopqrlmnopqrsmnopqrstnopqrstu") ==
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  CHECK(Sha256Hex(std::string("a\0b", 3)) ==
        "59b271ae1bbcb1d31d41929817f4b16fb439eb4f31520b5ad1d5ce98920a7138");
}

TEST_CASE("Sha256 of one million 'a' fed in uneven pieces", "[base][sha256]") {
  const std::string expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
  CHECK(Sha256Hex(std::string(1000000, 'a')) == expected);
  // 997 is prime, so the pieces straddle block boundaries at every offset.
  Sha256 pieces;
  const std::string piece(997, 'a');
  size_t left = 1000000;
  for (; left >= piece.size(); left -= piece.size()) pieces.Update(piece.data(), piece.size());
  pieces.Update(piece.data(), left);
  CHECK(pieces.HexDigest() == expected);
}

TEST_CASE("Sha256 pads correctly around the 55/56/64-byte boundaries", "[base][sha256]") {
  // Lengths where the length field just fits, just does not fit, or a block is exactly full.
  const std::vector<std::pair<size_t, std::string>> vectors = {
      {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
      {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
      {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
      {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
      {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
      {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
      {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
      {128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"},
  };
  for (const auto& [length, digest] : vectors) {
    INFO("length " << length);
    CHECK(Sha256Hex(std::string(length, 'a')) == digest);
  }
}

TEST_CASE("Sha256 gives the same digest for every way of splitting the input", "[base][sha256]") {
  std::string text;
  for (int i = 0; i < 200; ++i) text += static_cast<char>((i * 37 + 11) & 0xff);
  const std::string whole = Sha256Hex(text);
  for (size_t cut = 0; cut <= text.size(); ++cut) {
    for (size_t cut2 = cut; cut2 <= text.size(); cut2 += 29) {
      Sha256 hash;
      hash.Update(text.data(), cut);
      hash.Update(text.data() + cut, cut2 - cut);
      hash.Update(text.data() + cut2, text.size() - cut2);
      INFO("cuts at " << cut << " and " << cut2);
      REQUIRE(hash.HexDigest() == whole);
    }
  }
  Sha256 empty_updates;
  empty_updates.Update(nullptr, 0);
  CHECK(empty_updates.HexDigest() == Sha256Hex(""));
}
