package io.quantvision.trading;

import io.quantvision.testing.infra.ServiceTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Every test of this service runs against real PostgreSQL (database {@code qv_trading_test}) and
 * Redis, and a local stub for market-data's quote API and Alpaca.
 */
@WithTestResource(
    value = ServiceTestResource.class,
    scope = TestResourceScope.GLOBAL,
    initArgs = @ResourceArg(name = ServiceTestResource.DATABASE, value = "qv_trading_test"))
@WithTestResource(value = StubServer.class, scope = TestResourceScope.GLOBAL)
public class TestInfrastructure {}
