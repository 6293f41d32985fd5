// `--target python`: a pure-Python package over ctypes (no compiled
// extension), DIR/python/: pyproject.toml, <package>/__init__.py (typed for
// mypy --strict), py.typed and a README. Records are dataclasses, enums
// IntEnum, rich enums one dataclass per variant under a Union alias, error
// domains exception classes (one per code) under NativeError, interfaces
// classes owning their native object (close(), with-blocks, finalizers),
// async functions coroutines for asyncio, listeners Subscriptions, iter<T> a
// lazy Iterator. The package name is generators.python.package_name, else
// the IDL's package name, else its file stem.
#ifndef SEAM_GEN_PYTHON_PY_BACKEND_H_
#define SEAM_GEN_PYTHON_PY_BACKEND_H_

#include "gen/backend.h"

namespace seam::gen {

class PythonBackend : public Backend {
 public:
  std::string name() const override { return "python"; }
  std::string description() const override { return "Python package over ctypes (typed, asyncio, no extension)"; }
  std::vector<OutputFile> Render(const Input& in, Diagnostics& diags) const override;
};

// The Python package's name (see above), as an importable identifier.
std::string PythonPackageName(const ir::Api& api);

}  // namespace seam::gen

#endif  // SEAM_GEN_PYTHON_PY_BACKEND_H_
