// Dart consumer of the shapes example: a rich enum as a sealed class with
// exhaustive switches, variant factories and fields.
import 'dart:typed_data';

import 'package:shapes/shapes.dart';

import 'check.dart';

double area(Shape s) => switch (s) {
      ShapeEmpty() => 0,
      ShapeCircle(:final radius) => 3 * radius * radius,
      ShapeRectangle(:final width, :final height) => width * height,
      ShapeLabeled() => 1,
    };

void main() {
  const circle = Shape.circle(radius: 2.5);
  checkEq(circle.tag, ShapeTag.circle, 'tag');
  checkEq(ShapeTag.circle.value, 1, 'tag value');
  checkEq(describe(circle), 'circle(r=2.5)', 'describe circle');
  checkEq(describe(const Shape.empty()), 'empty', 'describe unit variant');
  checkEq(describe(const Shape.rectangle(width: 3, height: 4)), 'rectangle(3x4)', 'describe rectangle');
  checkEq(describe(const Shape.labeled(label: 'hex', count: 6)), 'labeled(hex, 6)', 'describe labeled');

  final big = scale(circle, 4);
  check(big is ShapeCircle && big.radius == 10, 'scale circle: $big');
  checkEq(scale(const Shape.rectangle(width: 3, height: 4), 0.5), const Shape.rectangle(width: 1.5, height: 2),
      'scale rectangle');
  checkEq(scale(const Shape.labeled(label: 'hex', count: 6), 3), const ShapeLabeled(label: 'hex', count: 6),
      'labeled unchanged');
  checkEq(area(big), 300.0, 'exhaustive switch');
  checkThrows<NativeException>(() => scale(circle, -1), 'negative factor',
      (e) => e.code == -1 && e.message == 'factor must not be negative');

  checkEq(sumBytes(Uint8List.fromList([250, 250, 250, 250])), 1000, 'sum_bytes');
  checkEq(sumBytes([]), 0, 'empty list');
  checkEq(sumBytes(List.filled(100000, 255)), 25500000, 'large list');
  checkThrows<ArgumentError>(() => describe(const Shape.labeled(label: 'a\u0000b', count: 1)), 'NUL in a field');
  finish();
}
