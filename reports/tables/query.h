// `mnistbench query`: the results of arbitrary read-only SQL (run by the results reader,
// StoreReader::Query in harness/store/reader.h) printed as an aligned table, CSV or JSON.
//
// Contract: values keep their SQLite type: integers and reals print as numbers (reals in the
// shortest form that reads back exactly), NULL as empty (table, CSV) or null (JSON).
#ifndef MNISTBENCH_REPORTS_TABLES_QUERY_H_
#define MNISTBENCH_REPORTS_TABLES_QUERY_H_

#include <string>

#include "harness/store/read_only_query.h"

namespace mnb {

std::string FormatQueryTable(const QueryResult& result);  // aligned, header + rule, "(N rows)"
std::string FormatQueryCsv(const QueryResult& result);    // RFC 4180, one header row
std::string FormatQueryJson(const QueryResult& result);   // [{"column": value, ...}, ...]

}  // namespace mnb

#endif  // MNISTBENCH_REPORTS_TABLES_QUERY_H_
