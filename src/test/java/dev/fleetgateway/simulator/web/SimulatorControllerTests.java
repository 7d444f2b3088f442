package dev.fleetgateway.simulator.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import dev.fleetgateway.simulator.FleetSpecChecks;
import dev.fleetgateway.simulator.HandDriver;
import dev.fleetgateway.simulator.SimulatorService;
import dev.fleetgateway.system.ApiProperties;
import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.system.web.Problems;
import dev.fleetgateway.usocket.Errno;
import dev.fleetgateway.usocket.OsError;

@WebMvcTest(SimulatorController.class)
@Import({SimulatorControllerTests.Limits.class, dev.fleetgateway.support.OpenSliceSecurity.class})
class SimulatorControllerTests {

    /** The API limits the controller reads; the slice does not bind configuration records by itself. */
    @TestConfiguration
    @EnableConfigurationProperties(ApiProperties.class)
    static class Limits {
    }

    static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;
    static final String MODULE = "/api/v1/simulator/fleets/fleet-1/modules/0";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    SimulatorService simulator;

    HandDriver module() {
        HandDriver m = mock(HandDriver.class);
        given(simulator.hand("fleet-1", "0")).willReturn(m);
        return m;
    }

    ResultActions async(MockHttpServletRequestBuilder req) throws Exception {
        MvcResult started = mvc.perform(req).andExpect(request().asyncStarted()).andReturn();
        return mvc.perform(asyncDispatch(started));
    }

    static MockHttpServletRequestBuilder send(String json) {
        return post(MODULE + "/send").contentType(MediaType.APPLICATION_JSON).content(json);
    }

