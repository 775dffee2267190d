//! Pure layout arithmetic for the screen-share panels (natively tested).

use crate::event::Size;

/// The size to show a view of `size` at, inside `max_w` × `max_h`: the aspect ratio is kept, the
/// view only ever shrinks, and the result is rounded to whole pixels. `None` when any input is not
/// a positive finite number (such sizes are ignored, never applied): 1600 × 900 in 800 × 800 is
/// 800 × 450.
pub fn fit(size: Size, max_w: f64, max_h: f64) -> Option<(f64, f64)> {
    let ok = |v: f64| v.is_finite() && v > 0.0;
    if !(ok(size.width) && ok(size.height) && ok(max_w) && ok(max_h)) {
        return None;
    }
    let scale = (max_w / size.width).min(max_h / size.height).min(1.0);
    let (w, h) = ((size.width * scale).round().max(1.0), (size.height * scale).round().max(1.0));
    Some((w, h))
}

/// Keeps a panel's top-left corner `(x, y)` so that a `w` × `h` panel stays inside the viewport.
pub fn clamp_position(x: f64, y: f64, w: f64, h: f64, viewport: (f64, f64)) -> (f64, f64) {
    let clamp = |v: f64, size: f64, room: f64| {
        let max = (room - size).max(0.0);
        if v.is_finite() {
            v.clamp(0.0, max)
        } else {
            0.0
        }
    };
    (clamp(x, w, viewport.0), clamp(y, h, viewport.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_aspect_and_only_shrinks() {
        let s = |w, h| Size { width: w, height: h };
        assert_eq!(fit(s(1600.0, 900.0), 800.0, 800.0), Some((800.0, 450.0)));
        assert_eq!(fit(s(900.0, 1600.0), 800.0, 800.0), Some((450.0, 800.0)));
        assert_eq!(fit(s(320.0, 240.0), 800.0, 800.0), Some((320.0, 240.0)));
        assert_eq!(fit(s(1000.0, 1000.0), 500.0, 250.0), Some((250.0, 250.0)));
        assert_eq!(fit(s(f64::NAN, 10.0), 800.0, 800.0), None);
        assert_eq!(fit(s(0.0, 10.0), 800.0, 800.0), None);
        assert_eq!(fit(s(10.0, 10.0), -1.0, 800.0), None);
    }

    #[test]
    fn positions_stay_on_screen() {
        assert_eq!(clamp_position(-20.0, 5.0, 100.0, 50.0, (800.0, 600.0)), (0.0, 5.0));
        assert_eq!(clamp_position(790.0, 590.0, 100.0, 50.0, (800.0, 600.0)), (700.0, 550.0));
        assert_eq!(clamp_position(f64::NAN, 10.0, 100.0, 50.0, (800.0, 600.0)), (0.0, 10.0));
        assert_eq!(clamp_position(10.0, 10.0, 1000.0, 50.0, (800.0, 600.0)), (0.0, 10.0));
    }
}
