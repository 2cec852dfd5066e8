//! Judging: rules (data in `rules/`) turn stored facts into findings and scores.
//! Nothing here touches the network.
