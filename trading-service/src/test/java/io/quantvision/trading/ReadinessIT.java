package io.quantvision.trading;

import io.quantvision.testing.contract.ReadinessContract;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The readiness contract held by the packaged application: the jar the container image ships. */
@QuarkusIntegrationTest
class ReadinessIT extends ReadinessContract {}
