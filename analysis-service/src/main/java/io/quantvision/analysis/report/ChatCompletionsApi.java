package io.quantvision.analysis.report;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The OpenAI chat-completions wire format (the subset used here); any compatible endpoint speaks
 * it. Built by {@link LlmClient} against the configured base URL; nothing else calls it.
 */
@Path("/chat/completions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface ChatCompletionsApi {

  @POST
  Response complete(@HeaderParam("Authorization") String authorization, Request request);

  record Request(
      String model,
      List<Message> messages,
      double temperature,
      int maxTokens,
      ResponseFormat responseFormat) {}

  record Message(String role, String content) {}

  /** {@code {"type": "json_object"}}: JSON mode, the answer is one JSON object. */
  record ResponseFormat(String type) {}

  record Response(String id, String model, List<Choice> choices) {}

  record Choice(Integer index, Message message, String finishReason) {}
}
