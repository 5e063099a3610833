package io.quantvision.alert.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** One JSON POST, classified: what PagerDuty's and Slack's client beans share. */
final class HttpSender {

  private final HttpClient client;
  private final Duration timeout;

  HttpSender(Duration timeout) {
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  SendResult post(String url, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return SendResult.ofHttp(
          response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
    } catch (HttpTimeoutException e) {
      return SendResult.retry("timed out after " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      return SendResult.retry(
          "unreachable: " + e.getClass().getSimpleName() + " " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SendResult.retry("interrupted");
    }
  }
}
