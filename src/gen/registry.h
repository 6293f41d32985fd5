// Every backend seam has, in --help order. Listed explicitly here; there are
// no self-registering globals.
#ifndef SEAM_GEN_REGISTRY_H_
#define SEAM_GEN_REGISTRY_H_

#include "gen/backend.h"

namespace seam::gen {

BackendList AllBackends();

}  // namespace seam::gen

#endif  // SEAM_GEN_REGISTRY_H_
