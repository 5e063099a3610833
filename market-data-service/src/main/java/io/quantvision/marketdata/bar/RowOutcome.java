package io.quantvision.marketdata.bar;

/** What reading or checking one row gives: a candidate bar or a rejection. */
public sealed interface RowOutcome permits Candidate, Rejection {}
