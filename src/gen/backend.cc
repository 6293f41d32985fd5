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

}  // namespace seam::gen
