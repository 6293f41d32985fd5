// The backend interface: a target renders a validated API into files. Backends
// are pure (no I/O); the driver writes what they return.
#ifndef SEAM_GEN_BACKEND_H_
#define SEAM_GEN_BACKEND_H_

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "abi/model.h"
#include "base/diagnostics.h"
#include "ir/ir.h"

namespace seam::gen {

struct OutputFile {
  std::string path;  // relative to the target's output directory
  std::string contents;
};

// A validated API with what every target derives from it the same way: the
// C ABI model, and on first use the contract text and the C header. One Input
// serves all the targets of a run, rendering in parallel (it is safe to share
// between threads); it must not outlive `api`.
class Input {
 public:
  explicit Input(const ir::Api& api);
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;

  [[nodiscard]] const ir::Api& api() const { return api_; }
  [[nodiscard]] const abi::Model& model() const { return model_; }
  // abi::ContractText of the model's contract.
  [[nodiscard]] const std::string& contract_text() const;
  // The C header's text (the c target's one file).
  [[nodiscard]] const std::string& c_header() const;
  // What `render` renders, once per Input: the first call for `key` runs it,
  // and every call returns its files and adds its diagnostics to `diags`. A
  // target that embeds another (flutter-plugin embeds dart and cpp-producer)
  // thereby shares its rendering. `key` names everything `render` depends on
  // besides this Input.
  [[nodiscard]] std::vector<OutputFile> Shared(const std::string& key, Diagnostics& diags,
                                               const std::function<std::vector<OutputFile>(Diagnostics&)>& render) const;

 private:
  struct Rendering {
    std::once_flag once;
    std::vector<OutputFile> files;
    std::optional<Diagnostics> diags;
  };

  const ir::Api& api_;
  abi::Model model_;
  mutable std::once_flag contract_once_, header_once_;
  mutable std::string contract_text_, c_header_;
  mutable std::mutex shared_mutex_;
  mutable std::map<std::string, std::unique_ptr<Rendering>, std::less<>> shared_;
};

class Backend {
 public:
  virtual ~Backend() = default;
  // The --target name, e.g. "c" or "dart".
  virtual std::string name() const = 0;
  // One line for --help.
  virtual std::string description() const = 0;
  // The targets whose renderings this one embeds through Input::Shared (a
  // run starts them first, so that nothing waits for them).
  virtual std::vector<std::string> embeds() const { return {}; }
  // Renders `in`. Reports what the target cannot express to `diags` (as errors
  // naming the construct) instead of skipping it.
  virtual std::vector<OutputFile> Render(const Input& in, Diagnostics& diags) const = 0;
  // Render() of a fresh Input for `api`, for a single target.
  std::vector<OutputFile> Generate(const ir::Api& api, Diagnostics& diags) const {
    return Render(Input(api), diags);
  }
};

// A set of backends (see gen/registry.h for all of them).
using BackendList = std::vector<std::unique_ptr<Backend>>;

}  // namespace seam::gen

#endif  // SEAM_GEN_BACKEND_H_
