//! What every feature's requests share: OCP's page limits and the walk over a paged list. Each
//! feature's own `requests.rs` holds the calls it makes; views never talk HTTP.

use std::future::Future;

use ocp_api::OcpError;

/// OCP's largest page.
pub const MAX_PAGE_SIZE: i64 = 2000;

/// A "fetch all" stops here so one click cannot pull an unbounded history into memory.
pub const MAX_ROWS: usize = 50_000;

/// Every row of a paged list, page by page, up to [`MAX_ROWS`]. `fetch` returns one page's rows
/// and the number of pages.
pub async fn all_pages<T, F, Fut>(mut fetch: F) -> Result<Vec<T>, OcpError>
where
    F: FnMut(i32) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, i32), OcpError>>,
{
    let mut all = Vec::new();
    for page in 1.. {
        let (rows, total_pages) = fetch(page).await?;
        let last = page >= total_pages || rows.is_empty();
        all.extend(rows);
        if last || all.len() >= MAX_ROWS {
            break;
        }
    }
    Ok(all)
}
