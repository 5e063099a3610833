package io.quantvision.alert.subscription;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A new subscription. */
public record SubscriptionRequest(
    @NotNull
        @Pattern(
            regexp = "order_fills|order_rejections|signals:[A-Za-z0-9.\\-]{1,15}",
            message = "must be order_fills, order_rejections or signals:<SYMBOL>")
        String kind) {}
