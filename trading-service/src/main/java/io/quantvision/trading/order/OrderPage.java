package io.quantvision.trading.order;

import java.util.List;

/** A page of orders, newest first; {@code next_page_token} is null on the last page. */
public record OrderPage(List<OrderView> items, String nextPageToken) {}
