// The contract fingerprint: one hash per declaration of the C ABI, so that
// bindings can tell, when they load a library, whether it was built from the
// interface definition they were generated from, and name what differs.
//
// A seam producer exports `const char* {prefix}_seam_contract(void)`, an
// additive symbol outside the WeaveFFI header, returning ContractText(). Each
// consumer embeds the same text and compares at load time: a declaration the
// library lacks, or whose hash differs, is a mismatch; declarations only the
// library has are fine (it grew).
//
// The text is "seam-contract 1\n" then one line per declaration,
// "<kind> <dotted name> <16 hex digits>\n", in declaration order. A hash
// covers what the bindings rely on: the IDL types, the C types and symbols of
// every function of the declaration (not parameter names) and enum values.
// Docs, parameter names and defaults do not change it.
#ifndef SEAM_ABI_CONTRACT_H_
#define SEAM_ABI_CONTRACT_H_

#include <string>
#include <vector>

#include "abi/model.h"

namespace seam::abi {

struct ContractEntry {
  std::string kind;  // function, constructor, method, static, record, enum, interface, callback, listener, errors
  std::string name;  // "module.sub.Decl" or "module.Interface.member"
  std::string hash;  // 16 lowercase hex digits
};

std::vector<ContractEntry> BuildContract(const Model& model);
std::string ContractText(const std::vector<ContractEntry>& entries);
// "{prefix}_seam_contract".
std::string ContractSymbol(const Model& model);

}  // namespace seam::abi

#endif  // SEAM_ABI_CONTRACT_H_
