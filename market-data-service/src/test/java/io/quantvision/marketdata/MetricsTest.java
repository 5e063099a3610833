package io.quantvision.marketdata;

import io.quantvision.testing.contract.MetricsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class MetricsTest extends MetricsContract {}
