//! The shapes library: rich-enum parameters and returns. describe() renders
//! a shape ("circle(r=2.5)"); scale() multiplies its dimensions by a
//! non-negative factor; sum_bytes() adds bytes into a 64-bit sum.

pub mod shapes {
    use crate::api::shapes::*;
    use crate::seam;

    pub fn describe(shape: &Shape) -> seam::Result<String> {
        Ok(match shape {
            Shape::Empty => "empty".to_string(),
            Shape::Circle { radius } => format!("circle(r={radius})"),
            Shape::Rectangle { width, height } => format!("rectangle({width}x{height})"),
            Shape::Labeled { label, count } => format!("labeled({label}, {count})"),
        })
    }

    pub fn scale(shape: &Shape, factor: f64) -> seam::Result<Shape> {
        if !(factor >= 0.0) {
            return Err(seam::Error::other("factor must not be negative"));
        }
        Ok(match shape {
            Shape::Circle { radius } => Shape::Circle { radius: radius * factor },
            Shape::Rectangle { width, height } => Shape::Rectangle {
                width: (f64::from(*width) * factor) as f32,
                height: (f64::from(*height) * factor) as f32,
            },
            other => other.clone(),
        })
    }

    pub fn sum_bytes(values: Vec<u8>) -> seam::Result<u64> {
        Ok(values.iter().map(|&b| u64::from(b)).sum())
    }
}
