//! The monthly bulletin, one file per output format.
