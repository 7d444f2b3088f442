package dev.fleetgateway.security.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.context.HttpRequestResponseHolder;

import dev.fleetgateway.security.ApiKeys;
import dev.fleetgateway.security.Caller;
import dev.fleetgateway.security.Role;

/** The browser login as the API's chain sees it: it opens the docs, never the API, and ends with its key. */
class SessionLoginTests {

    @Test
    void aLoggedInSessionAuthenticatesTheDocsButNeverTheApi() {
        ApiKeys keys = mock(ApiKeys.class);
        when(keys.authenticate("fgk_reader")).thenReturn(Optional.of(new Caller("reader", Set.of(Role.READ))));
        when(keys.authenticateDigest(anyString())).thenReturn(Optional.of(new Caller("reader", Set.of(Role.READ))));
        SessionLogin docsOnly = new SessionLogin(keys, SessionLogin::outsideApi);

        MockHttpServletRequest login = new MockHttpServletRequest("POST", "/console/login");
        assertThat(docsOnly.logIn(login, "fgk_reader")).isPresent();
        assertThat(login.getSession().getAttribute(SessionLogin.KEY_DIGEST)).isEqualTo(ApiKeys.digest("fgk_reader"));

        MockHttpServletRequest docs = new MockHttpServletRequest("GET", "/v3/api-docs");
        docs.setSession(login.getSession());
        var context = docsOnly.loadContext(new HttpRequestResponseHolder(docs, null));
        assertThat(context.getAuthentication().getName()).isEqualTo("reader");
        assertThat(CallerAuthentication.roles(context.getAuthentication())).containsExactly(Role.READ);

        MockHttpServletRequest api = new MockHttpServletRequest("GET", "/api/v1/modules");
        api.setSession(login.getSession());
        assertThat(docsOnly.loadContext(new HttpRequestResponseHolder(api, null))).isNull();
    }

    @Test
    void aRevokedKeyEndsTheLoginOnTheNextRequest() {
        ApiKeys keys = mock(ApiKeys.class);
        when(keys.authenticateDigest(anyString())).thenReturn(Optional.empty());
        SessionLogin login = new SessionLogin(keys, r -> true);
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/console");
        request.getSession().setAttribute(SessionLogin.KEY_DIGEST, ApiKeys.digest("fgk_gone"));
        assertThat(login.loadContext(new HttpRequestResponseHolder(request, null))).isNull();
        assertThat(request.getSession().getAttribute(SessionLogin.KEY_DIGEST)).isNull();
        assertThat(LoginController.safeNext("//evil.example/x")).isEqualTo("/console");
        assertThat(LoginController.safeNext("/console/modules?q=1")).isEqualTo("/console/modules?q=1");
    }
}
