package dev.sluice.hub.internal.auth;

import dev.sluice.server.HttpStatusException;
import dev.sluice.server.Request;
import java.util.List;
import java.util.Map;

/** No keys configured: anyone may subscribe to public updates; nobody may publish. */
public final class NoKeyAccessPolicy implements AccessPolicy {
  @Override
  public boolean mayBlock() {
    return false;
  }

  @Override
  public SubscriberAccess subscriber(Request call) {
    return SubscriberAccess.ANONYMOUS;
  }

  @Override
  public void authorizePublish(Request call, List<String> topics) {
    throw refusal();
  }

  @Override
  public void authorizeSubscriptionsApi(Request call, String path) {
    throw refusal();
  }

  private static HttpStatusException refusal() {
    return new HttpStatusException(401, "no key is configured on this hub",
        Map.of("WWW-Authenticate", "Bearer realm=\"mercure\""));
  }
}
