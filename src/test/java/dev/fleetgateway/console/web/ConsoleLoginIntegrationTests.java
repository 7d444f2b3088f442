package dev.fleetgateway.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Http;

/**
 * The console's login over real HTTP, as a browser without JavaScript sees it: the same API keys, a session
 * cookie that scripts and other sites cannot use, CSRF on every form, the key's roles on every action, and the
 * API left stateless.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ConsoleLoginIntegrationTests {

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    dev.fleetgateway.module.ModuleService modules;

    @Test
    void theModuleListSearchesAndPagesThousandsOnTheServer() {
        for (int i = 0; i < 1500; i++) {
            modules.create(new dev.fleetgateway.module.ModuleRequests.Create(String.format("cbulk-%05d", i),
                    i % 100 == 7 ? "Cpump " + i : null, null, i % 2 == 0 ? Map.of("site", "berlin") : Map.of("site", "oslo")));
        }
        FormClient browser = new FormClient(port);
        browser.logIn(Http.TEST_KEY);
        HttpResponse<String> first = browser.get("/console/modules?q=cbulk-");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("1500 modules").contains("Page 1 of 60").contains("cbulk-00024")
                .doesNotContain("cbulk-00025");
        HttpResponse<String> page = browser.get("/console/modules?q=cbulk-&labels=site%3Aoslo&page=2");
        assertThat(page.body()).contains("750 modules").contains("Page 3 of 30").contains("cbulk-00101")
                .doesNotContain("cbulk-00100");
        HttpResponse<String> byName = browser.get("/console/modules?q=CPUMP%201407", Map.of("HX-Request", "true"));
        assertThat(byName.body()).doesNotContain("<html").contains("<table").contains("1 modules").contains("cbulk-01407");
        HttpResponse<String> bad = browser.get("/console/modules?labels=oslo");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("Invalid label filter");
    }

    @Test
    void rootAndConsoleLeadToTheLoginPage() {
        FormClient browser = new FormClient(port);
        HttpResponse<String> root = browser.get("/");
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location").orElseThrow()).endsWith("/console");
        HttpResponse<String> console = browser.get("/console/modules?q=abc");
        assertThat(console.statusCode()).isEqualTo(302);
        assertThat(console.headers().firstValue("Location").orElseThrow())
                .endsWith("/console/login?next=/console/modules?q%3Dabc");
        HttpResponse<String> login = browser.get("/console/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("<label for=\"key\">API key</label>").contains("name=\"_csrf\"");
    }

    @Test
    void anUnknownKeyIsRefusedWithTheFormAgain() {
        FormClient browser = new FormClient(port);
        HttpResponse<String> r = browser.logIn("fgk_not-a-key");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("That is no live API key");
    }

    @Test
    void aKeyLogsInWithASessionCookieScriptsAndOtherSitesCannotUse() {
        FormClient browser = new FormClient(port);
        HttpResponse<String> r = browser.logIn(Http.TEST_KEY);
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/console");
        String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
        HttpResponse<String> overview = browser.get("/console");
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("Fleet overview").contains("<main id=\"main\"");
        assertThat(overview.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
    }

    @Test
    void aFormWithoutTheCsrfTokenIsRefused() {
        FormClient browser = new FormClient(port);
        browser.logIn(Http.TEST_KEY);
        HttpResponse<String> r = browser.post("/console/simulator", Map.of("count", "1"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("CSRF");
    }

    @Test
    void aReadKeySeesButCannotSendAndARevokedKeyStopsOnTheNextRequest() {
        Http admin = new Http(port);
        assertThat(admin.post("/api/v1/modules", "{\"moduleKey\":\"console-read-1\"}").status()).isEqualTo(201);
        Http.Response created = admin.post("/api/v1/keys", "{\"name\":\"console-reader\",\"roles\":[\"read\"]}");
        assertThat(created.status()).isEqualTo(201);
        String token = created.json().get("token").asString();
        String id = created.json().get("key").get("id").asString();

        FormClient browser = new FormClient(port);
        assertThat(browser.logIn(token).statusCode()).isEqualTo(302);
        HttpResponse<String> page = browser.get("/console/modules/console-read-1");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("console-read-1").doesNotContain("id=\"send-form\"");
        HttpResponse<String> send = browser.post("/console/modules/console-read-1/send",
                browser.form("/console/modules/console-read-1", "data", "hi"));
        assertThat(send.statusCode()).isEqualTo(403);
        assertThat(send.body()).contains("needs the &#39;send&#39; role");
        assertThat(browser.get("/console/simulator").statusCode()).isEqualTo(403);

        assertThat(admin.delete("/api/v1/keys/" + id).status()).isIn(200, 204);
        HttpResponse<String> after = browser.get("/console/modules/console-read-1");
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElseThrow()).contains("/console/login");
    }

    @Test
    void theApiStaysBearerOnlyWhileTheSessionAlsoOpensTheDocs() {
        FormClient browser = new FormClient(port);
        browser.logIn(Http.TEST_KEY);
        // the session cookie is no credential for the API
        assertThat(browser.get("/api/v1/modules").statusCode()).isEqualTo(401);
        assertThat(browser.get("/v3/api-docs").statusCode()).isEqualTo(200);
        assertThat(browser.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
        // without the login the same browser is refused the docs (they need the read role)
        FormClient stranger = new FormClient(port);
        assertThat(stranger.get("/v3/api-docs").statusCode()).isEqualTo(401);
        assertThat(stranger.get("/swagger-ui/index.html").statusCode()).isEqualTo(401);
    }

    @Test
    void logoutEndsTheSession() {
        FormClient browser = new FormClient(port);
        browser.logIn(Http.TEST_KEY);
        HttpResponse<String> out = browser.post("/console/logout", browser.form("/console"));
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(out.headers().firstValue("Location").orElseThrow()).endsWith("/console/login?logout");
        assertThat(browser.get("/console").statusCode()).isEqualTo(302);
    }

    @Test
    void simulatorFleetsStartScaleAndStopFromPlainForms() {
        FormClient browser = new FormClient(port);
        browser.logIn(Http.TEST_KEY);
        HttpResponse<String> started = browser.post("/console/simulator", browser.form("/console/simulator",
                "name", "forms", "count", "2"));
        assertThat(started.statusCode()).isEqualTo(302);
        String page = browser.get("/console/simulator").body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Started (fleet-\\d+) with 2 modules").matcher(page);
        assertThat(m.find()).as(page).isTrue();
        String fleet = m.group(1);
        assertThat(page).contains("count-" + fleet);

        browser.post("/console/simulator/" + fleet + "/scale", browser.form("/console/simulator", "count", "1"));
        assertThat(browser.get("/console/simulator").body()).contains("Scaled " + fleet + " to 1 modules.");
        assertThat(new Http(port).get("/api/v1/simulator/fleets/" + fleet).json().get("count").asInt()).isEqualTo(1);

        browser.post("/console/simulator/" + fleet + "/stop", browser.form("/console/simulator"));
        assertThat(browser.get("/console/simulator").body()).contains("Stopped " + fleet + ".");
        assertThat(new Http(port).get("/api/v1/simulator/fleets/" + fleet).status()).isEqualTo(404);
    }

    @Test
    void htmxIsToldToRedirectInsteadOfSwappingTheLoginPage() {
        FormClient browser = new FormClient(port);
        HttpResponse<String> r = browser.get("/console/modules", Map.of("HX-Request", "true"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("HX-Redirect").orElseThrow()).endsWith("/console/login");
    }
}
