package io.quantvision.marketdata;

import io.quantvision.testing.infra.ServiceTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Every test of this service runs against real PostgreSQL (database {@code qv_market_data_test})
 * and Redis, with Alpaca Market Data played by a local stub.
 */
@WithTestResource(value = AlpacaStub.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(
    value = ServiceTestResource.class,
    scope = TestResourceScope.GLOBAL,
    initArgs = @ResourceArg(name = ServiceTestResource.DATABASE, value = "qv_market_data_test"))
public class TestInfrastructure {}
