package io.quantvision.alert.alert;

import java.util.List;

/** A page of alerts, newest first; {@code next_page_token} is null on the last page. */
public record AlertPage(List<AlertView> items, String nextPageToken) {}
