// Dart consumer of the calculator example: scalars, strings in and out, a
// typed error domain.
import 'package:calculator/calculator.dart';

import 'check.dart';

void main() {
  checkEq(add(2, 3), 5, 'add');
  checkEq(add(-2147483647, -1), -2147483648, 'add at the i32 edge');
  checkEq(mul(6, 7), 42, 'mul');
  checkEq(div(9, 2), 4, 'div');
  checkThrows<CalcErrorDivisionByZero>(() => div(1, 0), 'div by zero', (e) => e.code == 1);
  checkThrows<CalcError>(() => div(1, 0), 'domain base class');
  checkThrows<NativeException>(() => div(1, 0), 'common base class',
      (e) => e.message == 'division by zero');
  checkEq(echo('héllo, wörld'), 'héllo, wörld', 'echo UTF-8');
  checkEq(echo(''), '', 'echo empty');
  final long = 'x' * 100000;
  checkEq(echo(long), long, 'echo long');
  checkThrows<ArgumentError>(() => echo('a\u0000b'), 'NUL in a string');
  for (var i = 0; i < 10000; i++) {
    echo('repeat $i');
  }
  finish();
}
