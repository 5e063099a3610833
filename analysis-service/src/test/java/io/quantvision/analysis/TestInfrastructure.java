package io.quantvision.analysis;

import io.quantvision.testing.infra.ServiceTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Every test of this service runs against real PostgreSQL (database {@code qv_analysis_test}) and
 * Redis, with a local LLM stub ({@link LlmStub}) as its model endpoint.
 */
@WithTestResource(
    value = ServiceTestResource.class,
    scope = TestResourceScope.GLOBAL,
    initArgs = @ResourceArg(name = ServiceTestResource.DATABASE, value = "qv_analysis_test"))
@WithTestResource(value = LlmStub.class, scope = TestResourceScope.GLOBAL)
public class TestInfrastructure {}
