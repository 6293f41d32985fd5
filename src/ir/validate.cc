// The validation driver: runs the rule families in order.
#include "ir/validate.h"

#include "ir/rules.h"

namespace seam::ir {

void Validate(Api& api, Diagnostics& diags) {
  ValidationContext ctx{api, diags, {}, {}};
  CheckNames(ctx);
  CheckTypes(ctx);
  CheckSymbols(ctx);
}

}  // namespace seam::ir
