//! The calculator library in safe Rust: seam's generated glue exports it as
//! the C ABI of calculator.yml (it replaces the generated
//! src/implementation.rs).

pub mod calculator {
    use crate::api::calculator::*;
    use crate::seam;

    pub fn add(a: i32, b: i32) -> seam::Result<i32> {
        Ok(a.wrapping_add(b))
    }

    pub fn mul(a: i32, b: i32) -> seam::Result<i32> {
        Ok(a.wrapping_mul(b))
    }

    pub fn div(a: i32, b: i32) -> seam::Result<i32> {
        if b == 0 {
            return Err(CalcError::DivisionByZero.into());
        }
        Ok(a.wrapping_div(b))
    }

    pub fn echo(s: String) -> seam::Result<String> {
        Ok(s)
    }
}
