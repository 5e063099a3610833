package io.quantvision.support.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quantvision.testing.jwt.TestTokens;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The probe application's bearer authentication verifies through {@link VerifiedTokens}. */
@QuarkusTest
class VerifiedTokensWiringTest {

  @Inject JWTParser parser;

  @Test
  void bearerAuthenticationRemembersVerifiedTokensOnly() {
    assertThat(ClientProxy.unwrap(parser)).isInstanceOf(VerifiedTokens.class);
    VerifiedTokens cache = (VerifiedTokens) ClientProxy.unwrap(parser);
    String token = TestTokens.trader("u-" + UUID.randomUUID());
    String expired = TestTokens.token("u-expired").roles("trader").expired().sign();
    String foreign = TestTokens.token("u-foreign").roles("trader").withForeignKey().sign();

    given().auth().oauth2(token).get("/probe/secured").then().statusCode(200);
    given().auth().oauth2(token).get("/probe/secured").then().statusCode(200);
    given().auth().oauth2(expired).get("/probe/secured").then().statusCode(401);
    given().auth().oauth2(foreign).get("/probe/secured").then().statusCode(401);

    assertThat(cache.holds(token)).isTrue();
    assertThat(cache.holds(expired)).isFalse();
    assertThat(cache.holds(foreign)).isFalse();
  }
}
