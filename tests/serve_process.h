// `mnistbench serve` as a real background process, and the two ways the serve tests talk to it:
// httplib's client, and a raw socket for requests no well-behaved client would send.
//
// Contract: ServeProcess starts `mnistbench serve --db DB --port 0 ARGS` (stderr to LOG), reads
// the one line it prints to learn its port, and FAILS the test when that line does not come
// within a minute (a deadlock guard, not a timing assertion). Stop() sends a signal and returns
// the exit code (128 + N when killed by signal N); the destructor SIGKILLs a server still running.
// RawExchange writes `bytes` as they are and returns whatever came back until the server closed
// or went quiet for 10 s; StatusOf reads the status code out of it (-1: no HTTP response).
#ifndef MNISTBENCH_TESTS_SERVE_PROCESS_H_
#define MNISTBENCH_TESTS_SERVE_PROCESS_H_

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

namespace mnb::testing {

class ServeProcess {
 public:
  ServeProcess(const std::string& db, const std::string& log, const std::string& args = "") {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], 1);
      close(fds[0]);
      close(fds[1]);
      const std::string command = std::string("exec '") + MNISTBENCH_BINARY + "' serve --db '" +
                                  db + "' --port 0 " + args + " 2>'" + log + "'";
      execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    out_ = fds[0];
    ReadLine();
    const size_t colon = line_.rfind(':', line_.find("/ "));
    INFO("serve printed: " << line_);
    REQUIRE(line_.rfind("serving http://127.0.0.1:", 0) == 0);
    REQUIRE(colon != std::string::npos);
    port_ = std::stoi(line_.substr(colon + 1));
    REQUIRE(port_ > 0);
  }
  ~ServeProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) close(out_);
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  int port() const { return port_; }
  const std::string& line() const { return line_; }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  int Stop(int signal = SIGTERM) {
    REQUIRE(pid_ > 0);
    kill(pid_, signal);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      INFO("serve did not stop on signal " << signal);
      REQUIRE(std::chrono::steady_clock::now() < deadline);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  void ReadLine() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    char c = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      if (read(out_, &c, 1) != 1) break;
      if (c == '\n') return;
      line_ += c;
    }
    FAIL("serve printed no line (so far: '" << line_ << "')");
  }

  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0;
  std::string line_;
};

inline std::string RawExchange(int port, const std::string& bytes) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
  // The server may answer and close before it has read everything (that is the point of some
  // of these requests): stop writing then, and read what it said.
  std::string reply;
  char buffer[4096];
  for (size_t sent = 0; sent < bytes.size();) {
    const ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
    const ssize_t got = recv(fd, buffer, sizeof(buffer), MSG_DONTWAIT);
    if (got > 0) reply.append(buffer, static_cast<size_t>(got));
  }
  for (;;) {
    const ssize_t got = recv(fd, buffer, sizeof(buffer), 0);
    if (got <= 0) break;
    reply.append(buffer, static_cast<size_t>(got));
  }
  close(fd);
  return reply;
}

inline int StatusOf(const std::string& reply) {
  if (reply.rfind("HTTP/1.", 0) != 0 || reply.size() < 12) return -1;
  return std::stoi(reply.substr(9, 3));
}

}  // namespace mnb::testing

#endif  // MNISTBENCH_TESTS_SERVE_PROCESS_H_
