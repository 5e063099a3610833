import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.smallrye.faulttolerance.core.circuit.breaker.CircuitBreakerEvents;
import io.smallrye.faulttolerance.core.metrics.MeteredOperation;
import io.smallrye.faulttolerance.core.metrics.MicrometerRecorder;
import java.lang.reflect.Proxy;
import java.util.TreeSet;

/**
 * Prints the Prometheus names SmallRye Fault Tolerance gives its metrics, with its labels, by
 * driving the library's own Micrometer recorder for a method guarded by @CircuitBreaker, @Retry,
 * @Timeout and @Fallback. Those meters appear on /q/metrics only after the first guarded call, so
 * a scrape of a fresh service cannot show them. Run with a service's runtime classpath:
 * java -cp 'trading-service/target/quarkus-app/lib/main/*' FaultToleranceMetricNames.java
 */
public class FaultToleranceMetricNames {
  public static void main(String[] args) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MeteredOperation operation =
        (MeteredOperation)
            Proxy.newProxyInstance(
                FaultToleranceMetricNames.class.getClassLoader(),
                new Class<?>[] {MeteredOperation.class},
                (proxy, method, arguments) ->
                    switch (method.getName()) {
                      case "name" -> "io.quantvision.probe.Broker/submit";
                      case "cacheKey" -> "probe";
                      case "mayBeAsynchronous", "hasBulkhead", "hasRateLimit" -> false;
                      default -> true;
                    });
    MicrometerRecorder recorder = new MicrometerRecorder(registry, operation);
    recorder.registerCircuitBreakerIsOpen(() -> true);
    recorder.registerCircuitBreakerIsClosed(() -> false);
    recorder.registerCircuitBreakerIsHalfOpen(() -> false);
    recorder.registerCircuitBreakerTimeSpentInOpen(() -> 1L);
    recorder.registerCircuitBreakerTimeSpentInClosed(() -> 1L);
    recorder.registerCircuitBreakerTimeSpentInHalfOpen(() -> 1L);
    recorder.circuitBreakerMovedToOpen();
    recorder.circuitBreakerFinished(CircuitBreakerEvents.Result.PREVENTED);
    recorder.executionFinished(false, true, false);
    recorder.retryAttempted();
    recorder.timeoutFinished(true, 1L);
    TreeSet<String> lines = new TreeSet<>();
    for (String line : registry.scrape().split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        lines.add(line.replaceAll("=\"[^\"]*\"", "").replaceAll(",}", "}").replaceAll(" .*", ""));
      }
    }
    lines.forEach(System.out::println);
  }
}
