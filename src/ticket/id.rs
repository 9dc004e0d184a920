//! Ticket ids: `<prefix>-<random>`, 40 random bits in Crockford base32.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// The random part's alphabet: Crockford base32 (no I, L, O, U), so ids read aloud well.
pub const ID_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in the random part: 8 × 5 bits = 40 random bits.
pub const ID_RANDOM_LEN: usize = 8;

/// A ticket id such as `ESC-7K2M9QXA`: a prefix from the config and a random part.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TicketId {
    prefix: String,
    random: String,
}

impl TicketId {
    /// Builds an id from 40 random bits.
    pub fn from_random_bits(prefix: &str, bits: u64) -> Self {
        let random = (0..ID_RANDOM_LEN).rev().map(|i| ID_ALPHABET[((bits >> (i * 5)) & 31) as usize] as char).collect();
        TicketId { prefix: prefix.to_string(), random }
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The random part, which users may abbreviate to any unique prefix.
    pub fn random_part(&self) -> &str {
        &self.random
    }
}

/// Whether `prefix` can start a ticket id: an upper-case letter, then letters or digits.
pub fn is_valid_id_prefix(prefix: &str) -> bool {
    let mut chars = prefix.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && prefix.len() <= 16
}

/// Whether `text` only uses characters of the id alphabet (case-insensitive).
pub fn is_id_alphabet(text: &str) -> bool {
    text.bytes().all(|b| ID_ALPHABET.contains(&b.to_ascii_uppercase()))
}

impl FromStr for TicketId {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        let invalid = || Error::InvalidId(text.to_string());
        let (prefix, random) = text.split_once('-').ok_or_else(invalid)?;
        if !is_valid_id_prefix(prefix) || random.len() < ID_RANDOM_LEN || !is_id_alphabet(random) {
            return Err(invalid());
        }
        if random.bytes().any(|b| b.is_ascii_lowercase()) {
            return Err(invalid());
        }
        Ok(TicketId { prefix: prefix.to_string(), random: random.to_string() })
    }
}

impl TryFrom<String> for TicketId {
    type Error = Error;
    fn try_from(value: String) -> Result<Self, Error> {
        value.parse()
    }
}

impl From<TicketId> for String {
    fn from(id: TicketId) -> String {
        id.to_string()
    }
}

impl fmt::Display for TicketId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.prefix, self.random)
    }
}
