package dev.sluice.hub;

import dev.sluice.hub.internal.dispatch.SubscriberAccess;
import dev.sluice.hub.internal.http.AccessPolicy;
import dev.sluice.hub.internal.http.HttpCall;
import dev.sluice.hub.internal.http.HubHttpException;
import java.util.List;
import java.util.Map;

/** No keys configured: anyone may subscribe to public updates; nobody may publish. */
final class NoKeyAccessPolicy implements AccessPolicy {
  @Override
  public boolean mayBlock() {
    return false;
  }

  @Override
  public SubscriberAccess subscriber(HttpCall call) {
    return SubscriberAccess.ANONYMOUS;
  }

  @Override
  public void authorizePublish(HttpCall call, List<String> topics) {
    throw refusal();
  }

  @Override
  public void authorizeSubscriptionsApi(HttpCall call, String path) {
    throw refusal();
  }

  private static HubHttpException refusal() {
    return new HubHttpException(401, "no key is configured on this hub",
        List.of(Map.entry("WWW-Authenticate", "Bearer realm=\"mercure\"")));
  }
}
