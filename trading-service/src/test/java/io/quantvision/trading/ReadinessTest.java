package io.quantvision.trading;

import io.quantvision.testing.contract.ReadinessContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ReadinessTest extends ReadinessContract {}
