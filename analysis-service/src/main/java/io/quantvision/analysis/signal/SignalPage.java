package io.quantvision.analysis.signal;

import java.util.List;

/** A page of signals, newest bar first. */
public record SignalPage(List<Signal> items, String nextPageToken) {}
