//! A hermetic test environment: a temporary git repository, a pinned clock and identity.
