package io.quantvision.alert;

import io.quantvision.testing.infra.ServiceTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Every test of this service runs against real PostgreSQL (database {@code qv_alert_test}) and
 * Redis, with local stubs for PagerDuty, Slack and SMTP.
 */
@WithTestResource(
    value = ServiceTestResource.class,
    scope = TestResourceScope.GLOBAL,
    initArgs = @ResourceArg(name = ServiceTestResource.DATABASE, value = "qv_alert_test"))
@WithTestResource(value = Stubs.class, scope = TestResourceScope.GLOBAL)
public class TestInfrastructure {}
