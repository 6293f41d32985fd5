#include "gen/registry.h"

#include "gen/c/c_backend.h"
#include "gen/cpp/cpp_backend.h"
#include "gen/cpp_producer/cpp_producer.h"
#include "gen/dart/dart_backend.h"
#include "gen/flutter_plugin/flutter_plugin.h"
#include "gen/python/py_backend.h"
#include "gen/rust_producer/rust_producer.h"

namespace seam::gen {

BackendList AllBackends() {
  BackendList backends;
  backends.push_back(std::make_unique<CBackend>());
  backends.push_back(std::make_unique<CppBackend>());
  backends.push_back(std::make_unique<CppProducerBackend>());
  backends.push_back(std::make_unique<DartBackend>());
  backends.push_back(std::make_unique<FlutterPluginBackend>());
  backends.push_back(std::make_unique<PythonBackend>());
  backends.push_back(std::make_unique<RustProducerBackend>());
  return backends;
}

}  // namespace seam::gen
