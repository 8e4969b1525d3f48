//! Chinese glyphs. egui's bundled fonts have none, so one CJK face is added as a fallback
//! (Latin text keeps egui's look). One face only: whole CJK collections cost 150 MB+ of memory.

use egui::epaint::text::{FontInsert, FontPriority, InsertFontFamily};
use egui::{FontData, FontFamily};

/// Well-known locations of CJK fonts on Linux, macOS and Windows, best first.
const CANDIDATES: &[(&str, u32)] = &[
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    (
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        0,
    ),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
    ("C:\\Windows\\Fonts\\msyh.ttc", 0),
    ("C:\\Windows\\Fonts\\simsun.ttc", 0),
];

/// The CJK font to use: `OCP_BACKUP_CJK_FONT` if set, else the first candidate present.
pub fn find() -> Option<(String, Vec<u8>, u32)> {
    if let Ok(path) = std::env::var("OCP_BACKUP_CJK_FONT")
        && let Ok(bytes) = std::fs::read(&path)
    {
        return Some((path, bytes, 0));
    }
    CANDIDATES.iter().find_map(|(path, index)| {
        std::fs::read(path)
            .ok()
            .map(|b| (path.to_string(), b, *index))
    })
}

/// Adds the CJK fallback to both families. Returns the font's path, or `None` when no CJK font
/// is installed (Chinese then shows as boxes; install e.g. `fonts-wqy-microhei`).
pub fn install(ctx: &egui::Context) -> Option<String> {
    let (path, bytes, index) = find()?;
    let mut data = FontData::from_owned(bytes);
    data.index = index;
    ctx.add_font(FontInsert::new(
        "cjk",
        data,
        vec![
            InsertFontFamily {
                family: FontFamily::Proportional,
                priority: FontPriority::Lowest,
            },
            InsertFontFamily {
                family: FontFamily::Monospace,
                priority: FontPriority::Lowest,
            },
        ],
    ));
    Some(path)
}
