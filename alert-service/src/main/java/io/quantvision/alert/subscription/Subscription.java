package io.quantvision.alert.subscription;

import java.time.Instant;
import java.util.UUID;

/**
 * A user's wish to be told about something: {@code order_fills}, {@code order_rejections}, {@code
 * signals:<SYMBOL>}.
 */
public record Subscription(UUID id, String kind, String email, Instant createdAt) {}
