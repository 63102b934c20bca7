// `mnistbench data fetch` end to end against real servers on 127.0.0.1 serving the real files:
// python3's own http.server, and tests/fetch_test_server.py, which breaks off mid-file and
// honours Range. Nothing here reaches past the loopback interface.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include "harness/data/fetch.h"
#include "harness/data/idx.h"
#include "harness/data/registry.h"
#include "tests/cli_runner.h"

using namespace mnb::testing;
namespace fs = std::filesystem;

namespace {

// A server process on 127.0.0.1; its stdout and stderr go to a log. `timeout` bounds its life
// even if a test dies before the destructor runs.
class LoopbackServer {
 public:
  LoopbackServer(const std::vector<std::string>& command, const std::string& log) : log_(log) {
    std::vector<std::string> argv = {"timeout", "120"};
    argv.insert(argv.end(), command.begin(), command.end());
    pid_ = fork();
    if (pid_ == 0) {
      const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(fd, 1);
      dup2(fd, 2);
      std::vector<char*> args;
      for (std::string& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      execvp(args[0], args.data());
      _exit(127);
    }
    REQUIRE(pid_ > 0);
    const std::regex port_line("port ([0-9]+)");
    for (int i = 0; i < 200 && port_ == 0; ++i) {
      std::smatch m;
      const std::string text = ReadAll(log_);
      if (std::regex_search(text, m, port_line)) {
        port_ = std::stoi(m[1]);
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
    INFO(ReadAll(log_));
    REQUIRE(port_ > 0);
  }
  ~LoopbackServer() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
  std::string log() const { return ReadAll(log_); }

 private:
  std::string log_;
  pid_t pid_ = -1;
  int port_ = 0;
};

LoopbackServer HttpServer(const std::string& dir, const std::string& log) {
  return LoopbackServer(
      {"python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", dir}, log);
}

// A port on 127.0.0.1 that nothing listens on: bound once by us, then released.
int ClosedPort() {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
  socklen_t len = sizeof(addr);
  getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
  close(s);
  return ntohs(addr.sin_port);
}

std::string RealData() { return fs::absolute(DataDir()).lexically_normal().string(); }

std::vector<std::string> FilesUnder(const fs::path& dir) {
  std::vector<std::string> files;
  if (!fs::exists(dir)) return files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_directory()) files.push_back(fs::relative(e.path(), dir).string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// inode and modification time of every file: equal maps mean nothing was rewritten.
std::map<std::string, std::pair<ino_t, int64_t>> Stamps(const fs::path& dir) {
  std::map<std::string, std::pair<ino_t, int64_t>> stamps;
  for (const std::string& f : FilesUnder(dir)) {
    struct stat st {};
    REQUIRE(stat((dir / f).c_str(), &st) == 0);
    stamps[f] = {st.st_ino, st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec};
  }
  return stamps;
}

// The request lines of a server's log (the servers log each as "GET PATH ...").
std::vector<std::string> Requests(const std::string& log) {
  std::vector<std::string> requests;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("GET ", 0) == 0) requests.push_back(line);
  }
  return requests;
}

size_t Lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

void WriteBytes(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Dig-MNIST's labels as a raw IDX file with one label changed: well-formed, wrong checksum.
std::string WrongLabels() {
  const mnb::IdxArray labels =
      mnb::ReadIdx(RealData() + "/kannada-mnist/y_dig_MNIST-idx1-ubyte.gz");
  std::string bytes = {0, 0, 8, 1};
  const auto n = static_cast<uint32_t>(labels.dims.at(0));
  for (int shift : {24, 16, 8, 0}) bytes.push_back(static_cast<char>((n >> shift) & 0xff));
  bytes.append(labels.data.begin(), labels.data.end());
  bytes[8] = static_cast<char>((bytes[8] + 1) % 10);
  return bytes;
}

// data fetch in this process (each CLI launch costs about a second of loading LibTorch, so the
// CLI is driven only where its exit code and stderr are what is being tested).
struct FetchRun {
  mnb::FetchReport report;
  std::string out, err;
};

std::string Drain(std::FILE* f) {
  std::rewind(f);
  std::string text;
  for (int c; (c = std::fgetc(f)) != EOF;) text.push_back(static_cast<char>(c));
  std::fclose(f);
  return text;
}

FetchRun FetchHere(const std::vector<std::string>& names, const std::string& data,
                   const std::string& mirror, bool force = false) {
  std::vector<const mnb::DatasetInfo*> datasets;
  for (const std::string& name : names) {
    datasets.push_back(mnb::FindDataset(name));
    REQUIRE(datasets.back() != nullptr);
  }
  mnb::FetchOptions options;
  options.data_dir = data;
  options.mirror = mnb::ResolveMirror(mirror);
  options.force = force;
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  REQUIRE((out != nullptr && err != nullptr));
  FetchRun run;
  run.report = mnb::FetchDatasets(datasets, options, out, err);
  run.out = Drain(out);
  run.err = Drain(err);
  return run;
}

// What `data verify` checks, for one dataset: every file present with the registry's checksum.
bool Verified(const std::string& data, const std::string& name) {
  const mnb::DatasetInfo* info = mnb::FindDataset(name);
  for (const mnb::SplitFiles& split : info->files) {
    for (const mnb::DataFile* file : {&split.images, &split.labels}) {
      const auto path = mnb::FindFile(data, *info, *file);
      if (!path || mnb::Sha256OfIdxContent(*path) != file->sha256) return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("data fetch addresses: upstream .gz per mirror and MIRROR/DIR/FILE with a mirror",
          "[fetch]") {
  for (const mnb::DatasetInfo& info : mnb::AllDatasets()) {
    INFO(info.name);
    const mnb::DataFile& file = info.files.front().images;
    const auto upstream = mnb::CandidateUrls(info, file, "");
    REQUIRE(upstream.size() >= 2);
    for (const std::string& url : upstream) {
      CHECK((url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0));
      CHECK(url.size() > file.name.size() + 3);
      CHECK(url.substr(url.size() - file.name.size() - 3) == file.name + ".gz");
    }
    const auto mirrored = mnb::CandidateUrls(info, file, "http://lab/");
    CHECK(mirrored == std::vector<std::string>{"http://lab/" + info.dir + "/" + file.name + ".gz",
                                               "http://lab/" + info.dir + "/" + file.name});
  }
  CHECK(mnb::ResolveMirror("http://lab:8080/data//") == "http://lab:8080/data/");
  CHECK(mnb::ResolveMirror("file:///srv/mnist") == "file:///srv/mnist/");
  CHECK_THROWS_WITH(mnb::ResolveMirror("ftp://lab/"), Catch::Contains("--mirror 'ftp://lab/'"));
}

TEST_CASE("data fetch --all --mirror rebuilds an empty data directory that data verify accepts",
          "[fetch]") {
  ScratchDir scratch("fetch-all");
  LoopbackServer server = HttpServer(RealData(), scratch.file("server.log"));
  const std::string data = scratch.file("data");

  const CliResult first =
      RunCli("data fetch --all --mirror " + server.url() + " --data-dir '" + data + "'");
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(first.err.empty());
  CHECK_THAT(first.out, Catch::Contains("fetched from " + server.url() + "mnist/"));
  CHECK_THAT(first.out, Catch::Contains("0 present, 12 fetched, 0 failed"));
  const auto files = FilesUnder(data);
  CHECK(files.size() == 12);
  for (const std::string& f : files) CHECK(f.find(".part") == std::string::npos);

  const CliResult verify = RunCli("data verify --data-dir '" + data + "'");
  INFO(verify.out << verify.err);
  CHECK(verify.exit_code == 0);

  // Again: every file is present and verified, so none is downloaded or rewritten.
  const auto before = Stamps(data);
  const size_t requests = Requests(server.log()).size();
  const FetchRun again =
      FetchHere({"mnist", "fashion-mnist", "kannada-mnist", "dig-mnist"}, data, server.url());
  CHECK(again.report.present == 12);
  CHECK(again.report.fetched + again.report.failed == 0);
  CHECK(Stamps(data) == before);
  CHECK(Requests(server.log()).size() == requests);
}

TEST_CASE("data fetch rejects a corrupted mirror copy and leaves nothing behind", "[fetch]") {
  ScratchDir scratch("fetch-corrupt");
  const fs::path mirror = scratch.path() / "mirror" / "kannada-mnist";
  // A gzip stream with one byte flipped, and a well-formed IDX file with one label changed.
  std::string images = ReadBytes(RealData() + "/kannada-mnist/X_dig_MNIST-idx3-ubyte.gz");
  images[images.size() / 2] = static_cast<char>(images[images.size() / 2] ^ 0x55);
  WriteBytes(mirror / "X_dig_MNIST-idx3-ubyte.gz", images);
  WriteBytes(mirror / "y_dig_MNIST-idx1-ubyte", WrongLabels());
  LoopbackServer server = HttpServer((scratch.path() / "mirror").string(), scratch.file("log"));
  const std::string data = scratch.file("data");

  const CliResult r =
      RunCli("data fetch dig-mnist --mirror " + server.url() + " --data-dir '" + data + "'");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(Lines(r.err) == 2);
  CHECK_THAT(r.err, Catch::Contains("dig-mnist/X_dig_MNIST-idx3-ubyte: ") &&
                        Catch::Contains("dig-mnist/y_dig_MNIST-idx1-ubyte: "));
  CHECK_THAT(r.err, Catch::Contains("checksum mismatch") && Catch::Contains("download deleted"));
  CHECK(FilesUnder(data).empty());
}

TEST_CASE("data fetch resumes with a Range request when a server closes mid-file", "[fetch]") {
  ScratchDir scratch("fetch-resume");
  const std::string script = std::string(MNISTBENCH_SOURCE_DIR) + "/tests/fetch_test_server.py";
  const std::string data = scratch.file("data");
  {
    LoopbackServer server({"python3", script, RealData()}, scratch.file("log1"));
    const CliResult r =
        RunCli("data fetch dig-mnist --mirror " + server.url() + " --data-dir '" + data + "'");
    INFO(r.out << r.err << server.log());
    REQUIRE(r.exit_code == 0);
    const std::string log = server.log();
    // The first GET broke off at half the file; the second asked for the rest, not all of it.
    CHECK_THAT(log, Catch::Contains("GET /kannada-mnist/X_dig_MNIST-idx3-ubyte.gz range=\n"));
    const std::string half = std::to_string(1395287 / 2);
    CHECK_THAT(log, Catch::Contains("GET /kannada-mnist/X_dig_MNIST-idx3-ubyte.gz range=bytes=" +
                                    half + "-\n"));
    CHECK(Verified(data, "dig-mnist"));
  }
  {  // A .part left by an earlier run is resumed, not downloaded again.
    const fs::path dir = fs::path(data) / "kannada-mnist";
    fs::remove(dir / "X_dig_MNIST-idx3-ubyte.gz");
    const std::string whole = ReadBytes(RealData() + "/kannada-mnist/X_dig_MNIST-idx3-ubyte.gz");
    WriteBytes(dir / "X_dig_MNIST-idx3-ubyte.gz.part", whole.substr(0, 1000));
    LoopbackServer server({"python3", script, RealData()}, scratch.file("log2"));
    const FetchRun r = FetchHere({"dig-mnist"}, data, server.url());
    INFO(r.out << r.err << server.log());
    REQUIRE(r.report.fetched == 1);
    REQUIRE(r.report.failed == 0);
    CHECK(
        Requests(server.log()) ==
        std::vector<std::string>{"GET /kannada-mnist/X_dig_MNIST-idx3-ubyte.gz range=bytes=1000-"});
    CHECK(ReadBytes(dir / "X_dig_MNIST-idx3-ubyte.gz") == whole);
    CHECK_FALSE(fs::exists(dir / "X_dig_MNIST-idx3-ubyte.gz.part"));
  }
  {  // python3's http.server ignores Range and sends the whole file: the .part starts over.
    const fs::path dir = fs::path(data) / "kannada-mnist";
    fs::remove(dir / "X_dig_MNIST-idx3-ubyte.gz");
    WriteBytes(dir / "X_dig_MNIST-idx3-ubyte.gz.part", std::string(1000, 'x'));
    LoopbackServer server = HttpServer(RealData(), scratch.file("log3"));
    const FetchRun r = FetchHere({"dig-mnist"}, data, server.url());
    INFO(r.out << r.err << server.log());
    CHECK(r.report.fetched == 1);
    CHECK(r.report.failed == 0);
    CHECK(Verified(data, "dig-mnist"));
    CHECK_FALSE(fs::exists(dir / "X_dig_MNIST-idx3-ubyte.gz.part"));
  }
}

TEST_CASE("data fetch from an unreachable port fails with one line per file and exit 2",
          "[fetch]") {
  ScratchDir scratch("fetch-unreachable");
  const std::string mirror = "http://127.0.0.1:" + std::to_string(ClosedPort()) + "/";
  const std::string data = scratch.file("data");
  const CliResult r =
      RunCli("data fetch dig-mnist --attempts 2 --mirror " + mirror + " --data-dir '" + data + "'");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(Lines(r.err) == 2);
  CHECK_THAT(r.err,
             Catch::Contains("mnistbench: data fetch: dig-mnist/X_dig_MNIST-idx3-ubyte: " + mirror +
                             "kannada-mnist/X_dig_MNIST-idx3-ubyte.gz: unreachable"));
  CHECK_THAT(r.err, Catch::Contains("(after 2 attempts)"));
  CHECK_THAT(r.err, Catch::Contains("host unreachable earlier in this run"));
  CHECK_THAT(r.out, Catch::Contains("0 present, 0 fetched, 2 failed"));
  CHECK(FilesUnder(data).empty());
}

TEST_CASE("data fetch never rewrites verified files and replaces a changed one only with --force",
          "[fetch]") {
  ScratchDir scratch("fetch-force");
  const fs::path dir = scratch.path() / "data" / "kannada-mnist";
  fs::create_directories(dir);
  fs::copy_file(RealData() + "/kannada-mnist/X_dig_MNIST-idx3-ubyte.gz",
                dir / "X_dig_MNIST-idx3-ubyte.gz");
  WriteBytes(dir / "y_dig_MNIST-idx1-ubyte", WrongLabels());
  const auto images_before = Stamps(dir)["X_dig_MNIST-idx3-ubyte.gz"];
  const std::string args = "data fetch dig-mnist --mirror file://" + RealData() + " --data-dir '" +
                           scratch.file("data") + "'";

  const CliResult refused = RunCli(args);
  INFO(refused.out << refused.err);
  CHECK(refused.exit_code == 2);
  CHECK(Lines(refused.err) == 1);
  CHECK_THAT(refused.err,
             Catch::Contains("does not match the registry") && Catch::Contains("--force"));
  CHECK(ReadBytes(dir / "y_dig_MNIST-idx1-ubyte") == WrongLabels());

  const FetchRun forced = FetchHere({"dig-mnist"}, scratch.file("data"), "file://" + RealData(),
                                    /*force=*/true);
  INFO(forced.out << forced.err);
  CHECK(forced.report.failed == 0);
  CHECK_THAT(forced.out, Catch::Contains("replaced from file://"));
  CHECK_FALSE(fs::exists(dir / "y_dig_MNIST-idx1-ubyte"));  // readers would take it first
  CHECK(fs::exists(dir / "y_dig_MNIST-idx1-ubyte.gz"));
  CHECK(Stamps(dir)["X_dig_MNIST-idx3-ubyte.gz"] == images_before);
  CHECK(Verified(scratch.file("data"), "dig-mnist"));
}

TEST_CASE("data fetch takes MNISTBENCH_MIRROR for --mirror and bad requests are one line",
          "[fetch]") {
  ScratchDir scratch("fetch-env");
  const std::string data = scratch.file("data");
  const CliResult r = RunCli("data fetch dig-mnist --data-dir '" + data + "'",
                             "MNISTBENCH_MIRROR=file://" + RealData());
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("fetched from file://" + RealData() + "/kannada-mnist/"));
  CHECK(Verified(data, "dig-mnist"));

  const CliResult e = RunCli("data fetch --data-dir '" + data + "'");
  CHECK(e.exit_code == 2);
  CHECK(Lines(e.err) == 1);
  CHECK_THAT(e.err, Catch::Contains("name the datasets to fetch or pass --all"));
}
