package dev.fleetgateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

import dev.fleetgateway.support.Http;

/**
 * Hibernate starts in the background (issue 18: {@code spring.data.jpa.repositories.bootstrap-mode=deferred} with
 * the application task executor), and the application is still whole when ready: the first REST calls that
 * write and read the registry through the repositories are served.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DeferredJpaBootstrapIntegrationTests {

    @LocalServerPort
    int httpPort;

    @Autowired
    ApplicationContext context;

    @Test
    void hibernateIsBuiltOnABackgroundExecutor() {
        LocalContainerEntityManagerFactoryBean factory = context.getBean("&entityManagerFactory",
                LocalContainerEntityManagerFactoryBean.class);
        assertThat(factory.getBootstrapExecutor()).isNotNull();
    }

    @Test
    void theFirstRegistryCallsAreServed() {
        Http http = new Http(httpPort);
        assertThat(http.post("/api/v1/modules", "{\"moduleKey\":\"deferred-1\"}").status()).isEqualTo(201);
        Http.Response list = http.get("/api/v1/modules/deferred-1");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("deferred-1");
    }
}
