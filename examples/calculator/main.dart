// A Dart consumer of the calculator library: the generated package, on the
// Dart VM, with typed errors.
import 'package:calculator/calculator.dart';

void main() {
  print('add(2, 3) = ${add(2, 3)}');
  print('mul(6, 7) = ${mul(6, 7)}');
  print('echo("hello from Dart") = "${echo('hello from Dart')}"');
  try {
    div(1, 0);
  } on CalcErrorDivisionByZero catch (e) {
    print('div(1, 0) -> $e');
  }
}
