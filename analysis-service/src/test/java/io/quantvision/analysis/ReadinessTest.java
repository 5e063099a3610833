package io.quantvision.analysis;

import io.quantvision.testing.contract.ReadinessContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ReadinessTest extends ReadinessContract {}
