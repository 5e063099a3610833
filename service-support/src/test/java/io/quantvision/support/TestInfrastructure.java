package io.quantvision.support;

import io.quantvision.testing.infra.ServiceTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** The probe application runs against real PostgreSQL ({@code qv_support_test}) and Redis. */
@WithTestResource(
    value = ServiceTestResource.class,
    scope = TestResourceScope.GLOBAL,
    initArgs = @ResourceArg(name = ServiceTestResource.DATABASE, value = "qv_support_test"))
public class TestInfrastructure {}
