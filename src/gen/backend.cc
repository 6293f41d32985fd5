// Input: the derived parts of an API that targets share.
#include "gen/backend.h"

#include "abi/contract.h"
#include "gen/c/c_backend.h"

namespace seam::gen {

Input::Input(const ir::Api& api) : api_(api), model_(abi::BuildModel(api)) {}

const std::string& Input::contract_text() const {
  std::call_once(contract_once_, [this] { contract_text_ = abi::ContractText(abi::BuildContract(model_)); });
  return contract_text_;
}

const std::string& Input::c_header() const {
  std::call_once(header_once_, [this] { c_header_ = RenderCHeader(model_); });
  return c_header_;
}

std::vector<OutputFile> Input::Shared(const std::string& key, Diagnostics& diags,
                                      const std::function<std::vector<OutputFile>(Diagnostics&)>& render) const {
  Rendering* r;
  {
    std::lock_guard lock(shared_mutex_);
    std::unique_ptr<Rendering>& slot = shared_[key];
    if (!slot) slot = std::make_unique<Rendering>();
    r = slot.get();
  }
  std::call_once(r->once, [&] {
    Diagnostics own(diags.sources());
    r->files = render(own);
    r->diags.emplace(std::move(own));
  });
  diags.Merge(Diagnostics(*r->diags));
  return r->files;
}

}  // namespace seam::gen
