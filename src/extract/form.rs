//! STUB: form cells.
