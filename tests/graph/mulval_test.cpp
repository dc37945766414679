// Reading MulVAL's VERTICES.CSV (graph/mulval.hpp) on a hand-made file in
// MulVAL's format and on broken lines.
#include "porttwin/graph/mulval.hpp"

#include <gtest/gtest.h>

#include <string>

#include "porttwin/kernel/error.hpp"

namespace {

using porttwin::graph::mulval_exec_hosts;

TEST(Mulval, ExecCodeHostsAreListedOnceInFileOrderWithQuotesRemoved) {
  const std::string csv =
      "1,\"execCode(tos_server,root)\",\"OR\",0\n"
      "5,\"hacl(internet,vendor_gateway,tcp,22)\",\"LEAF\",1\n"
      "6,\"execCode('vendor_gateway',user)\",\"OR\",0\r\n"
      "\n"
      "10,\"execCode(tos_server,user)\",\"OR\",0\n";
  const auto hosts = mulval_exec_hosts(csv, "VERTICES.CSV");
  ASSERT_EQ(hosts.size(), 2U);
  EXPECT_EQ(hosts[0].host, "tos_server");
  EXPECT_EQ(hosts[0].privilege, "root");
  EXPECT_EQ(hosts[0].vertex, 1);
  EXPECT_EQ(hosts[1].host, "vendor_gateway");
  EXPECT_EQ(hosts[1].privilege, "user");
  EXPECT_EQ(hosts[1].vertex, 6);
}

TEST(Mulval, ABrokenLineNamesTheFileAndLine) {
  const auto message = [](const std::string& csv) {
    try {
      (void)mulval_exec_hosts(csv, "V.CSV");
    } catch (const porttwin::ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("1,\"execCode(a,root)\",\"OR\",0\n2,\"x(a,b)\",\"OR\"\n"),
            "V.CSV:2: expected 4 fields id,\"label\",type,value (MulVAL's VERTICES.CSV); found 3");
  EXPECT_EQ(message("x,\"execCode(a,root)\",\"OR\",0\n"), "V.CSV:1: expected a vertex id (a whole number); found 'x'");
  EXPECT_EQ(message("1,\"execCode(a,root)\",\"NOT\",0\n"),
            "V.CSV:1: expected a vertex type LEAF, OR or AND; found 'NOT'");
  EXPECT_EQ(message("1,\"execCode(a,root),\"OR\",0\n"), "V.CSV:1: unterminated quote");
}

}  // namespace
