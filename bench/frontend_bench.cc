// Front-end benchmark: read, build and validate a synthetic IDL with 5,000
// functions and 1,000 structs, in each of the three formats.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <yaml.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <toml++/toml.h>

#include "idl/reader.h"
#include "ir/builder.h"
#include "ir/validate.h"

namespace {

// Ten modules, each with 100 structs (4 fields) and 500 functions using them.
std::string SyntheticYaml() {
  std::string out = "version: \"0.5.0\"\nmodules:\n";
  for (int m = 0; m < 10; ++m) {
    out += fmt::format("  - name: mod{}\n    structs:\n", m);
    for (int s = 0; s < 100; ++s) {
      out += fmt::format(
          "      - name: S{}_{}\n        fields:\n          - {{ name: id, type: i64 }}\n"
          "          - {{ name: name, type: string }}\n          - {{ name: tags, type: \"[string]\" }}\n"
          "          - {{ name: score, type: \"f64?\" }}\n",
          m, s);
    }
    out += "    functions:\n";
    for (int f = 0; f < 500; ++f) {
      out += fmt::format(
          "      - name: fn{}\n        params:\n          - {{ name: a, type: S{}_{} }}\n"
          "          - {{ name: b, type: \"[i32]\" }}\n        return: \"{{string:i32}}\"\n",
          f, m, f % 100);
    }
  }
  return out;
}

std::string SyntheticJson() {
  std::string out = "{\"version\":\"0.5.0\",\"modules\":[";
  for (int m = 0; m < 10; ++m) {
    out += fmt::format("{}{{\"name\":\"mod{}\",\"structs\":[", m ? "," : "", m);
    for (int s = 0; s < 100; ++s) {
      out += fmt::format(
          "{}{{\"name\":\"S{}_{}\",\"fields\":[{{\"name\":\"id\",\"type\":\"i64\"}},{{\"name\":"
          "\"name\",\"type\":\"string\"}},{{\"name\":\"tags\",\"type\":\"[string]\"}},{{\"name\":"
          "\"score\",\"type\":\"f64?\"}}]}}",
          s ? "," : "", m, s);
    }
    out += "],\"functions\":[";
    for (int f = 0; f < 500; ++f) {
      out += fmt::format(
          "{}{{\"name\":\"fn{}\",\"params\":[{{\"name\":\"a\",\"type\":\"S{}_{}\"}},{{\"name\":"
          "\"b\",\"type\":\"[i32]\"}}],\"return\":\"{{string:i32}}\"}}",
          f ? "," : "", f, m, f % 100);
    }
    out += "]}";
  }
  return out + "]}";
}

std::string SyntheticToml() {
  std::string out = "version = \"0.5.0\"\n";
  for (int m = 0; m < 10; ++m) {
    out += fmt::format("\n[[modules]]\nname = \"mod{}\"\n", m);
    for (int s = 0; s < 100; ++s) {
      out += fmt::format(
          "[[modules.structs]]\nname = \"S{}_{}\"\nfields = [{{ name = \"id\", type = \"i64\" }}, "
          "{{ name = \"name\", type = \"string\" }}, {{ name = \"tags\", type = \"[string]\" }}, "
          "{{ name = \"score\", type = \"f64?\" }}]\n",
          m, s);
    }
    for (int f = 0; f < 500; ++f) {
      out += fmt::format(
          "[[modules.functions]]\nname = \"fn{}\"\nparams = [{{ name = \"a\", type = \"S{}_{}\" "
          "}}, {{ name = \"b\", type = \"[i32]\" }}]\nreturn = \"{{string:i32}}\"\n",
          f, m, f % 100);
    }
  }
  return out;
}

void RunFrontEnd(benchmark::State& state, seam::IdlFormat format, const std::string& text) {
  for (auto _ : state) {
    seam::SourceManager sources;
    seam::Diagnostics diags(sources);
    uint32_t id = sources.Add("bench", text);
    seam::Document doc;
    if (!seam::ParseDocument(format, *sources.Get(id), id, doc, diags)) {
      state.SkipWithError("parse failed");
      break;
    }
    auto api = seam::ir::BuildApi(doc, diags);
    seam::ir::Validate(*api, diags);
    if (diags.has_errors()) {
      state.SkipWithError(diags.RenderText().c_str());
      break;
    }
    benchmark::DoNotOptimize(api);
  }
  state.counters["bytes"] = static_cast<double>(text.size());
}

void BM_FrontEndYaml(benchmark::State& state) {
  static const std::string text = SyntheticYaml();
  RunFrontEnd(state, seam::IdlFormat::kYaml, text);
}
void BM_FrontEndJson(benchmark::State& state) {
  static const std::string text = SyntheticJson();
  RunFrontEnd(state, seam::IdlFormat::kJson, text);
}
void BM_FrontEndToml(benchmark::State& state) {
  static const std::string text = SyntheticToml();
  RunFrontEnd(state, seam::IdlFormat::kToml, text);
}

// The parsing libraries alone on the same texts: the floor under the YAML
// and TOML figures. libyaml's events are read and freed; toml++ builds (and
// frees) its own tree.
void ParseYamlEvents(benchmark::State& state, const std::string& text) {
  for (auto _ : state) {
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
    yaml_event_t event;
    for (;;) {
      if (yaml_parser_parse(&parser, &event) == 0) {
        state.SkipWithError("libyaml rejected the benchmark's YAML");
        break;
      }
      bool end = event.type == YAML_STREAM_END_EVENT;
      yaml_event_delete(&event);
      if (end) break;
    }
    yaml_parser_delete(&parser);
  }
}

void BM_LibyamlEventsOnly(benchmark::State& state) {
  static const std::string text = SyntheticYaml();
  ParseYamlEvents(state, text);
}
// libyaml alone on the code generation benchmark's IDL (bench/report.py's
// synthetic 500-function API, written by bench/run.sh to the file named by
// SEAM_BENCH_CODEGEN_YAML): the part of `seam generate`'s time no renderer
// can win back.
void BM_LibyamlEventsOnlyCodegenIdl(benchmark::State& state) {
  const char* path = std::getenv("SEAM_BENCH_CODEGEN_YAML");
  std::ifstream file(path ? path : "");
  if (!file) {
    state.SkipWithError("SEAM_BENCH_CODEGEN_YAML does not name a readable file");
    return;
  }
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  ParseYamlEvents(state, text);
  state.counters["bytes"] = static_cast<double>(text.size());
}
void BM_TomlppParseOnly(benchmark::State& state) {
  static const std::string text = SyntheticToml();
  for (auto _ : state) {
    toml::table table = toml::parse(text);
    benchmark::DoNotOptimize(table);
  }
}

BENCHMARK(BM_FrontEndYaml)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FrontEndJson)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FrontEndToml)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LibyamlEventsOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LibyamlEventsOnlyCodegenIdl)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TomlppParseOnly)->Unit(benchmark::kMillisecond);

}  // namespace
