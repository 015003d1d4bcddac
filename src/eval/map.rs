//! The attribute map of objects and maps: entries kept sorted by key in one vector.
//!
//! Terraform objects are small (a resource block's attributes, a nested block's settings), and
//! an evaluation holds hundreds of thousands of them. A sorted vector takes a fraction of a
//! B-tree's memory for such sizes and iterates in key order like it, which is the order
//! Terraform gives map and object keys.

use std::fmt;

use super::value::Value;

#[derive(Clone, Default, PartialEq)]
pub struct Map {
    entries: Vec<(String, Value)>,
}

impl Map {
    pub fn new() -> Map {
        Map::default()
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        // Entries usually arrive in key order, so the last slot is the common insertion point.
        match self.entries.last() {
            Some((last, _)) if last.as_str() < key => Err(self.entries.len()),
            _ => self.entries.binary_search_by(|(k, _)| k.as_str().cmp(key)),
        }
    }

    /// Inserts or replaces; returns the previous value of `key`.
    pub fn insert(&mut self, key: String, value: Value) -> Option<Value> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        // Most maps are a block's handful of attributes: an equality scan (lengths compared
        // first) beats a binary search of string comparisons there.
        if self.entries.len() <= 8 {
            return self.entries.iter().find(|(k, _)| k.len() == key.len() && k == key).map(|(_, v)| v);
        }
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    /// The stored key and its value.
    pub fn get_key_value(&self, key: &str) -> Option<(&String, &Value)> {
        let i = if self.entries.len() <= 8 {
            self.entries.iter().position(|(k, _)| k.len() == key.len() && k == key)?
        } else {
            self.find(key).ok()?
        };
        self.entries.get(i).map(|(k, v)| (k, v))
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.find(key).ok().map(|i| &mut self.entries[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }

    pub fn entry(&mut self, key: String) -> Entry<'_> {
        match self.find(&key) {
            Ok(index) => Entry::Occupied(OccupiedEntry { map: self, index }),
            Err(index) => Entry::Vacant(VacantEntry { map: self, index, key }),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &Value)> + ExactSizeIterator {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = (&String, &mut Value)> + ExactSizeIterator {
        self.entries.iter_mut().map(|(k, v)| (&*k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut Value> + ExactSizeIterator {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    pub fn into_keys(self) -> impl DoubleEndedIterator<Item = String> + ExactSizeIterator {
        self.entries.into_iter().map(|(k, _)| k)
    }

    pub fn into_values(self) -> impl DoubleEndedIterator<Item = Value> + ExactSizeIterator {
        self.entries.into_iter().map(|(_, v)| v)
    }
}

/// A place in a [`Map`] for one key, as with `BTreeMap::entry`.
pub enum Entry<'a> {
    Occupied(OccupiedEntry<'a>),
    Vacant(VacantEntry<'a>),
}

pub struct OccupiedEntry<'a> {
    map: &'a mut Map,
    index: usize,
}

pub struct VacantEntry<'a> {
    map: &'a mut Map,
    index: usize,
    key: String,
}

impl<'a> OccupiedEntry<'a> {
    pub fn key(&self) -> &String {
        &self.map.entries[self.index].0
    }

    pub fn get(&self) -> &Value {
        &self.map.entries[self.index].1
    }

    pub fn get_mut(&mut self) -> &mut Value {
        &mut self.map.entries[self.index].1
    }

    pub fn into_mut(self) -> &'a mut Value {
        &mut self.map.entries[self.index].1
    }

    pub fn insert(&mut self, value: Value) -> Value {
        std::mem::replace(&mut self.map.entries[self.index].1, value)
    }
}

impl<'a> VacantEntry<'a> {
    pub fn key(&self) -> &String {
        &self.key
    }

    pub fn insert(self, value: Value) -> &'a mut Value {
        self.map.entries.insert(self.index, (self.key, value));
        &mut self.map.entries[self.index].1
    }
}

impl<'a> Entry<'a> {
    pub fn key(&self) -> &String {
        match self {
            Entry::Occupied(e) => e.key(),
            Entry::Vacant(e) => e.key(),
        }
    }

    pub fn or_insert(self, value: Value) -> &'a mut Value {
        self.or_insert_with(|| value)
    }

    pub fn or_insert_with(self, make: impl FnOnce() -> Value) -> &'a mut Value {
        match self {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(make()),
        }
    }

    pub fn and_modify(mut self, change: impl FnOnce(&mut Value)) -> Entry<'a> {
        if let Entry::Occupied(e) = &mut self {
            change(e.get_mut());
        }
        self
    }
}

impl fmt::Debug for Map {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl FromIterator<(String, Value)> for Map {
    /// Later entries win over earlier ones with the same key, as with repeated inserts.
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(items: I) -> Map {
        let mut entries: Vec<(String, Value)> = items.into_iter().collect();
        if entries.windows(2).all(|w| w[0].0 < w[1].0) {
            return Map { entries };
        }
        // Stable sort keeps insertion order among equal keys; keep the last of each run.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut deduped: Vec<(String, Value)> = Vec::with_capacity(entries.len());
        for entry in entries {
            match deduped.last_mut() {
                Some(last) if last.0 == entry.0 => *last = entry,
                _ => deduped.push(entry),
            }
        }
        Map { entries: deduped }
    }
}

impl Extend<(String, Value)> for Map {
    fn extend<I: IntoIterator<Item = (String, Value)>>(&mut self, items: I) {
        for (k, v) in items {
            self.insert(k, v);
        }
    }
}

impl IntoIterator for Map {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a String, &'a Value);
    type IntoIter =
        std::iter::Map<std::slice::Iter<'a, (String, Value)>, fn(&'a (String, Value)) -> (&'a String, &'a Value)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl std::ops::Index<&str> for Map {
    type Output = Value;

    fn index(&self, key: &str) -> &Value {
        match self.get(key) {
            Some(v) => v,
            None => panic!("no entry {key:?} in map"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_keys_sorted_and_replaces_duplicates() {
        let mut m = Map::new();
        for (k, v) in [("b", 1), ("a", 2), ("c", 3), ("a", 4)] {
            m.insert(k.into(), Value::from(v));
        }
        let keys: Vec<&str> = m.keys().map(String::as_str).collect();
        assert_eq!(keys, ["a", "b", "c"]);
        assert_eq!(m.get("a"), Some(&Value::from(4)));
        let collected: Map =
            [("z".to_string(), Value::from(1)), ("y".to_string(), Value::from(2)), ("z".to_string(), Value::from(3))]
                .into_iter()
                .collect();
        assert_eq!(collected.len(), 2);
        assert_eq!(collected.get("z"), Some(&Value::from(3)));
        assert_eq!(collected.keys().next().map(String::as_str), Some("y"));
    }

    #[test]
    fn entry_inserts_once() {
        let mut m = Map::new();
        *m.entry("k".into()).or_insert_with(|| Value::from(1)) = Value::from(2);
        m.entry("k".into()).or_insert_with(|| Value::from(9));
        assert_eq!(m.get("k"), Some(&Value::from(2)));
        assert!(m.remove("k").is_some() && m.is_empty());
    }
}
