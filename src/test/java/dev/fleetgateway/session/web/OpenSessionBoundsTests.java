package dev.fleetgateway.session.web;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import dev.fleetgateway.session.DialException;
import dev.fleetgateway.session.SendTimer;
import dev.fleetgateway.session.SessionDialer;
import dev.fleetgateway.session.SessionQueries;
import dev.fleetgateway.system.ApiProperties;
import dev.fleetgateway.usocket.Errno;

/** Every duration and count of an open request is bounded: outside the range is a 400 naming field and range. */
@WebMvcTest(SessionApiController.class)
@Import({SessionReads.class, ClientWatch.class, SendTimer.class, SessionApiControllerTests.Meters.class, dev.fleetgateway.support.OpenSliceSecurity.class})
@EnableConfigurationProperties(ApiProperties.class)
@OpenSessionBoundsTests.ApiJson
class OpenSessionBoundsTests {

    /** The API's JSON forms (durations like 0s, 100ms) as the running service reads them. */
    @Retention(RetentionPolicy.RUNTIME)
    @ComponentScan(basePackages = "dev.fleetgateway.system.web", useDefaultFilters = false,
            includeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = ".*\\.JacksonConfig"))
    @interface ApiJson {
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    SessionQueries queries;

    @MockitoBean
    SessionDialer dialer;

    @BeforeEach
    void dialsFail() {
        given(dialer.dial(any())).willReturn(CompletableFuture.failedFuture(
                new DialException(DialException.Reason.CONNECT, Errno.ECONNREFUSED, "refused")));
    }

    ResultActions open(String extra) throws Exception {
        return mvc.perform(post("/api/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"host\":\"127.0.0.1\",\"port\":1," + extra + "}"));
    }

    void refused(String extra, String field, String range) throws Exception {
        open(extra).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", allOf(containsString(field), containsString(range))))
                .andExpect(jsonPath("$.errors[0].field").value(field))
                .andExpect(jsonPath("$.errors[0].message", containsString(range)));
    }

    void accepted(String extra) throws Exception {
        open(extra).andExpect(request().asyncStarted()); // validation passed: the dial was attempted
    }

    @Test
    void reconnectDelaysBelowOneHundredMillisecondsAreRefused() throws Exception {
        refused("\"reconnect\":{\"minDelay\":\"0s\"}", "reconnect.minDelay", "between 100ms and 1h");
        refused("\"reconnect\":{\"minDelay\":\"99ms\"}", "reconnect.minDelay", "between 100ms and 1h");
        refused("\"reconnect\":{\"maxDelay\":\"1ns\"}", "reconnect.maxDelay", "between 100ms and 1h");
        refused("\"reconnect\":{\"maxDelay\":\"61m\"}", "reconnect.maxDelay", "between 100ms and 1h");
        accepted("\"reconnect\":{\"minDelay\":\"100ms\",\"maxDelay\":\"1h\"}");
    }

    @Test
    void reconnectCountsAndFactorsAreBounded() throws Exception {
        refused("\"reconnect\":{\"multiplier\":0.5}", "reconnect.multiplier", "1.0");
        refused("\"reconnect\":{\"multiplier\":11}", "reconnect.multiplier", "10.0");
        refused("\"reconnect\":{\"jitter\":-0.1}", "reconnect.jitter", "0.0");
        refused("\"reconnect\":{\"jitter\":1.5}", "reconnect.jitter", "1.0");
        refused("\"reconnect\":{\"maxAttempts\":-1}", "reconnect.maxAttempts", "0");
        refused("\"reconnect\":{\"maxAttempts\":1000001}", "reconnect.maxAttempts", "1000000");
        accepted("\"reconnect\":{\"multiplier\":1,\"jitter\":1,\"maxAttempts\":0}");
    }

    @Test
    void connectTimeoutIsBetweenOneHundredMillisecondsAndFiveMinutes() throws Exception {
        refused("\"connectTimeout\":\"1ns\"", "connectTimeout", "between 100ms and 5m");
        refused("\"connectTimeout\":\"0s\"", "connectTimeout", "between 100ms and 5m");
        refused("\"connectTimeout\":\"301s\"", "connectTimeout", "between 100ms and 5m");
        accepted("\"connectTimeout\":\"100ms\"");
        accepted("\"connectTimeout\":\"5m\"");
    }
}