    @Test
    void unknownFleetIsNotFoundProblem() throws Exception {
        given(simulator.get("nope")).willThrow(FleetException.notFound("Fleet", "nope"));
        mvc.perform(get("/api/v1/simulator/fleets/nope"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.title").value("Fleet not found"));
    }

    @Test
    void overTheModuleLimitIsConflictProblem() throws Exception {
        given(simulator.create(any())).willThrow(FleetException.conflict("simulator-limit", "Simulator limit reached",
                "the simulator may run at most 9000 modules in total"));
        mvc.perform(post("/api/v1/simulator/fleets").contentType(MediaType.APPLICATION_JSON).content("{\"count\":9001}"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.type").value(Problems.TYPE_BASE + "simulator-limit"));
    }

    @Test
    void unknownEncodingIsBadRequest() throws Exception {
        module();
        mvc.perform(send("{\"data\":\"x\",\"encoding\":\"rot13\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("text, hex or base64")));
    }

    @Test
    void badHexAndBadBase64AreBadRequests() throws Exception {
        module();
        mvc.perform(send("{\"data\":\"abc\",\"encoding\":\"hex\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Invalid hex data"));
        mvc.perform(send("{\"data\":\"***\",\"encoding\":\"base64\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Invalid base64 data"));
        mvc.perform(send("{\"encoding\":\"text\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("data"));
    }

    @Test
    void sendAnswersTheByteCountLikeSocketSend() throws Exception {
        HandDriver m = module();
        given(m.send(eq("1234567890\r\n".getBytes(StandardCharsets.US_ASCII))))
                .willReturn(CompletableFuture.completedFuture(12));
        async(send("{\"data\":\"31323334353637383930 0d0a\",\"encoding\":\"hex\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.sent").value(12));
    }

    @Test
    void recvAnswersBase64LikeEveryReadUnlessAskedForText() throws Exception {
        HandDriver m = module();
        given(m.recv(anyInt(), any()))
                .willReturn(CompletableFuture.completedFuture("0123456789".getBytes(StandardCharsets.US_ASCII)));
        async(get(MODULE + "/recv?timeout=1s"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data").value("MDEyMzQ1Njc4OQ=="))
                .andExpect(jsonPath("$.encoding").value("base64"));
        async(get(MODULE + "/recv?timeout=1s&encoding=text"))
                .andExpect(jsonPath("$.data").value("0123456789"))
                .andExpect(jsonPath("$.encoding").value("text"));
    }

    @Test
    void recvTimeoutIsNoDataWithErrno110LikeTheGatewaysRecv() throws Exception {
        HandDriver m = module();
        given(m.recv(anyInt(), any()))
                .willReturn(CompletableFuture.failedFuture(new OsError(Errno.ETIMEDOUT, "recv timed out")));
        async(get(MODULE + "/recv?max=1024&timeout=5s"))
                .andExpect(status().isRequestTimeout())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.type").value(Problems.TYPE_BASE + "no-data"))
                .andExpect(jsonPath("$.errno").value(110))
                .andExpect(jsonPath("$.errnoName").value("ETIMEDOUT"));
    }

    @Test
    void refusedOrTimedOutConnectIsBadGatewayWithErrno() throws Exception {
        HandDriver m = module();
        given(m.connect())
                .willReturn(CompletableFuture.failedFuture(new OsError(Errno.ECONNREFUSED, "Connection refused")));
        async(post(MODULE + "/connect"))
                .andExpect(status().isBadGateway())
                .andExpect(jsonPath("$.errno").value(111));
        given(m.connect())
                .willReturn(CompletableFuture.failedFuture(new OsError(Errno.ETIMEDOUT, "connect timed out")));
        async(post(MODULE + "/connect"))
                .andExpect(status().isBadGateway())
                .andExpect(jsonPath("$.errno").value(110));
        given(m.connect())
                .willReturn(CompletableFuture.failedFuture(new OsError(Errno.EISCONN, "already connected")));
        async(post(MODULE + "/connect"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.errnoName").value("EISCONN"));
    }

    @Test
    void tooManyWaitingReceiversIsTooManyRequests() throws Exception {
        HandDriver m = module();
        given(m.recv(anyInt(), any()))
                .willReturn(CompletableFuture.failedFuture(new FleetException(FleetException.Kind.TOO_MANY,
                        "too-many-receivers", "Too many waiting receivers",
                        "at most 4 recv calls may wait on one module")));
        async(get(MODULE + "/recv"))
                .andExpect(status().isTooManyRequests())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.type").value(Problems.TYPE_BASE + "too-many-receivers"))
                .andExpect(jsonPath("$.detail").value("at most 4 recv calls may wait on one module"));
    }

    @Test
    void badRecvParametersAreBadRequests() throws Exception {
        module();
        mvc.perform(get(MODULE + "/recv?timeout=soon")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("timeout"));
        mvc.perform(get(MODULE + "/recv?max=0")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("max"));
        mvc.perform(post("/api/v1/simulator/fleets/fleet-1/scale").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("count"));
    }

    @Test
    void sourceAddressesMustBeAFewIpLiterals() throws Exception {
        // the real validation, behind the mocked service
        given(simulator.create(any())).willAnswer(call -> {
            FleetSpecChecks.validate(call.getArgument(0));
            throw new AssertionError("accepted");
        });
        fleet("{\"sourceAddresses\":[\"127.0.0.2\",\"127.0.0.256\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.type").value(Problems.TYPE_BASE + "validation"))
                .andExpect(jsonPath("$.errors[0].field").value("sourceAddresses[1]"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("IP address")));
        fleet("{\"sourceAddresses\":[\"localhost\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("sourceAddresses[0]"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("not a host name")));
        String many = java.util.stream.IntStream.rangeClosed(1, 65).mapToObj(i -> "\"127.0.1." + i + "\"")
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
        fleet("{\"sourceAddresses\":" + many + "}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("sourceAddresses"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("at most 64")));
        fleet("{\"host\":\"127.0.0.1\",\"sourceAddresses\":[\"::1\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("IP version")));
    }

    ResultActions fleet(String json) throws Exception {
        return mvc.perform(post("/api/v1/simulator/fleets").contentType(MediaType.APPLICATION_JSON).content(json));
    }
}
