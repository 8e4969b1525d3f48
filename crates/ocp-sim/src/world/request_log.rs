//! The request log: what reached the server, bounded by entries and by bytes so that neither
//! many requests nor large ones can grow it without limit.

use std::collections::VecDeque;

use super::RequestRecord;

pub(crate) struct RequestLog {
    entries: VecDeque<RequestRecord>,
    /// Sum of [`RequestRecord::weight`] over `entries`.
    bytes: usize,
    max_entries: usize,
    max_bytes: usize,
}

impl RequestRecord {
    /// What an entry costs the log: its text, not counting the fixed-size fields.
    fn weight(&self) -> usize {
        let body = match (&self.body, &self.body_text) {
            // A parsed value is larger than its text; the text length is the cheap, stable
            // estimate (the body was kept whole only when it was small).
            (Some(_), _) => self.body_len,
            (None, Some(text)) => text.len(),
            (None, None) => 0,
        };
        self.method.len()
            + self.path.len()
            + self.query.as_ref().map_or(0, String::len)
            + self.user.as_ref().map_or(0, String::len)
            + body
    }
}

impl RequestLog {
    pub(crate) fn new(max_entries: usize, max_bytes: usize) -> Self {
        Self {
            entries: VecDeque::with_capacity(max_entries.min(1024)),
            bytes: 0,
            max_entries,
            max_bytes,
        }
    }

    pub(crate) fn push(&mut self, record: RequestRecord) {
        let weight = record.weight();
        if self.max_entries == 0 || weight > self.max_bytes {
            return;
        }
        while self.entries.len() >= self.max_entries || self.bytes + weight > self.max_bytes {
            match self.entries.pop_front() {
                Some(old) => self.bytes -= old.weight(),
                None => break,
            }
        }
        self.bytes += weight;
        self.entries.push_back(record);
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &RequestRecord> {
        self.entries.iter()
    }

    pub(crate) fn clear(&mut self) {
        self.entries.clear();
        self.bytes = 0;
    }

    #[cfg(test)]
    pub(crate) fn bytes(&self) -> usize {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(path: &str, body_text: Option<String>) -> RequestRecord {
        RequestRecord {
            method: "POST".into(),
            path: path.into(),
            query: None,
            body: None,
            body_len: body_text.as_ref().map_or(0, String::len),
            body_text,
            user: None,
            status: 401,
            at: crate::test_start(),
        }
    }

    #[test]
    fn bounded_by_entries_and_bytes() {
        let mut log = RequestLog::new(3, 100);
        for i in 0..5 {
            log.push(record(&format!("/{i}"), None));
        }
        let paths: Vec<_> = log.iter().map(|r| r.path.clone()).collect();
        assert_eq!(paths, ["/2", "/3", "/4"]);
        // Two 40-byte bodies fit (with method and path), a third pushes the oldest out.
        log.clear();
        for i in 0..3 {
            log.push(record(&format!("/{i}"), Some("x".repeat(40))));
        }
        assert_eq!(log.iter().count(), 2);
        assert!(log.bytes() <= 100);
        // An entry larger than the whole budget is not kept at all.
        log.push(record("/big", Some("x".repeat(200))));
        assert!(log.iter().all(|r| r.path != "/big"));
    }
}
